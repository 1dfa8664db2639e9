// SPDX-License-Identifier: MIT
#include "core/models/softmax_model.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace embex::core {

SoftmaxModel::SoftmaxModel(const TrainData& data, const TrainConfig& config)
    : m_data(data)
    , m_config(config)
    , m_byUser(data.train, data.userCount)
    , m_input(static_cast<Index>(data.itemCount), config.dimension)
    , m_output(static_cast<Index>(data.itemCount), config.dimension)
    , m_bias(static_cast<Index>(data.itemCount), 1)
    , m_optimizer(config.optimizer, config.learningRate)
{
    Rng rng(config.seed);
    for (SparseTable* t : { &m_input, &m_output })
        for (Index k = 0; k < t->value.size(); ++k)
            t->value.data()[k] = static_cast<float>(rng.normal() * config.initStd);
    std::vector<int> sizes { config.dimension };
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
}

std::vector<SparseTable*> SoftmaxModel::trainableTables()
{
    std::vector<SparseTable*> all { &m_input, &m_output, &m_bias };
    for (SparseTable* t : m_tower.tables())
        all.push_back(t);
    return all;
}

RowMatrixXf SoftmaxModel::queryInputs(std::span<const std::uint32_t> examples) const
{
    const Index d = m_input.cols();
    RowMatrixXf x = RowMatrixXf::Zero(static_cast<Index>(examples.size()), d);
    for (std::size_t e = 0; e < examples.size(); ++e) {
        const std::uint32_t u = m_data.train.users[examples[e]], target = m_data.train.items[examples[e]];
        const auto items = m_byUser.items(u);
        if (items.size() < 2)
            continue;
        for (std::uint32_t j : items)
            x.row(static_cast<Index>(e)) += m_input.value.row(j);
        x.row(static_cast<Index>(e)) -= m_input.value.row(target);
        x.row(static_cast<Index>(e)) /= static_cast<float>(items.size() - 1);
    }
    return x;
}

double SoftmaxModel::accumulateGradients(std::span<const std::uint32_t> examples, float scale)
{
    const Index d = m_input.cols();
    const auto b = static_cast<Index>(examples.size());
    const RowMatrixXf& psi = m_tower.forward(queryInputs(examples));
    RowMatrixXf logits = psi * m_output.value.transpose(); // B×items
    logits.rowwise() += m_bias.value.col(0).transpose();
    double lossSum = 0;
    for (Index e = 0; e < b; ++e) {
        const std::uint32_t target = m_data.train.items[examples[static_cast<std::size_t>(e)]];
        auto row = logits.row(e);
        const float top = row.maxCoeff();
        row.array() = (row.array() - top).exp();
        const float sum = row.sum();
        lossSum += std::log(static_cast<double>(sum)) - std::log(static_cast<double>(row(target)));
        row /= sum;          // softmax
        row(target) -= 1.0f; // ∂loss/∂logits
    }
    logits *= scale;
    const float reg = static_cast<float>(m_config.regularization) * scale;
    m_output.touchAll();
    Eigen::Map<RowMatrixXf>(m_output.gradient(0), m_output.rows(), d).noalias() += logits.transpose() * psi;
    m_bias.touchAll();
    Eigen::Map<VectorXf>(m_bias.gradient(0), m_bias.rows()) += logits.colwise().sum().transpose();
    for (Index e = 0; e < b; ++e) {
        const std::uint32_t target = m_data.train.items[examples[static_cast<std::size_t>(e)]];
        Eigen::Map<RowVectorXf>(m_output.gradient(target), d) += reg * m_output.value.row(target);
    }
    const RowMatrixXf gradPsi = logits * m_output.value;
    const RowMatrixXf gradX = m_tower.backward(gradPsi);
    m_tower.addWeightDecay(reg * static_cast<float>(b));
    // Each example's input is a mean over the user's other items: collect per user, then spread.
    std::unordered_map<std::uint32_t, RowVectorXf> perUser;
    for (Index e = 0; e < b; ++e) {
        const std::uint32_t r = examples[static_cast<std::size_t>(e)];
        const std::uint32_t u = m_data.train.users[r], target = m_data.train.items[r];
        const std::size_t n = m_byUser.count(u);
        if (n < 2)
            continue;
        const RowVectorXf share = gradX.row(e) / static_cast<float>(n - 1);
        auto [it, inserted] = perUser.try_emplace(u, RowVectorXf::Zero(d));
        it->second += share;
        Eigen::Map<RowVectorXf>(m_input.gradient(target), d) -= share;
    }
    std::vector<std::uint32_t> users;
    for (const auto& entry : perUser)
        users.push_back(entry.first);
    std::sort(users.begin(), users.end()); // fixed order: identical float sums on every run
    for (std::uint32_t u : users)
        for (std::uint32_t j : m_byUser.items(u))
            Eigen::Map<RowVectorXf>(m_input.gradient(j), d) += perUser[u];
    return lossSum;
}

double SoftmaxModel::exactLoss(std::span<const std::uint32_t> examples) const
{
    const Eigen::MatrixXd psi = m_tower.evaluateDouble(queryInputs(examples).cast<double>());
    Eigen::MatrixXd logits = psi * m_output.value.cast<double>().transpose();
    logits.rowwise() += m_bias.value.col(0).cast<double>().transpose();
    const double reg = m_config.regularization;
    double loss = 0.5 * reg * static_cast<double>(examples.size()) * m_tower.weightSquaredNorm();
    for (std::size_t e = 0; e < examples.size(); ++e) {
        const std::uint32_t target = m_data.train.items[examples[e]];
        const auto row = logits.row(static_cast<Index>(e));
        const double top = row.maxCoeff();
        loss += top + std::log((row.array() - top).exp().sum()) - row(target);
        loss += 0.5 * reg * m_output.value.row(target).cast<double>().squaredNorm();
    }
    return loss;
}

BatchResult SoftmaxModel::trainBatch(std::span<const std::uint32_t> examples)
{
    const double lossSum = accumulateGradients(examples, 1.0f / static_cast<float>(std::max<std::size_t>(1, examples.size())));
    m_optimizer.beginStep();
    for (SparseTable* t : trainableTables())
        m_optimizer.apply(*t);
    return { lossSum / static_cast<double>(std::max<std::size_t>(1, examples.size())), examples.size() };
}

std::shared_ptr<EmbeddingSnapshot> SoftmaxModel::snapshot(int epoch) const
{
    auto s = std::make_shared<EmbeddingSnapshot>();
    s->modelKind = "softmax";
    s->epoch = epoch;
    s->hyperparameters = hyperparametersOf(m_config);
    s->parameters = { { "item_embedding", m_output.value }, { "input_embedding", m_input.value },
        { "item_bias", m_bias.value } };
    m_tower.exportTo(*s, "tower_");
    return s;
}

} // namespace embex::core
