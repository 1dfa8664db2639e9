// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/item_lookup.h"
#include "core/data/attribute_table.h"
#include "core/data/dataset.h"
#include "core/data/split.h"
#include "core/io/session_file.h"
#include "core/models/embedding_snapshot.h"
#include "core/training/trainer.h"
#include "core/training/training_run.h"

#include <QObject>
#include <QStringList>
#include <memory>
#include <optional>
#include <vector>

namespace embex::ui {

/// Rating counts per dense index, for users or items.
struct RatingCounts {
    std::vector<int> all;
    std::vector<int> train;      ///< equals `all` until a split exists
    std::vector<int> validation; ///< zero until a split exists
    std::vector<float> mean;     ///< mean rating over all ratings

    bool isValidationOnly(std::size_t i) const { return train[i] == 0 && validation[i] > 0; }
};

/// The open session: dataset, split, latest snapshot and the selected item, shared by every view.
/// Lives on the GUI thread; everything it hands out is immutable.
class Workspace : public QObject {
    Q_OBJECT
public:
    explicit Workspace(QObject* parent = nullptr);

    void setDataset(std::shared_ptr<const core::Dataset> dataset);
    /// The open ratings, id maps and format. Its metadata and attributes are the ones it was
    /// opened with: sides() holds the open ones, which replacing never copies the ratings for.
    const std::shared_ptr<const core::Dataset>& dataset() const { return m_dataset; }
    bool hasDataset() const { return m_dataset != nullptr; }

    /// What describes the open dataset's users and items beside its ratings, shared so that a
    /// job can take it along: the dataset's own until File ▸ Open item metadata or attributes.
    struct Sides {
        std::shared_ptr<const core::ItemMetadata> metadata; ///< never null while a dataset is open
        std::shared_ptr<const core::AttributeTable> userAttributes;
        std::shared_ptr<const core::AttributeTable> itemAttributes;
    };
    const Sides& sides() const { return m_sides; }
    /// Titles and genres of the open dataset's items (empty without a dataset).
    const core::ItemMetadata& metadata() const;
    /// Titles and genres from another file; the ratings, the model and the selection stay.
    void setMetadata(std::shared_ptr<const core::ItemMetadata> metadata);
    /// Other user (or item) attributes, read by the next training run; the ratings, the model
    /// and the selection stay.
    void setUserAttributes(std::shared_ptr<const core::AttributeTable> table);
    void setItemAttributes(std::shared_ptr<const core::AttributeTable> table);

    void setTrainData(std::shared_ptr<const core::TrainData> data);
    /// The same, made from the open dataset by `spec`: trainDataFor(spec) hands it out again
    /// while the dataset and the split settings stay, so runs share exactly the same ratings.
    void setTrainData(std::shared_ptr<const core::TrainData> data, const core::SplitSpec& spec);
    const std::shared_ptr<const core::TrainData>& trainData() const { return m_trainData; }
    /// The training data made by `spec` from the open dataset, when it has been made; else null.
    std::shared_ptr<const core::TrainData> trainDataFor(const core::SplitSpec& spec) const;
    /// The split of trainData(), as runs record it (TrainingRun::split); empty when unknown.
    const std::string& splitLabel() const { return m_splitLabel; }

    /// Every finished or stopped training run of the open dataset, in the order they were made
    /// (workspace_runs.cpp). The open run is the one whose vectors every view shows.
    const std::vector<core::TrainingRun>& runs() const { return m_runs; }
    /// Index into runs(), or -1 while no run is open (training under way, nothing trained).
    int activeRun() const { return m_activeRun; }
    /// Keeps a training run that just ended, named after its model ("dotbias 2"),
    /// on the split of trainData(), and makes it the open run.
    void keepRun(const core::TrainOutcome& outcome, double seconds);
    /// Keeps a run made elsewhere (a tuning trial) as it is, without opening it.
    void addRun(core::TrainingRun run);
    /// The runs of an opened session or imported embeddings (a session without runs is one).
    void adoptRuns(const core::Session& session);
    /// Shows run `index`'s vectors and history everywhere.
    void openRun(int index);
    /// A training run starts: the snapshots that follow are not any kept run's.
    void leaveRuns();
    void renameRun(int index, const std::string& name);
    /// Deleting the open run opens the next one (or the one before); the last one leaves no model.
    void removeRun(int index);

