// SPDX-License-Identifier: MIT
// DotBiasModel's SVD++ term (config.implicitTerm): the user walk of its SGD, its minibatch
// gradients and loss, and the effective user rows p_u + z_u.
#include "core/models/dot_bias_model.h"

#include "core/optim/sgd_kernel.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace embex::core {

VectorXf implicitUserTerm(const RowMatrixXf& y, std::span<const std::uint32_t> rated)
{
    VectorXf z = VectorXf::Zero(y.cols());
    for (std::uint32_t j : rated)
        z += y.row(j).transpose();
    if (!rated.empty())
        z /= std::sqrt(static_cast<float>(rated.size()));
    return z;
}

BecauseYouRated implicitTermBecauseYouRated(const EmbeddingSnapshot& s, std::uint32_t item,
                                            std::span<const std::uint32_t> rated, double raw)
{
    const RowMatrixXf* y = s.parameter(DotBiasModel::implicitItemParameter);
    if (!y)
        throw std::invalid_argument("an SVD++ explanation needs the snapshot's implicit item vectors");
    const RowMatrixXf& items = s.itemEmbeddings();
    BecauseYouRated b;
    const double scale = rated.empty() ? 0.0 : 1 / std::sqrt(static_cast<double>(rated.size()));
    double shares = 0;
    for (std::uint32_t j : rated) {
        const double share = scale * y->row(j).cast<double>().dot(items.row(item).cast<double>());
        b.items.push_back({ j, share });
        shares += share;
    }
    b.others.push_back(
        { "rest", "μ + b_u + b_i + p_u·q_i, the user's own vector without the implicit term", raw - shares });
    b.meaning = "each rated item's share |N(u)|^-½·y_j·q_i of the score: SVD++'s implicit term, the user as the "
                "items they rated";
    sortShares(b);
    return b;
}

void DotBiasModel::initImplicitTerm(Rng& rng)
{
    const Index d = m_users.cols();
    m_rated = UserItems(m_data.train, m_data.userCount);
    m_implicit = SparseTable(static_cast<Index>(m_data.itemCount), d);
    for (Index k = 0; k < m_implicit.value.size(); ++k)
        m_implicit.value.data()[k] = static_cast<float>(rng.normal() * m_config.initStd);
    m_userScale.resize(m_data.userCount);
    for (std::size_t u = 0; u < m_data.userCount; ++u) {
        const std::size_t n = m_rated.count(u);
        m_userScale[u] = n > 0 ? 1.0f / std::sqrt(static_cast<float>(n)) : 0.0f;
    }
    m_termStamp.assign(m_data.userCount, 0);
    m_termSlot.assign(m_data.userCount, 0);
    m_effective = effectiveUsers();
    m_implicitLearningRate = m_config.learningRate;
}

void DotBiasModel::implicitTermOf(std::uint32_t user, float* out) const
{
    const Index d = m_users.cols();
    std::fill(out, out + d, 0.0f);
    for (std::uint32_t j : m_rated.items(user)) {
        const float* y = m_implicit.value.row(j).data();
        for (Index k = 0; k < d; ++k)
            out[k] += y[k];
    }
    const float s = m_userScale[user];
    for (Index k = 0; k < d; ++k)
        out[k] *= s;
}

RowMatrixXf DotBiasModel::effectiveUsers() const
{
    RowMatrixXf users = m_users.value;
    VectorXf z(users.cols());
    for (Index u = 0; u < users.rows(); ++u) {
        implicitTermOf(static_cast<std::uint32_t>(u), z.data());
        users.row(u) += z.transpose();
    }
    return users;
}

void DotBiasModel::planUsers()
{
    m_userOrder.resize(m_data.userCount);
    std::iota(m_userOrder.begin(), m_userOrder.end(), 0u);
    for (std::size_t k = m_userOrder.size(); k > 1; --k)
        std::swap(m_userOrder[k - 1], m_userOrder[m_rng.below(k)]);
    m_userOrderStart.resize(m_userOrder.size() + 1);
    m_userOrderStart[0] = 0;
    for (std::size_t k = 0; k < m_userOrder.size(); ++k)
        m_userOrderStart[k + 1] = m_userOrderStart[k] + m_rated.count(m_userOrder[k]);
    m_epochSeed = m_rng.next();
}

