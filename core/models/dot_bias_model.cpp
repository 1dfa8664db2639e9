// SPDX-License-Identifier: MIT
#include "core/models/dot_bias_model.h"

#include "core/models/hyperparameter_text.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace embex::core {
namespace {

    void initNormal(RowMatrixXf& m, Rng& rng, double std)
    {
        for (Index r = 0; r < m.rows(); ++r)
            for (Index c = 0; c < m.cols(); ++c)
                m(r, c) = static_cast<float>(rng.normal() * std);
    }

    inline float dot(const float* a, const float* b, Index d)
    {
        return Eigen::Map<const VectorXf>(a, d).dot(Eigen::Map<const VectorXf>(b, d));
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
{
    Rng rng(config.seed);
    initNormal(m_users.value, rng, config.initStd);
    initNormal(m_items.value, rng, config.initStd);

    double sum = 0, sumSquares = 0;
    for (float r : data.train.ratings) {
        sum += r;
        sumSquares += static_cast<double>(r) * r;
    }
    const double n = std::max<double>(1, static_cast<double>(data.train.size()));
    const double mean = sum / n;
    m_referenceLoss = std::max(1e-6, 0.5 * (sumSquares / n - mean * mean));
    if (config.ySquash) {
        m_lo = data.ratingMin - 0.5f;
        m_span = (data.ratingMax + 0.5f) - m_lo;
        const double fraction = std::clamp((mean - m_lo) / m_span, 0.01, 0.99);
        m_mu = static_cast<float>(std::log(fraction / (1 - fraction)));
    } else {
        m_mu = static_cast<float>(mean);
    }
}

float DotBiasModel::forward(std::uint32_t user, std::uint32_t item, float* prediction) const
{
    const Index d = m_users.cols();
    const float z = m_mu + m_userBias.value(user, 0) + m_itemBias.value(item, 0)
        + dot(m_users.value.row(user).data(), m_items.value.row(item).data(), d);
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
}

float DotBiasModel::predict(std::uint32_t user, std::uint32_t item) const
{
    float prediction = 0;
    forward(user, item, &prediction);
    return prediction;
}

BatchResult DotBiasModel::trainBatch(std::span<const std::uint32_t> examples)
{
    const double lossSum = m_optimizer.kind() == RowOptimizer::Kind::Sgd ? sgdBatch(examples) : minibatch(examples);
    return { lossSum / static_cast<double>(std::max<std::size_t>(1, examples.size())), examples.size() };
}

double DotBiasModel::sgdBatch(std::span<const std::uint32_t> examples)
{
    const Index d = m_users.cols();
    const float lr = static_cast<float>(m_learningRate);
    const float reg = static_cast<float>(m_config.regularization);
    const float biasReg = static_cast<float>(m_config.regularization * m_config.biasRegularizationFactor);
    const auto* users = m_data.train.users.data();
    const auto* items = m_data.train.items.data();
    const auto* ratings = m_data.train.ratings.data();
    float* P = m_users.value.data();
    float* Q = m_items.value.data();
    float* bu = m_userBias.value.data();
    float* bi = m_itemBias.value.data();
    const auto n = static_cast<std::ptrdiff_t>(examples.size());
    double lossSum = 0;
    // Hogwild: threads race on shared rows without locks; collisions are rare on sparse data
    // and harmless to SGD's convergence. One thread keeps the order, hence bit-identical runs.
#pragma omp parallel for num_threads(m_config.threads) schedule(static) reduction(+ : lossSum) if (m_config.threads > 1)
    for (std::ptrdiff_t e = 0; e < n; ++e) {
        const std::uint32_t r = examples[static_cast<std::size_t>(e)];
        const std::uint32_t u = users[r], i = items[r];
        float* p = P + static_cast<Index>(u) * d;
        float* q = Q + static_cast<Index>(i) * d;
        float prediction = 0;
        const float slope = forward(u, i, &prediction);
        const float error = prediction - ratings[r];
        lossSum += 0.5 * static_cast<double>(error) * error;
        const float g = error * slope;
        bu[u] -= lr * (g + biasReg * bu[u]);
        bi[i] -= lr * (g + biasReg * bi[i]);
        for (Index k = 0; k < d; ++k) {
            const float pk = p[k], qk = q[k];
            p[k] = pk - lr * (g * qk + reg * pk);
            q[k] = qk - lr * (g * pk + reg * qk);
        }
    }
    return lossSum;
}

double DotBiasModel::minibatch(std::span<const std::uint32_t> examples)
{
    const double lossSum = accumulateGradients(examples, 1.0f / static_cast<float>(std::max<std::size_t>(1, examples.size())));
    m_optimizer.beginStep();
    for (SparseTable* table : trainableTables())
        m_optimizer.apply(*table);
    return lossSum;
}

double DotBiasModel::accumulateGradients(std::span<const std::uint32_t> examples, float scale)
{
    const Index d = m_users.cols();
    const float reg = static_cast<float>(m_config.regularization);
    const float biasReg = static_cast<float>(m_config.regularization * m_config.biasRegularizationFactor);
    double lossSum = 0;
    for (std::uint32_t r : examples) {
        const std::uint32_t u = m_data.train.users[r], i = m_data.train.items[r];
        float prediction = 0;
        const float slope = forward(u, i, &prediction);
        const float error = prediction - m_data.train.ratings[r];
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
    const double reg = m_config.regularization;
    const double biasReg = reg * m_config.biasRegularizationFactor;
    double loss = 0;
    for (std::uint32_t r : examples) {
        const std::uint32_t u = m_data.train.users[r], i = m_data.train.items[r];
        const Eigen::VectorXd p = m_users.value.row(u).cast<double>().transpose();
        const Eigen::VectorXd q = m_items.value.row(i).cast<double>().transpose();
        const double bu = m_userBias.value(u, 0), bi = m_itemBias.value(i, 0);
        const double z = m_mu + bu + bi + p.dot(q);
        const double prediction = m_config.ySquash ? m_lo + m_span / (1 + std::exp(-z)) : z;
        const double error = prediction - m_data.train.ratings[r];
        loss += 0.5 * error * error + 0.5 * reg * (p.squaredNorm() + q.squaredNorm()) + 0.5 * biasReg * (bu * bu + bi * bi);
    }
    return loss;
}

std::shared_ptr<EmbeddingSnapshot> DotBiasModel::snapshot(int epoch) const
{
    auto s = std::make_shared<EmbeddingSnapshot>();
    s->modelKind = "dotbias";
    s->epoch = epoch;
    s->hyperparameters = hyperparametersOf(m_config);
    s->hyperparameters["y_squash"] = m_config.ySquash ? "true" : "false";
    s->hyperparameters["y_min"] = numberText(m_lo);
    s->hyperparameters["y_max"] = numberText(m_lo + m_span);
    s->parameters = { { "item_embedding", m_items.value }, { "user_embedding", m_users.value },
        { "item_bias", m_itemBias.value }, { "user_bias", m_userBias.value },
        { "global_bias", RowMatrixXf::Constant(1, 1, m_mu) } };
    return s;
}

} // namespace embex::core
