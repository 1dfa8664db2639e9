// SPDX-License-Identifier: MIT
#pragma once

#include <QFrame>
#include <QStringList>

class QLabel;
class QToolButton;

namespace embex::ui {

/// A dismissible banner above the views: skipped rows with their line numbers, a failed load,
/// a diverged run. Says what happened in core's own words.
class NoticeBar : public QFrame {
    Q_OBJECT
public:
    enum class Level { Info, Warning, Error };

    explicit NoticeBar(QWidget* parent = nullptr);

    void showNotice(Level level, const QString& text, const QStringList& details = {});
    void dismiss();
    QString text() const;
    QStringList details() const { return m_details; }

signals:
    void dismissed();

private:
    QLabel* m_text = nullptr;
    QLabel* m_detailText = nullptr;
    QToolButton* m_more = nullptr;
    QStringList m_details;
};

} // namespace embex::ui
