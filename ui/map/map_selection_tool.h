// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/region_selection.h"

#include <QObject>
#include <QPoint>
#include <functional>
#include <vector>

class QAction;
class QBoxLayout;
class QCustomPlot;
class QMouseEvent;
class QWidget;

namespace embex::ui {

class SelectionOverlay;

/// What a drag on the map does: pan it, or draw a rectangle or a lasso around the items to select.
/// A click without a drag picks the item under it whatever the tool; the wheel always zooms.
/// In Rectangle and Lasso the shape is drawn live over the plot; on release it is handed on in
/// widget pixels with the modifiers' mode: Shift adds, Ctrl (or Alt) subtracts, none replaces.
/// Escape on the plot cancels a drag under way, or else asks for the selection to be cleared.
class MapSelectionTool : public QObject {
    Q_OBJECT
public:
    enum class Tool { Pan, Rectangle, Lasso };
    /// Lasso points closer than this to the last one kept are dropped.
    static constexpr double lassoSpacing = 3;

    explicit MapSelectionTool(QCustomPlot* plot, QObject* parent = nullptr);
    ~MapSelectionTool() override;

    void setTool(Tool tool);
    Tool tool() const { return m_tool; }
    /// The three checkable actions (Pan, Rectangle, Lasso), with their shortcuts, for a tool bar.
    const std::vector<QAction*>& actions() const { return m_actions; }
    /// One tool button per action, appended to `row`.
    void addButtons(QBoxLayout* row, QWidget* parent) const;
    /// Whether Escape is the selection's now; while it says no (a layout to cancel) the key goes on.
    void setEscapeWanted(std::function<bool()> wanted) { m_escapeWanted = std::move(wanted); }
    bool isDrawing() const { return m_isDrawing; }

    static core::SelectionMode modeOf(Qt::KeyboardModifiers modifiers);

signals:
    /// A rectangle or lasso was drawn: its corners or path in the plot's widget pixels.
    void shapeDrawn(const std::vector<QPointF>& pixels, embex::core::SelectionMode mode);
    /// A press and release without a drag.
    void clicked(const QPoint& pixel);
    /// The view was dragged (pan mode).
    void viewMoved();
    void clearRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QCustomPlot* m_plot;
    SelectionOverlay* m_overlay;
    std::vector<QAction*> m_actions;
    Tool m_tool = Tool::Pan;
    std::function<bool()> m_escapeWanted;
    QPoint m_pressPos;
    Qt::KeyboardModifiers m_pressModifiers;
    bool m_isPressed = false;
    bool m_isDrawing = false;
    std::vector<QPointF> m_path;

    void press(QMouseEvent* event);
    void move(QMouseEvent* event);
    void release(QMouseEvent* event);
    void extend(const QPointF& pixel);
    void cancelDrawing();
    std::vector<QPointF> shape() const;
};

} // namespace embex::ui
