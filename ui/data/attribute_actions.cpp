// SPDX-License-Identifier: MIT
#include "ui/data/attribute_actions.h"

#include "ui/data/workspace.h"
#include "ui/training/model_dock.h"

#include "core/data/attribute_table.h"
#include "core/data/metadata_loader.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QStringList>

#include <filesystem>

namespace embex::ui {
namespace {

    /// "; 3 rows skipped, first: users.csv:4: …", or nothing.
    std::string skippedText(long rowsSkipped, const std::vector<core::Issue>& problems)
    {
        if (rowsSkipped <= 0 || problems.empty())
            return {};
        return "; " + std::to_string(rowsSkipped) + " rows skipped, first: " + problems.front().toString();
    }

} // namespace

AttributeActions::AttributeActions(QWidget* window, Workspace* workspace, ModelDock* modelDock)
    : QObject(window)
    , m_window(window)
    , m_workspace(workspace)
    , m_modelDock(modelDock)
{
    // a file read for the dataset that was open joins no other
    connect(workspace, &Workspace::datasetChanged, this, [this] {
        if (m_job == 0)
            return;
        m_jobs.discard(m_job);
        m_job = 0;
        emit message(tr("Another dataset was opened; the file being read joins it no more."), false);
        emit finished(false);
    });
    connect(workspace, &Workspace::attributesChanged, this, &AttributeActions::refresh);
    connect(workspace, &Workspace::metadataChanged, this, &AttributeActions::refresh);
}

bool AttributeActions::refuse()
{
    if (!m_workspace->hasDataset()) {
        emit message(tr("Open ratings first; metadata and attributes join them by id."), true);
        return true;
    }
    if (isBusy()) {
        emit message(tr("Still reading the last file; try again when it is done."), true);
        return true;
    }
    return false;
}

QString AttributeActions::choosePath(const QString& title, const QString& filter)
{
    if (m_folder.isEmpty())
        m_folder = QFileInfo(QString::fromStdString(m_workspace->dataset()->sourceFile)).absolutePath();
    const QString path = QFileDialog::getOpenFileName(m_window, title, m_folder, filter);
    if (!path.isEmpty())
        m_folder = QFileInfo(path).absolutePath();
    return path;
}

void AttributeActions::openMetadata()
{
    if (refuse())
        return;
    const QString path = choosePath(tr("Open item metadata"),
                                    tr("Item metadata (*.csv *.item *.dat *.tsv *.txt);;All files (*)"));
    if (!path.isEmpty())
        openMetadataFile(path);
}

void AttributeActions::chooseFile(bool users)
{
    if (refuse())
        return;
    const QString path = choosePath(users ? tr("Open user attributes") : tr("Open item attributes"),
                                    tr("Attributes (*.csv *.tsv *.txt *.user *.dat);;All files (*)"));
    if (!path.isEmpty())
        openFile(path, users);
}

bool AttributeActions::openMetadataFile(const QString& path)
{
    if (refuse())
        return false;
    // Only std values cross to the job and back.
    m_job = m_jobs.start("embex-metadata", [this, file = path.toStdString()](const JobContext& job) {
        auto outcome = std::make_shared<core::MetadataOutcome>();
        try {
            *outcome = core::loadItemMetadata(file);
        } catch (const std::exception& e) { // out of memory: no exception leaves a job
            outcome->error = core::Issue { file, 0, e.what() };
        }
        std::string text;
        if (outcome->ok())
            text = std::to_string(outcome->metadata.items.size()) + " titles from "
                + std::filesystem::path(file).filename().string()
                + skippedText(outcome->rowsSkipped, outcome->problems);
        job.post([this, outcome, text] {
            if (!outcome->ok()) {
                finish(false, QString::fromStdString(outcome->error.toString()));
                return;
            }
            m_workspace->setMetadata(std::make_shared<const core::ItemMetadata>(std::move(outcome->metadata)));
            finish(true, QString::fromStdString(text));
        });
    });
    emit started(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    return true;
}

bool AttributeActions::openFile(const QString& path, bool users)
{
    if (refuse())
        return false;
    m_job = m_jobs.start(
        "embex-attribute",
        [this, file = path.toStdString(), users, dataset = m_workspace->dataset()](const JobContext& job) {
            auto outcome = std::make_shared<core::AttributeOutcome>();
            std::string text;
            try {
                *outcome = core::loadAttributes(file);
                if (outcome->ok())
                    text = std::filesystem::path(file).filename().string() + ": "
                        + core::attributeSummary(outcome->table, users ? dataset->users : dataset->items,
                                                 users ? "user" : "item")
                        + skippedText(outcome->rowsSkipped, outcome->problems);
            } catch (const std::exception& e) {
                outcome->error = core::Issue { file, 0, e.what() };
            }
            job.post([this, outcome, text, users] {
                if (!outcome->ok()) {
                    finish(false, QString::fromStdString(outcome->error.toString()));
                    return;
                }
                auto table = std::make_shared<const core::AttributeTable>(std::move(outcome->table));
                if (users)
                    m_workspace->setUserAttributes(std::move(table));
                else
                    m_workspace->setItemAttributes(std::move(table));
                finish(true, QString::fromStdString(text));
            });
        });
    emit started(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    return true;
}

void AttributeActions::finish(bool ok, const QString& text)
{
    m_job = 0;
    emit message(text, !ok);
    emit finished(ok);
}

void AttributeActions::refresh()
{
    const auto& d = m_workspace->dataset();
    const Workspace::Sides& sides = m_workspace->sides();
    QStringList parts;
    if (d && sides.userAttributes)
        parts << tr("Users: %1")
                     .arg(QString::fromStdString(core::attributeSummary(*sides.userAttributes, d->users, "user")));
    if (d && sides.itemAttributes)
        parts << tr("Items: %1")
                     .arg(QString::fromStdString(core::attributeSummary(*sides.itemAttributes, d->items, "item")));
    else if (d && !m_workspace->metadata().empty())
        parts << tr("Items: genres and years from the metadata");
    m_modelDock->setSideFeatures(!parts.isEmpty(), d && (sides.userAttributes || sides.itemAttributes),
                                 parts.join(QLatin1Char('\n')));
}

} // namespace embex::ui
