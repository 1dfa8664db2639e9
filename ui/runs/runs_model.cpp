// SPDX-License-Identifier: MIT
#include "ui/runs/runs_model.h"

#include "core/models/model_registry.h"
#include "ui/data/workspace.h"

#include <QFont>
#include <QLocale>
#include <cmath>
#include <limits>

namespace embex::ui {
namespace {

    constexpr double none = std::numeric_limits<double>::quiet_NaN();

    /// The registry name ("dotbias"), as the CLI's --models takes it; the label is the tooltip.
    QString modelText(const core::TrainingRun& run)
    {
        return run.snapshot ? QString::fromStdString(run.snapshot->modelKind) : QString();
    }

    QString modelLabel(const core::TrainingRun& run)
    {
        if (!run.snapshot)
            return {};
        if (const auto kind = core::findModelKind(run.snapshot->modelKind))
            return QString::fromUtf8(core::traitsOf(*kind).label.data(),
                                     static_cast<qsizetype>(core::traitsOf(*kind).label.size()));
        return QString::fromStdString(run.snapshot->modelKind);
    }

    int epochsOf(const core::TrainingRun& run)
    {
        return run.history.empty() ? (run.snapshot ? run.snapshot->epoch : 0) : run.history.back().epoch;
    }

    /// One RFC 4180 field: quoted, quotes doubled, when it holds a comma, a quote or a line break.
    QString csvField(const QString& text)
    {
        if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n') && !text.contains(u'\r'))
            return text;
        QString quoted = text;
        quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
        return u'"' + quoted + u'"';
    }

