// SPDX-License-Identifier: MIT
#include "core/models/mlp_model.h"

#include "core/models/model_registry.h"

#include "core/models/hyperparameter_text.h"

#include <algorithm>
#include <cmath>

namespace embex::core {
namespace {

    // A call trains batches worth about this many examples when a team trains them.
    constexpr std::size_t examplesPerHandOff = 4096;

    // Below this a thread's slice costs less than waking it (tens of microseconds).
    constexpr std::size_t minExamplesPerThread = 128;

    /// Rows go to threads 64 at a time: neighbouring rows share cache lines (a row of d = 8
    /// floats is half of one, a row's slot a 16th), and two writers of one line stall each other.
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
    , m_userSlot(data.userCount, -1)
    , m_itemSlot(data.itemCount, -1)
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

void MlpModel::forwardBackward(std::span<const std::uint32_t> examples, std::size_t first, Slice& slice, float scale,
                               std::size_t owners, std::size_t owner)
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
        const std::uint32_t u = train.users[r], i = train.items[r];
        input.row(e).head(d) = m_users.value.row(u);
        input.row(e).tail(d) = m_items.value.row(i);
        // The step after the layers reads these rows' optimizer state: asked for now, it arrives
        // while the layers compute. Only the rows this thread will step, so no line moves twice.
        if (ownerOf(u, owners) == owner)
            m_users.prefetchState(u);
        if (ownerOf(i, owners) == owner)
            m_items.prefetchState(i);
    }
    const RowMatrixXf& output = m_stack.forward(input, slice.pass);
    RowMatrixXf& gradOutput = slice.gradOutput;
    gradOutput.resize(b, 1);
    slice.loss = 0;
    for (Index e = 0; e < b; ++e) {
        const float error = output(e, 0) - train.ratings[examples[static_cast<std::size_t>(e)]];
        slice.loss += 0.5 * static_cast<double>(error) * error;
        gradOutput(e, 0) = error * scale;
    }
    m_stack.backwardInto(gradOutput, slice.pass, m_gradInput.middleRows(static_cast<Index>(first), b));
}

void MlpModel::scatter(std::span<const std::uint32_t> examples, float reg)
{
    const Index d = m_users.cols();
    const RatingsTable& train = m_data.train;
    for (std::size_t e = 0; e < examples.size(); ++e) {
        const std::uint32_t r = examples[e], u = train.users[r], i = train.items[r];
        const auto row = static_cast<Index>(e);
        Eigen::Map<RowVectorXf>(m_users.gradient(u), d) += m_gradInput.row(row).head(d) + reg * m_users.value.row(u);
        Eigen::Map<RowVectorXf>(m_items.gradient(i), d) += m_gradInput.row(row).tail(d) + reg * m_items.value.row(i);
    }
}

void MlpModel::updateEmbeddings(std::span<const std::uint32_t> examples, float reg, std::size_t owners,
                                std::size_t owner, RowGradients& users, RowGradients& items)
{
    const Index d = m_users.cols();
    const auto b = static_cast<Index>(examples.size());
    const RatingsTable& train = m_data.train;
    // Σ over the row's examples in batch order, the sum the tables' own gradients would hold.
    auto add = [&](const SparseTable& table, std::vector<std::int32_t>& slots, RowGradients& sum, std::uint32_t id,
                   const auto& gradient) {
        std::int32_t& slot = slots[id];
        if (slot < 0) {
            slot = static_cast<std::int32_t>(sum.rows.size());
            sum.rows.push_back(id);
            sum.values.row(slot) = gradient + reg * table.value.row(id);
        } else {
            sum.values.row(slot) += gradient + reg * table.value.row(id);
        }
    };
    for (RowGradients* sum : { &users, &items }) {
        sum->rows.clear();
        if (sum->values.rows() < b)
            sum->values.resize(b, d);
    }
    for (Index e = 0; e < b; ++e) {
        if (e + 8 < b) {
            const std::uint32_t ahead = examples[static_cast<std::size_t>(e + 8)];
            __builtin_prefetch(&m_userSlot[train.users[ahead]], 1);
            __builtin_prefetch(&m_itemSlot[train.items[ahead]], 1);
        }
        const std::uint32_t r = examples[static_cast<std::size_t>(e)];
        const std::uint32_t u = train.users[r], i = train.items[r];
        if (ownerOf(u, owners) == owner)
            add(m_users, m_userSlot, users, u, m_gradInput.row(e).head(d));
        if (ownerOf(i, owners) == owner)
            add(m_items, m_itemSlot, items, i, m_gradInput.row(e).tail(d));
    }
    m_optimizer.apply(m_users, users.rows, users.values);
    m_optimizer.apply(m_items, items.rows, items.values);
    for (Index u : users.rows)
        m_userSlot[static_cast<std::size_t>(u)] = -1;
    for (Index i : items.rows)
        m_itemSlot[static_cast<std::size_t>(i)] = -1;
}

