// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTableWidget;

namespace embex::core {
struct Explanation;
}

namespace embex::ui {

class Workspace;

/// How the model scored one recommended item for one user: the terms of the sum (biases, the
/// largest dimension products, the rest), the result, and the vectors it came through, from
/// core::explainPrediction on the workspace's snapshot. A model trained with side features also
/// names the attributes it took in: the user's, and the mean item features of the rated items.
/// For ALS, the softmax and the autoencoder, "Because you rated" lists the rated items with the
/// largest shares of the score (core::BecauseYouRated), the rest in one row, summing to it.
class ExplanationView : public QWidget {
    Q_OBJECT
public:
    explicit ExplanationView(Workspace* workspace, QWidget* parent = nullptr);

    /// Whose scores are explained next; -1 clears the view.
    void setUser(int user);
    /// Explains the current user's score of `item` (dense indices); -1 clears the view.
    void explainItem(int item);

    /// Role of the value column that tells a term row from the rows that add them up.
    static constexpr int RowKindRole = Qt::UserRole + 1;
    enum RowKind { Term, Sum, Result };
    enum Column { Symbol, Value, Meaning, ColumnCount };
    QTableWidget* terms() const { return m_terms; }
    /// "Because you rated": item, rating, share; then "the other N rated items", the parts no
    /// rated item carries and the sum (RowKindRole on the share column, as in terms()).
    QTableWidget* because() const { return m_because; }
    QLabel* becauseMeaning() const { return m_becauseMeaning; }
    enum BecauseColumn { BecauseItem, BecauseRating, BecauseShare, BecauseColumnCount };
    /// How many rated items the list names one by one.
    static constexpr int namedRatedItems = 10;
    QLabel* summary() const { return m_summary; }
    /// The attributes the model took as input (side features); hidden for models without them.
    QLabel* inputs() const { return m_inputs; }

private:
    Workspace* m_workspace;
    int m_user = -1;
    QLabel* m_heading = nullptr;
    QLabel* m_inputs = nullptr;
    QTableWidget* m_terms = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_becauseMeaning = nullptr;
    QTableWidget* m_because = nullptr;
    QPlainTextEdit* m_vectors = nullptr;

    void showMessage(const QString& text);
    void showBecause(const core::Explanation& e);
};

} // namespace embex::ui