    QString csvNumber(double value, int decimals)
    {
        return std::isfinite(value) ? QString::number(value, 'f', decimals) : QString();
    }

} // namespace

RunsModel::RunsModel(Workspace* workspace, QObject* parent)
    : QAbstractTableModel(parent)
    , m_workspace(workspace)
{
    const auto reset = [this] {
        // a deleted run's check goes with it
        std::set<const core::EmbeddingSnapshot*> kept;
        for (const core::TrainingRun& r : m_workspace->runs())
            if (m_checked.count(r.snapshot.get()))
                kept.insert(r.snapshot.get());
        const bool dropped = kept.size() != m_checked.size();
        m_checked = std::move(kept);
        const int rows = static_cast<int>(m_workspace->runs().size());
        if (rows == m_rows) { // a rename: the same rows
            if (rows > 0)
                emit dataChanged(index(0, 0), index(rows - 1, ColumnCount - 1));
        } else {
            beginResetModel();
            m_rows = rows;
            endResetModel();
        }
        if (dropped)
            emit checkedChanged();
    };
    connect(workspace, &Workspace::runsChanged, this, reset);
    connect(workspace, &Workspace::activeRunChanged, this, [this] {
        if (rowCount() > 0) // the bold row and the split notes follow the open run
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    });
    connect(workspace, &Workspace::datasetChanged, this, [this] { m_baselines.clear(); });
}

const core::TrainingRun& RunsModel::run(int index) const
{
    return m_workspace->runs().at(static_cast<std::size_t>(index));
}

void RunsModel::setBaseline(const std::string& split, const core::RankingMetrics& metrics)
{
    m_baselines[split] = metrics;
    if (rowCount() > 0)
        emit dataChanged(index(0, Popular), index(rowCount() - 1, Popular));
}

bool RunsModel::isRanking(int index) const
{
    return run(index).finalMetrics().count("precision_at_10") > 0;
}

std::string RunsModel::referenceSplit() const
{
    const auto& runs = m_workspace->runs();
    if (runs.empty())
        return {};
    const int active = m_workspace->activeRun();
    return active >= 0 ? runs[static_cast<std::size_t>(active)].split : runs.back().split;
}

bool RunsModel::isOtherSplit(int index) const
{
    return run(index).split != referenceSplit();
}

double RunsModel::metric(int index, Column column) const
{
    const core::TrainingRun& r = run(index);
    const auto metrics = r.finalMetrics();
    const auto find = [&](const char* key) {
        const auto it = metrics.find(key);
        return it == metrics.end() ? none : it->second;
    };
    switch (column) {
    case Rmse: return find("rmse");
    case Mae: return find("mae");
    case Precision: return find("precision_at_10");
    case Recall: return find("recall_at_10");
    case Ndcg: return find("ndcg_at_10");
    case Coverage: return find("coverage_at_10");
    case Gini: return find("gini_at_10");
    case Novelty: return find("novelty_at_10");
    case Popular: {
        const auto it = m_baselines.find(r.split);
        return isRanking(index) && it != m_baselines.end() ? it->second.precision : none;
    }
    case Seconds: return r.seconds > 0 ? r.seconds : none;
    default: return none;
    }
}

bool RunsModel::hasValues(Column column) const
{
    for (int i = 0; i < static_cast<int>(m_workspace->runs().size()); ++i)
        if (std::isfinite(metric(i, column)))
            return true;
    return false;
}

std::vector<int> RunsModel::checkedRuns() const
{
    std::vector<int> checked;
    for (int i = 0; i < static_cast<int>(m_workspace->runs().size()); ++i)
        if (m_checked.count(run(i).snapshot.get()))
            checked.push_back(i);
    return checked;
}

void RunsModel::setChecked(int index, bool checked)
{
    setData(this->index(index, Name), checked ? Qt::Checked : Qt::Unchecked, Qt::CheckStateRole);
}

int RunsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int RunsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.row() >= static_cast<int>(m_workspace->runs().size()))
        return {};
    const int row = index.row();
    const core::TrainingRun& r = run(row);
    const auto column = static_cast<Column>(index.column());
    const QLocale locale;
    if (role == RunRole)
        return row;
    if (role == Qt::FontRole && row == m_workspace->activeRun()) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::CheckStateRole && column == Name)
        return m_checked.count(r.snapshot.get()) ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ToolTipRole) {
        if (column == Split || column == Name) {
            const QString split = r.split.empty() ? tr("unknown") : QString::fromStdString(r.split);
            QString tip = tr("Split: %1").arg(split);
            if (isOtherSplit(row))
                tip += tr("\nThe open run's split is %1: the two were tested on other ratings, so their scores "
                          "cannot be compared fairly.")
                           .arg(referenceSplit().empty() ? tr("unknown") : QString::fromStdString(referenceSplit()));
            if (!r.outcome.empty())
                tip += tr("\nTraining %1.").arg(QString::fromStdString(r.outcome));
            return tip;
        }
        if (column == Model)
            return modelLabel(r);
        if (column == Popular)
            return tr("The most-popular baseline on this run's split: precision@10 / recall@10 of recommending "
                      "everyone the items rated most often in training");
        return {};
    }
    if (role == SortRole) {
        switch (column) {
        case Name: return QString::fromStdString(r.name);
        case Model: return modelText(r);
        case Dimension: return r.snapshot ? static_cast<qlonglong>(r.snapshot->itemEmbeddings().cols()) : 0;
        case Epochs: return epochsOf(r);
        case Split: return isOtherSplit(row) ? 1 : 0;
        default: {
            const double value = metric(row, column);
            return std::isfinite(value) ? value : std::numeric_limits<double>::max(); // missing sorts last
        }
        }
    }
    if (role == Qt::EditRole && column == Name)
        return QString::fromStdString(r.name);
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case Name: return QString::fromStdString(r.name);
    case Model: return modelText(r);
    case Dimension:
        return r.snapshot ? locale.toString(static_cast<qlonglong>(r.snapshot->itemEmbeddings().cols())) : QString();
    case Epochs: return epochsOf(r);
    case Split: return isOtherSplit(row) ? tr("other split") : QString();
    case Popular: {
        const auto it = m_baselines.find(r.split);
        if (!isRanking(row) || it == m_baselines.end())
            return isRanking(row) ? tr("…") : QString();
        return tr("%1 / %2").arg(locale.toString(it->second.precision, 'f', 3),
                                 locale.toString(it->second.recall, 'f', 3));
    }
    case Seconds: {
        const double value = metric(row, column);
        return std::isfinite(value) ? locale.toString(value, 'f', 1) : QString();
    }
    default: {
        const double value = metric(row, column);
        const int decimals = column == Precision || column == Recall || column == Ndcg || column == Coverage
                || column == Gini
            ? 3
            : column == Novelty ? 2
                                : 4;
        return std::isfinite(value) ? locale.toString(value, 'f', decimals) : QString();
    }
    }
}