double DotBiasModel::implicitPositions(std::size_t begin, std::size_t end)
{
    // The last user whose run starts at or before `begin` (users without ratings have empty runs).
    auto k = static_cast<std::size_t>(std::upper_bound(m_userOrderStart.begin(), m_userOrderStart.end(), begin)
                                      - m_userOrderStart.begin() - 1);
    double lossSum = 0;
    for (std::size_t position = begin; position < end && k < m_userOrder.size(); ++k) {
        const std::size_t start = m_userOrderStart[k], stop = std::min(end, m_userOrderStart[k + 1]);
        if (stop <= position)
            continue;
        const std::size_t from = position - start, to = stop - start;
        switch (m_users.cols()) {
        case 32: lossSum += implicitUserRun<32>(m_userOrder[k], from, to); break;
        case 64: lossSum += implicitUserRun<64>(m_userOrder[k], from, to); break;
        default: lossSum += implicitUserRun<0>(m_userOrder[k], from, to); break;
        }
        position = stop;
    }
    m_seenThisEpoch += end - begin;
    if (m_seenThisEpoch >= exampleCount())
        m_effective = effectiveUsers();
    return lossSum;
}

template <int D>
double DotBiasModel::implicitUserRun(std::uint32_t user, std::size_t from, std::size_t to)
{
    const Index d = m_users.cols();
    const auto items = m_rated.items(user);
    const auto values = m_rated.ratings(user);
    const std::size_t n = items.size();
    if (from >= to || n == 0)
        return 0;
    // The user's own order this epoch, the same whichever batch a part of the run falls in.
    thread_local std::vector<std::uint32_t> order;
    order.resize(n);
    std::iota(order.begin(), order.end(), 0u);
    Rng shuffleRng(m_epochSeed ^ ((std::uint64_t { user } + 1) * 0x9e3779b97f4a7c15ULL));
    for (std::size_t k = n; k > 1; --k)
        std::swap(order[k - 1], order[shuffleRng.below(k)]);

    thread_local VectorXf z, zGradient, effective;
    z.resize(d);
    zGradient.setZero(d);
    effective.resize(d);
    implicitTermOf(user, z.data());
    const float lr = static_cast<float>(m_learningRate);
    const float reg = static_cast<float>(m_config.regularization);
    const float biasReg = static_cast<float>(m_config.regularization * m_config.biasRegularizationFactor);
    float* p = m_users.value.row(user).data();
    float* bu = m_userBias.value.data() + user;
    float* bi = m_itemBias.value.data();
    double lossSum = 0;
    std::size_t steps = 0;
    auto step = [&](std::uint32_t i, float target) {
        float* q = m_items.value.row(i).data();
        for (Index k = 0; k < d; ++k)
            effective[k] = p[k] + z[k];
        const float logit = m_mu + *bu + bi[i] + sgd::dot<D>(effective.data(), q, d);
        float prediction = logit, slope = 1.0f;
        if (m_config.ySquash) {
            const float s = 1.0f / (1.0f + std::exp(-logit));
            prediction = m_lo + m_span * s;
            slope = m_span * s * (1 - s);
        }
        const float error = prediction - target;
        lossSum += 0.5 * static_cast<double>(error) * error;
        const float g = error * slope;
        *bu -= lr * (g + biasReg * *bu);
        bi[i] -= lr * (g + biasReg * bi[i]);
        for (Index k = 0; k < d; ++k) {
            const float qk = q[k];
            zGradient[k] += g * qk;
            p[k] -= lr * (g * qk + reg * p[k]);
            q[k] -= lr * (g * effective[k] + reg * qk);
        }
        ++steps;
    };
    for (std::size_t k = from; k < to; ++k) {
        const std::uint32_t r = order[k];
        step(items[r], m_data.implicit ? 1.0f : values[r]);
        if (m_data.implicit)
            for (int negative = 0; negative < implicitNegatives; ++negative)
                step(static_cast<std::uint32_t>(m_rng.below(m_data.itemCount)), 0.0f);
    }
    // Y moves once per run: ∂/∂y_j = s·∂/∂z for every rated j, and the penalty of each step
    // applied as `steps` shrinks in a row (one step of steps·λ_y would overshoot for heavy users).
    const float s = m_userScale[user];
    const auto yLr = static_cast<float>(m_implicitLearningRate);
    const double yReg = m_config.regularization * implicitRegularizationFactor;
    const auto shrink = static_cast<float>(std::pow(1.0 - static_cast<double>(yLr) * yReg, static_cast<double>(steps)));
    for (std::uint32_t j : items) {
        float* y = m_implicit.value.row(j).data();
        for (Index k = 0; k < d; ++k)
            y[k] = shrink * y[k] - yLr * s * zGradient[k];
    }
    return lossSum;
}