double MlpModel::accumulateGradients(std::span<const std::uint32_t> examples, float scale)
{
    m_slices.resize(1);
    m_gradInput.resize(static_cast<Index>(examples.size()), 2 * m_users.cols());
    forwardBackward(examples, 0, m_slices[0], scale, 1, 0);
    m_stack.addGradients(m_slices[0].pass);
    const float reg = static_cast<float>(m_config.regularization) * scale;
    // Without decay on the layers an L2 on the embeddings alone is undone by growing W₀.
    m_stack.addWeightDecay(reg * static_cast<float>(examples.size()));
    scatter(examples, reg);
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

std::size_t MlpModel::examplesPerCall(std::size_t batchSize) const
{
    // A call takes several batches when a team trains them: its threads then meet at barriers
    // between batches instead of being handed work by the team once a batch.
    const std::size_t batch = std::max<std::size_t>(1, batchSize);
    return m_team && threadsFor(batch) > 1 ? batch * std::max<std::size_t>(1, examplesPerHandOff / batch) : batch;
}

std::size_t MlpModel::threadsFor(std::size_t batch) const
{
    return m_team && batch >= static_cast<std::size_t>(m_team->size()) * minExamplesPerThread
        ? static_cast<std::size_t>(m_team->size())
        : 1;
}

void MlpModel::stepLayers(std::size_t threads, std::size_t batch, float reg)
{
    for (std::size_t t = 0; t < threads; ++t)
        m_stack.addGradients(m_slices[t].pass);
    // Without decay on the layers an L2 on the embeddings alone is undone by growing W₀.
    m_stack.addWeightDecay(reg * static_cast<float>(batch));
    m_stack.apply(m_optimizer);
}

BatchResult MlpModel::trainBatch(std::span<const std::uint32_t> examples)
{
    const std::size_t batchSize = std::max<std::size_t>(1, static_cast<std::size_t>(m_config.batchSize));
    const std::size_t batches = std::max<std::size_t>(1, (examples.size() + batchSize - 1) / batchSize);
    auto batchAt = [&](std::size_t j) {
        const std::size_t first = std::min(examples.size(), j * batchSize);
        return examples.subspan(first, std::min(batchSize, examples.size() - first));
    };
    const std::size_t teamSize = threadsFor(batchSize);
    m_slices.resize(teamSize);
    m_userGradients.resize(teamSize);
    m_itemGradients.resize(teamSize);
    const auto rows = static_cast<Index>(std::min(batchSize, examples.size()));
    if (m_gradInput.rows() < rows || m_gradInput.cols() != 2 * m_users.cols())
        m_gradInput.resize(rows, 2 * m_users.cols());
    m_optimizer.prepare(m_users);
    m_optimizer.prepare(m_items);
    std::vector<double> losses(teamSize, 0.0);
    // Each thread takes a slice of a batch through the layers; once all have, thread 0 steps the
    // layers and every thread sums and steps the embedding rows it owns: no row has two writers,
    // and each row's gradient is summed in batch order whatever the thread count. The next batch
    // starts when every thread has finished this one's steps.
    TeamBarrier barrier(teamSize);
    auto train = [&](std::size_t t) {
        for (std::size_t j = 0; j < batches; ++j) {
            const std::span<const std::uint32_t> batch = batchAt(j);
            const std::size_t b = std::max<std::size_t>(1, batch.size());
            const float scale = 1.0f / static_cast<float>(b);
            const float reg = static_cast<float>(m_config.regularization) * scale;
            const std::size_t threads = threadsFor(batch.size());
            if (t < threads) {
                const std::size_t first = batch.size() * t / threads, last = batch.size() * (t + 1) / threads;
                forwardBackward(batch.subspan(first, last - first), first, m_slices[t], scale, threads, t);
                losses[t] += m_slices[t].loss;
            }
            if (t == 0)
                m_optimizer.beginStep(); // every thread has finished the previous batch's steps
            if (teamSize > 1)
                barrier.arriveAndWait();
            if (t == 0)
                stepLayers(threads, batch.size(), reg);
            if (t < threads)
                updateEmbeddings(batch, reg, threads, t, m_userGradients[t], m_itemGradients[t]);
            if (teamSize > 1 && j + 1 < batches)
                barrier.arriveAndWait();
        }
    };
    if (teamSize == 1)
        train(0);
    else
        m_team->run(teamSize, train);
    double lossSum = 0;
    for (double loss : losses)
        lossSum += loss;
    return { lossSum / static_cast<double>(std::max<std::size_t>(1, examples.size())), examples.size() };
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
