// SPDX-License-Identifier: MIT
#pragma once

#include "ui/shared/job_runner.h"

#include <QObject>

#include <functional>
#include <string>

namespace embex::ui {

class MainWindow;

/// File ▸ Open/Save session and Import/Export embeddings: file dialogs in front of core/io.
/// Opening, saving and importing run as jobs, one at a time, so the window stays live; each
/// that starts ends with one done(). A failed open or import leaves the open session as it was.
class SessionActions : public QObject {
    Q_OBJECT
public:
    explicit SessionActions(MainWindow* window);

    /// A path the window should open as a session rather than as ratings.
    static bool isSessionFile(const QString& path);

    void openSession();
    /// Starts reading `path`; false when another session job runs.
    bool openSessionFile(const QString& path);
    void saveSession();
    /// Starts writing the open session; false when there is nothing to save or a job runs.
    bool saveSessionFile(const QString& path);
    void importEmbeddings();
    /// Starts importing item vectors from `path`, and user vectors from `usersPath` when given.
    bool importEmbeddingsFile(const QString& path, const QString& usersPath = {});
    void exportEmbeddings();

    bool isBusy() const { return m_job != 0; }

signals:
    /// "Opening session.embex…": for the status bar.
    void started(const QString& text);
    void done(bool ok);

private:
    MainWindow* m_window;
    JobId m_job = 0;
    JobRunner m_jobs; // last: destroyed first, finishing a save under way

    QString folder() const;
    bool refuseWhileBusy();
    void finish(bool ok);
    /// GUI thread: the outcome of a read job (a session or imported embeddings). On failure the
    /// error is shown under `failure` and what was open stays open; otherwise `adopt` runs.
    void finishRead(bool ok, const std::string& error, const QString& failure, const std::function<void()>& adopt);
};

} // namespace embex::ui
