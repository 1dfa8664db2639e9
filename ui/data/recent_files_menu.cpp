// SPDX-License-Identifier: MIT
#include "ui/data/recent_files_menu.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace embex::ui {
namespace {
    constexpr int maxRecent = 8;
    const auto key = QLatin1String("recentFiles");
}

RecentFilesMenu::RecentFilesMenu(QWidget* parent)
    : QMenu(tr("Recent files"), parent)
    , m_files(QSettings().value(key).toStringList())
{
    rebuild();
}

void RecentFilesMenu::add(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_files.removeAll(absolute);
    m_files.prepend(absolute);
    while (m_files.size() > maxRecent)
        m_files.removeLast();
    QSettings().setValue(key, m_files);
    rebuild();
}

void RecentFilesMenu::rebuild()
{
    clear();
    for (const QString& file : m_files) {
        QAction* action = addAction(QFileInfo(file).fileName(), this, [this, file] { emit fileChosen(file); });
        action->setToolTip(QDir::toNativeSeparators(file));
        action->setStatusTip(QDir::toNativeSeparators(file));
    }
    if (m_files.isEmpty())
        addAction(tr("(none yet)"))->setEnabled(false);
    else {
        addSeparator();
        addAction(tr("Clear list"), this, [this] {
            m_files.clear();
            QSettings().setValue(key, m_files);
            rebuild();
        });
    }
}

} // namespace embex::ui
