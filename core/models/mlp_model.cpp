// SPDX-License-Identifier: MIT
#include "core/models/mlp_model.h"

#include "core/models/model_registry.h"

#include "core/models/hyperparameter_text.h"

#include <algorithm>
#include <cmath>

namespace embex::core {
namespace {

    // Below this a thread's slice costs less than waking it (tens of microseconds).
    constexpr std::size_t minExamplesPerThread = 128;

    /// Rows go to threads 64 at a time: neighbouring rows share cache lines (a row of d = 8
    /// floats is half of one, a touched flag a 64th), and two writers of one line stall each other.
    std::size_t ownerOf(std::uint32_t id, std::size_t owners)
    {
        return (id / 64) % owners;
    }

    std::vector<int> layerSizes(const TrainConfig& config)
    {
        std::vector<int> sizes { 2 * config.dimension };
        sizes.insert(sizes.end(), config.hiddenLayers.begin(), config.hiddenLayers.end());
        sizes.push_back(1);
        return sizes;
    }

} // namespace

MlpModel::MlpModel(const TrainData& data, const TrainConfig& config)
    : m_data(data)
    , m_config(config)
    , m_users(static_cast<Index>(data.userCount), config.dimension)
    , m_items(static_cast<Index>(data.itemCount), config.dimension)
    , m_optimizer(config.optimizer, config.learningRate)
{
    if (config.threads > 1)
        m_team = std::make_unique<WorkerTeam>(config.threads);
    Rng rng(config.seed);
    for (SparseTable* t : { &m_users, &m_items })
        for (Index k = 0; k < t->value.size(); ++k)
            t->value.data()[k] = static_cast<float>(rng.normal() * config.initStd);
    m_stack = DenseStack(layerSizes(config), rng);
    double sum = 0, sumSquares = 0;
    for (float r : data.train.ratings) {
        sum += r;
        sumSquares += static_cast<double>(r) * r;
    }
    const double n = std::max<double>(1, static_cast<double>(data.train.size()));
    m_stack.setOutputBias(static_cast<float>(sum / n));
    m_referenceLoss = std::max(1e-6, 0.5 * (sumSquares / n - (sum / n) * (sum / n)));
}

std::vector<SparseTable*> MlpModel::trainableTables()
{
    std::vector<SparseTable*> all { &m_users, &m_items };
    for (SparseTable* t : m_stack.tables())
        all.push_back(t);
    return all;
}

void MlpModel::forwardBackward(std::span<const std::uint32_t> examples, std::size_t first, Slice& slice, float scale)
{
    const Index d = m_users.cols();
    const auto b = static_cast<Index>(examples.size());
    RowMatrixXf& input = slice.input;
    input.resize(b, 2 * d);
    const RatingsTable& train = m_data.train;
    // Shuffled examples are random reads: a rating's three columns, then its two rows. Ask for
    // the columns 16 examples ahead and the rows 8 ahead (their ids have arrived by then), so
    // the misses overlap instead of queueing.
    auto prefetchColumns = [&](Index e) {
        const std::uint32_t r = examples[static_cast<std::size_t>(e)];
        __builtin_prefetch(&train.users[r]);
        __builtin_prefetch(&train.items[r]);
        __builtin_prefetch(&train.ratings[r]);
    };
    for (Index e = 0; e < std::min<Index>(b, 16); ++e)
        prefetchColumns(e);
    for (Index e = 0; e < b; ++e) {
        if (e + 16 < b)
            prefetchColumns(e + 16);
        if (e + 8 < b) {
            const std::uint32_t ahead = examples[static_cast<std::size_t>(e + 8)];
            __builtin_prefetch(m_users.value.row(train.users[ahead]).data());
            __builtin_prefetch(m_items.value.row(train.items[ahead]).data());
        }
        const std::uint32_t r = examples[static_cast<std::size_t>(e)];
        input.row(e).head(d) = m_users.value.row(train.users[r]);
        input.row(e).tail(d) = m_items.value.row(train.items[r]);
    }
    const RowMatrixXf& output = m_stack.forward(input, slice.pass);
    RowMatrixXf gradOutput(b, 1);
    slice.loss = 0;
    for (Index e = 0; e < b; ++e) {
        const float error = output(e, 0) - train.ratings[examples[static_cast<std::size_t>(e)]];
        slice.loss += 0.5 * static_cast<double>(error) * error;
        gradOutput(e, 0) = error * scale;
    }
    m_gradInput.middleRows(static_cast<Index>(first), b) = m_stack.backward(gradOutput, slice.pass);
}

void MlpModel::scatter(std::span<const std::uint32_t> examples, float reg, std::size_t owners, std::size_t owner,
                       std::vector<Index>* touchedUsers, std::vector<Index>* touchedItems)
{
    const Index d = m_users.cols();
    const auto b = static_cast<Index>(examples.size());
    const RatingsTable& train = m_data.train;
    auto row = [&](SparseTable& table, std::vector<Index>* touched, std::uint32_t id) {
        return touched ? table.gradient(id, *touched) : table.gradient(id);
    };
    for (Index e = 0; e < b; ++e) {
        if (e + 8 < b) {
            const std::uint32_t ahead = examples[static_cast<std::size_t>(e + 8)];
            m_users.prefetchGradient(train.users[ahead]);
            m_items.prefetchGradient(train.items[ahead]);
        }
        const std::uint32_t r = examples[static_cast<std::size_t>(e)];
        const std::uint32_t u = train.users[r], i = train.items[r];
        if (ownerOf(u, owners) == owner)
            Eigen::Map<RowVectorXf>(row(m_users, touchedUsers, u), d) += m_gradInput.row(e).head(d)
                + reg * m_users.value.row(u);
        if (ownerOf(i, owners) == owner)
            Eigen::Map<RowVectorXf>(row(m_items, touchedItems, i), d) += m_gradInput.row(e).tail(d)
                + reg * m_items.value.row(i);
    }
}

double MlpModel::accumulateGradients(std::span<const std::uint32_t> examples, float scale)
{
    m_slices.resize(1);
    m_gradInput.resize(static_cast<Index>(examples.size()), 2 * m_users.cols());
    forwardBackward(examples, 0, m_slices[0], scale);
    m_stack.addGradients(m_slices[0].pass);
    const float reg = static_cast<float>(m_config.regularization) * scale;
    // Without decay on the layers an L2 on the embeddings alone is undone by growing W₀.
    m_stack.addWeightDecay(reg * static_cast<float>(examples.size()));
    scatter(examples, reg, 1, 0, nullptr, nullptr);
    return m_slices[0].loss;
}

double MlpModel::exactLoss(std::span<const std::uint32_t> examples) const
{
    const Index d = m_users.cols();
    const auto b = static_cast<Index>(examples.size());
    Eigen::MatrixXd input(b, 2 * d);
    double loss = 0;
    const double reg = m_config.regularization;
    for (Index e = 0; e < b; ++e) {
        const std::uint32_t r = examples[static_cast<std::size_t>(e)];
        const std::uint32_t u = m_data.train.users[r], i = m_data.train.items[r];
        input.row(e).head(d) = m_users.value.row(u).cast<double>();
        input.row(e).tail(d) = m_items.value.row(i).cast<double>();
        loss += 0.5 * reg * (input.row(e).squaredNorm());
    }
    const Eigen::MatrixXd output = m_stack.evaluateDouble(input);
    loss += 0.5 * reg * static_cast<double>(b) * m_stack.weightSquaredNorm();
    for (Index e = 0; e < b; ++e) {
        const double error = output(e, 0) - m_data.train.ratings[examples[static_cast<std::size_t>(e)]];
        loss += 0.5 * error * error;
    }
    return loss;
}

BatchResult MlpModel::trainBatch(std::span<const std::uint32_t> examples)
{
    const std::size_t b = std::max<std::size_t>(1, examples.size());
    const float scale = 1.0f / static_cast<float>(b);
    const std::size_t threads = m_team ? static_cast<std::size_t>(m_team->size()) : 1;
    if (threads == 1 || examples.size() < threads * minExamplesPerThread) {
        const double lossSum = accumulateGradients(examples, scale);
        m_optimizer.beginStep();
        m_optimizer.apply(m_users);
        m_optimizer.apply(m_items);
        m_stack.apply(m_optimizer);
        return { lossSum / static_cast<double>(b), examples.size() };
    }
    // Threads take a slice of the batch each through the layers, then each scatters and
    // updates the embedding rows it owns (id % threads): no row has two writers.
    m_slices.resize(threads);
    m_gradInput.resize(static_cast<Index>(examples.size()), 2 * m_users.cols());
    m_team->run(threads, [&](std::size_t t) {
        const std::size_t first = examples.size() * t / threads, last = examples.size() * (t + 1) / threads;
        forwardBackward(examples.subspan(first, last - first), first, m_slices[t], scale);
    });
    double lossSum = 0;
    for (const Slice& slice : m_slices)
        lossSum += slice.loss;
    const float reg = static_cast<float>(m_config.regularization) * scale;
    m_optimizer.beginStep();
    m_optimizer.prepare(m_users);
    m_optimizer.prepare(m_items);
    m_touchedUsers.resize(threads);
    m_touchedItems.resize(threads);
    m_team->run(threads, [&](std::size_t t) {
        if (t == 0) { // the layers' gradients and step, beside the embedding rows (nobody else reads them now)
            for (const Slice& slice : m_slices)
                m_stack.addGradients(slice.pass);
            m_stack.addWeightDecay(reg * static_cast<float>(examples.size()));
            m_stack.apply(m_optimizer);
        }
        scatter(examples, reg, threads, t, &m_touchedUsers[t], &m_touchedItems[t]);
        m_optimizer.apply(m_users, m_touchedUsers[t]);
        m_optimizer.apply(m_items, m_touchedItems[t]);
    });
    return { lossSum / static_cast<double>(b), examples.size() };
}

float MlpModel::predict(std::uint32_t user, std::uint32_t item) const
{
    const Index d = m_users.cols();
    RowMatrixXf input(1, 2 * d);
    input.row(0).head(d) = m_users.value.row(user);
    input.row(0).tail(d) = m_items.value.row(item);
    return m_stack.evaluate(input)(0, 0);
}

std::shared_ptr<EmbeddingSnapshot> MlpModel::snapshot(int epoch) const
{
    auto s = std::make_shared<EmbeddingSnapshot>();
    s->modelKind = modelName(ModelKind::Mlp);
    s->epoch = epoch;
    s->hyperparameters = hyperparametersOf(m_config);
    s->parameters = { { "item_embedding", m_items.value }, { "user_embedding", m_users.value } };
    m_stack.exportTo(*s, "mlp_");
    return s;
}

} // namespace embex::core