    /// Emits snapshotChanged only when the snapshot is another one.
    void setSnapshot(std::shared_ptr<const core::EmbeddingSnapshot> snapshot);
    const std::shared_ptr<const core::EmbeddingSnapshot>& snapshot() const { return m_snapshot; }
    bool hasEmbeddings() const;

    /// How the model's training went, one report per epoch (cleared with the dataset).
    void setHistory(std::vector<core::EpochReport> history) { m_history = std::move(history); }
    void addEpoch(const core::EpochReport& report) { m_history.push_back(report); }
    const std::vector<core::EpochReport>& history() const { return m_history; }

    /// What File ▸ Save session writes, as shared parts: building the session copies the
    /// dataset's ratings, which is work for the saving thread, not this one.
    struct SessionParts {
        std::shared_ptr<const core::Dataset> dataset;
        Sides sides;
        std::shared_ptr<const core::TrainData> trainData;
        std::shared_ptr<const core::EmbeddingSnapshot> snapshot;
        std::vector<core::EpochReport> history;
        std::vector<core::TrainingRun> runs {};
        int activeRun = -1;
        /// The dataset with the ratings the model learned from and the open metadata and
        /// attributes, the snapshot and the history,
        /// and every run with the open one as runs[activeRun] (an unkept open model joins them).
        core::Session build() const;
    };
    SessionParts sessionParts() const
    {
        return { m_dataset, m_sides, m_trainData, m_snapshot, m_history, m_runs, m_activeRun };
    }
    /// A trained or imported model is open: there is a session to save.
    bool hasSession() const { return m_dataset && m_snapshot; }

    void selectItem(int item);
    int selectedItem() const { return m_selectedItem; }

    int itemCount() const;
    int userCount() const;
    const RatingCounts& itemCounts() const { return m_itemCounts; }
    const RatingCounts& userCounts() const { return m_userCounts; }

    QString itemRawId(int item) const;
    QString userRawId(int user) const;
    /// The title from metadata, or "item <id>" when there is none.
    QString itemTitle(int item) const;
    bool hasTitles() const { return m_hasTitles; }
    QString itemGenres(int item) const;
    /// Index of the first genre, or -1.
    int primaryGenre(int item) const;
    QStringList genreNames() const;
    /// "Star Wars (1977)", "star wars" and "50" all work: raw id first, then the best title match.
    std::optional<int> findItem(const QString& idOrTitle) const;
    std::optional<int> findUser(const QString& rawId) const;
    /// The ranking findItem takes the first of (ItemLookup::matches); null with no dataset.
    const core::ItemLookup* itemLookup() const { return m_lookup.get(); }
    /// The dense items a user rated in training (all ratings before a split).
    std::vector<std::uint32_t> trainItemsOfUser(int user) const;

signals:
    void datasetChanged();
    /// setMetadata replaced the titles and genres (not emitted by setDataset).
    void metadataChanged();
    /// setUserAttributes or setItemAttributes replaced a table (not emitted by setDataset).
    void attributesChanged();
    void trainDataChanged();
    void snapshotChanged();
    void itemSelected(int item);
    /// Runs were kept, renamed, deleted or replaced.
    void runsChanged();
    /// Another run is open (or none: -1); its history is history().
    void activeRunChanged(int index);

private:
    std::shared_ptr<const core::Dataset> m_dataset;
    Sides m_sides;
    std::shared_ptr<const core::TrainData> m_trainData;
    std::shared_ptr<const core::EmbeddingSnapshot> m_snapshot;
    std::vector<core::EpochReport> m_history;
    core::SplitSpec m_splitSpec;
    std::weak_ptr<const core::Dataset> m_splitDataset; // the dataset m_trainData was made from
    bool m_splitHasSides = false;                      // and its features encode sides() as they are
    std::string m_splitLabel;
    /// Set when the open dataset is a session's training ratings: a split of it is a split of
    /// that split, and its label says so, so it never passes for the session runs' split.
    std::string m_splitBase;
    std::vector<core::TrainingRun> m_runs;
    int m_activeRun = -1;
    int m_selectedItem = -1;
    RatingCounts m_itemCounts;
    RatingCounts m_userCounts;
    std::vector<QString> m_titles;
    std::unique_ptr<core::ItemLookup> m_lookup;
    bool m_hasTitles = false;

    void countRatings();
    void indexTitles();
    void countSplit();
};

} // namespace embex::ui
