// SPDX-License-Identifier: MIT
#include "ui/data/attribute_actions.h"

#include "ui/data/workspace.h"
#include "ui/training/model_dock.h"

#include "core/data/attribute_table.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QStringList>

namespace embex::ui {

AttributeActions::AttributeActions(QWidget* window, Workspace* workspace, ModelDock* modelDock)
    : QObject(window)
    , m_window(window)
    , m_workspace(workspace)
    , m_modelDock(modelDock)
{
}

void AttributeActions::chooseFile(bool users)
{
    if (!m_workspace->hasDataset()) {
        emit message(tr("Open ratings first; attributes join them by id."), true);
        return;
    }
    if (m_folder.isEmpty())
        m_folder = QFileInfo(QString::fromStdString(m_workspace->dataset()->sourceFile)).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        m_window, users ? tr("Open user attributes") : tr("Open item attributes"), m_folder,
        tr("Attributes (*.csv *.tsv *.txt *.user *.dat);;All files (*)"));
    if (path.isEmpty())
        return;
    m_folder = QFileInfo(path).absolutePath();
    openFile(path, users);
}

bool AttributeActions::openFile(const QString& path, bool users)
{
    if (!m_workspace->hasDataset())
        return false;
    core::AttributeOutcome outcome = core::loadAttributes(path.toStdString());
    if (!outcome.ok()) {
        emit message(QString::fromStdString(outcome.error.toString()), true);
        return false;
    }
    auto dataset = std::make_shared<core::Dataset>(*m_workspace->dataset());
    const core::IdMap& ids = users ? dataset->users : dataset->items;
    QString text = QStringLiteral("%1: %2").arg(
        QFileInfo(path).fileName(),
        QString::fromStdString(core::attributeSummary(outcome.table, ids, users ? "user" : "item")));
    if (outcome.rowsSkipped > 0)
        text += tr("; %1 rows skipped, first: %2")
                    .arg(outcome.rowsSkipped)
                    .arg(QString::fromStdString(outcome.problems.front().toString()));
    auto table = std::make_shared<const core::AttributeTable>(std::move(outcome.table));
    (users ? dataset->userAttributes : dataset->itemAttributes) = std::move(table);
    m_workspace->setAttributes(std::move(dataset));
    refresh();
    emit message(text, false);
    return true;
}

void AttributeActions::refresh()
{
    const auto& d = m_workspace->dataset();
    QStringList parts;
    if (d && d->userAttributes)
        parts << tr("Users: %1")
                     .arg(QString::fromStdString(core::attributeSummary(*d->userAttributes, d->users, "user")));
    if (d && d->itemAttributes)
        parts << tr("Items: %1")
                     .arg(QString::fromStdString(core::attributeSummary(*d->itemAttributes, d->items, "item")));
    else if (d && !d->metadata.empty())
        parts << tr("Items: genres and years from the metadata");
    m_modelDock->setSideFeatures(!parts.isEmpty(), d && (d->userAttributes || d->itemAttributes),
                                 parts.join(QLatin1Char('\n')));
}

} // namespace embex::ui
