// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/random.h"
#include "core/data/rows_by_key.h"
#include "core/models/dense_stack.h"
#include "core/models/model.h"
#include "core/optim/alias_sampler.h"
#include "core/optim/train_config.h"
#include "core/optim/user_items.h"
#include "core/util/worker_team.h"

#include <array>
#include <memory>
#include <utility>
#include <vector>

namespace embex::core {

/// Softmax retrieval (the two-tower "softmax model" of Google's recommendation course).
/// For a training rating (u, i) the query is built from u's other rated items:
///   x = mean_{j ∈ N(u), j ≠ i} E_j,  ψ = tower(x) (Dense+ReLU per hidden layer, then Dense(d)),
///   logits = V·ψ + b over every item, loss = −log softmax(logits)_i + ½λ(‖V_i‖² + Σ_k‖W_k‖²).
/// E (items×d) is the input embedding, V (items×d) the output one, exported as "item_embedding"
/// since it is what ranks items; E as "input_embedding", b as "item_bias", the tower as
/// "tower_<k>_weight/bias". Ranking model: metrics are precision@10 / recall@10.
///
/// With side features (config.useSideFeatures and TrainData features) the tower's input is, as in
/// Google's course, the bags concatenated: x = [mean E_j | mean itemFeatures_j | userFeatures_u]
/// (d + G + F), the item bag over the same items as E's. The features are fixed inputs (no
/// gradient); they go into the snapshot as "item_features" (items×G) and "user_features"
/// (users×F), their encodings as the hyperparameters "item_feature_encoding" and
/// "user_feature_encoding". A user with fewer than two items still has their own attributes.
/// With user attributes, a tenth of the users (drawn afresh each epoch) have their history hidden
/// from the tower for that epoch (item bags zero): the tower then also learns to answer from
/// attributes alone, which is what a new user with no ratings asks of it (cold start).
///
/// A catalogue larger than config.negativeSamples trains a sampled softmax instead: a batch
/// shares S negatives drawn with replacement from q ∝ (count + 1)^0.75, every logit (the target's
/// too) is corrected by −log(S·q), and a negative that is the example's own target is masked
/// (TensorFlow's sampled_softmax_loss with remove_accidental_hits). It costs S·d rather than
/// items·d a rating and estimates the same gradient; the validation loss stays the exact one.
///
/// Epoch order: users in random order, their ratings pooled in groups of about four batches and
/// shuffled within the group. A batch then holds a few dozen users rather than one per rating,
/// so the leave-one-out sums and their gradients (a user's whole history each) are paid per
/// user, not per rating: at 25M ratings and 154 ratings a user that is most of an epoch's work.
class SoftmaxModel final : public Model {
public:
    SoftmaxModel(const TrainData& data, const TrainConfig& config);

    std::size_t exampleCount() const override { return m_data.train.size(); }
    bool shufflesExamples() const override { return false; }
    void beginEpoch(int epoch) override;
    double referenceLoss() const override { return m_referenceLoss; }
    BatchResult trainBatch(std::span<const std::uint32_t> examples) override;
    /// Mean exact cross-entropy of held-out ratings, the query built from all of the user's
    /// training items; over maxValidationLossRows evenly spaced ones when there are more.
    static constexpr std::size_t maxValidationLossRows = 20000;
    double validationLoss(const RatingsTable& validation) const override;
    std::shared_ptr<EmbeddingSnapshot> snapshot(int epoch) const override;

