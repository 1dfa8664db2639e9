// SPDX-License-Identifier: MIT
#include "core/models/dot_bias_model.h"

#include "core/models/model_registry.h"

#include "core/models/hyperparameter_text.h"
#include "core/optim/sgd_kernel.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <stdexcept>

namespace embex::core {
namespace {

    void initNormal(RowMatrixXf& m, Rng& rng, double std)
    {
        for (Index r = 0; r < m.rows(); ++r)
            for (Index c = 0; c < m.cols(); ++c)
                m(r, c) = static_cast<float>(rng.normal() * std);
    }

    /// The matrix whose row k is m's row rowOf(k): the tables back in id order for a snapshot.
    /// Its cost is faulting in the fresh pages (~12 µs a 4 KiB page on a virtual machine, 60-70 ms
    /// for the 25M bench's 29 MB, whether the rows are read in order or not), which the team's
    /// threads share when there is one.
    template <class RowOf>
    RowMatrixXf gatherRows(const RowMatrixXf& m, RowOf rowOf, WorkerTeam* team = nullptr)
    {
        RowMatrixXf out(m.rows(), m.cols());
        const Index cols = m.cols(), rows = m.rows();
        const auto rowBytes = static_cast<std::size_t>(cols) * sizeof(float);
        constexpr Index chunkRows = 4096;
        auto gatherChunk = [&](std::size_t chunk) {
            const Index begin = static_cast<Index>(chunk) * chunkRows, end = std::min(rows, begin + chunkRows);
            for (Index k = begin; k < end; ++k)
                std::memcpy(out.data() + k * cols, m.data() + Index { rowOf(static_cast<std::uint32_t>(k)) } * cols,
                            rowBytes);
        };
        const auto chunks = static_cast<std::size_t>((rows + chunkRows - 1) / chunkRows);
        if (team)
            team->run(chunks, gatherChunk);
        else
            for (std::size_t c = 0; c < chunks; ++c)
                gatherChunk(c);
        return out;
    }

} // namespace

DotBiasModel::DotBiasModel(const TrainData& data, const TrainConfig& config)
    : m_data(data)
    , m_config(config)
    , m_users(static_cast<Index>(data.userCount), config.dimension)
    , m_items(static_cast<Index>(data.itemCount), config.dimension)
    , m_userBias(static_cast<Index>(data.userCount), 1)
    , m_itemBias(static_cast<Index>(data.itemCount), 1)
    , m_optimizer(config.optimizer, config.learningRate)
    , m_learningRate(config.learningRate)
    , m_rng(config.seed ^ 0x9e6a7e5ULL)
{
    if (m_optimizer.kind() == OptimizerKind::Sgd && !config.implicitTerm) {
        const int side = RatingBlocks::sideFor(data.train.size(), data.userCount, data.itemCount, config.dimension);
        m_blocks.emplace(data.train, data.userCount, data.itemCount, side, config.seed ^ 0xb10c5ULL);
        if (data.implicit) // a rated item is a like, whatever its rating (train --implicit): target 1
            for (std::size_t b = 0; b < m_blocks->blockCount(); ++b)
                for (RatingBlocks::Rating& x : m_blocks->block(b))
                    x.value = 1.0f;
        if (config.threads > 1)
            m_team = std::make_unique<WorkerTeam>(config.threads);
    }
    if (data.implicit)
        m_config.ySquash = false; // targets 0 and 1 lie outside [min − 0.5, max + 0.5] = [0.5, 1.5]
    Rng rng(config.seed);
    initNormal(m_users.value, rng, config.initStd);
    initNormal(m_items.value, rng, config.initStd);
    if (m_blocks) { // drawn in id order, so the weights do not depend on the numbering
        m_users.value = gatherRows(m_users.value, [&](std::uint32_t row) { return m_blocks->userIds()[row]; });
        m_items.value = gatherRows(m_items.value, [&](std::uint32_t row) { return m_blocks->itemIds()[row]; });
    }
    if (hasImplicitTerm())
        initImplicitTerm(rng);

    double sum = 0, sumSquares = 0;
    for (float r : data.train.ratings) {
        sum += r;
        sumSquares += static_cast<double>(r) * r;
    }
    const double n = std::max<double>(1, static_cast<double>(data.train.size()));
    double mean = sum / n;
    m_referenceLoss = std::max(1e-6, 0.5 * (sumSquares / n - mean * mean));
    if (data.implicit) { // targets: 1 for a positive, 0 for each sampled negative
        mean = 1.0 / (1 + implicitNegatives);
        m_referenceLoss = 0.5 * mean * (1 - mean);
    }
    if (m_config.ySquash) {
        m_lo = data.ratingMin - 0.5f;
        m_span = (data.ratingMax + 0.5f) - m_lo;
        const double fraction = std::clamp((mean - m_lo) / m_span, 0.01, 0.99);
        m_mu = static_cast<float>(std::log(fraction / (1 - fraction)));
    } else {
        m_mu = static_cast<float>(mean);
    }
}

std::uint32_t DotBiasModel::userRow(std::uint32_t user) const
{
    return m_blocks ? m_blocks->userRow(user) : user;
}

std::uint32_t DotBiasModel::itemRow(std::uint32_t item) const
{
    return m_blocks ? m_blocks->itemRow(item) : item;
}

float DotBiasModel::forward(std::uint32_t user, std::uint32_t item, float* prediction) const
{
    const Index d = m_users.cols();
    const float z = m_mu + m_userBias.value(user, 0) + m_itemBias.value(item, 0)
        + sgd::dot<0>(m_users.value.row(user).data(), m_items.value.row(item).data(), d);
    if (!m_config.ySquash) {
        *prediction = z;
        return 1.0f;
    }
    const float s = 1.0f / (1.0f + std::exp(-z));
    *prediction = m_lo + m_span * s;
    return m_span * s * (1 - s);
}

void DotBiasModel::beginEpoch(int epoch)
{
    m_learningRate = m_config.learningRate * std::pow(m_config.learningRateDecay, epoch - 1);
    m_optimizer.setLearningRate(m_learningRate);
    if (m_blocks)
        m_blocks->planEpoch(m_rng);
    if (walksUsers()) {
        planUsers();
        m_implicitLearningRate = m_learningRate * std::pow(implicitLearningRateDecay, epoch - 1);
    }
    m_seenThisEpoch = 0;
}

std::vector<SparseTable*> DotBiasModel::trainableTables()
{
    if (hasImplicitTerm())
        return { &m_users, &m_items, &m_userBias, &m_itemBias, &m_implicit };
    return { &m_users, &m_items, &m_userBias, &m_itemBias };
}

float DotBiasModel::predict(std::uint32_t user, std::uint32_t item) const
{
    float prediction = 0;
    if (hasImplicitTerm()) {
        const float z = m_mu + m_userBias.value(user, 0) + m_itemBias.value(item, 0)
            + sgd::dot<0>(m_effective.row(user).data(), m_items.value.row(item).data(), m_users.cols());
        return m_config.ySquash ? m_lo + m_span / (1.0f + std::exp(-z)) : z;
    }
    forward(userRow(user), itemRow(item), &prediction);
    return prediction;
}

std::size_t DotBiasModel::examplesPerCall(std::size_t batchSize) const
{
    if (!m_blocks)
        return batchSize;
    const auto strata = static_cast<std::size_t>(m_blocks->side());
    return std::max(batchSize, (m_blocks->size() + strata - 1) / strata);
}

BatchResult DotBiasModel::trainBatch(std::span<const std::uint32_t> examples)
{
    if (examples.empty())
        return { 0, 0 };
    if (walksUsers()) { // examples are consecutive epoch positions
        if (m_userOrder.empty())
            planUsers();
        const std::size_t begin = examples.front(), end = examples.back() + std::size_t { 1 };
        const double lossSum = implicitPositions(begin, end);
        const std::size_t seen = (end - begin) * (m_data.implicit ? 1 + implicitNegatives : 1);
        return { lossSum / static_cast<double>(seen), examples.size() };
    }
    if (m_blocks) { // examples are consecutive epoch positions
        const std::size_t begin = examples.front(), end = examples.back() + std::size_t { 1 };
        const double lossSum = sgdPositions(begin, end);
        const std::size_t seen = (end - begin) * (m_data.implicit ? 1 + implicitNegatives : 1);
        return { lossSum / static_cast<double>(seen), examples.size() };
    }
    std::span<const std::uint32_t> batch = examples;
    if (m_data.implicit) {
        // Each positive is followed by implicitNegatives random items with target 0.
        const auto n = static_cast<std::uint32_t>(m_data.train.size());
        m_sampled.clear();
        m_withNegatives.clear();
        for (std::uint32_t r : examples) {
            m_withNegatives.push_back(r);
            for (int k = 0; k < implicitNegatives; ++k) {
                m_withNegatives.push_back(n + static_cast<std::uint32_t>(m_sampled.size()));
                m_sampled.push_back(
                    { m_data.train.users[r], static_cast<std::uint32_t>(m_rng.below(m_data.itemCount)), 0.0f });
            }
        }
        batch = m_withNegatives;
    }
    const double lossSum = minibatch(batch);
    m_seenThisEpoch += examples.size();
    if (hasImplicitTerm() && m_seenThisEpoch >= exampleCount())
        m_effective = effectiveUsers();
    return { lossSum / static_cast<double>(std::max<std::size_t>(1, batch.size())), examples.size() };
}

double DotBiasModel::sgdPositions(std::size_t begin, std::size_t end)
{
    double lossSum = 0;
    std::vector<double> losses;
    std::vector<std::size_t> bySize;
    for (const std::vector<RatingBlocks::Segment>& stratum : m_blocks->segments(begin, end)) {
        // Segments of one stratum share no row, so they run in parallel; their losses are
        // summed in segment order so the total does not depend on the thread count either.
        losses.assign(stratum.size(), 0.0);
        // Handed out largest first: the last segment a thread picks up is then a small one, and
        // the other thread does not wait long for it at the end of the stratum (Zipf popularity
        // makes some blocks several times the mean).
        bySize.resize(stratum.size());
        std::iota(bySize.begin(), bySize.end(), std::size_t { 0 });
        std::stable_sort(bySize.begin(), bySize.end(), [&](std::size_t a, std::size_t b) {
            return stratum[a].end - stratum[a].begin > stratum[b].end - stratum[b].begin;
        });
        auto task = [&](std::size_t k) {
            const std::size_t s = bySize[k];
            losses[s] = sgdSegment(stratum[s]);
        };
        if (m_team)
            m_team->run(stratum.size(), task);
        else
            for (std::size_t s = 0; s < stratum.size(); ++s)
                task(s);
        for (double l : losses)
            lossSum += l;
    }
    return lossSum;
}

double DotBiasModel::sgdSegment(const RatingBlocks::Segment& segment)
{
    const auto ratings = m_blocks->block(segment.block).subspan(segment.begin, segment.end - segment.begin);
    Rng rng = m_blocks->segmentRng(segment);
    const std::span<const std::uint32_t> negatives = m_data.implicit ? m_blocks->itemsOfColumn(segment.block)
                                                                     : std::span<const std::uint32_t> {};
    switch (m_users.cols()) {
    case 32: return sgdLoop<32>(ratings, rng, negatives);
    case 64: return sgdLoop<64>(ratings, rng, negatives);
    default: return sgdLoop<0>(ratings, rng, negatives);
    }
}

template <int D>
double DotBiasModel::sgdLoop(std::span<const RatingBlocks::Rating> ratings, Rng& rng,
                             std::span<const std::uint32_t> negativeItems)
{
    const Index d = m_users.cols();
    const float lr = static_cast<float>(m_learningRate);
    const float reg = static_cast<float>(m_config.regularization);
    const float biasReg = static_cast<float>(m_config.regularization * m_config.biasRegularizationFactor);
    float* P = m_users.value.data();
    float* Q = m_items.value.data();
    float* bu = m_userBias.value.data();
    float* bi = m_itemBias.value.data();
    const Index rowBytes = d * static_cast<Index>(sizeof(float));
    const std::size_t n = ratings.size();
    double lossSum = 0;
    auto step = [&](std::uint32_t u, std::uint32_t i, float target) {
        float* p = P + static_cast<Index>(u) * d;
        float* q = Q + static_cast<Index>(i) * d;
        const float z = m_mu + bu[u] + bi[i] + sgd::dot<D>(p, q, d);
        float prediction = z, slope = 1.0f;
        if (m_config.ySquash) {
            const float s = 1.0f / (1.0f + std::exp(-z));
            prediction = m_lo + m_span * s;
            slope = m_span * s * (1 - s);
        }
        const float error = prediction - target;
        lossSum += 0.5 * static_cast<double>(error) * error;
        const float g = error * slope;
        bu[u] -= lr * (g + biasReg * bu[u]);
        bi[i] -= lr * (g + biasReg * bi[i]);
        sgd::update<D>(p, q, d, lr, g, reg);
    };
    // The records stream in order; their rows are random. Fetch the rows `ahead` records early
    // so several misses are in flight while this step computes.
    constexpr std::size_t ahead = 16;
    for (std::size_t e = 0; e < n; ++e) {
        if (e + ahead < n) {
            const RatingBlocks::Rating& next = ratings[e + ahead];
            sgd::prefetch(P + static_cast<Index>(next.user) * d, rowBytes);
            sgd::prefetch(Q + static_cast<Index>(next.item) * d, rowBytes);
            __builtin_prefetch(bu + next.user, 1);
            __builtin_prefetch(bi + next.item, 1);
        }
        const RatingBlocks::Rating& x = ratings[e];
        step(x.user, x.item, x.value);
        if (!negativeItems.empty())
            for (int k = 0; k < implicitNegatives; ++k)
                step(x.user, negativeItems[rng.below(negativeItems.size())], 0.0f);
    }
    return lossSum;
}

double DotBiasModel::minibatch(std::span<const std::uint32_t> examples)
{
    const double lossSum = accumulateGradients(examples,
                                               1.0f / static_cast<float>(std::max<std::size_t>(1, examples.size())));
    m_optimizer.beginStep();
    for (SparseTable* table : trainableTables())
        m_optimizer.apply(*table);
    return lossSum;
}

double DotBiasModel::accumulateGradients(std::span<const std::uint32_t> examples, float scale)
{
    if (hasImplicitTerm())
        return accumulateImplicitGradients(examples, scale);
    const Index d = m_users.cols();
    const float reg = static_cast<float>(m_config.regularization);
    const float biasReg = static_cast<float>(m_config.regularization * m_config.biasRegularizationFactor);
    double lossSum = 0;
    for (std::uint32_t r : examples) {
        const Example x = example(r);
        const std::uint32_t u = userRow(x.user), i = itemRow(x.item);
        float prediction = 0;
        const float slope = forward(u, i, &prediction);
        const float error = prediction - x.rating;
        lossSum += 0.5 * static_cast<double>(error) * error; // the data term: what the curves show
        const float g = error * slope * scale;
        const float* p = m_users.value.row(u).data();
        const float* q = m_items.value.row(i).data();
        float* gp = m_users.gradient(u);
        float* gq = m_items.gradient(i);
        for (Index k = 0; k < d; ++k) {
            gp[k] += g * q[k] + scale * reg * p[k];
            gq[k] += g * p[k] + scale * reg * q[k];
        }
        *m_userBias.gradient(u) += g + scale * biasReg * m_userBias.value(u, 0);
        *m_itemBias.gradient(i) += g + scale * biasReg * m_itemBias.value(i, 0);
    }
    return lossSum;
}

double DotBiasModel::exactLoss(std::span<const std::uint32_t> examples) const
{
    if (hasImplicitTerm())
        return exactImplicitLoss(examples);
    const double reg = m_config.regularization;
    const double biasReg = reg * m_config.biasRegularizationFactor;
    double loss = 0;
    for (std::uint32_t r : examples) {
        const Example x = example(r);
        const std::uint32_t u = userRow(x.user), i = itemRow(x.item);
        const Eigen::VectorXd p = m_users.value.row(u).cast<double>().transpose();
        const Eigen::VectorXd q = m_items.value.row(i).cast<double>().transpose();
        const double bu = m_userBias.value(u, 0), bi = m_itemBias.value(i, 0);
        const double z = m_mu + bu + bi + p.dot(q);
        const double prediction = m_config.ySquash ? m_lo + m_span / (1 + std::exp(-z)) : z;
        const double error = prediction - x.rating;
        loss += 0.5 * error * error + 0.5 * reg * (p.squaredNorm() + q.squaredNorm())
            + 0.5 * biasReg * (bu * bu + bi * bi);
    }
    return loss;
}

std::shared_ptr<EmbeddingSnapshot> DotBiasModel::snapshot(int epoch) const
{
    auto s = std::make_shared<EmbeddingSnapshot>();
    s->modelKind = modelName(ModelKind::DotBias);
    s->epoch = epoch;
    s->hyperparameters = hyperparametersOf(m_config);
    s->hyperparameters["y_squash"] = m_config.ySquash ? "true" : "false";
    s->hyperparameters["y_min"] = numberText(m_lo);
    s->hyperparameters["y_max"] = numberText(m_lo + m_span);
    // One copy each, straight into the snapshot (a braced list would copy every matrix twice),
    // back in id order.
    s->parameters.reserve(5);
    if (m_blocks) {
        auto userRowOf = [&](std::uint32_t user) { return m_blocks->userRow(user); };
        auto itemRowOf = [&](std::uint32_t item) { return m_blocks->itemRow(item); };
        s->parameters.push_back({ "item_embedding", gatherRows(m_items.value, itemRowOf, m_team.get()) });
        s->parameters.push_back({ "user_embedding", gatherRows(m_users.value, userRowOf, m_team.get()) });
        s->parameters.push_back({ "item_bias", gatherRows(m_itemBias.value, itemRowOf, m_team.get()) });
        s->parameters.push_back({ "user_bias", gatherRows(m_userBias.value, userRowOf, m_team.get()) });
    } else {
        s->parameters.push_back({ "item_embedding", m_items.value });
        s->parameters.push_back({ "user_embedding", hasImplicitTerm() ? effectiveUsers() : m_users.value });
        s->parameters.push_back({ "item_bias", m_itemBias.value });
        s->parameters.push_back({ "user_bias", m_userBias.value });
    }
    s->parameters.push_back({ "global_bias", RowMatrixXf::Constant(1, 1, m_mu) });
    if (hasImplicitTerm())
        s->parameters.push_back({ implicitItemParameter, m_implicit.value });
    return s;
}

} // namespace embex::core
