// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>

namespace embex::ui {

class Workspace;

/// Raw id ↔ embedding row ↔ title ↔ ratings in training ↔ validation-only, for users or items.
/// Row r of the model is dense index r, which is row r of the embedding matrix.
class IdMappingModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Kind { Items, Users };
    enum Column { RawId, Row, Title, TrainRatings, ValidationRatings, ValidationOnly, ColumnCount };
    static constexpr int SortRole = Qt::UserRole;

    IdMappingModel(Workspace* workspace, Kind kind, QObject* parent = nullptr);

    Kind kind() const { return m_kind; }
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    Workspace* m_workspace;
    Kind m_kind;
    int m_rows = 0;

    void reset();
    void countsChanged();
};

} // namespace embex::ui
