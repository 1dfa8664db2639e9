// SPDX-License-Identifier: MIT
#include "ui/map/map_projection_bar.h"

#include <QComboBox>
#include <QEvent>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QShortcut>
#include <QStackedWidget>
#include <QToolButton>
#include <algorithm>
#include <cmath>

namespace embex::ui {

MapProjectionBar::MapProjectionBar(QWidget* parent)
    : QWidget(parent)
    , m_kind(new QComboBox(this))
    , m_status(new QStackedWidget(this))
    , m_kept(new QLabel(m_status))
    , m_layingOut(new QWidget(m_status))
    , m_progress(new QProgressBar(m_layingOut))
    , m_cancel(new QToolButton(m_layingOut))
{
    for (const core::ProjectionTraits& t : core::projectionKinds()) {
        m_kind->addItem(tr(t.label), static_cast<int>(t.kind));
        m_kind->setItemData(m_kind->count() - 1, tr(t.keeps), Qt::ToolTipRole);
    }
    m_kind->setObjectName(QStringLiteral("projectionKind"));
    m_kind->setToolTip(tr("How items are placed on the map (hover a choice for what it keeps)"));
    m_kept->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_kept->setObjectName(QStringLiteral("neighboursKept"));
    m_kept->setMinimumWidth(120); // a narrow map shows the short form rather than widening the window
    m_keptTip = tr(
        "Neighbours kept: for each item shown, the share of its 10 nearest neighbours in the full space\n"
        "(by the neighbours panel's metric) that are also among its 10 nearest points on this map,\n"
        "averaged over the items shown (over a random sample when there are many).\n"
        "1 would be a perfect map; a random one keeps about 10 / (items shown).\n"
        "A selected item's true neighbours that the map puts far away are marked \u201cfar on the map\u201d.");
    m_kept->setToolTip(m_keptTip);
    m_kept->installEventFilter(this);
    m_progress->setRange(0, 100);
    // the progress takes the measure's place and never widens the bar: a wider map would narrow the
    // docks beside it for good
    m_progress->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_cancel->setObjectName(QStringLiteral("cancelLayout"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop laying out (Esc); the map keeps what it shows"));
    auto* layingOut = new QHBoxLayout(m_layingOut);
    layingOut->setContentsMargins(0, 0, 0, 0);
    layingOut->addWidget(m_progress, 1);
    layingOut->addWidget(m_cancel);
    m_status->addWidget(m_kept);
    m_status->addWidget(m_layingOut);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_kind);
    layout->addWidget(m_status, 1);

    auto* escape = new QShortcut(QKeySequence(Qt::Key_Escape), this, nullptr, nullptr, Qt::WindowShortcut);
    connect(escape, &QShortcut::activated, this, [this] {
        if (isShowingProgress())
            emit cancelRequested();
    });
    connect(m_cancel, &QToolButton::clicked, this, &MapProjectionBar::cancelRequested);
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] { emit kindChanged(kind()); });
}

core::ProjectionKind MapProjectionBar::kind() const
{
    return static_cast<core::ProjectionKind>(m_kind->currentData().toInt());
}

void MapProjectionBar::setKind(core::ProjectionKind kind)
{
    const int index = m_kind->findData(static_cast<int>(kind));
    if (index >= 0)
        m_kind->setCurrentIndex(index);
}

void MapProjectionBar::showLayoutStarted(int items)
{
    showWorkStarted(tr("laying out… %p%"), tr("Laying out %1 points").arg(QLocale().toString(items)));
}

void MapProjectionBar::showWorkStarted(const QString& format, const QString& tooltip)
{
    m_progress->setFormat(format);
    m_progress->setToolTip(tooltip);
    m_progress->setValue(0);
    m_status->setCurrentWidget(m_layingOut);
}

void MapProjectionBar::showLayoutProgress(double fraction)
{
    m_progress->setValue(static_cast<int>(std::lround(100 * std::clamp(fraction, 0.0, 1.0))));
}

void MapProjectionBar::showLayoutStopped(const QString& problem)
{
    m_status->setCurrentWidget(m_kept);
    if (!problem.isEmpty())
        setKeptText(tr("no neighbour layout: %1").arg(problem.toHtmlEscaped()), tr("no neighbour layout"));
}

void MapProjectionBar::showProjected()
{
    m_status->setCurrentWidget(m_kept);
    setKeptText(tr("neighbours kept: measuring…"), tr("measuring…"));
}

void MapProjectionBar::setFaithfulness(const core::MapFaithfulness& f)
{
    const QLocale locale;
    // the items measured are those the caption counts, unless a sample of them
    const QString sample = f.kept.sampled
        ? tr(", sample of %1").arg(locale.toString(static_cast<qlonglong>(f.kept.measured)))
        : QString();
    const QString share = locale.toString(100 * f.kept.share, 'f', 0);
    setKeptText(tr("neighbours kept <b>%1 %</b> (%2 nearest, %3%4)")
                    .arg(share)
                    .arg(f.k)
                    .arg(QString::fromLatin1(core::metricName(f.metric)), sample),
                tr("neighbours kept <b>%1 %</b>").arg(share));
}

void MapProjectionBar::setKeptToolTip(const QString& tip)
{
    m_keptTip = tip;
    fitKeptText();
}

void MapProjectionBar::clear()
{
    setKeptText({}, {});
}

void MapProjectionBar::setKeptText(const QString& full, const QString& brief)
{
    m_keptText = full;
    m_keptShort = brief;
    fitKeptText();
}

void MapProjectionBar::fitKeptText()
{
    QString plain = m_keptText;
    plain.remove(QStringLiteral("<b>")).remove(QStringLiteral("</b>"));
    QFont bold = m_kept->font();
    bold.setBold(true);
    // measured in bold throughout: a little wider than the text, never cut
    const bool fits = QFontMetrics(bold).horizontalAdvance(plain) + 8 <= m_kept->width();
    m_kept->setText(fits ? m_keptText : m_keptShort);
    m_kept->setToolTip(fits ? m_keptTip : m_keptTip + QStringLiteral("\n\n") + plain);
}

bool MapProjectionBar::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_kept && event->type() == QEvent::Resize)
        fitKeptText();
    return QWidget::eventFilter(watched, event);
}

bool MapProjectionBar::isShowingProgress() const
{
    return m_status->currentWidget() == m_layingOut;
}

QString MapProjectionBar::faithfulnessText() const
{
    return m_keptText;
}

} // namespace embex::ui
