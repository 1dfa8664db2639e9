// SPDX-License-Identifier: MIT
#pragma once

#include <QCompleter>

class QLineEdit;
class QStringListModel;

namespace embex::ui {

class Workspace;

/// A lookup box's completer: as the text is edited it lists core::ItemLookup::matches(), best
/// first and unfiltered, with no row chosen, so Enter (Workspace::findItem) takes the row it
/// lists first, as `embex-cli --item` does. Each row is the item's title, or its id without one.
class ItemCompleter : public QCompleter {
    Q_OBJECT
public:
    ItemCompleter(Workspace* workspace, QLineEdit* edit);

    /// Empties the list (the dataset or its titles changed).
    void clear();

protected:
    QString pathFromIndex(const QModelIndex& index) const override;

private:
    Workspace* m_workspace;
    QStringListModel* m_rows;

    void list(const QString& text);
};

} // namespace embex::ui
