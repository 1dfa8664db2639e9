// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/user_space.h"
#include "ui/shared/job_runner.h"

#include <QWidget>
#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QSpinBox;
class QStackedWidget;
class QTableView;

namespace embex::ui {

class MapProjectionBar;
class NearestUsersModel;
class ProjectionJob;
class UsersScatter;
class Workspace;

/// The Users tab: every user's vector (core::computeUserSpace) on PCA or Neighbourhoods with its
/// neighbours kept, coloured by activity or a user attribute. A click lists the user's nearest
/// users and says which items they rated (userSelected: the window rings them on the Map). The
/// vectors and the layout are made off the GUI thread while the tab is shown, with progress and
/// cancel; a new model drops the answer under way. A model without users says why.
class UsersPane : public QWidget {
    Q_OBJECT
public:
    explicit UsersPane(Workspace* workspace, QWidget* parent = nullptr);

    UsersScatter* scatter() const { return m_scatter; }
    MapProjectionBar* projectionBar() const { return m_bar; }
    NearestUsersModel* nearestUsers() const { return m_nearestModel; }
    /// While training runs a Neighbourhoods layout continues the previous epoch's.
    void setTrainingRunning(bool running);
    /// "activity" and then the user attribute table's columns, as the colour choice lists them.
    QStringList colourChoices() const;
    /// By "activity" or a column's name; false when there is no such choice.
    bool setColourBy(const QString& choice);
    /// The colour choice as colourChoices() names it.
    QString colourBy() const;
    /// By `choice` now, or when it is not listed yet, once user attributes with that column open
    /// (a session reopened without its attribute file). A new dataset or a choice made forgets it.
    void restoreColourBy(const QString& choice);
    void setMinimumRatings(int count);
    int minimumRatings() const;
    /// Lists the user's nearest users, rings them and emits userSelected.
    void selectUser(int user);
    int selectedUser() const { return m_selected; }
    /// The users' vectors shown, or null while none are.
    const core::UserSpace* userSpace() const { return m_space.get(); }
    /// Nothing is computed or laid out, nor waits to be.
    bool isSettled() const;
    /// The reason shown instead of the map, for a model without user vectors (empty otherwise).
    QString noticeText() const;
    QString captionText() const;
    /// What the side panel says about the selected user.
    QString selectionText() const;

signals:
    /// A user was clicked: their dense index and the items they rated in training, ascending.
    void userSelected(int user, const std::vector<int>& ratedItems);
    void projectionUpdated();
    void settled();
    void statusMessage(const QString& text);

protected:
    void showEvent(QShowEvent* event) override;

private:
    Workspace* m_workspace;
    MapProjectionBar* m_bar;
    QComboBox* m_colourBy;
    QSpinBox* m_minRatings;
    QLabel* m_caption;
    QStackedWidget* m_pages;
    QLabel* m_notice;
    UsersScatter* m_scatter;
    QLabel* m_selection;
    QTableView* m_nearestView;
    NearestUsersModel* m_nearestModel;
    ProjectionJob* m_job;
    std::shared_ptr<const core::UserSpace> m_space;
    bool m_isStale = true; // the snapshot changed while the tab was hidden
    bool m_isTraining = false;
    int m_selected = -1;
    QString m_colourWish; // a restored choice waiting for its attribute column
    JobId m_spaceJob = 0;
    JobRunner m_jobs; // last: destroyed first, joining the vectors under way

    void onDatasetChanged();
    void onSnapshotChanged();
    void computeUserSpace();
    void adoptUserSpace(std::shared_ptr<const core::UserSpace> space);
    void fillColourChoices();
    void recolour();
    std::vector<int> usersShown() const;
    void requestProjection();
    void showNotice(const QString& text);
    QString tooltipOf(int user) const;
    void emitSettledIfIdle();
};

} // namespace embex::ui
