// SPDX-License-Identifier: MIT
#include "core/models/als_model.h"

#include "core/models/model_registry.h"

#include "core/data/random.h"
#include "core/models/hyperparameter_text.h"

#include <Eigen/Cholesky>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace embex::core {

AlsModel::AlsModel(const TrainData& data, const TrainConfig& config)
    : m_data(data)
    , m_config(config)
    , m_byUser(data.train, data.userCount)
    , m_byItem(data.train, data.itemCount, true)
    , m_users(RowMatrixXf::Zero(static_cast<Index>(data.userCount), config.dimension))
    , m_items(static_cast<Index>(data.itemCount), config.dimension)
    , m_userBias(VectorXf::Zero(static_cast<Index>(data.userCount)))
    , m_itemBias(VectorXf::Zero(static_cast<Index>(data.itemCount)))
{
    Rng rng(config.seed);
    for (Index k = 0; k < m_items.size(); ++k)
        m_items.data()[k] = static_cast<float>(rng.normal() * config.initStd);
    double sum = 0, sumSquares = 0, confidence = 0;
    for (float r : data.train.ratings) {
        sum += r;
        sumSquares += static_cast<double>(r) * r;
        confidence += 1 + config.confidenceAlpha * r;
    }
    const double n = std::max<double>(1, static_cast<double>(data.train.size()));
    m_lambda = config.regularization;
    if (data.implicit) {
        m_referenceLoss = 0.5 * confidence / n; // every observed pair predicted 0
    } else {
        m_mu = static_cast<float>(sum / n);
        m_referenceLoss = std::max(1e-6, 0.5 * (sumSquares / n - (sum / n) * (sum / n)));
        m_lambda = config.regularization * baselineResidualVariance();
        m_userReference = std::max(1.0, n / static_cast<double>(std::max<std::size_t>(1, data.userCount)));
        m_itemReference = std::max(1.0, n / static_cast<double>(std::max<std::size_t>(1, data.itemCount)));
    }
}

double AlsModel::baselineResidualVariance() const
{
    // Damped means (Koren's baseline: item shrinkage 25, user shrinkage 10 ratings).
    const RatingsTable& t = m_data.train;
    std::vector<double> itemSum(m_data.itemCount, 0), userSum(m_data.userCount, 0);
    for (std::size_t r = 0; r < t.size(); ++r)
        itemSum[t.items[r]] += t.ratings[r] - m_mu;
    std::vector<double> itemBias(m_data.itemCount);
    for (std::size_t i = 0; i < m_data.itemCount; ++i)
        itemBias[i] = itemSum[i] / (25.0 + static_cast<double>(m_byItem.count(i)));
    for (std::size_t r = 0; r < t.size(); ++r)
        userSum[t.users[r]] += t.ratings[r] - m_mu - itemBias[t.items[r]];
    double squares = 0;
    for (std::size_t r = 0; r < t.size(); ++r) {
        const double userBias = userSum[t.users[r]] / (10.0 + static_cast<double>(m_byUser.count(t.users[r])));
        const double e = t.ratings[r] - m_mu - itemBias[t.items[r]] - userBias;
        squares += e * e;
    }
    return std::max(1e-3, squares / static_cast<double>(std::max<std::size_t>(1, t.size())));
}

void AlsModel::beginEpoch(int)
{
    m_gramSide = -1;
}

void AlsModel::prepareGram(bool isUser)
{
    const int side = isUser ? 0 : 1;
    if (!m_data.implicit || m_gramSide == side)
        return;
    const RowMatrixXf& fixed = isUser ? m_items : m_users;
    m_gram = (fixed.transpose() * fixed).cast<double>();
    m_gramSide = side;
}

