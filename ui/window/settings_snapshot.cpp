// SPDX-License-Identifier: MIT
#include "ui/window/settings_snapshot.h"

#include <QSettings>
#include <algorithm>
#include <utility>

namespace embex::ui {

SettingsSnapshot::SettingsSnapshot(QStringList keys)
    : m_keys(std::move(keys))
{
    const QSettings settings;
    for (const QString& key : settings.allKeys())
        if (covers(key))
            m_values.insert(key, settings.value(key));
}

void SettingsSnapshot::restore() const
{
    if (m_keys.isEmpty())
        return;
    QSettings settings;
    for (const QString& key : settings.allKeys())
        if (covers(key) && !m_values.contains(key))
            settings.remove(key);
    for (auto it = m_values.begin(); it != m_values.end(); ++it)
        settings.setValue(it.key(), it.value());
}

bool SettingsSnapshot::covers(const QString& key) const
{
    return std::any_of(m_keys.begin(), m_keys.end(), [&key](const QString& k) {
        return key == k || (key.startsWith(k) && key.at(k.size()) == u'/');
    });
}

} // namespace embex::ui
