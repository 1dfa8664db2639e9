// SPDX-License-Identifier: MIT
#pragma once

class QAbstractItemModel;
class QTableView;
class QWidget;

namespace embex::ui {

/// A read-only table of rows (neighbours, ids, a region's members): sortable by a click on a
/// header (SortHeaderView), one whole row selected at a time, compact rows without row numbers,
/// columns as wide as their contents.
QTableView* makeListTable(QAbstractItemModel* model, QWidget* parent);

} // namespace embex::ui
