// SPDX-License-Identifier: MIT
#include "ui/map/disc_pixmap.h"

#include <QPainter>
#include <cmath>

namespace embex::ui {

QPixmap discPixmap(const QColor& colour, double diameter)
{
    const int side = static_cast<int>(std::ceil(diameter)) + 2;
    QPixmap pixmap(side, side);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(colour.darker(135), 0.8));
    painter.setBrush(colour);
    painter.drawEllipse(QRectF(1, 1, diameter, diameter));
    return pixmap;
}

} // namespace embex::ui
