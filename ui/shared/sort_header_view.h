// SPDX-License-Identifier: MIT
#pragma once

#include <QHeaderView>

namespace embex::ui {

/// A table's column header that makes room for the sort arrow in the sorted column only. QHeaderView
/// widens every column by the arrow's room while sorting is on, which in a dock's table takes about
/// 25 pixels a column from the one that stretches (the titles).
class SortHeaderView : public QHeaderView {
    Q_OBJECT
public:
    explicit SortHeaderView(QWidget* parent = nullptr);

protected:
    QSize sectionSizeFromContents(int logicalIndex) const override;
};

} // namespace embex::ui
