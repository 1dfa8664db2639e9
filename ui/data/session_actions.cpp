// SPDX-License-Identifier: MIT
#include "ui/data/session_actions.h"

#include "core/io/embedding_export.h"
#include "core/io/embedding_import.h"
#include "core/io/session_file.h"
#include "ui/data/workspace.h"
#include "ui/window/main_window.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>

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

SessionActions::SessionActions(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
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
    m_window->showStatus(tr("Still working on the last session file; try again when it is done."));
    return true;
}

void SessionActions::finish(bool ok)
{
    m_job = 0;
    emit done(ok);
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
        auto outcome = readGuarded<core::SessionLoadOutcome>(file, [&] { return core::loadSession(file); });
        job.post([this, outcome, file] {
            finishRead(outcome->ok(), outcome->error.toString(), tr("Could not open the session"), [&] {
                m_window->adoptSession(*outcome->session, QFileInfo(QString::fromStdString(file)).fileName());
            });
        });
    });
    emit started(tr("Opening %1…").arg(QFileInfo(path).fileName()));
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
    if (!m_window->workspace()->hasSession()) {
        m_window->showError(tr("Nothing to save yet: train a model first."));
        return false;
    }
    if (refuseWhileBusy())
        return false;
    // Only std values cross to the job and back; Qt's are built on locks TSan cannot see.
    m_job = m_jobs.start(
        "embex-session",
        [this, parts = m_window->workspace()->sessionParts(), file = path.toStdString()](const JobContext& job) {
            std::string error;
            try {
                if (const auto issue = core::saveSession(parts.build(), file))
                    error = issue->toString();
            } catch (const std::exception& e) {
                error = e.what();
            }
            job.post([this, file, error] {
                if (!error.empty())
                    m_window->showError(tr("Could not save: %1").arg(QString::fromStdString(error)));
                else
                    m_window->showStatus(tr("Saved %1").arg(QDir::toNativeSeparators(QString::fromStdString(file))));
                finish(error.empty());
            });
        });
    emit started(tr("Saving %1…").arg(QFileInfo(path).fileName()));
    return true;
}

void SessionActions::importEmbeddings()
{
    const QString filter = tr("Embeddings (*.npy *.csv *.tsv *.json *.jsonl *.txt);;All files (*)");
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Import item embeddings"), folder(), filter);
    if (path.isEmpty())
        return;
    QString usersPath;
    const auto answer = QMessageBox::question(
        m_window, tr("User vectors"),
        tr("Import user vectors as well? With them the model can recommend for a user and explain a score "
           "(r̂ = p_u·q_i).\nSpark's ALS writes userFactors beside itemFactors; a Keras model has a user "
           "embedding layer."),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer == QMessageBox::Yes) {
        usersPath = QFileDialog::getOpenFileName(m_window, tr("Import user vectors"), QFileInfo(path).path(), filter);
        if (usersPath.isEmpty())
            return;
    }
    importEmbeddingsFile(path, usersPath);
}

bool SessionActions::importEmbeddingsFile(const QString& path, const QString& usersPath)
{
    if (refuseWhileBusy())
        return false;
    m_job = m_jobs.start("embex-import",
                         [this, file = path.toStdString(), users = usersPath.toStdString(),
                          dataset = m_window->workspace()->dataset()](const JobContext& job) {
                             core::ImportOptions options;
                             options.usersPath = users;
                             if (dataset)
                                 options.metadata = dataset->metadata; // titles of the open dataset join by raw id
                             auto outcome = readGuarded<core::ImportOutcome>(
                                 file, [&] { return core::importEmbeddings(file, options); });
                             job.post([this, outcome, file] {
                                 finishRead(outcome->ok(), outcome->error.toString(), tr("Could not import"), [&] {
                                     m_window->adoptSession({ outcome->dataset, outcome->snapshot, {} },
                                                            QFileInfo(QString::fromStdString(file)).fileName());
                                 });
                             });
                         });
    emit started(tr("Importing %1…").arg(QFileInfo(path).fileName()));
    return true;
}

void SessionActions::exportEmbeddings()
{
    const auto& workspace = *m_window->workspace();
    if (!workspace.hasEmbeddings()) {
        m_window->showError(tr("Nothing to export yet: train a model or import embeddings first."));
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
    const core::ExportFormat format = filter == projector ? core::ExportFormat::Projector
        : filter == csv                                   ? core::ExportFormat::Csv
                                                          : core::ExportFormat::Npy;
    try {
        const core::ExportOutcome outcome = core::exportEmbeddings(*workspace.dataset(), *workspace.snapshot(), format,
                                                                   path.toStdString());
        if (!outcome.ok()) {
            m_window->showError(tr("Could not export: %1").arg(QString::fromStdString(outcome.error->toString())));
            return;
        }
        QStringList files;
        for (const std::string& f : outcome.files)
            files << QDir::toNativeSeparators(QString::fromStdString(f));
        m_window->showStatus(tr("Wrote %1").arg(files.join(QStringLiteral(", "))));
    } catch (const std::exception& e) {
        m_window->showError(tr("Could not export: %1").arg(QString::fromStdString(e.what())));
    }
}

void SessionActions::finishRead(bool ok, const std::string& error, const QString& failure,
                                const std::function<void()>& adopt)
{
    if (ok)
        adopt();
    else
        m_window->showError(tr("%1: %2. What was open stays open.").arg(failure, QString::fromStdString(error)));
    finish(ok);
}

} // namespace embex::ui