    std::vector<SparseTable*> trainableTables() override;
    double accumulateGradients(std::span<const std::uint32_t> examples, float scale) override;
    double exactLoss(std::span<const std::uint32_t> examples) const override;
    /// The negatives the next accumulateGradients/exactLoss use (empty: exact softmax).
    std::span<const std::uint32_t> negatives() const { return m_negatives; }
    /// Whether the next trainBatch finds its negatives' rows already gathered (sampled, threaded).
    bool hasGatheredAhead() const { return m_nextGathered.isValid; }

private:
    const TrainData& m_data;
    TrainConfig m_config;
    UserItems m_byUser;
    RowsByKey m_rowsOfUser;                  // training rows by user
    std::vector<std::uint32_t> m_epochOrder; // training rows in this epoch's order
    Rng m_orderRng;
    SparseTable m_input, m_output, m_bias; // E, V, b (items×1)
    DenseStack m_tower;
    RowOptimizer m_optimizer;
    double m_referenceLoss = 1;
    // Sampled softmax only (m_negatives empty otherwise).
    AliasSampler m_proposal;                                  // q over items
    std::vector<float> m_logExpectedCount;                    // log(S·q_i) per item
    std::vector<std::uint32_t> m_negatives;                   // this batch's S draws
    std::vector<std::pair<std::uint32_t, Index>> m_columnsOf; // m_negatives' (item, column), sorted
    Rng m_negativeRng;
    /// A batch's negatives' rows of V and offsets b − log(S·q), copied out once.
    struct Gathered {
        RowMatrixXf rows;   // S×d
        RowVectorXf offset; // 1×S
        bool isValid = false;
    };
    // Threaded sampled training draws the next batch's negatives beside this batch's forward pass,
    // and each thread copies the rows it owns once it has updated them: the gather runs on every
    // thread inside the update instead of on one before the slices. Anything that can
    // write the tables from outside (trainableTables) drops the copies but keeps the draws, so the
    // draws come in the same order on every thread count.
    Gathered m_gathered;                                          // of m_negatives
    std::vector<std::uint32_t> m_nextNegatives;                   // drawn ahead when m_hasNextNegatives
    std::vector<std::pair<std::uint32_t, Index>> m_nextColumnsOf; // of m_nextNegatives
    Gathered m_nextGathered;                                      // of m_nextNegatives
    bool m_hasNextNegatives = false;
    std::unique_ptr<WorkerTeam> m_team;                   // config.threads > 1 only
    Index m_itemFeatureCount = 0, m_userFeatureCount = 0; // G and F; 0 without side features
    int m_epoch = 0;

    /// Whether u's item bags are hidden this epoch (side features only; see the class comment).
    bool isHistoryHidden(std::uint32_t user) const;

    bool isSampled() const { return !m_negatives.empty(); }
    /// Draws S negatives into `into` and lists them as (item, column) pairs sorted by item, for
    /// the accidental-hit lookup.
    void drawNegatives(std::vector<std::uint32_t>& into, std::vector<std::pair<std::uint32_t, Index>>& columnsOf);
    /// Copies into `into` (sized S×d already) the rows of V and the offsets of those of `items`
    /// that `owner` of `owners` owns.
    void gather(std::span<const std::uint32_t> items, Gathered& into, std::size_t owners, std::size_t owner) const;

    /// The leave-one-out mean input for each example (B×(d+G+F)).
    RowMatrixXf queryInputs(std::span<const std::uint32_t> examples) const;

    /// One batch between its forward-backward pass and the scatter of its embedding gradients.
    struct Step {
        RowMatrixXf psi, gradX;                  // B×d tower outputs, B×(d+G+F) input gradients
        VectorXf targetGradient;                 // sampled: ∂loss/∂(target logit) per example
        RowVectorXf offset;                      // bias (and log-Q correction) per candidate column
        std::vector<RowMatrixXf> gradCandidates; // per slice: per candidate column (a negative, or every item)
        std::vector<RowVectorXf> gradBias;       // per slice: likewise
        std::vector<double> loss;                // per slice: the summed loss
        std::vector<float> sharedBy;             // n_u − 1 per example (the query's items), 0: no query
        std::vector<std::uint32_t> users;        // the batch's users with a query, sorted
        std::vector<std::ptrdiff_t> userOf;      // per example: its user's index in users, −1: none
    };
    static auto gradX(const Step& step, Index e) { return step.gradX.row(e); }
    /// Sizes m_step for `slices` slices of the batch and readies the candidate rows.
    void beginPass(std::span<const std::uint32_t> examples, std::size_t slices);
    /// Query, tower, logits and back for slice `slice` of the batch (any thread, one per slice),
    /// into m_step and m_passes.
    void passSlice(std::span<const std::uint32_t> examples, float scale, std::size_t slice);
    /// Fills m_step's sharedBy, users and userOf (they depend on the examples alone).
    void groupUsers(std::span<const std::uint32_t> examples);
    /// Adds the passes' tower gradients and the tower's weight decay.
    void addTowerGradients(float scale, std::size_t examples);
    /// Adds m_step's gradients to the embedding rows that `owner` of `owners` owns; `touched`
    /// null: the tables' own lists, else the thread's own (input, output, bias).
    void scatter(std::span<const std::uint32_t> examples, float scale, std::size_t owners, std::size_t owner,
                 std::array<std::vector<Index>, 3>* touched);
    Step m_step;
    std::vector<DenseStack::Pass> m_passes;                   // one per slice
    std::vector<std::array<std::vector<Index>, 3>> m_touched; // per thread
    std::vector<RowMatrixXf> m_userGradients;                 // per thread: Σ ∂loss/∂x / (n_u − 1) per user
};

} // namespace embex::core
