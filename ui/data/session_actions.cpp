// SPDX-License-Identifier: MIT
#include "ui/data/session_actions.h"

#include "core/io/embedding_import.h"
#include "ui/data/import_embeddings_dialog.h"
#include "ui/data/workspace.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>

#include <cmath>

namespace embex::ui {
namespace {

    /// Runs `read` (a core reader returning an outcome with `error`) on the job's thread; an
    /// exception (out of memory) becomes the outcome's error, as no exception may leave a job.
    template <typename Outcome, typename Read>
    std::shared_ptr<Outcome> readGuarded(const std::string& file, Read&& read)
    {
        auto outcome = std::make_shared<Outcome>();
        try {
            *outcome = read();
        } catch (const std::exception& e) {
            outcome->error = core::Issue { file, 0, e.what() };
        }
        return outcome;
    }

} // namespace

SessionActions::SessionActions(QWidget* window, Workspace* workspace)
    : QObject(window)
    , m_window(window)
    , m_workspace(workspace)
{
    qRegisterMetaType<std::shared_ptr<const core::Session>>();
}

bool SessionActions::isSessionFile(const QString& path)
{
    return path.endsWith(QLatin1String(".embex"), Qt::CaseInsensitive);
}

QString SessionActions::folder() const
{
    return QSettings().value(QStringLiteral("lastFolder"), QDir::homePath()).toString();
}

bool SessionActions::refuseWhileBusy()
{
    if (!isBusy())
        return false;
    emit message(tr("Still working on the last session file; try again when it is done."), false);
    return true;
}

void SessionActions::cancel()
{
    if (m_job == 0)
        return;
    m_cancelRequested = true;
    m_jobs.requestStop(m_job);
}

void SessionActions::finish(bool ok)
{
    m_job = 0;
    m_cancelRequested = false;
    emit done(ok);
}

std::function<void(double)> SessionActions::progressPoster(const JobContext& job)
{
    // core thins the reports already: each one is posted
    return [this, &job](double fraction) {
        const int percent = static_cast<int>(std::lround(100 * fraction));
        job.post([this, percent] { emit progressChanged(percent); });
    };
}

void SessionActions::openSession()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open session"), folder(),
                                                      tr("Embex sessions (*.embex);;All files (*)"));
    if (!path.isEmpty())
        openSessionFile(path);
}

bool SessionActions::openSessionFile(const QString& path)
{
    if (refuseWhileBusy())
        return false;
    m_job = m_jobs.start("embex-session", [this, file = path.toStdString()](const JobContext& job) {
        const auto progress = progressPoster(job);
        auto outcome = readGuarded<core::SessionLoadOutcome>(
            file, [&] { return core::loadSession(file, progress, job.stopToken()); });
        std::shared_ptr<const core::Session> session;
        if (outcome->ok())
            session = std::make_shared<const core::Session>(std::move(*outcome->session));
        job.post([this, error = outcome->error.toString(), session, file] {
            if (m_cancelRequested) { // even after the last byte: the user asked to keep what is open
                emit message(tr("Opening cancelled; what was open stays open."), false);
                finish(false);
                return;
            }
            finishRead(error, tr("Could not open the session"), session, file);
        });
    });
    emit started(tr("Opening %1…").arg(QFileInfo(path).fileName()), true, true);
    return true;
}

void SessionActions::saveSession()
{
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Save session"), folder() + QStringLiteral("/session.embex"), tr("Embex sessions (*.embex)"));
    if (!path.isEmpty())
        saveSessionFile(path);
}

bool SessionActions::saveSessionFile(const QString& path)
{
    if (!m_workspace->hasSession()) {
        emit message(tr("Nothing to save yet: train a model first."), true);
        return false;
    }
    if (refuseWhileBusy())
        return false;
    // Only std values cross to the job and back; Qt's are built on locks TSan cannot see.
    std::optional<core::SessionView> view;
    if (m_viewSource)
        view = m_viewSource();
    m_job = m_jobs.start(
        "embex-session",
        [this, parts = m_workspace->sessionParts(), view, file = path.toStdString()](const JobContext& job) {
            std::string error;
            try {
                core::Session session = parts.build();
                session.view = view;
                if (const auto issue = core::saveSession(session, file, progressPoster(job)))
                    error = issue->toString();
            } catch (const std::exception& e) {
                error = e.what();
            }
            job.post([this, file, error] {
                if (!error.empty())
                    emit message(tr("Could not save: %1").arg(QString::fromStdString(error)), true);
                else
                    emit message(tr("Saved %1").arg(QDir::toNativeSeparators(QString::fromStdString(file))), false);
                finish(error.empty());
            });
        });
    emit started(tr("Saving %1…").arg(QFileInfo(path).fileName()), true, false);
    return true;
}

