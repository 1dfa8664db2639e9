// SPDX-License-Identifier: MIT
#include "core/models/softmax_model.h"

#include "core/models/model_registry.h"

#include "core/optim/sgd_kernel.h"
#include "core/optim/shuffle.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

namespace embex::core {
namespace {
    // Below this a thread's slice of a batch costs less than waking it.
    constexpr std::size_t minExamplesPerThread = 64;
    constexpr double hiddenHistoryShare = 0.1;

    // Embedding rows go to threads 64 at a time (a touched flag is a 64th of a cache line): no row
    // and no cache line has two writers. One thread owns every row.
    bool isOwnedBy(std::uint32_t row, std::size_t owners, std::size_t owner)
    {
        return owners == 1 || (row / 64) % owners == owner;
    }

    std::uint64_t mix(std::uint64_t z)
    {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
}

SoftmaxModel::SoftmaxModel(const TrainData& data, const TrainConfig& config)
    : m_data(data)
    , m_config(config)
    , m_byUser(data.train, data.userCount)
    , m_rowsOfUser(groupRowsByKey(data.train.users, data.userCount))
    , m_orderRng(config.seed ^ 0x6f726465ULL)
    , m_input(static_cast<Index>(data.itemCount), config.dimension)
    , m_output(static_cast<Index>(data.itemCount), config.dimension)
    , m_bias(static_cast<Index>(data.itemCount), 1)
    , m_optimizer(config.optimizer, config.learningRate)
    , m_negativeRng(config.seed ^ 0x6e656761ULL)
{
    if (config.threads > 1)
        m_team = std::make_unique<WorkerTeam>(config.threads);
    if (config.useSideFeatures) {
        if (data.itemFeatures.rows() == static_cast<Index>(data.itemCount))
            m_itemFeatureCount = data.itemFeatures.cols();
        if (data.userFeatures.rows() == static_cast<Index>(data.userCount))
            m_userFeatureCount = data.userFeatures.cols();
        m_config.useSideFeatures = m_itemFeatureCount + m_userFeatureCount > 0; // as the snapshot says
    }
    Rng rng(config.seed);
    for (SparseTable* t : { &m_input, &m_output })
        for (Index k = 0; k < t->value.size(); ++k)
            t->value.data()[k] = static_cast<float>(rng.normal() * config.initStd);
    std::vector<int> sizes { config.dimension + static_cast<int>(m_itemFeatureCount + m_userFeatureCount) };
    sizes.insert(sizes.end(), config.hiddenLayers.begin(), config.hiddenLayers.end());
    sizes.push_back(config.dimension);
    m_tower = DenseStack(sizes, rng);
    // Item biases start at log-popularity, so the untrained model already ranks by popularity.
    std::vector<double> counts(data.itemCount, 0.5);
    for (auto i : data.train.items)
        counts[i] += 1;
    for (std::size_t i = 0; i < data.itemCount; ++i)
        m_bias.value(static_cast<Index>(i), 0) = static_cast<float>(std::log(counts[i]));
    m_referenceLoss = std::log(static_cast<double>(data.itemCount));
    if (usesSampledSoftmax(config, data.itemCount)) {
        const auto samples = static_cast<std::size_t>(config.negativeSamples);
        // word2vec's smoothed unigram: the tail is drawn more often than its share of ratings
        std::vector<double> weights(data.itemCount);
        for (std::size_t i = 0; i < data.itemCount; ++i)
            weights[i] = std::pow(counts[i] + 0.5, 0.75);
        m_proposal = AliasSampler(weights);
        m_logExpectedCount.resize(data.itemCount);
        for (std::size_t i = 0; i < data.itemCount; ++i)
            m_logExpectedCount[i] = static_cast<float>(
                std::log(static_cast<double>(samples) * m_proposal.probability(i)));
        m_negatives.resize(samples);
        drawNegatives(m_negatives, m_columnsOf);
    }
}

bool SoftmaxModel::isHistoryHidden(std::uint32_t user) const
{
    if (m_userFeatureCount == 0)
        return false;
    const std::uint64_t h = mix(m_config.seed ^ 0x68696465ULL ^ (static_cast<std::uint64_t>(user) << 20)
                                ^ static_cast<std::uint64_t>(m_epoch) * 0x9e3779b97f4a7c15ULL);
    return static_cast<double>(h >> 11) * 0x1.0p-53 < hiddenHistoryShare;
}

void SoftmaxModel::beginEpoch(int epoch)
{
    m_epoch = epoch;
    std::vector<std::uint32_t> users(m_data.userCount);
    std::iota(users.begin(), users.end(), 0u);
    fisherYates(std::span(users), m_orderRng);
    const std::size_t groupSize = 4 * static_cast<std::size_t>(std::max(1, m_config.batchSize));
    m_epochOrder.clear();
    m_epochOrder.reserve(m_data.train.size());
    std::size_t groupStart = 0;
    for (std::uint32_t u : users) {
        for (std::size_t r : m_rowsOfUser.of(u))
            m_epochOrder.push_back(static_cast<std::uint32_t>(r));
        if (m_epochOrder.size() - groupStart >= groupSize) {
            fisherYates(std::span(m_epochOrder).subspan(groupStart), m_orderRng);
            groupStart = m_epochOrder.size();
        }
    }
    fisherYates(std::span(m_epochOrder).subspan(groupStart), m_orderRng);
}

void SoftmaxModel::drawNegatives(std::vector<std::uint32_t>& into,
                                 std::vector<std::pair<std::uint32_t, Index>>& columnsOf)
{
    into.resize(m_negatives.size());
    for (auto& n : into)
        n = m_proposal.draw(m_negativeRng);
    columnsOf.clear();
    for (std::size_t s = 0; s < into.size(); ++s)
        columnsOf.emplace_back(into[s], static_cast<Index>(s));
    std::sort(columnsOf.begin(), columnsOf.end());
}

void SoftmaxModel::gather(std::span<const std::uint32_t> items, Gathered& into, std::size_t owners,
                          std::size_t owner) const
{
    const Index d = m_input.cols();
    // Random rows of V, their biases and log-Q terms: ask for them 8 draws ahead so the misses overlap.
    constexpr std::size_t ahead = 8;
    for (std::size_t s = 0; s < items.size(); ++s) {
        if (s + ahead < items.size()) {
            if (const std::uint32_t next = items[s + ahead]; isOwnedBy(next, owners, owner)) {
                sgd::prefetch(m_output.value.row(next).data(), d * Index(sizeof(float)));
                __builtin_prefetch(&m_bias.value(next, 0));
                __builtin_prefetch(&m_logExpectedCount[next]);
            }
        }
        if (const std::uint32_t item = items[s]; isOwnedBy(item, owners, owner)) {
            into.rows.row(static_cast<Index>(s)) = m_output.value.row(item);
            into.offset(static_cast<Index>(s)) = m_bias.value(item, 0) - m_logExpectedCount[item];
        }
    }
}

std::vector<SparseTable*> SoftmaxModel::trainableTables()
{
    // The caller may write the tables: copies of their rows are stale from here on.
    m_gathered.isValid = false;
    m_nextGathered.isValid = false;
    std::vector<SparseTable*> all { &m_input, &m_output, &m_bias };
    for (SparseTable* t : m_tower.tables())
        all.push_back(t);
    return all;
}

RowMatrixXf SoftmaxModel::queryInputs(std::span<const std::uint32_t> examples) const
{
    const Index d = m_input.cols(), g = m_itemFeatureCount, f = m_userFeatureCount;
    RowMatrixXf x = RowMatrixXf::Zero(static_cast<Index>(examples.size()), d + g + f);
    std::unordered_map<std::uint32_t, RowVectorXf> sums; // a batch holds few users: sum each once
    for (std::size_t e = 0; e < examples.size(); ++e) {
        const std::uint32_t u = m_data.train.users[examples[e]], target = m_data.train.items[examples[e]];
        auto row = x.row(static_cast<Index>(e));
        if (f > 0)
            row.tail(f) = m_data.userFeatures.row(u);
        const auto items = m_byUser.items(u);
        if (items.size() < 2 || isHistoryHidden(u))
            continue;
        auto [sum, inserted] = sums.try_emplace(u, RowVectorXf::Zero(d + g));
        if (inserted) {
            for (std::uint32_t j : items) {
                sum->second.head(d) += m_input.value.row(j);
                if (g > 0)
                    sum->second.tail(g) += m_data.itemFeatures.row(j);
            }
        }
        const float share = 1.0f / static_cast<float>(items.size() - 1);
        row.head(d) = (sum->second.head(d) - m_input.value.row(target)) * share;
        if (g > 0)
            row.segment(d, g) = (sum->second.tail(g) - m_data.itemFeatures.row(target)) * share;
    }
    return x;
}

void SoftmaxModel::beginPass(std::span<const std::uint32_t> examples, std::size_t slices)
{
    const Index d = m_input.cols();
    const auto b = static_cast<Index>(examples.size());
    Step& step = m_step;
    // The candidate rows: every item, or this batch's negatives gathered into one block (on one
    // thread here unless the previous threaded batch gathered them).
    if (isSampled() && !m_gathered.isValid) {
        m_gathered.rows.resize(static_cast<Index>(m_negatives.size()), d);
        m_gathered.offset.resize(static_cast<Index>(m_negatives.size()));
        gather(m_negatives, m_gathered, 1, 0);
    }
    m_gathered.isValid = false; // used once: the step after this changes V
    step.offset = isSampled() ? m_gathered.offset : RowVectorXf(m_bias.value.col(0).transpose());
    step.psi.resize(b, d);
    step.gradX.resize(b, m_tower.inputSize());
    step.targetGradient = VectorXf::Zero(b);
    step.gradCandidates.resize(slices);
    step.gradBias.resize(slices);
    step.loss.assign(slices, 0.0);
    m_passes.resize(slices);
}

void SoftmaxModel::groupUsers(std::span<const std::uint32_t> examples)
{
    Step& step = m_step;
    step.sharedBy.assign(examples.size(), 0.0f);
    step.userOf.assign(examples.size(), -1);
    step.users.clear();
    for (std::size_t e = 0; e < examples.size(); ++e) {
        const std::uint32_t u = m_data.train.users[examples[e]];
        const std::size_t n = m_byUser.count(u);
        if (n < 2 || isHistoryHidden(u))
            continue;
        step.sharedBy[e] = static_cast<float>(n - 1);
        step.users.push_back(u);
    }
    std::sort(step.users.begin(), step.users.end()); // fixed order: identical float sums on every run
    step.users.erase(std::unique(step.users.begin(), step.users.end()), step.users.end());
    for (std::size_t e = 0; e < examples.size(); ++e)
        if (step.sharedBy[e] > 0)
            step.userOf[e] = std::lower_bound(step.users.begin(), step.users.end(), m_data.train.users[examples[e]])
                - step.users.begin();
}

// Rows of the batch are independent up to the shared gradients (candidates, tower): each slice
// takes its rows from the query through the tower's backward pass, and the slices' partial
// gradients are summed in slice order where they are scattered.
void SoftmaxModel::passSlice(std::span<const std::uint32_t> examples, float scale, std::size_t t)
{
    const Index d = m_input.cols();
    const auto b = static_cast<Index>(examples.size());
    const bool sampled = isSampled();
    Step& step = m_step;
    const std::size_t slices = step.loss.size();
    auto targetOf = [&](Index e) { return m_data.train.items[examples[static_cast<std::size_t>(e)]]; };
    const RowMatrixXf& candidates = sampled ? m_gathered.rows : m_output.value;
    const Index columns = candidates.rows();

    const auto first = static_cast<Index>(static_cast<std::size_t>(b) * t / slices);
    const auto n = static_cast<Index>(static_cast<std::size_t>(b) * (t + 1) / slices) - first;
    DenseStack::Pass& pass = m_passes[t];
    const RowMatrixXf& psi = m_tower.forward(
        queryInputs(examples.subspan(static_cast<std::size_t>(first), static_cast<std::size_t>(n))), pass);
    step.psi.middleRows(first, n) = psi;
    RowMatrixXf logits(n, columns); // then ∂loss/∂logits, scaled
    logits.noalias() = psi * candidates.transpose();
    double loss = 0;
    for (Index k = 0; k < n; ++k) {
        const Index e = first + k;
        const std::uint32_t target = targetOf(e);
        auto row = logits.row(k);
        row += step.offset;
        float targetLogit = 0;
        if (sampled) {
            targetLogit = psi.row(k).dot(m_output.value.row(target)) + m_bias.value(target, 0)
                - m_logExpectedCount[target];
            auto it = std::lower_bound(m_columnsOf.begin(), m_columnsOf.end(),
                                       std::pair<std::uint32_t, Index>(target, 0));
            for (; it != m_columnsOf.end() && it->first == target; ++it)
                row(it->second) = -std::numeric_limits<float>::infinity(); // accidental hit
        } else {
            targetLogit = row(target);
        }
        const float top = std::max(row.maxCoeff(), targetLogit);
        row.array() = (row.array() - top).exp();
        const float targetExp = std::exp(targetLogit - top);
        const float sum = row.sum() + (sampled ? targetExp : 0.0f);
        loss += std::log(static_cast<double>(sum)) - static_cast<double>(targetLogit - top);
        row *= scale / sum; // softmax, scaled: each row is still in cache, one pass instead of two
        if (sampled)
            step.targetGradient(e) = (targetExp / sum - 1.0f) * scale;
        else
            row(target) -= scale; // ∂loss/∂logits
    }
    step.loss[t] = loss;
    step.gradCandidates[t].noalias() = logits.transpose() * psi;
    step.gradBias[t] = sumOfRows(logits);
    RowMatrixXf gradPsi(n, d);
    gradPsi.noalias() = logits * candidates;
    if (sampled)
        for (Index k = 0; k < n; ++k)
            gradPsi.row(k) += step.targetGradient(first + k) * m_output.value.row(targetOf(first + k));
    step.gradX.middleRows(first, n) = m_tower.backward(gradPsi, pass);
}

void SoftmaxModel::scatter(std::span<const std::uint32_t> examples, float scale, std::size_t owners, std::size_t owner,
                           std::array<std::vector<Index>, 3>* touched)
{
    const Index d = m_input.cols();
    const auto b = static_cast<Index>(examples.size());
    const Step& step = m_step;
    const std::size_t slices = step.gradCandidates.size();
    const float reg = static_cast<float>(m_config.regularization) * scale;
    auto mine = [&](std::uint32_t row) { return isOwnedBy(row, owners, owner); };
    auto gradientOf = [&](SparseTable& table, std::size_t k, std::uint32_t row) {
        return touched ? table.gradient(row, (*touched)[k]) : table.gradient(row);
    };
    auto targetOf = [&](Index e) { return m_data.train.items[examples[static_cast<std::size_t>(e)]]; };
    RowVectorXf sum(d);
    // Candidate column c's gradient, summed over the slices in slice order, into the rows of V and b.
    auto addCandidate = [&](std::uint32_t item, Index c) {
        Eigen::Map<RowVectorXf> row(gradientOf(m_output, 1, item), d);
        float bias = step.gradBias[0](c);
        if (slices == 1) {
            row += step.gradCandidates[0].row(c);
        } else {
            sum = step.gradCandidates[0].row(c);
            for (std::size_t t = 1; t < slices; ++t) {
                sum += step.gradCandidates[t].row(c);
                bias += step.gradBias[t](c);
            }
            row += sum;
        }
        *gradientOf(m_bias, 2, item) += bias;
    };
    if (isSampled()) {
        for (std::size_t s = 0; s < m_negatives.size(); ++s)
            if (mine(m_negatives[s]))
                addCandidate(m_negatives[s], static_cast<Index>(s));
        for (Index e = 0; e < b; ++e)
            if (const std::uint32_t target = targetOf(e); mine(target)) {
                Eigen::Map<RowVectorXf>(gradientOf(m_output, 1, target), d) += step.targetGradient(e) * step.psi.row(e);
                *gradientOf(m_bias, 2, target) += step.targetGradient(e);
            }
    } else if (owners == 1 && !touched && slices == 1) {
        m_output.touchAll();
        Eigen::Map<RowMatrixXf>(m_output.gradient(0), m_output.rows(), d) += step.gradCandidates[0];
        m_bias.touchAll();
        Eigen::Map<RowVectorXf>(m_bias.gradient(0), m_bias.rows()) += step.gradBias[0];
    } else {
        for (std::uint32_t i = 0; i < m_data.itemCount; ++i)
            if (mine(i))
                addCandidate(i, i);
    }
    for (Index e = 0; e < b; ++e)
        if (const std::uint32_t target = targetOf(e); mine(target))
            Eigen::Map<RowVectorXf>(gradientOf(m_output, 1, target), d) += reg * m_output.value.row(target);
    // The input embedding: −share at the held-out target, +the user's sum at each of their items.
    // Every thread sums the users' gradients (B×d adds) rather than wait for one to do it.
    for (Index e = 0; e < b; ++e)
        if (const float n = step.sharedBy[static_cast<std::size_t>(e)]; n > 0 && mine(targetOf(e)))
            Eigen::Map<RowVectorXf>(gradientOf(m_input, 0, targetOf(e)), d) -= gradX(step, e).head(d) / n;
    if (m_userGradients.size() <= owner)
        m_userGradients.resize(owner + 1);
    RowMatrixXf& userGradients = m_userGradients[owner];
    userGradients.setZero(static_cast<Index>(step.users.size()), d);
    for (Index e = 0; e < b; ++e)
        if (const std::ptrdiff_t k = step.userOf[static_cast<std::size_t>(e)]; k >= 0)
            userGradients.row(k) += gradX(step, e).head(d) / step.sharedBy[static_cast<std::size_t>(e)];
    for (std::size_t k = 0; k < step.users.size(); ++k)
        for (std::uint32_t j : m_byUser.items(step.users[k]))
            if (mine(j))
                Eigen::Map<RowVectorXf>(gradientOf(m_input, 0, j), d) += userGradients.row(static_cast<Index>(k));
}

void SoftmaxModel::addTowerGradients(float scale, std::size_t examples)
{
    for (const DenseStack::Pass& pass : m_passes)
        m_tower.addGradients(pass);
    m_tower.addWeightDecay(static_cast<float>(m_config.regularization) * scale * static_cast<float>(examples));
}

double SoftmaxModel::accumulateGradients(std::span<const std::uint32_t> examples, float scale)
{
    beginPass(examples, 1);
    groupUsers(examples);
    passSlice(examples, scale, 0);
    addTowerGradients(scale, examples.size());
    scatter(examples, scale, 1, 0, nullptr);
    return m_step.loss[0];
}

double SoftmaxModel::exactLoss(std::span<const std::uint32_t> examples) const
{
    const Eigen::MatrixXd psi = m_tower.evaluateDouble(queryInputs(examples).cast<double>());
    const Eigen::MatrixXd output = m_output.value.cast<double>();
    const Eigen::VectorXd bias = m_bias.value.col(0).cast<double>();
    const double reg = m_config.regularization;
    double loss = 0.5 * reg * static_cast<double>(examples.size()) * m_tower.weightSquaredNorm();
    for (std::size_t e = 0; e < examples.size(); ++e) {
        const std::uint32_t target = m_data.train.items[examples[e]];
        const auto query = psi.row(static_cast<Index>(e));
        auto logit = [&](std::uint32_t i) {
            return query.dot(output.row(i)) + bias(i) - (isSampled() ? double(m_logExpectedCount[i]) : 0.0);
        };
        std::vector<double> candidates { logit(target) }; // the target first
        if (isSampled()) {
            for (std::uint32_t n : m_negatives)
                if (n != target)
                    candidates.push_back(logit(n));
        } else {
            for (std::uint32_t i = 0; i < m_data.itemCount; ++i)
                if (i != target)
                    candidates.push_back(logit(i));
        }
        const double top = *std::max_element(candidates.begin(), candidates.end());
        double sum = 0;
        for (double c : candidates)
            sum += std::exp(c - top);
        loss += top + std::log(sum) - candidates.front();
        loss += 0.5 * reg * output.row(target).squaredNorm();
    }
    return loss;
}

double SoftmaxModel::validationLoss(const RatingsTable& validation) const
{
    if (validation.empty())
        return std::nan("");
    // Every held-out rating costs items × d: past maxValidationLossRows, evenly spaced ones stand
    // for the rest (a 10% holdout of 25M ratings would otherwise take minutes an epoch).
    const std::size_t rows = std::min(validation.size(), maxValidationLossRows);
    auto rowAt = [&](std::size_t k) { return k * validation.size() / rows; };
    const Index d = m_input.cols();
    constexpr std::size_t chunk = 512;
    double loss = 0;
    for (std::size_t start = 0; start < rows; start += chunk) {
        const std::size_t count = std::min(chunk, rows - start);
        const Index g = m_itemFeatureCount, f = m_userFeatureCount;
        RowMatrixXf x = RowMatrixXf::Zero(static_cast<Index>(count), d + g + f);
        for (std::size_t e = 0; e < count; ++e) {
            const std::uint32_t u = validation.users[rowAt(start + e)];
            auto row = x.row(static_cast<Index>(e));
            const auto items = m_byUser.items(u);
            for (std::uint32_t j : items) {
                row.head(d) += m_input.value.row(j);
                if (g > 0)
                    row.segment(d, g) += m_data.itemFeatures.row(j);
            }
            if (!items.empty())
                row.head(d + g) /= static_cast<float>(items.size());
            if (f > 0)
                row.tail(f) = m_data.userFeatures.row(u);
        }
        RowMatrixXf logits = m_tower.evaluate(x) * m_output.value.transpose();
        logits.rowwise() += m_bias.value.col(0).transpose();
        for (std::size_t e = 0; e < count; ++e) {
            const auto row = logits.row(static_cast<Index>(e));
            const float top = row.maxCoeff();
            loss += top + std::log(static_cast<double>((row.array() - top).exp().sum()))
                - row(validation.items[rowAt(start + e)]);
        }
    }
    return loss / static_cast<double>(rows);
}

BatchResult SoftmaxModel::trainBatch(std::span<const std::uint32_t> positions)
{
    if (m_epochOrder.size() != m_data.train.size())
        beginEpoch(1); // trained without the trainer's epoch loop
    std::vector<std::uint32_t> examples(positions.size());
    for (std::size_t e = 0; e < positions.size(); ++e)
        examples[e] = m_epochOrder[positions[e]];
    if (m_hasNextNegatives) { // drawn, and perhaps gathered, by the previous batch
        std::swap(m_negatives, m_nextNegatives);
        std::swap(m_columnsOf, m_nextColumnsOf);
        std::swap(m_gathered, m_nextGathered);
        m_nextGathered.isValid = false;
        m_hasNextNegatives = false;
    } else if (isSampled()) {
        drawNegatives(m_negatives, m_columnsOf);
    }
    const float scale = 1.0f / static_cast<float>(std::max<std::size_t>(1, examples.size()));
    const std::size_t threads = m_team ? static_cast<std::size_t>(m_team->size()) : 1;
    double lossSum = 0;
    if (threads == 1 || examples.size() < 2 * minExamplesPerThread) {
        lossSum = accumulateGradients(examples, scale);
        m_optimizer.beginStep();
        for (SparseTable* t : trainableTables())
            m_optimizer.apply(*t);
    } else {
        // One hand-off a batch, in two phases. First each thread takes a slice through the model
        // (one also draws the next batch's negatives, another groups the batch's users); then each
        // scatters the embedding gradients of the rows it owns, updates them and copies those of
        // them that the next batch draws as negatives. Between the phases nothing runs on one thread.
        const bool drawsAhead = isSampled();
        beginPass(examples, threads);
        if (drawsAhead) {
            m_nextGathered.rows.resize(static_cast<Index>(m_negatives.size()), m_output.cols());
            m_nextGathered.offset.resize(static_cast<Index>(m_negatives.size()));
        }
        m_optimizer.beginStep();
        for (SparseTable* t : { &m_input, &m_output, &m_bias })
            m_optimizer.prepare(*t);
        m_touched.resize(threads);
        m_userGradients.resize(threads);
        TeamBarrier slicesDone(threads);
        m_team->run(threads, [&](std::size_t t) {
            if (t == 0 && drawsAhead)
                drawNegatives(m_nextNegatives, m_nextColumnsOf);
            if (t == threads - 1)
                groupUsers(examples);
            passSlice(examples, scale, t);
            slicesDone.arriveAndWait();
            if (t == 0) { // the tower's gradients and step, beside the embedding rows (nobody else reads it now)
                addTowerGradients(scale, examples.size());
                for (SparseTable* table : m_tower.tables())
                    m_optimizer.apply(*table);
            }
            scatter(examples, scale, threads, t, &m_touched[t]);
            m_optimizer.apply(m_input, m_touched[t][0]);
            m_optimizer.apply(m_output, m_touched[t][1]);
            m_optimizer.apply(m_bias, m_touched[t][2]);
            if (drawsAhead)
                gather(m_nextNegatives, m_nextGathered, threads, t);
        });
        m_hasNextNegatives = drawsAhead;
        m_nextGathered.isValid = drawsAhead;
        for (double loss : m_step.loss)
            lossSum += loss;
    }
    return { lossSum / static_cast<double>(std::max<std::size_t>(1, examples.size())), examples.size() };
}

std::shared_ptr<EmbeddingSnapshot> SoftmaxModel::snapshot(int epoch) const
{
    auto s = std::make_shared<EmbeddingSnapshot>();
    s->modelKind = modelName(ModelKind::Softmax);
    s->epoch = epoch;
    s->hyperparameters = hyperparametersOf(m_config);
    s->parameters = { { "item_embedding", m_output.value },
                      { "input_embedding", m_input.value },
                      { "item_bias", m_bias.value } };
    m_tower.exportTo(*s, "tower_");
    if (m_itemFeatureCount > 0) {
        s->parameters.push_back({ "item_features", m_data.itemFeatures });
        s->hyperparameters["item_feature_encoding"] = m_data.itemFeatureEncoding;
    }
    if (m_userFeatureCount > 0) {
        s->parameters.push_back({ "user_features", m_data.userFeatures });
        s->hyperparameters["user_feature_encoding"] = m_data.userFeatureEncoding;
    }
    return s;
}

} // namespace embex::core
