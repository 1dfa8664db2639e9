// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/map_projection.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QStackedWidget;
class QToolButton;

namespace embex::ui {

/// The map bar's projection part: the choice (PCA or Neighbourhoods), how faithful the map drawn
/// is ("neighbours kept"), and while a layout runs its progress and a way to cancel it (Esc too).
class MapProjectionBar : public QWidget {
    Q_OBJECT
public:
    explicit MapProjectionBar(QWidget* parent = nullptr);

    core::ProjectionKind kind() const;
    /// Emits kindChanged when it changes.
    void setKind(core::ProjectionKind kind);

    void showLayoutStarted(int items);
    /// Other work before a layout (the users' vectors): its progress and Cancel in the same room,
    /// `format` as QProgressBar takes it ("building user vectors… %p%").
    void showWorkStarted(const QString& format, const QString& tooltip);
    void showLayoutProgress(double fraction);
    /// The layout ended without a map: cancelled (empty problem) or because of `problem`.
    void showLayoutStopped(const QString& problem);
    /// A projection is drawn: no progress, and its measure is on the way.
    void showProjected();
    void setFaithfulness(const core::MapFaithfulness& faithfulness);
    /// What "neighbours kept" measures on this map, for its tooltip (the items' map's unless set).
    void setKeptToolTip(const QString& tip);
    void clear();

    bool isShowingProgress() const;
    /// "neighbours kept 41 % (10 nearest, cosine, sample of 2,000)" as rich text; empty until measured.
    QString faithfulnessText() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override; // the label's resizes

signals:
    void kindChanged(embex::core::ProjectionKind kind);
    void cancelRequested();

private:
    QComboBox* m_kind;
    QStackedWidget* m_status; // the measure, or while a layout runs its progress in the same room
    QLabel* m_kept;
    QWidget* m_layingOut;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
    // The measure in full and in short: a narrow map shows "neighbours kept 41 %" with the rest
    // in the tooltip, rather than a phrase cut off mid-word.
    QString m_keptText, m_keptShort, m_keptTip;

    void setKeptText(const QString& full, const QString& brief);
    void fitKeptText();
};

} // namespace embex::ui
