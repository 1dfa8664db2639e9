// SPDX-License-Identifier: MIT
#pragma once

#include "ui/shared/job_runner.h"

#include <QObject>
#include <QString>

class QWidget;

namespace embex::ui {

class ModelDock;
class Workspace;

/// File ▸ Open item metadata…, Open user/item attributes… and the Model dock's "Use side
/// features" state. Each file is read by a job, one at a time, and joins the open dataset by
/// id: the workspace's metadata or attribute table is replaced, never the ratings. A file that
/// does not load changes nothing; a new dataset drops a read under way.
class AttributeActions : public QObject {
    Q_OBJECT
public:
    AttributeActions(QWidget* window, Workspace* workspace, ModelDock* modelDock);

    void openMetadata();
    void openUserAttributes() { chooseFile(true); }
    void openItemAttributes() { chooseFile(false); }
    /// Starts reading `path` as item metadata (titles and genres); false, with the reason said,
    /// when no dataset is open or another file is being read.
    bool openMetadataFile(const QString& path);
    /// Starts reading `path` as the users' (or items') attributes; false as openMetadataFile.
    bool openFile(const QString& path, bool users);
    bool isBusy() const { return m_job != 0; }
    /// Tells the Model dock which attributes the open dataset has.
    void refresh();

signals:
    /// "Reading movies.csv…": for the status bar.
    void started(const QString& text);
    /// For the status bar: what was read, or why not (file and line).
    void message(const QString& text, bool isError);
    /// A read that started has ended: joined (ok) or not, the open dataset then unchanged.
    void finished(bool ok);

private:
    QWidget* m_window;
    Workspace* m_workspace;
    ModelDock* m_modelDock;
    QString m_folder;
    JobId m_job = 0;
    JobRunner m_jobs; // last: destroyed first, joining a read under way

    void chooseFile(bool users);
    /// A file dialog starting in the last folder used; empty when cancelled.
    QString choosePath(const QString& title, const QString& filter);
    bool refuse();
    void finish(bool ok, const QString& text);
};

} // namespace embex::ui
