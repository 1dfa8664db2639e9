// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/random.h"
#include "core/models/explanation.h"
#include "core/models/model.h"
#include "core/optim/rating_blocks.h"
#include "core/optim/row_optimizer.h"
#include "core/optim/train_config.h"
#include "core/optim/user_items.h"
#include "core/util/worker_team.h"

#include <memory>
#include <optional>

namespace embex::core {

/// r̂ = μ + b_u + b_i + p_u·q_i, or with y-range squashing
/// r̂ = lo + (hi − lo)·σ(μ + b_u + b_i + p_u·q_i) with lo = min − 0.5, hi = max + 0.5.
/// Loss per rating: ½(r̂ − r)² + ½λ(‖p_u‖² + ‖q_i‖² + b_u² + b_i²), so λ weighs frequent rows more
/// (the Funk/LIBMF objective). P is users×d, Q is items×d, both row-major; μ stays fixed at the
/// training mean (its logit when squashing).
///
/// Implicit data: every rated item is a positive with target 1 (whatever its rating, so ratings
/// read as likes work too), and each comes with implicitNegatives random items as target-0
/// examples, so the model ranks rather than predicting 1 everywhere.
///
/// OptimizerKind::Sgd runs the classic per-rating loop over RatingBlocks: the model walks the
/// blocks in its own order (shufflesExamples() is false, examples are epoch positions), on
/// config.threads threads, with the same result for any thread count. Its tables are then kept
/// in the blocks' row order (userRow, itemRow) and put back in id order by snapshot(). Implicit negatives come
/// from the block's item bucket, so they never touch another thread's rows. Adam and
/// Adagrad take one step per minibatch on the rows it touched.
///
/// With config.implicitTerm (SVD++, Koren 2008) a user is also the items they rated: p_u is
/// replaced by p_u + z_u, z_u = |N(u)|^-½·Σ_{j∈N(u)} y_j, N(u) the user's training items, Y items×d,
/// and the loss per rating gains ½λ_y·Σ_{j∈N(u)} ‖y_j‖² (as Koren's per-rating updates of every
/// y_j), λ_y = implicitRegularizationFactor·λ. SGD then walks the users in a shuffled order, each
/// user's ratings in a shuffled order with z_u held fixed, and moves the user's y_j once at the end
/// of the user's run (Koren's cheap form), on one thread whatever config.threads says; Y's step
/// shrinks by implicitLearningRateDecay every epoch on top of config.learningRateDecay, so Y
/// settles early and the late epochs refine P and Q. Snapshots hold the effective user rows
/// p_u + z_u as "user_embedding" (so every dot-product reader works unchanged) and Y as
/// implicitItemParameter.
class DotBiasModel final : public Model {
public:
    static constexpr int implicitNegatives = 4;
    static constexpr const char* implicitItemParameter = "implicit_item_embedding";
    /// SVD++: Y's penalty as a fraction of config.regularization, and the per-epoch factor of Y's
    /// SGD step; chosen on validation splits of ml-100k (see dot_bias_implicit_term.cpp).
    static constexpr double implicitRegularizationFactor = 0.1;
    static constexpr double implicitLearningRateDecay = 0.93;

    DotBiasModel(const TrainData& data, const TrainConfig& config);

    std::size_t exampleCount() const override { return m_data.train.size(); }
    bool shufflesExamples() const override { return !m_blocks && !walksUsers(); }
    std::size_t examplesPerCall(std::size_t batchSize) const override;
    double referenceLoss() const override { return m_referenceLoss; }
    void beginEpoch(int epoch) override;
    BatchResult trainBatch(std::span<const std::uint32_t> examples) override;
    float predict(std::uint32_t user, std::uint32_t item) const override;
    std::shared_ptr<EmbeddingSnapshot> snapshot(int epoch) const override;

    std::vector<SparseTable*> trainableTables() override;
    double accumulateGradients(std::span<const std::uint32_t> examples, float scale) override;
    double exactLoss(std::span<const std::uint32_t> examples) const override;

private:
    const TrainData& m_data;
    TrainConfig m_config;
    SparseTable m_users, m_items, m_userBias, m_itemBias;
    RowOptimizer m_optimizer;
    double m_learningRate = 0;
    Rng m_rng;
    struct Example {
        std::uint32_t user, item;
        float rating;
    };
    std::optional<RatingBlocks> m_blocks;       // OptimizerKind::Sgd only
    std::unique_ptr<WorkerTeam> m_team;         // threads > 1 only
    std::vector<Example> m_sampled;             // this batch's negatives, indices train.size()…
    std::vector<std::uint32_t> m_withNegatives; // the batch with them interleaved

