// SPDX-License-Identifier: MIT
#include "core/models/autoencoder_model.h"

#include "core/models/model_registry.h"

#include <algorithm>
#include <cmath>

namespace embex::core {
namespace {

    /// BCE with logits, stable for large |z|: log(1 + e^z) − y·z.
    double binaryCrossEntropy(double z, double y)
    {
        return std::max(z, 0.0) + std::log1p(std::exp(-std::abs(z))) - y * z;
    }

} // namespace

AutoencoderModel::AutoencoderModel(const TrainData& data, const TrainConfig& config)
    : m_data(data)
    , m_config(config)
    , m_byUser(data.train, data.userCount)
    , m_items(static_cast<Index>(data.itemCount), config.dimension)
    , m_optimizer(config.optimizer, config.learningRate)
    , m_rng(config.seed ^ 0xae00ae00ULL)
{
    if (config.useSideFeatures && data.userFeatures.rows() == static_cast<Index>(data.userCount))
        m_userFeatureCount = data.userFeatures.cols();
    m_config.useSideFeatures = m_userFeatureCount > 0; // as the snapshot says
    Rng rng(config.seed);
    for (Index k = 0; k < m_items.value.size(); ++k)
        m_items.value.data()[k] = static_cast<float>(rng.normal() * config.initStd);
    std::vector<int> sizes { config.dimension + static_cast<int>(m_userFeatureCount) };
    sizes.insert(sizes.end(), config.hiddenLayers.begin(), config.hiddenLayers.end());
    sizes.push_back(static_cast<int>(data.itemCount));
    m_decoder = DenseStack(sizes, rng);
    // Output biases at the log-odds of popularity: the untrained model ranks by popularity, and
    // the reference loss is that model's BCE.
    std::vector<double> share(data.itemCount, 0);
    std::vector<std::uint8_t> seen;
    for (std::size_t u = 0; u < data.userCount; ++u) {
        seen.assign(data.itemCount, 0);
        for (auto i : m_byUser.items(u))
            if (!seen[i]++)
                share[i] += 1;
    }
    const double users = static_cast<double>(std::max<std::size_t>(1, data.userCount));
    RowMatrixXf bias(1, static_cast<Index>(data.itemCount));
    m_referenceLoss = 0;
    for (std::size_t i = 0; i < data.itemCount; ++i) {
        const double p = std::clamp(share[i] / users, 1e-4, 1 - 1e-4);
        bias(0, static_cast<Index>(i)) = static_cast<float>(std::log(p / (1 - p)));
        m_referenceLoss += -(p * std::log(p) + (1 - p) * std::log(1 - p));
    }
    m_decoder.tables().back()->value = bias;
}

std::vector<SparseTable*> AutoencoderModel::trainableTables()
{
    std::vector<SparseTable*> all { &m_items };
    for (SparseTable* t : m_decoder.tables())
        all.push_back(t);
    return all;
}

void AutoencoderModel::chooseInputs(std::span<const std::uint32_t> users, bool dropout)
{
    m_kept.resize(users.size());
    for (std::size_t e = 0; e < users.size(); ++e) {
        m_kept[e].clear();
        for (std::uint32_t j : m_byUser.items(users[e]))
            if (!dropout || m_config.inputDropout <= 0 || m_rng.uniform() >= m_config.inputDropout)
                m_kept[e].push_back(j);
    }
}

RowMatrixXf AutoencoderModel::encode(std::span<const std::uint32_t> users) const
{
    const Index d = m_items.cols(), f = m_userFeatureCount;
    RowMatrixXf h = RowMatrixXf::Zero(static_cast<Index>(m_kept.size()), d + f);
    for (std::size_t e = 0; e < m_kept.size(); ++e) {
        auto row = h.row(static_cast<Index>(e));
        for (std::uint32_t j : m_kept[e])
            row.head(d) += m_items.value.row(j);
        if (!m_kept[e].empty())
            row.head(d) /= std::sqrt(static_cast<float>(m_kept[e].size()));
        if (f > 0)
            row.tail(f) = m_data.userFeatures.row(users[e]);
    }
    return h;
}

double AutoencoderModel::accumulateGradients(std::span<const std::uint32_t> users, float scale)
{
    if (m_kept.size() != users.size())
        chooseInputs(users, false);
    const Index d = m_items.cols();
    const auto b = static_cast<Index>(users.size());
    RowMatrixXf logits = m_decoder.forward(encode(users));
    double lossSum = 0;
    for (Index e = 0; e < b; ++e) {
        auto row = logits.row(e);
        for (Index i = 0; i < row.size(); ++i)
            lossSum += binaryCrossEntropy(row(i), 0.0);
        for (std::uint32_t j : m_byUser.items(users[static_cast<std::size_t>(e)]))
            lossSum -= row(j);
        row = (1.0f / (1.0f + (-row.array()).exp())).matrix(); // σ(z) − y is ∂BCE/∂z
        for (std::uint32_t j : m_byUser.items(users[static_cast<std::size_t>(e)]))
            row(j) -= 1.0f;
    }
    logits *= scale;
    const RowMatrixXf gradH = m_decoder.backward(logits);
    const float reg = static_cast<float>(m_config.regularization) * scale;
    m_decoder.addWeightDecay(reg * static_cast<float>(b));
    for (std::size_t e = 0; e < m_kept.size(); ++e) {
        if (m_kept[e].empty())
            continue;
        const RowVectorXf share = gradH.row(static_cast<Index>(e)).head(d)
            / std::sqrt(static_cast<float>(m_kept[e].size()));
        for (std::uint32_t j : m_kept[e])
            Eigen::Map<RowVectorXf>(m_items.gradient(j), d) += share;
    }
    m_kept.clear();
    return lossSum;
}

double AutoencoderModel::exactLoss(std::span<const std::uint32_t> users) const
{
    auto* self = const_cast<AutoencoderModel*>(this); // m_kept is scratch, restored below
    self->chooseInputs(users, false);
    const Eigen::MatrixXd logits = m_decoder.evaluateDouble(encode(users).cast<double>());
    self->m_kept.clear();
    double loss = 0.5 * m_config.regularization * static_cast<double>(users.size()) * m_decoder.weightSquaredNorm();
    for (std::size_t e = 0; e < users.size(); ++e) {
        const auto row = logits.row(static_cast<Index>(e));
        for (Index i = 0; i < row.size(); ++i)
            loss += binaryCrossEntropy(row(i), 0.0);
        for (std::uint32_t j : m_byUser.items(users[e]))
            loss -= row(j);
    }
    return loss;
}

BatchResult AutoencoderModel::trainBatch(std::span<const std::uint32_t> users)
{
    chooseInputs(users, true);
    const double lossSum = accumulateGradients(users,
                                               1.0f / static_cast<float>(std::max<std::size_t>(1, users.size())));
    m_optimizer.beginStep();
    for (SparseTable* t : trainableTables())
        m_optimizer.apply(*t);
    std::size_t ratings = 0;
    for (std::uint32_t u : users)
        ratings += m_byUser.count(u);
    return { lossSum / static_cast<double>(std::max<std::size_t>(1, users.size())), ratings };
}

std::shared_ptr<EmbeddingSnapshot> AutoencoderModel::snapshot(int epoch) const
{
    auto s = std::make_shared<EmbeddingSnapshot>();
    s->modelKind = modelName(ModelKind::Autoencoder);
    s->epoch = epoch;
    s->hyperparameters = hyperparametersOf(m_config);
    s->parameters = { { "item_embedding", m_items.value } };
    m_decoder.exportTo(*s, "decoder_");
    if (m_userFeatureCount > 0) {
        s->parameters.push_back({ "user_features", m_data.userFeatures });
        s->hyperparameters["user_feature_encoding"] = m_data.userFeatureEncoding;
    }
    return s;
}

} // namespace embex::core