double AlsModel::solveRow(bool isUser, std::uint32_t index) const
{
    const Index d = m_users.cols();
    const UserItems& lists = isUser ? m_byUser : m_byItem;
    const RowMatrixXf& fixed = isUser ? m_items : m_users;
    const VectorXf& fixedBias = isUser ? m_itemBias : m_userBias;
    auto others = lists.items(index);
    auto ratings = lists.ratings(index);
    auto row = const_cast<RowMatrixXf&>(isUser ? m_users : m_items).row(index); // rows are disjoint across threads
    const double lambda = m_lambda;
    double loss = 0;
    // The normal equations are built from blocks of gathered rows: one rank-k update per block
    // runs as a matrix product, several times faster than a rank-1 update per rating.
    constexpr std::size_t block = 128;
    thread_local Eigen::MatrixXd gathered;
    thread_local Eigen::VectorXd weights;
    gathered.resize(static_cast<Index>(block), d + 1);
    weights.resize(static_cast<Index>(block));
    if (m_data.implicit) {
        Eigen::MatrixXd a = m_gram;
        Eigen::VectorXd b = Eigen::VectorXd::Zero(d);
        for (std::size_t start = 0; start < others.size(); start += block) {
            const auto m = static_cast<Index>(std::min(block, others.size() - start));
            for (Index j = 0; j < m; ++j) {
                const std::size_t k = start + static_cast<std::size_t>(j);
                const double c = 1 + m_config.confidenceAlpha * ratings[k];
                gathered.row(j).head(d) = fixed.row(others[k]).cast<double>();
                weights(j) = c;
            }
            const auto y = gathered.topLeftCorner(m, d);
            b.noalias() += y.transpose() * weights.head(m);
            // a += Σ (c − 1) y yᵀ, as the rank-m update of the rows scaled by √(c − 1)
            gathered.topLeftCorner(m, d).array().colwise() *= (weights.head(m).array() - 1).sqrt();
            a.selfadjointView<Eigen::Lower>().rankUpdate(gathered.topLeftCorner(m, d).transpose());
        }
        a = a.selfadjointView<Eigen::Lower>();
        a.diagonal().array() += lambda;
        const Eigen::VectorXd x = a.llt().solve(b);
        row = x.cast<float>().transpose();
        for (std::size_t k = 0; k < others.size(); ++k) {
            const double c = 1 + m_config.confidenceAlpha * ratings[k];
            const double e = 1 - x.dot(fixed.row(others[k]).cast<double>().transpose());
            loss += 0.5 * c * e * e;
        }
        return loss;
    }
    // Explicit: unknowns [p; b], features [q; 1], target r − μ − b_fixed.
    Eigen::MatrixXd a = Eigen::MatrixXd::Zero(d + 1, d + 1);
    Eigen::VectorXd b = Eigen::VectorXd::Zero(d + 1);
    for (std::size_t start = 0; start < others.size(); start += block) {
        const auto m = static_cast<Index>(std::min(block, others.size() - start));
        for (Index j = 0; j < m; ++j) {
            const std::size_t k = start + static_cast<std::size_t>(j);
            gathered.row(j).head(d) = fixed.row(others[k]).cast<double>();
            gathered(j, d) = 1;
            weights(j) = ratings[k] - m_mu - fixedBias(others[k]);
        }
        a.selfadjointView<Eigen::Lower>().rankUpdate(gathered.topRows(m).transpose());
        b.noalias() += gathered.topRows(m).transpose() * weights.head(m);
    }
    a = a.selfadjointView<Eigen::Lower>();
    const double n = penaltyCount(others.size(), isUser ? m_userReference : m_itemReference);
    a.diagonal().head(d).array() += lambda * n;
    a(d, d) += lambda * n * m_config.biasRegularizationFactor + 1e-9;
    const Eigen::VectorXd x = a.llt().solve(b);
    row = x.head(d).cast<float>().transpose();
    Eigen::VectorXd y(d + 1);
    (isUser ? const_cast<VectorXf&>(m_userBias) : const_cast<VectorXf&>(m_itemBias))(index) = static_cast<float>(x(d));
    for (std::size_t k = 0; k < others.size(); ++k) {
        y.head(d) = fixed.row(others[k]).cast<double>().transpose();
        y(d) = 1;
        const double e = x.dot(y) - (ratings[k] - m_mu - fixedBias(others[k]));
        loss += 0.5 * e * e;
    }
    return loss;
}

BatchResult AlsModel::trainBatch(std::span<const std::uint32_t> examples)
{
    const auto users = static_cast<std::uint32_t>(m_data.userCount);
    double lossSum = 0;
    std::size_t ratings = 0;
    // Users and items never share a batch: the item half needs every user solved first.
    std::size_t start = 0;
    while (start < examples.size()) {
        const bool isUser = examples[start] < users;
        std::size_t end = start;
        while (end < examples.size() && (examples[end] < users) == isUser)
            ++end;
        prepareGram(isUser);
        const auto n = static_cast<std::ptrdiff_t>(end - start);
        // Largest rows first, one at a time: a popular item can hold more ratings than the rest of
        // its batch, and handed out last (or in a chunk with others) it leaves the other threads
        // idle until it is done. Rows are independent, so the order changes no result.
        const UserItems& lists = isUser ? m_byUser : m_byItem;
        const auto indexOf = [&](std::uint32_t row) { return isUser ? row : row - users; };
        m_rowOrder.assign(examples.begin() + static_cast<std::ptrdiff_t>(start),
                          examples.begin() + static_cast<std::ptrdiff_t>(end));
        std::stable_sort(m_rowOrder.begin(), m_rowOrder.end(), [&](std::uint32_t a, std::uint32_t b) {
            return lists.count(indexOf(a)) > lists.count(indexOf(b));
        });
        double partLoss = 0;
        std::size_t partRatings = 0;
#pragma omp parallel for num_threads(m_config.threads) schedule(dynamic, 1) reduction(+ : partLoss, partRatings) if (m_config.threads > 1)
        for (std::ptrdiff_t e = 0; e < n; ++e) {
            const std::uint32_t index = indexOf(m_rowOrder[static_cast<std::size_t>(e)]);
            partLoss += solveRow(isUser, index);
            partRatings += (isUser ? m_byUser : m_byItem).count(index);
        }
        lossSum += partLoss;
        ratings += partRatings;
        start = end;
    }
    return { ratings > 0 ? lossSum / static_cast<double>(ratings) : 0.0, ratings };
}

