// SPDX-License-Identifier: MIT
#include "ui/shared/sort_header_view.h"

#include <QStyle>

namespace embex::ui {

SortHeaderView::SortHeaderView(QWidget* parent)
    : QHeaderView(Qt::Horizontal, parent)
{
    // a QTableView's own header is clickable and highlights the sorted column; keep both
    setSectionsClickable(true);
    setHighlightSections(true);
}

QSize SortHeaderView::sectionSizeFromContents(int logicalIndex) const
{
    QSize size = QHeaderView::sectionSizeFromContents(logicalIndex);
    // the room QHeaderView adds for the arrow, taken back where no arrow is drawn
    if (isSortIndicatorShown() && logicalIndex != sortIndicatorSection())
        size.rwidth() -= size.height() + style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, this);
    return size;
}

} // namespace embex::ui
