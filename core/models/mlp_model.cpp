// SPDX-License-Identifier: MIT
#include "core/models/mlp_model.h"

#include "core/models/hyperparameter_text.h"

#include <algorithm>
#include <cmath>

namespace embex::core {
namespace {

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

double MlpModel::accumulateGradients(std::span<const std::uint32_t> examples, float scale)
{
    const Index d = m_users.cols();
    const auto b = static_cast<Index>(examples.size());
    m_input.resize(b, 2 * d);
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
        m_input.row(e).head(d) = m_users.value.row(train.users[r]);
        m_input.row(e).tail(d) = m_items.value.row(train.items[r]);
    }
    const RowMatrixXf& output = m_stack.forward(m_input);
    RowMatrixXf gradOutput(b, 1);
    double lossSum = 0;
    for (Index e = 0; e < b; ++e) {
        const float error = output(e, 0) - m_data.train.ratings[examples[static_cast<std::size_t>(e)]];
        lossSum += 0.5 * static_cast<double>(error) * error;
        gradOutput(e, 0) = error * scale;
    }
    const RowMatrixXf gradInput = m_stack.backward(gradOutput);
    const float reg = static_cast<float>(m_config.regularization) * scale;
    // Without decay on the layers an L2 on the embeddings alone is undone by growing W₀.
    m_stack.addWeightDecay(reg * static_cast<float>(b));
    for (Index e = 0; e < b; ++e) {
        if (e + 8 < b) {
            const std::uint32_t ahead = examples[static_cast<std::size_t>(e + 8)];
            m_users.prefetchGradient(train.users[ahead]);
            m_items.prefetchGradient(train.items[ahead]);
        }
        const std::uint32_t r = examples[static_cast<std::size_t>(e)];
        const std::uint32_t u = m_data.train.users[r], i = m_data.train.items[r];
        Eigen::Map<RowVectorXf>(m_users.gradient(u), d) += gradInput.row(e).head(d) + reg * m_users.value.row(u);
        Eigen::Map<RowVectorXf>(m_items.gradient(i), d) += gradInput.row(e).tail(d) + reg * m_items.value.row(i);
    }
    return lossSum;
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
    const double lossSum = accumulateGradients(examples, 1.0f / static_cast<float>(std::max<std::size_t>(1, examples.size())));
    m_optimizer.beginStep();
    m_optimizer.apply(m_users);
    m_optimizer.apply(m_items);
    m_stack.apply(m_optimizer);
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
    s->modelKind = "mlp";
    s->epoch = epoch;
    s->hyperparameters = hyperparametersOf(m_config);
    s->parameters = { { "item_embedding", m_items.value }, { "user_embedding", m_users.value } };
    m_stack.exportTo(*s, "mlp_");
    return s;
}

} // namespace embex::core
