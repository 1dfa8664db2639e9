// SPDX-License-Identifier: MIT
#include "ui/shared/list_table.h"

#include "ui/shared/sort_header_view.h"

#include <QHeaderView>
#include <QTableView>

namespace embex::ui {

QTableView* makeListTable(QAbstractItemModel* model, QWidget* parent)
{
    auto* table = new QTableView(parent);
    table->setHorizontalHeader(new SortHeaderView(table)); // before sorting is enabled, which connects it
    table->setModel(model);
    table->setSortingEnabled(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->setWordWrap(false);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return table;
}

} // namespace embex::ui
