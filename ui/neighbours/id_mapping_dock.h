// SPDX-License-Identifier: MIT
#pragma once

#include <QDockWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace embex::ui {

class IdMappingModel;
class Workspace;

/// "Which row of the weight matrix is item 112?": searchable id tables for items and users, the
/// selected row's vector, and a NumPy index to paste into a notebook. Linked to the map and neighbours.
class IdMappingDock : public QDockWidget {
    Q_OBJECT
public:
    explicit IdMappingDock(Workspace* workspace, QWidget* parent = nullptr);

    IdMappingModel* itemModel() const { return m_itemModel; }
    IdMappingModel* userModel() const { return m_userModel; }
    QTableView* itemTable() const { return m_itemTable; }
    QLineEdit* search() const { return m_search; }
    /// What "Copy as NumPy row index" puts on the clipboard for the current row.
    QString numpyIndexText() const;

private:
    Workspace* m_workspace;
    QTabWidget* m_tabs = nullptr;
    QLineEdit* m_search = nullptr;
    IdMappingModel* m_itemModel = nullptr;
    IdMappingModel* m_userModel = nullptr;
    QSortFilterProxyModel* m_itemProxy = nullptr;
    QSortFilterProxyModel* m_userProxy = nullptr;
    QTableView* m_itemTable = nullptr;
    QTableView* m_userTable = nullptr;
    QPlainTextEdit* m_vector = nullptr;
    QPushButton* m_copy = nullptr;

    QTableView* makeTable(IdMappingModel* model, QSortFilterProxyModel* proxy);
    int currentRow(bool* isItem) const;
    void showVector();
    void followSelection(int item);
};

} // namespace embex::ui
