// SPDX-License-Identifier: MIT
#include "ui/session_actions.h"

#include "core/io/embedding_export.h"
#include "core/io/embedding_import.h"
#include "core/io/session_file.h"
#include "ui/main_window.h"
#include "ui/workspace.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>

namespace embex::ui {

SessionActions::SessionActions(MainWindow* window)
    : QObject(window)
    , m_window(window)
{
}

QString SessionActions::folder() const
{
    return QSettings().value(QStringLiteral("lastFolder"), QDir::homePath()).toString();
}

void SessionActions::openSession()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open session"), folder(), tr("Embex sessions (*.embex);;All files (*)"));
    if (!path.isEmpty())
        openSessionFile(path);
}

bool SessionActions::openSessionFile(const QString& path)
{
    const core::SessionLoadOutcome outcome = core::loadSession(path.toStdString());
    if (!outcome.ok()) {
        m_window->showError(tr("Could not open the session: %1. What was open stays open.")
                                .arg(QString::fromStdString(outcome.error.toString())));
        return false;
    }
    m_window->adoptSession(*outcome.session, QFileInfo(path).fileName());
    return true;
}

void SessionActions::saveSession()
{
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Save session"), folder() + QStringLiteral("/session.embex"),
                                                      tr("Embex sessions (*.embex)"));
    if (!path.isEmpty())
        saveSessionFile(path);
}

bool SessionActions::saveSessionFile(const QString& path)
{
    const core::Session session = m_window->currentSession();
    if (!session.dataset || !session.snapshot) {
        m_window->showError(tr("Nothing to save yet: train a model first."));
        return false;
    }
    try {
        if (const auto error = core::saveSession(session, path.toStdString())) {
            m_window->showError(tr("Could not save: %1").arg(QString::fromStdString(error->toString())));
            return false;
        }
    } catch (const std::exception& e) {
        m_window->showError(tr("Could not save: %1").arg(QString::fromStdString(e.what())));
        return false;
    }
    m_window->showStatus(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

void SessionActions::importEmbeddings()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Import item embeddings"), folder(),
                                                      tr("Embeddings (*.npy *.csv *.tsv *.json *.jsonl *.txt);;All files (*)"));
    if (!path.isEmpty())
        importEmbeddingsFile(path);
}

bool SessionActions::importEmbeddingsFile(const QString& path)
{
    core::ImportOptions options;
    if (const auto& dataset = m_window->workspace()->dataset())
        options.metadata = dataset->metadata; // titles of the open dataset join by raw id
    const core::ImportOutcome outcome = core::importEmbeddings(path.toStdString(), options);
    if (!outcome.ok()) {
        m_window->showError(tr("Could not import: %1. What was open stays open.").arg(QString::fromStdString(outcome.error.toString())));
        return false;
    }
    m_window->adoptSession({ outcome.dataset, outcome.snapshot, {} }, QFileInfo(path).fileName());
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
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Export item embeddings"), folder() + QStringLiteral("/items.npy"),
                                                      QStringList { npy, csv, projector }.join(QStringLiteral(";;")), &filter);
    if (path.isEmpty())
        return;
    const core::ExportFormat format = filter == projector ? core::ExportFormat::Projector
        : filter == csv                                   ? core::ExportFormat::Csv
                                                          : core::ExportFormat::Npy;
    try {
        const core::ExportOutcome outcome = core::exportEmbeddings(*workspace.dataset(), *workspace.snapshot(), format, path.toStdString());
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

} // namespace embex::ui
