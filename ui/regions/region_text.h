// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/group_summary.h"

#include <QString>
#include <vector>

namespace embex::ui {

class Workspace;

/// A region's summary as rich text: its size, years, popularity, mean rating and bias, its genre
/// mix against the catalogue's (share and lift) and its best-known items.
QString regionSummaryText(const core::GroupSummary& summary, const core::ItemFacts& facts);

/// `text` as one CSV cell: quoted, with quotes doubled, when it holds a comma, quote or line break.
QString csvCell(const QString& text);

/// Writes `items` as CSV (id,title,ratings,mean_rating) through QSaveFile; false with the reason
/// in `error` when the file cannot be written.
bool writeRegionCsv(const QString& path, const std::vector<int>& items, const Workspace& workspace, QString* error);

} // namespace embex::ui
