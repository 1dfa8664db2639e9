// SPDX-License-Identifier: MIT
#include "ui/neighbours/id_mapping_dock.h"

#include "ui/shared/list_table.h"

#include "ui/data/workspace.h"
#include "ui/neighbours/id_mapping_model.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace embex::ui {

IdMappingDock::IdMappingDock(Workspace* workspace, QWidget* parent)
    : QDockWidget(tr("Id mapping"), parent)
    , m_workspace(workspace)
    , m_itemModel(new IdMappingModel(workspace, IdMappingModel::Kind::Items, this))
    , m_userModel(new IdMappingModel(workspace, IdMappingModel::Kind::Users, this))
    , m_itemProxy(new QSortFilterProxyModel(this))
    , m_userProxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("idMappingDock"));
    auto* body = new QWidget(this);
    m_search = new QLineEdit(body);
    m_search->setPlaceholderText(tr("Search raw id or title"));
    m_search->setClearButtonEnabled(true);
    m_tabs = new QTabWidget(body);
    m_itemTable = makeTable(m_itemModel, m_itemProxy);
    m_userTable = makeTable(m_userModel, m_userProxy);
    m_userTable->hideColumn(IdMappingModel::Title);
    m_tabs->addTab(m_itemTable, tr("Items"));
    m_tabs->addTab(m_userTable, tr("Users"));
    m_vector = new QPlainTextEdit(body);
    m_vector->setReadOnly(true);
    m_vector->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_vector->setMaximumHeight(90);
    m_vector->setPlaceholderText(tr("Select a row to see its embedding vector"));
    m_copy = new QPushButton(tr("Copy as NumPy row index"), body);
    m_copy->setToolTip(tr("Copies e.g. item_embedding[49]  # raw id 50 — paste it into a notebook"));
    m_copy->setEnabled(false);

    auto* layout = new QVBoxLayout(body);
    layout->addWidget(m_search);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_vector);
    layout->addWidget(m_copy);
    setWidget(body);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_itemProxy->setFilterFixedString(text);
        m_userProxy->setFilterFixedString(text);
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, &IdMappingDock::showVector);
    connect(m_copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(numpyIndexText()); });
    connect(workspace, &Workspace::snapshotChanged, this, &IdMappingDock::showVector);
    connect(workspace, &Workspace::itemSelected, this, &IdMappingDock::followSelection);
}

QTableView* IdMappingDock::makeTable(IdMappingModel* model, QSortFilterProxyModel* proxy)
{
    proxy->setSourceModel(model);
    proxy->setSortRole(IdMappingModel::SortRole);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy->setFilterKeyColumn(-1);
    QTableView* table = makeListTable(proxy, this);
    table->sortByColumn(IdMappingModel::Row, Qt::AscendingOrder);
    table->horizontalHeader()->setStretchLastSection(false);
    table->horizontalHeader()->setSectionResizeMode(IdMappingModel::Title, QHeaderView::Stretch);
    connect(table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this, model, proxy](const QModelIndex& current) {
                showVector();
                if (current.isValid() && model->kind() == IdMappingModel::Kind::Items)
                    m_workspace->selectItem(proxy->mapToSource(current).row());
            });
    return table;
}

int IdMappingDock::currentRow(bool* isItem) const
{
    *isItem = m_tabs->currentIndex() == 0;
    QTableView* table = *isItem ? m_itemTable : m_userTable;
    QSortFilterProxyModel* proxy = *isItem ? m_itemProxy : m_userProxy;
    const QModelIndex current = table->selectionModel()->currentIndex();
    return current.isValid() ? proxy->mapToSource(current).row() : -1;
}

QString IdMappingDock::numpyIndexText() const
{
    bool isItem = true;
    const int row = currentRow(&isItem);
    if (row < 0)
        return {};
    const QString id = isItem ? m_workspace->itemRawId(row) : m_workspace->userRawId(row);
    QString text = QStringLiteral("%1[%2]  # raw id %3")
                       .arg(isItem ? QStringLiteral("item_embedding") : QStringLiteral("user_embedding"))
                       .arg(row)
                       .arg(id);
    if (isItem && m_workspace->hasTitles())
        text += QStringLiteral(": ") + m_workspace->itemTitle(row);
    return text;
}

void IdMappingDock::showVector()
{
    bool isItem = true;
    const int row = currentRow(&isItem);
    m_copy->setEnabled(row >= 0);
    if (row < 0) {
        m_vector->clear();
        return;
    }
    const auto& snapshot = m_workspace->snapshot();
    const core::RowMatrixXf* matrix = snapshot ? (isItem ? &snapshot->itemEmbeddings() : snapshot->userEmbeddings())
                                               : nullptr;
    if (!matrix || row >= matrix->rows()) {
        m_vector->setPlainText(tr("%1 — no vector yet: train a model").arg(numpyIndexText()));
        return;
    }
    QStringList values;
    for (Eigen::Index c = 0; c < matrix->cols(); ++c)
        values << QString::number((*matrix)(row, c), 'f', 4);
    m_vector->setPlainText(QStringLiteral("%1\n[%2]").arg(numpyIndexText(), values.join(QStringLiteral(", "))));
}

void IdMappingDock::followSelection(int item)
{
    if (item < 0)
        return;
    const QModelIndex source = m_itemModel->index(item, IdMappingModel::RawId);
    const QModelIndex index = m_itemProxy->mapFromSource(source);
    if (!index.isValid() || m_itemTable->selectionModel()->currentIndex().row() == index.row())
        return;
    m_itemTable->selectionModel()->setCurrentIndex(index,
                                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_itemTable->scrollTo(index);
}

} // namespace embex::ui