    Example example(std::uint32_t r) const
    {
        if (r < m_data.train.size()) // on implicit data a rated item is a like, whatever its rating
            return { m_data.train.users[r], m_data.train.items[r], m_data.implicit ? 1.0f : m_data.train.ratings[r] };
        return m_sampled[r - m_data.train.size()];
    }
    float m_mu = 0;
    float m_lo = 0, m_span = 1;
    double m_referenceLoss = 1;

    // SVD++ (config.implicitTerm) only; see dot_bias_implicit_term.cpp.
    bool hasImplicitTerm() const { return m_config.implicitTerm; }
    /// SVD++ by SGD: examples are positions in this epoch's walk over the users.
    bool walksUsers() const { return hasImplicitTerm() && m_optimizer.kind() == OptimizerKind::Sgd; }
    UserItems m_rated;                         // N(u), the user's training items
    SparseTable m_implicit;                    // Y, items×d
    std::vector<float> m_userScale;            // |N(u)|^-½ (0 for no items)
    RowMatrixXf m_effective;                   // p_u + z_u as of the last finished epoch, for predict()
    std::vector<std::uint32_t> m_userOrder;    // this epoch's user order
    std::vector<std::size_t> m_userOrderStart; // epoch position of each entry of m_userOrder, then the total
    std::uint64_t m_epochSeed = 0;
    std::size_t m_seenThisEpoch = 0;
    double m_implicitLearningRate = 0;            // Y's SGD step this epoch
    RowMatrixXf m_batchTerm, m_batchTermGradient; // minibatch: z_u and ∂/∂z_u of the batch's users
    std::vector<std::uint32_t> m_termStamp, m_termSlot, m_batchUsers, m_batchExamples;
    std::uint32_t m_stamp = 0;

    void initImplicitTerm(Rng& rng);
    void planUsers();
    /// z_u into `out` (d floats).
    void implicitTermOf(std::uint32_t user, float* out) const;
    RowMatrixXf effectiveUsers() const;
    double implicitPositions(std::size_t begin, std::size_t end);
    template <int D>
    double implicitUserRun(std::uint32_t user, std::size_t from, std::size_t to);
    double accumulateImplicitGradients(std::span<const std::uint32_t> examples, float scale);
    double exactImplicitLoss(std::span<const std::uint32_t> examples) const;

    /// The row of a user's or item's weights in the tables: its id, or RatingBlocks' row.
    std::uint32_t userRow(std::uint32_t user) const;
    std::uint32_t itemRow(std::uint32_t item) const;
    /// Of rows `user` and `item`: returns dr̂/dz and sets *prediction.
    float forward(std::uint32_t user, std::uint32_t item, float* prediction) const;
    /// SGD over epoch positions [begin, end) of m_blocks, stratum by stratum.
    double sgdPositions(std::size_t begin, std::size_t end);
    double sgdSegment(const RatingBlocks::Segment& segment);
    /// sgdSegment's loop for d = D (D = 0: any d), so the common sizes get unrolled SIMD loops.
    template <int D>
    double sgdLoop(std::span<const RatingBlocks::Rating> ratings, Rng& rng,
                   std::span<const std::uint32_t> negativeItems);
    double minibatch(std::span<const std::uint32_t> examples);
};

/// SVD++'s part of a user, |N|^-½·Σ_{j∈N} y_j over `rated` (zero for none), y the snapshot's
/// DotBiasModel::implicitItemParameter (items×d); rated items must be in range.
VectorXf implicitUserTerm(const RowMatrixXf& y, std::span<const std::uint32_t> rated);

/// "Because you rated" for an SVD++ snapshot: item j's share |N|^-½·y_j·q_i of the score, N =
/// `rated` (the user's training items); one `others` term holds the rest of `raw`
/// (μ + b_u + b_i + p_u·q_i with the user's own vector), so items + others sum to raw.
BecauseYouRated implicitTermBecauseYouRated(const EmbeddingSnapshot& s, std::uint32_t item,
                                            std::span<const std::uint32_t> rated, double raw);

} // namespace embex::core