bool RunsModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || index.column() != Name || index.row() >= rowCount()
        || index.row() >= static_cast<int>(m_workspace->runs().size()))
        return false;
    if (role == Qt::CheckStateRole) {
        const auto* snapshot = run(index.row()).snapshot.get();
        if (value.value<Qt::CheckState>() == Qt::Checked)
            m_checked.insert(snapshot);
        else
            m_checked.erase(snapshot);
        emit dataChanged(index, index, { Qt::CheckStateRole });
        emit checkedChanged();
        return true;
    }
    if (role == Qt::EditRole) {
        const QString name = value.toString().trimmed();
        if (name.isEmpty())
            return false;
        m_workspace->renameRun(index.row(), name.toStdString()); // resets this model
        return true;
    }
    return false;
}

Qt::ItemFlags RunsModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Name)
        f |= Qt::ItemIsEditable | Qt::ItemIsUserCheckable;
    return f;
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Name: return tr("Check a run to draw its validation curve on the loss plot; F2 renames it");
        case Rmse:
        case Mae: return tr("Validation error of a rating model after its last epoch (lower is better)");
        case Precision:
        case Recall:
            return tr("Share of each user's top 10 that were held out / of the held-out items found in the "
                      "top 10, for ranking models (higher is better)");
        case Ndcg:
            return tr("NDCG@10: hits in each user's top 10 weighted by 1 / log2(rank + 1), against the best order "
                      "possible (higher is better)");
        case Coverage: return tr("Share of the catalogue in at least one user's top 10");
        case Gini:
            return tr("Gini index of how often each item is in a top 10: 0 when every item is recommended equally "
                      "often, near 1 when a few items take every list");
        case Novelty:
            return tr("Mean −log2 of a recommended item's share of users: higher recommends less known items");
        case Seconds: return tr("Training time, pauses left out");
        case Split:
            return tr("Runs on another split than the open run were tested on other ratings: compare their "
                      "scores with care");
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Run");
    case Model: return tr("Model");
    case Dimension: return tr("Dim");
    case Epochs: return tr("Epochs");
    case Rmse: return tr("RMSE");
    case Mae: return tr("MAE");
    case Precision: return tr("P@10");
    case Recall: return tr("R@10");
    case Popular: return tr("Popular P/R@10");
    case Ndcg: return tr("NDCG@10");
    case Coverage: return tr("Coverage");
    case Gini: return tr("Gini");
    case Novelty: return tr("Novelty");
    case Seconds: return tr("Secs");
    case Split: return tr("Split");
    default: return {};
    }
}

QString RunsModel::toCsv() const
{
    QStringList lines { QStringLiteral(
        "name,model,dimension,epochs,rmse,mae,precision_at_10,recall_at_10,"
        "popular_precision_at_10,popular_recall_at_10,ndcg_at_10,coverage_at_10,gini_at_10,"
        "novelty_at_10,seconds,outcome,split,"
        "same_split_as_open") };
    for (int i = 0; i < static_cast<int>(m_workspace->runs().size()); ++i) {
        const core::TrainingRun& r = run(i);
        const auto baseline = m_baselines.find(r.split);
        const bool hasBaseline = isRanking(i) && baseline != m_baselines.end();
        const QStringList fields {
            csvField(QString::fromStdString(r.name)),
            csvField(modelText(r)),
            r.snapshot ? QString::number(r.snapshot->itemEmbeddings().cols()) : QString(),
            QString::number(epochsOf(r)),
            csvNumber(metric(i, Rmse), 6),
            csvNumber(metric(i, Mae), 6),
            csvNumber(metric(i, Precision), 6),
            csvNumber(metric(i, Recall), 6),
            hasBaseline ? csvNumber(baseline->second.precision, 6) : QString(),
            hasBaseline ? csvNumber(baseline->second.recall, 6) : QString(),
            csvNumber(metric(i, Ndcg), 6),
            csvNumber(metric(i, Coverage), 6),
            csvNumber(metric(i, Gini), 6),
            csvNumber(metric(i, Novelty), 6),
            csvNumber(metric(i, Seconds), 2),
            csvField(QString::fromStdString(r.outcome)),
            csvField(QString::fromStdString(r.split)),
            isOtherSplit(i) ? QStringLiteral("no") : QStringLiteral("yes"),
        };
        lines << fields.join(u',');
    }
    return lines.join(QStringLiteral("\r\n")) + QStringLiteral("\r\n");
}

} // namespace embex::ui
