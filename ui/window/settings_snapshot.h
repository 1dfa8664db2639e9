// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QStringList>
#include <QVariant>

namespace embex::ui {

/// The user's settings under some keys ("training" holds training/epochs and the rest of the
/// group), as they are when taken; restore() puts exactly those back, removing keys written since.
class SettingsSnapshot {
public:
    SettingsSnapshot() = default;
    explicit SettingsSnapshot(QStringList keys);
    void restore() const;

private:
    QStringList m_keys;
    QHash<QString, QVariant> m_values;

    bool covers(const QString& key) const;
};

} // namespace embex::ui
