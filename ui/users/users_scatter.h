// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/map_projection.h"
#include "ui/users/user_colouring.h"

#include <QPoint>
#include <QWidget>
#include <functional>
#include <vector>

class QCustomPlot;
class QCPGraph;

namespace embex::ui {

/// The Users tab's scatter: one point a user shown, one QCPGraph a colour (never one a point),
/// a legend of the colours, the selected user and their nearest users ringed, hover and click.
class UsersScatter : public QWidget {
    Q_OBJECT
public:
    explicit UsersScatter(QWidget* parent = nullptr);

    void setProjection(core::Projection projection);
    const core::Projection& projection() const { return m_projection; }
    void setColouring(UserColouring colouring);
    const UserColouring& colouring() const { return m_colouring; }
    /// The users drawn (those passing the ratings floor), ascending.
    void setShown(std::vector<int> users);
    void setSelection(int user, std::vector<int> nearest);
    /// The tooltip of a hovered user, rich text.
    void setTooltipText(std::function<QString(int)> text) { m_tooltipText = std::move(text); }
    void clear();
    void resetView();

    int pointCount() const;
    /// The legend's entries, as shown.
    QStringList legendNames() const;
    QPoint pixelOf(int user) const;
    /// Nearest drawn user within `radius` pixels, or -1.
    int userAt(const QPointF& pixel, double radius = 8) const;
    QCustomPlot* plot() const { return m_plot; }

signals:
    void userClicked(int user);

private:
    QCustomPlot* m_plot;
    std::vector<QCPGraph*> m_buckets;
    QCPGraph* m_nearestGraph;
    QCPGraph* m_selectedGraph;
    core::Projection m_projection;
    UserColouring m_colouring;
    std::vector<int> m_shown;
    std::vector<int> m_visible; // shown and placed
    int m_selected = -1;
    std::vector<int> m_nearest;
    std::function<QString(int)> m_tooltipText;
    bool m_userMovedView = false;
    QPoint m_pressPos;

    void rebuildBuckets();
    void fillData();
    void fillSelection();
    void showTooltip(const QPoint& pos);
};

} // namespace embex::ui
