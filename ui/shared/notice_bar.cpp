// SPDX-License-Identifier: MIT
#include "ui/shared/notice_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace embex::ui {

NoticeBar::NoticeBar(QWidget* parent)
    : QFrame(parent)
    , m_text(new QLabel(this))
    , m_detailText(new QLabel(this))
    , m_more(new QToolButton(this))
{
    setObjectName(QStringLiteral("noticeBar"));
    setFrameShape(QFrame::StyledPanel);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detailText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detailText->setVisible(false);
    m_more->setText(tr("Details"));
    m_more->setCheckable(true);
    auto* close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setToolTip(tr("Dismiss"));
    close->setAutoRaise(true);

    auto* top = new QHBoxLayout;
    top->addWidget(m_text, 1);
    top->addWidget(m_more);
    top->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_detailText);
    connect(m_more, &QToolButton::toggled, m_detailText, &QLabel::setVisible);
    connect(close, &QToolButton::clicked, this, &NoticeBar::dismiss);
    setVisible(false);
}

void NoticeBar::showNotice(Level level, const QString& text, const QStringList& details)
{
    static const char* const styles[] = {
        "QFrame#noticeBar { background: #e8f1fb; border: 1px solid #9cc3ea; border-radius: 3px; }",
        "QFrame#noticeBar { background: #fff6dc; border: 1px solid #e5c35c; border-radius: 3px; }",
        "QFrame#noticeBar { background: #fde7e7; border: 1px solid #e08a8a; border-radius: 3px; }",
    };
    setStyleSheet(QString::fromLatin1(styles[static_cast<int>(level)]));
    m_text->setText(text);
    m_details = details;
    m_detailText->setText(details.join(QLatin1Char('\n')));
    m_more->setVisible(!details.isEmpty());
    m_more->setChecked(false);
    setVisible(true);
}

void NoticeBar::dismiss()
{
    setVisible(false);
    emit dismissed();
}

QString NoticeBar::text() const
{
    return m_text->text();
}

} // namespace embex::ui
