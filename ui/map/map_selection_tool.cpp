// SPDX-License-Identifier: MIT
#include "ui/map/map_selection_tool.h"

#include <QAction>
#include <QActionGroup>
#include <QBoxLayout>
#include <QKeyEvent>
#include <QPainter>
#include <QToolButton>
#include <QWidget>
#include <cmath>
#include <qcustomplot.h>

namespace embex::ui {

/// The shape being drawn, painted over the plot: a rubber band costs no replot of the points.
class SelectionOverlay : public QWidget {
public:
    explicit SelectionOverlay(QWidget* parent)
        : QWidget(parent)
    {
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setAttribute(Qt::WA_NoSystemBackground);
        hide();
    }

    void setShape(std::vector<QPointF> points, QColor colour)
    {
        m_points = std::move(points);
        m_colour = colour;
        update();
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        if (m_points.size() < 2)
            return;
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        QColor fill = m_colour;
        fill.setAlpha(40);
        painter.setBrush(fill);
        painter.setPen(QPen(m_colour, 1.5, Qt::DashLine));
        painter.drawPolygon(m_points.data(), static_cast<int>(m_points.size()));
    }

private:
    std::vector<QPointF> m_points;
    QColor m_colour;
};

namespace {

    QColor shapeColour(core::SelectionMode mode)
    {
        switch (mode) {
        case core::SelectionMode::Add: return QColor(0, 130, 60);
        case core::SelectionMode::Subtract: return QColor(200, 30, 30);
        case core::SelectionMode::Replace: break;
        }
        return QColor(30, 90, 200);
    }

} // namespace

MapSelectionTool::MapSelectionTool(QCustomPlot* plot, QObject* parent)
    : QObject(parent)
    , m_plot(plot)
    , m_overlay(new SelectionOverlay(plot))
{
    auto* group = new QActionGroup(this);
    const struct {
        Tool tool;
        QString text, tip;
        QKeySequence key;
    } tools[] = {
        { Tool::Pan, tr("Pan"), tr("Dragging pans the map; a click selects an item (H)"), QKeySequence(Qt::Key_H) },
        { Tool::Rectangle, tr("Rectangle"),
          tr("Drag a rectangle to select the items in it (R)\nShift adds, Ctrl or Alt takes away, Escape clears"),
          QKeySequence(Qt::Key_R) },
        { Tool::Lasso, tr("Lasso"),
          tr("Draw around the items to select (L)\nShift adds, Ctrl or Alt takes away, Escape clears"),
          QKeySequence(Qt::Key_L) },
    };
    for (const auto& t : tools) {
        auto* action = new QAction(t.text, this);
        action->setCheckable(true);
        action->setChecked(t.tool == m_tool);
        action->setToolTip(t.tip);
        action->setShortcut(t.key);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, tool = t.tool] { setTool(tool); });
        m_actions.push_back(action);
    }
    // shortcuts act while the focus is on the map or its bar
    plot->parentWidget()->addActions({ m_actions.begin(), m_actions.end() });
    plot->setFocusPolicy(Qt::ClickFocus);
    plot->installEventFilter(this);
    connect(plot, &QCustomPlot::mousePress, this, &MapSelectionTool::press);
    connect(plot, &QCustomPlot::mouseMove, this, &MapSelectionTool::move);
    connect(plot, &QCustomPlot::mouseRelease, this, &MapSelectionTool::release);
}

MapSelectionTool::~MapSelectionTool() = default;

void MapSelectionTool::addButtons(QBoxLayout* row, QWidget* parent) const
{
    for (QAction* action : m_actions) {
        auto* button = new QToolButton(parent);
        button->setDefaultAction(action);
        button->setAutoRaise(true);
        row->addWidget(button);
    }
}

core::SelectionMode MapSelectionTool::modeOf(Qt::KeyboardModifiers modifiers)
{
    if (modifiers & (Qt::ControlModifier | Qt::AltModifier))
        return core::SelectionMode::Subtract;
    if (modifiers & Qt::ShiftModifier)
        return core::SelectionMode::Add;
    return core::SelectionMode::Replace;
}

void MapSelectionTool::setTool(Tool tool)
{
    cancelDrawing();
    m_tool = tool;
    m_actions[static_cast<std::size_t>(tool)]->setChecked(true);
    m_plot->setInteraction(QCP::iRangeDrag, tool == Tool::Pan);
    m_plot->setCursor(tool == Tool::Pan ? Qt::ArrowCursor : Qt::CrossCursor);
}

void MapSelectionTool::press(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return;
    m_isPressed = true;
    m_pressPos = event->pos();
    m_pressModifiers = event->modifiers();
    m_path = { QPointF(event->pos()) };
}

void MapSelectionTool::move(QMouseEvent* event)
{
    if (!m_isPressed || m_tool == Tool::Pan || !(event->buttons() & Qt::LeftButton))
        return;
    if (!m_isDrawing && (event->pos() - m_pressPos).manhattanLength() <= 4)
        return;
    m_isDrawing = true;
    extend(event->position());
    m_overlay->setGeometry(m_plot->rect());
    m_overlay->setShape(shape(), shapeColour(modeOf(m_pressModifiers)));
    m_overlay->show();
    m_overlay->raise();
}

void MapSelectionTool::extend(const QPointF& p)
{
    if (m_tool == Tool::Rectangle) {
        m_path.resize(1);
        m_path.push_back(p);
    } else if (std::hypot(p.x() - m_path.back().x(), p.y() - m_path.back().y()) >= lassoSpacing) {
        m_path.push_back(p);
    }
}

void MapSelectionTool::release(QMouseEvent* event)
{
    if (!m_isPressed || event->button() != Qt::LeftButton)
        return;
    m_isPressed = false;
    const bool isDrag = (event->pos() - m_pressPos).manhattanLength() > 4;
    if (m_tool != Tool::Pan && (m_isDrawing || isDrag)) {
        extend(event->position()); // the release point ends the shape
        std::vector<QPointF> drawn = shape();
        cancelDrawing();
        emit shapeDrawn(drawn, modeOf(m_pressModifiers));
    } else if (isDrag) {
        emit viewMoved();
    } else {
        emit clicked(event->pos());
    }
}

void MapSelectionTool::cancelDrawing()
{
    m_isDrawing = false;
    m_isPressed = false;
    m_path.clear();
    m_overlay->hide();
}

std::vector<QPointF> MapSelectionTool::shape() const
{
    if (m_tool != Tool::Rectangle || m_path.size() < 2)
        return m_path;
    const QPointF a = m_path.front(), b = m_path.back();
    return { a, QPointF(b.x(), a.y()), b, QPointF(a.x(), b.y()) };
}

bool MapSelectionTool::eventFilter(QObject* watched, QEvent* event)
{
    if (watched != m_plot || (event->type() != QEvent::ShortcutOverride && event->type() != QEvent::KeyPress))
        return QObject::eventFilter(watched, event);
    auto* key = static_cast<QKeyEvent*>(event);
    if (key->key() != Qt::Key_Escape || key->modifiers() != Qt::NoModifier)
        return false;
    // taking the override keeps Escape from the window's shortcuts (the layout's cancel) while it is ours
    const bool isOurs = m_isDrawing || !m_escapeWanted || m_escapeWanted();
    if (event->type() == QEvent::ShortcutOverride) {
        if (isOurs)
            event->accept();
        return false;
    }
    if (!isOurs)
        return false;
    if (m_isDrawing)
        cancelDrawing();
    else
        emit clearRequested();
    return true;
}

} // namespace embex::ui
