// SPDX-License-Identifier: MIT
#include "ui/neighbours/item_completer.h"

#include "core/analysis/item_lookup.h"
#include "ui/data/workspace.h"

#include <QLineEdit>
#include <QStringListModel>

namespace embex::ui {
namespace {

    constexpr int listed = 12;
    // A role no row has: Qt's own matching then finds nothing, so it never preselects a row that
    // Enter would take in place of the first.
    constexpr int noRole = Qt::UserRole + 1;

} // namespace

ItemCompleter::ItemCompleter(Workspace* workspace, QLineEdit* edit)
    : QCompleter(edit)
    , m_workspace(workspace)
    , m_rows(new QStringListModel(this))
{
    setModel(m_rows);
    setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    setCompletionRole(noRole);
    setMaxVisibleItems(listed);
    edit->setCompleter(this);
    // textEdited comes before the line edit asks its completer to show the rows
    connect(edit, &QLineEdit::textEdited, this, &ItemCompleter::list);
}

void ItemCompleter::clear()
{
    m_rows->setStringList({});
}

QString ItemCompleter::pathFromIndex(const QModelIndex& index) const
{
    return index.data(Qt::DisplayRole).toString();
}

void ItemCompleter::list(const QString& text)
{
    QStringList rows;
    if (const core::ItemLookup* lookup = m_workspace->itemLookup()) {
        const core::Dataset& data = lookup->dataset();
        for (std::uint32_t item : lookup->matches(text.trimmed().toStdString(), listed)) {
            const std::string& id = data.items.rawId(item);
            const std::string title = data.metadata.title(id);
            rows << QString::fromStdString(title.empty() ? id : title);
        }
    }
    m_rows->setStringList(rows);
}

} // namespace embex::ui
