// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/embedding_export.h"
#include "core/io/session_file.h"
#include "ui/shared/job_runner.h"

#include <QMetaType>
#include <QObject>

#include <functional>
#include <memory>
#include <string>

class QWidget;

namespace embex::ui {

class Workspace;

/// File ▸ Open/Save session and Import/Export embeddings: file dialogs in front of core/io.
/// Each runs as a job, one at a time, so the window stays live; each that starts ends with one
/// done(). What it found is said by signal: sessionRead for the window to adopt, message for the
/// status bar or the notice. A failed open or import leaves the open session as it was.
class SessionActions : public QObject {
    Q_OBJECT
public:
    /// `window` parents the file dialogs; `workspace` is what is saved and exported.
    SessionActions(QWidget* window, Workspace* workspace);

    /// A path the window should open as a session rather than as ratings.
    static bool isSessionFile(const QString& path);
    /// What the window shows (its filter and choices), asked for on the GUI thread at each save;
    /// without it sessions are saved with no view.
    void setViewSource(std::function<core::SessionView()> source) { m_viewSource = std::move(source); }

    void openSession();
    /// Starts reading `path`; false when another session job runs.
    bool openSessionFile(const QString& path);
    void saveSession();
    /// Starts writing the open session; false when there is nothing to save or a job runs.
    bool saveSessionFile(const QString& path);
    /// Asks for a file and opens the import dialog on it (ImportEmbeddingsDialog), which reads it;
    /// on success sessionRead and imported, otherwise nothing changes.
    void importEmbeddings();
    /// Starts importing item vectors from `path`, and user vectors from `usersPath` when given.
    bool importEmbeddingsFile(const QString& path, const QString& usersPath = {});
    void exportEmbeddings();
    /// Stops opening a session: it ends with done(false) and what is open stays open, even when
    /// the file was read already. Saving, importing and exporting run to their end.
    void cancel();
    /// Starts writing the open model's item vectors to `path`; false when there are none or a job runs.
    bool exportEmbeddingsFile(const QString& path, core::ExportFormat format);

    bool isBusy() const { return m_job != 0; }

signals:
    /// "Opening session.embex…": for the status bar; `hasPercent` when progressChanged follows,
    /// `cancellable` when cancel() stops it.
    void started(const QString& text, bool hasPercent, bool cancellable);
    /// 0 to 100, rising, while a session is opened or saved.
    void progressChanged(int percent);
    /// A session file was read or embeddings imported, named `source` ("demo.embex"): the
    /// window adopts it in place of what is open. done(true) follows.
    void sessionRead(std::shared_ptr<const embex::core::Session> session, const QString& source);
    /// For the status bar ("Saved …"), or, as an error, for the notice: what went wrong, where.
    void message(const QString& text, bool isError);
    /// What an import read and assumed, in one line the user should see (not a passing status).
    void imported(const QString& statement);
    void done(bool ok);

private:
    QWidget* m_window;
    Workspace* m_workspace;
    JobId m_job = 0;
    bool m_cancelRequested = false;
    std::function<core::SessionView()> m_viewSource;
    JobRunner m_jobs; // last: destroyed first, finishing a save under way

    QString folder() const;
    bool refuseWhileBusy();
    void finish(bool ok);
    /// GUI thread: the outcome of a read job (a session or imported embeddings). On failure the
    /// error is said under `failure` and what was open stays open; otherwise sessionRead.
    void finishRead(const std::string& error, const QString& failure, std::shared_ptr<const core::Session> session,
                    const std::string& file);
    /// A job's std::function that posts the session's progress as a percentage.
    std::function<void(double)> progressPoster(const JobContext& job);
};

} // namespace embex::ui

Q_DECLARE_METATYPE(std::shared_ptr<const embex::core::Session>)
