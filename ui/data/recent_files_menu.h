// SPDX-License-Identifier: MIT
#pragma once

#include <QMenu>
#include <QStringList>

namespace embex::ui {

/// File ▸ Recent files, newest first, kept in QSettings.
class RecentFilesMenu : public QMenu {
    Q_OBJECT
public:
    explicit RecentFilesMenu(QWidget* parent = nullptr);

    void add(const QString& path);
    QStringList files() const { return m_files; }

signals:
    void fileChosen(const QString& path);

private:
    QStringList m_files;
    void rebuild();
};

} // namespace embex::ui