void SessionActions::importEmbeddings()
{
    if (refuseWhileBusy())
        return;
    const QString filter = tr("Embeddings (*.tsv *.csv *.txt *.vec *.bin *.keras *.h5 *.npy *.npz *.json *.jsonl "
                              "*.pbtxt);;All files (*)");
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Import embeddings"), folder(), filter);
    if (path.isEmpty())
        return;
    ImportEmbeddingsDialog dialog(path, m_workspace->sides().metadata, m_window);
    if (dialog.exec() != QDialog::Accepted || !dialog.session())
        return; // the dialog said what failed; what is open stays open
    emit sessionRead(dialog.session(), QFileInfo(path).fileName());
    emit imported(tr("Imported %1").arg(dialog.statement()));
}

bool SessionActions::importEmbeddingsFile(const QString& path, const QString& usersPath)
{
    if (refuseWhileBusy())
        return false;
    m_job = m_jobs.start(
        "embex-import",
        [this, file = path.toStdString(), users = usersPath.toStdString(),
         metadata = m_workspace->sides().metadata](const JobContext& job) {
            core::ImportOptions options;
            options.usersPath = users;
            if (metadata)
                options.metadata = *metadata; // titles of the open dataset join by raw id
            auto outcome = readGuarded<core::ImportOutcome>(file,
                                                            [&] { return core::importEmbeddings(file, options); });
            std::shared_ptr<const core::Session> session;
            if (outcome->ok())
                session = std::make_shared<const core::Session>(
                    core::Session { outcome->dataset, outcome->snapshot, {} });
            job.post([this, error = outcome->error.toString(), session, file, statement = outcome->statement] {
                finishRead(error, tr("Could not import"), session, file);
                if (session)
                    emit imported(tr("Imported %1").arg(QString::fromStdString(statement)));
            });
        });
    emit started(tr("Importing %1…").arg(QFileInfo(path).fileName()), false, false);
    return true;
}

void SessionActions::exportEmbeddings()
{
    if (!m_workspace->hasEmbeddings()) {
        emit message(tr("Nothing to export yet: train a model or import embeddings first."), true);
        return;
    }
    const QString projector = tr("TensorBoard projector folder (vectors.tsv + metadata.tsv) (*)");
    const QString csv = tr("CSV with the raw id first (*.csv)");
    const QString npy = tr("NumPy float32 matrix + ids file (*.npy)");
    QString filter = npy;
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export item embeddings"), folder() + QStringLiteral("/items.npy"),
        QStringList { npy, csv, projector }.join(QStringLiteral(";;")), &filter);
    if (path.isEmpty())
        return;
    exportEmbeddingsFile(path,
                         filter == projector ? core::ExportFormat::Projector
                             : filter == csv ? core::ExportFormat::Csv
                                             : core::ExportFormat::Npy);
}

bool SessionActions::exportEmbeddingsFile(const QString& path, core::ExportFormat format)
{
    if (!m_workspace->hasEmbeddings()) {
        emit message(tr("Nothing to export yet: train a model or import embeddings first."), true);
        return false;
    }
    if (refuseWhileBusy())
        return false;
    m_job = m_jobs.start(
        "embex-export",
        [this, dataset = m_workspace->dataset(), metadata = m_workspace->sides().metadata,
         snapshot = m_workspace->snapshot(), format, file = path.toStdString()](const JobContext& job) {
            std::vector<std::string> files;
            std::string error;
            try {
                core::ExportOutcome outcome = core::exportEmbeddings(*dataset, *snapshot, format, file, metadata.get());
                if (outcome.ok())
                    files = std::move(outcome.files);
                else
                    error = outcome.error->toString();
            } catch (const std::exception& e) {
                error = e.what();
            }
            job.post([this, files, error] {
                if (!error.empty()) {
                    emit message(tr("Could not export: %1").arg(QString::fromStdString(error)), true);
                } else {
                    QStringList written;
                    for (const std::string& f : files)
                        written << QDir::toNativeSeparators(QString::fromStdString(f));
                    emit message(tr("Wrote %1").arg(written.join(QStringLiteral(", "))), false);
                }
                finish(error.empty());
            });
        });
    emit started(tr("Exporting to %1…").arg(QFileInfo(path).fileName()), false, false);
    return true;
}

void SessionActions::finishRead(const std::string& error, const QString& failure,
                                std::shared_ptr<const core::Session> session, const std::string& file)
{
    const bool ok = session != nullptr;
    if (ok)
        emit sessionRead(std::move(session), QFileInfo(QString::fromStdString(file)).fileName());
    else
        emit message(tr("%1: %2. What was open stays open.").arg(failure, QString::fromStdString(error)), true);
    finish(ok);
}

} // namespace embex::ui