double DotBiasModel::accumulateImplicitGradients(std::span<const std::uint32_t> examples, float scale)
{
    const Index d = m_users.cols();
    const float reg = static_cast<float>(m_config.regularization);
    const float biasReg = static_cast<float>(m_config.regularization * m_config.biasRegularizationFactor);
    const auto yReg = static_cast<float>(m_config.regularization * implicitRegularizationFactor);
    if (m_batchTerm.rows() != m_users.rows()) {
        m_batchTerm.resize(m_users.rows(), d);
        m_batchTermGradient.resize(m_users.rows(), d);
    }
    if (++m_stamp == 0) { // wrapped: every user's stamp is stale again
        std::fill(m_termStamp.begin(), m_termStamp.end(), 0u);
        m_stamp = 1;
    }
    m_batchUsers.clear();
    m_batchExamples.clear();
    VectorXf effective(d);
    double lossSum = 0;
    for (std::uint32_t r : examples) {
        const Example x = example(r);
        const std::uint32_t u = x.user, i = x.item;
        if (m_termStamp[u] != m_stamp) {
            m_termStamp[u] = m_stamp;
            m_termSlot[u] = static_cast<std::uint32_t>(m_batchUsers.size());
            implicitTermOf(u, m_batchTerm.row(u).data());
            m_batchTermGradient.row(u).setZero();
            m_batchUsers.push_back(u);
            m_batchExamples.push_back(0);
        }
        ++m_batchExamples[m_termSlot[u]];
        const float* p = m_users.value.row(u).data();
        const float* q = m_items.value.row(i).data();
        effective = m_users.value.row(u).transpose() + m_batchTerm.row(u).transpose();
        const float logit = m_mu + m_userBias.value(u, 0) + m_itemBias.value(i, 0)
            + effective.dot(m_items.value.row(i));
        float prediction = logit, slope = 1.0f;
        if (m_config.ySquash) {
            const float s = 1.0f / (1.0f + std::exp(-logit));
            prediction = m_lo + m_span * s;
            slope = m_span * s * (1 - s);
        }
        const float error = prediction - x.rating;
        lossSum += 0.5 * static_cast<double>(error) * error;
        const float g = error * slope * scale;
        float* gp = m_users.gradient(u);
        float* gq = m_items.gradient(i);
        float* gz = m_batchTermGradient.row(u).data();
        for (Index k = 0; k < d; ++k) {
            gp[k] += g * q[k] + scale * reg * p[k];
            gq[k] += g * effective[k] + scale * reg * q[k];
            gz[k] += g * q[k];
        }
        *m_userBias.gradient(u) += g + scale * biasReg * m_userBias.value(u, 0);
        *m_itemBias.gradient(i) += g + scale * biasReg * m_itemBias.value(i, 0);
    }
    for (std::size_t slot = 0; slot < m_batchUsers.size(); ++slot) {
        const std::uint32_t u = m_batchUsers[slot];
        const auto items = m_rated.items(u);
        const float s = m_userScale[u];
        const float shrink = scale * yReg * static_cast<float>(m_batchExamples[slot]);
        const float* gz = m_batchTermGradient.row(u).data();
        for (std::uint32_t j : items) {
            float* gy = m_implicit.gradient(j);
            const float* y = m_implicit.value.row(j).data();
            for (Index k = 0; k < d; ++k)
                gy[k] += s * gz[k] + shrink * y[k];
        }
    }
    return lossSum;
}

double DotBiasModel::exactImplicitLoss(std::span<const std::uint32_t> examples) const
{
    const double reg = m_config.regularization;
    const double biasReg = reg * m_config.biasRegularizationFactor;
    double loss = 0;
    for (std::uint32_t r : examples) {
        const Example x = example(r);
        const auto items = m_rated.items(x.user);
        Eigen::VectorXd z = Eigen::VectorXd::Zero(m_users.cols());
        double ySquares = 0;
        for (std::uint32_t j : items) {
            const Eigen::VectorXd y = m_implicit.value.row(j).cast<double>().transpose();
            z += y;
            ySquares += y.squaredNorm();
        }
        if (!items.empty())
            z /= std::sqrt(static_cast<double>(items.size()));
        const Eigen::VectorXd p = m_users.value.row(x.user).cast<double>().transpose();
        const Eigen::VectorXd q = m_items.value.row(x.item).cast<double>().transpose();
        const double bu = m_userBias.value(x.user, 0), bi = m_itemBias.value(x.item, 0);
        const double logit = m_mu + bu + bi + (p + z).dot(q);
        const double prediction = m_config.ySquash ? m_lo + m_span / (1 + std::exp(-logit)) : logit;
        const double error = prediction - x.rating;
        loss += 0.5 * error * error + 0.5 * reg * (p.squaredNorm() + q.squaredNorm())
            + 0.5 * reg * implicitRegularizationFactor * ySquares + 0.5 * biasReg * (bu * bu + bi * bi);
    }
    return loss;
}

} // namespace embex::core
