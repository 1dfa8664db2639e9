// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

class QWidget;

namespace embex::ui {

class ModelDock;
class Workspace;

/// File ▸ Open user/item attributes… and the Model dock's "Use side features" state: the
/// attribute tables join the open dataset by id, and the dock learns what there is.
class AttributeActions : public QObject {
    Q_OBJECT
public:
    AttributeActions(QWidget* window, Workspace* workspace, ModelDock* modelDock);

    void openUserAttributes() { chooseFile(true); }
    void openItemAttributes() { chooseFile(false); }
    /// Reads `path` as the users' (or items') attributes; false, with the reason shown, when it
    /// does not load. The open dataset is unchanged then.
    bool openFile(const QString& path, bool users);
    /// Tells the Model dock which attributes the open dataset has.
    void refresh();

signals:
    /// For the status bar: what was read, or why not (file and line).
    void message(const QString& text, bool isError);

private:
    QWidget* m_window;
    Workspace* m_workspace;
    ModelDock* m_modelDock;
    QString m_folder;

    void chooseFile(bool users);
};

} // namespace embex::ui