float AlsModel::predict(std::uint32_t user, std::uint32_t item) const
{
    return m_mu + m_userBias(user) + m_itemBias(item) + m_users.row(user).dot(m_items.row(item));
}

Eigen::VectorXd AlsModel::rowObjectiveGradient(std::uint32_t row) const
{
    const auto users = static_cast<std::uint32_t>(m_data.userCount);
    const bool isUser = row < users;
    const std::uint32_t index = isUser ? row : row - users;
    const Index d = m_users.cols();
    const UserItems& lists = isUser ? m_byUser : m_byItem;
    const RowMatrixXf& fixed = isUser ? m_items : m_users;
    const VectorXf& fixedBias = isUser ? m_itemBias : m_userBias;
    const Eigen::VectorXd x = (isUser ? m_users : m_items).row(index).cast<double>().transpose();
    const double bias = (isUser ? m_userBias : m_itemBias)(index);
    auto others = lists.items(index);
    auto ratings = lists.ratings(index);
    const double lambda = m_lambda;
    if (m_data.implicit) { // ∇ of Σ_all c(p − x·y)² + λ‖x‖², unobserved with c = 1, p = 0
        Eigen::VectorXd g = 2 * (fixed.transpose().cast<double>() * (fixed.cast<double>() * x)) + 2 * lambda * x;
        for (std::size_t k = 0; k < others.size(); ++k) {
            const Eigen::VectorXd y = fixed.row(others[k]).cast<double>().transpose();
            const double c = 1 + m_config.confidenceAlpha * ratings[k];
            const double s = x.dot(y);
            g += 2 * (c * (s - 1) - s) * y;
        }
        return g;
    }
    const double n = penaltyCount(others.size(), isUser ? m_userReference : m_itemReference);
    Eigen::VectorXd g = Eigen::VectorXd::Zero(d + 1);
    g.head(d) = 2 * lambda * n * x;
    g(d) = 2 * lambda * n * m_config.biasRegularizationFactor * bias;
    for (std::size_t k = 0; k < others.size(); ++k) {
        const Eigen::VectorXd y = fixed.row(others[k]).cast<double>().transpose();
        const double e = m_mu + fixedBias(others[k]) + bias + x.dot(y) - ratings[k];
        g.head(d) += 2 * e * y;
        g(d) += 2 * e;
    }
    return g;
}

std::shared_ptr<EmbeddingSnapshot> AlsModel::snapshot(int epoch) const
{
    auto s = std::make_shared<EmbeddingSnapshot>();
    s->modelKind = modelName(ModelKind::Als);
    s->epoch = epoch;
    s->hyperparameters = hyperparametersOf(m_config);
    s->hyperparameters["implicit"] = m_data.implicit ? "true" : "false";
    s->hyperparameters["effective_regularization"] = numberText(m_lambda);
    if (!m_data.implicit) {
        s->hyperparameters["regularization_exponent"] = numberText(regularizationExponent);
        s->hyperparameters["user_reference_count"] = numberText(m_userReference);
    }
    s->parameters = { { "item_embedding", m_items }, { "user_embedding", m_users } };
    if (!m_data.implicit) {
        s->parameters.push_back({ "item_bias", m_itemBias });
        s->parameters.push_back({ "user_bias", m_userBias });
        s->parameters.push_back({ "global_bias", RowMatrixXf::Constant(1, 1, m_mu) });
    }
    return s;
}

namespace {

    double hyperparameterOr(const EmbeddingSnapshot& s, const std::string& key, double fallback)
    {
        return s.hyperparameters.contains(key) ? hyperparameterNumber(s.hyperparameters, key) : fallback;
    }

} // namespace

double AlsModel::penaltyCount(std::size_t ratings, double reference)
{
    const double n = std::max<double>(1, static_cast<double>(ratings));
    return std::pow(n, regularizationExponent) * std::pow(reference, 1 - regularizationExponent);
}

double alsPenaltyCount(const EmbeddingSnapshot& s, std::size_t ratings)
{
    const double n = std::max<double>(1, static_cast<double>(ratings));
    if (!s.hyperparameters.contains("regularization_exponent"))
        return n; // trained with λ·n
    const double exponent = hyperparameterNumber(s.hyperparameters, "regularization_exponent");
    return std::pow(n, exponent) * std::pow(hyperparameterOr(s, "user_reference_count", 1), 1 - exponent);
}

