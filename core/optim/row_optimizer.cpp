// SPDX-License-Identifier: MIT
#include "core/optim/row_optimizer.h"

#include "core/optim/sgd_kernel.h"
#include "core/util/worker_team.h"

#include <cmath>
#include <stdexcept>

namespace embex::core {
namespace {
    constexpr double beta1 = 0.9;
    constexpr double beta2 = 0.999;
    constexpr double epsilon = 1e-8;
    constexpr float adagradEpsilon = 1e-7f;
    constexpr std::size_t prefetchDistance = 8;
}

RowOptimizer::RowOptimizer(OptimizerKind kind, double learningRate)
    : m_kind(kind)
    , m_learningRate(learningRate)
{
    if (!(learningRate > 0) || !std::isfinite(learningRate))
        throw std::invalid_argument("learning rate must be a positive number");
    m_stepSize = static_cast<float>(learningRate);
}

void RowOptimizer::beginStep()
{
    ++m_step;
    if (m_kind == OptimizerKind::Adam) {
        const double correction1 = 1.0 - std::pow(beta1, static_cast<double>(m_step));
        const double correction2 = 1.0 - std::pow(beta2, static_cast<double>(m_step));
        // lr·m̂/(√v̂+ε) = (lr·√c₂/c₁)·m/(√v + ε·√c₂)
        m_stepSize = static_cast<float>(m_learningRate * std::sqrt(correction2) / correction1);
        m_epsilonHat = static_cast<float>(epsilon * std::sqrt(correction2));
    }
}

void RowOptimizer::prepare(SparseTable& table) const
{
    const Index stateCols = m_kind == OptimizerKind::Adam ? 2 * table.cols() : table.cols();
    if (m_kind != OptimizerKind::Sgd && (table.m_state.rows() != table.rows() || table.m_state.cols() != stateCols))
        table.m_state = RowMatrixXf::Zero(table.rows(), stateCols);
}

void RowOptimizer::apply(SparseTable& table) const
{
    apply(table, table.m_touched);
}

void RowOptimizer::apply(SparseTable& table, std::vector<Index>& rows) const
{
    prepare(table);
    applyRows(table, rows);
    rows.clear();
}

void RowOptimizer::apply(SparseTable& table, std::span<const Index> rows, const RowMatrixXf& gradients) const
{
    applyRows(table, rows, &gradients);
}

void RowOptimizer::apply(SparseTable& table, WorkerTeam& team) const
{
    prepare(table);
    const std::span<const Index> rows = table.m_touched;
    const auto parts = static_cast<std::size_t>(team.size());
    team.run(parts, [&](std::size_t t) {
        applyRows(table,
                  rows.subspan(rows.size() * t / parts, rows.size() * (t + 1) / parts - rows.size() * t / parts));
    });
    table.m_touched.clear();
}

void RowOptimizer::applyRows(SparseTable& table, std::span<const Index> rows, const RowMatrixXf* gradients) const
{
    const Index d = table.cols();
    const Index stateCols = table.m_state.cols();
    const float lr = static_cast<float>(m_learningRate);
    const float b1 = static_cast<float>(beta1), b2 = static_cast<float>(beta2);
    const std::size_t touched = rows.size();
    const bool hasState = m_kind != OptimizerKind::Sgd;
    for (std::size_t at = 0; at < touched; ++at) {
        // Touched rows are scattered over tables larger than the cache: ask for rows a few
        // iterations ahead so their misses overlap instead of queueing one after another.
        if (at + prefetchDistance < touched) {
            const Index ahead = rows[at + prefetchDistance];
            sgd::prefetch(table.value.row(ahead).data(), d * Index(sizeof(float)));
            if (!gradients)
                sgd::prefetch(table.m_gradient.row(ahead).data(), d * Index(sizeof(float)));
            if (hasState)
                sgd::prefetch(table.m_state.row(ahead).data(), stateCols * Index(sizeof(float)));
        }
        const Index row = rows[at];
        float* w = table.value.row(row).data();
        const float* g = gradients ? gradients->row(static_cast<Index>(at)).data() : table.m_gradient.row(row).data();
        switch (m_kind) {
        case OptimizerKind::Sgd:
            for (Index k = 0; k < d; ++k)
                w[k] -= lr * g[k];
            break;
        case OptimizerKind::Adagrad: {
            float* s = table.m_state.row(row).data();
            for (Index k = 0; k < d; ++k) {
                s[k] += g[k] * g[k];
                w[k] -= lr * g[k] / (std::sqrt(s[k]) + adagradEpsilon);
            }
            break;
        }
        case OptimizerKind::Adam: {
            float* m = table.m_state.row(row).data();
            float* v = m + d;
            for (Index k = 0; k < d; ++k) {
                m[k] = b1 * m[k] + (1 - b1) * g[k];
                v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k];
                w[k] -= m_stepSize * m[k] / (std::sqrt(v[k]) + m_epsilonHat);
            }
            break;
        }
        }
        if (!gradients) {
            table.m_gradient.row(row).setZero();
            table.m_isTouched[static_cast<std::size_t>(row)] = 0;
        }
    }
}

} // namespace embex::core