BecauseYouRated alsBecauseYouRated(const EmbeddingSnapshot& s, std::uint32_t item, std::span<const std::uint32_t> rated,
                                   std::span<const float> ratings, double raw)
{
    if (ratings.size() != rated.size())
        throw std::invalid_argument("ALS's rated items need their ratings, one each");
    const RowMatrixXf& items = s.itemEmbeddings();
    const Index d = items.cols();
    const double lambda = hyperparameterOr(s, "effective_regularization", hyperparameterOr(s, "regularization", 0));
    const auto implicit = s.hyperparameters.find("implicit");
    const bool isImplicit = implicit != s.hyperparameters.end() && implicit->second == "true";
    BecauseYouRated b;
    double recomputed = 0;
    if (isImplicit) {
        // W_u = (YᵀY + Σ_j (c_j − 1)·y_j·y_jᵀ + λI)⁻¹, as solveRow builds it; share_j = q_iᵀW_u·y_j·c_j.
        const double alpha = hyperparameterOr(s, "confidence_alpha", 10);
        Eigen::MatrixXd a = (items.transpose() * items).cast<double>();
        for (std::size_t k = 0; k < rated.size(); ++k) {
            const Eigen::VectorXd y = items.row(rated[k]).cast<double>().transpose();
            a.noalias() += (alpha * ratings[k]) * y * y.transpose();
        }
        a.diagonal().array() += lambda;
        const Eigen::VectorXd w = a.llt().solve(items.row(item).cast<double>().transpose());
        for (std::size_t k = 0; k < rated.size(); ++k) {
            const double c = 1 + alpha * ratings[k];
            const double share = w.dot(items.row(rated[k]).cast<double>().transpose()) * c;
            b.items.push_back({ rated[k], share, ratings[k], c });
            recomputed += share;
        }
        b.meaning = "each rated item's share q_iᵀW_u·y_j·c_uj of the user's confidence-weighted solve "
                    "p_u = W_u·Σ_j y_j·c_uj, c = 1 + α·r";
    } else {
        // [p_u; b_u] = A⁻¹·Σ_j [y_j; 1]·(r_j − μ − b_j), A = Σ_j [y_j; 1][y_j; 1]ᵀ + λ·n·diag(1, …, 1, β),
        // as solveRow builds it; share_j = [q_i; 1]ᵀA⁻¹[y_j; 1]·(r_j − μ − b_j).
        const RowMatrixXf* itemBias = s.parameter("item_bias");
        const RowMatrixXf* globalBias = s.parameter("global_bias");
        const double mu = globalBias && globalBias->size() > 0 ? (*globalBias)(0, 0) : 0.0;
        const auto biasOf = [&](std::uint32_t j) { return itemBias ? static_cast<double>((*itemBias)(j, 0)) : 0.0; };
        const double beta = hyperparameterOr(s, "bias_regularization_factor", 1);
        const double n = alsPenaltyCount(s, rated.size());
        Eigen::MatrixXd a = Eigen::MatrixXd::Zero(d + 1, d + 1);
        Eigen::VectorXd z(d + 1);
        for (std::uint32_t j : rated) {
            z.head(d) = items.row(j).cast<double>().transpose();
            z(d) = 1;
            a.selfadjointView<Eigen::Lower>().rankUpdate(z);
        }
        a = a.selfadjointView<Eigen::Lower>();
        a.diagonal().head(d).array() += lambda * n;
        a(d, d) += lambda * n * beta + 1e-9;
        z.head(d) = items.row(item).cast<double>().transpose();
        z(d) = 1;
        const Eigen::VectorXd w = a.llt().solve(z);
        for (std::size_t k = 0; k < rated.size(); ++k) {
            z.head(d) = items.row(rated[k]).cast<double>().transpose();
            z(d) = 1;
            const double share = w.dot(z) * (ratings[k] - mu - biasOf(rated[k]));
            b.items.push_back({ rated[k], share, ratings[k] });
            recomputed += share;
        }
        b.others.push_back({ "μ", "global bias", mu });
        b.others.push_back({ "b_i", "item bias, row " + std::to_string(item), biasOf(item) });
        recomputed += mu + biasOf(item);
        b.meaning = "each rated item's share [q_i; 1]ᵀW_u[y_j; 1]·(r_uj − μ − b_j) of b_u + p_u·q_i, the user's "
                    "regularised least-squares solve split by rating";
    }
    b.others.push_back({ "rest",
                         "the stored user vector against this one solved from the final item vectors (training "
                         "solves users before the last item half-epoch)",
                         raw - recomputed });
    sortShares(b);
    return b;
}

} // namespace embex::core
