// SPDX-License-Identifier: MIT
#pragma once

#include "core/optim/optimizer_registry.h"
#include "core/optim/sparse_table.h"

#include <span>
#include <vector>

namespace embex::core {

class WorkerTeam;

/// Applies one update to the touched rows of SparseTables and clears their gradients.
///   sgd:     w -= lr·g
///   adagrad: G += g², w -= lr·g / (√G + ε)
///   adam:    m = β₁m + (1-β₁)g, v = β₂v + (1-β₂)g², w -= lr·m̂ / (√v̂ + ε), bias-corrected by
///            the global step (PyTorch SparseAdam semantics: untouched rows keep their moments).
/// L2 regularisation belongs in the gradient (the models add λ·w per occurrence).
class RowOptimizer {
public:
    /// Throws std::invalid_argument for a learning rate that is not a positive number.
    RowOptimizer(OptimizerKind kind, double learningRate);

    OptimizerKind kind() const { return m_kind; }
    double learningRate() const { return m_learningRate; }
    void setLearningRate(double learningRate) { m_learningRate = learningRate; }
    /// Starts a step: advances the Adam bias correction once per batch.
    void beginStep();
    void apply(SparseTable& table) const;
    /// The same for the rows in `rows` alone (a thread's own, see SparseTable::gradient), which
    /// it empties. Threads may update one table at once on different rows after prepare(table).
    void apply(SparseTable& table, std::vector<Index>& rows) const;
    /// apply(table) with the touched rows shared out over the team.
    void apply(SparseTable& table, WorkerTeam& team) const;
    /// Gives the table the optimizer's state, once; apply() does it too, but not thread-safely.
    void prepare(SparseTable& table) const;
    /// Updates row rows[k] with gradients.row(k) (rows.size() × cols()) instead of the table's own
    /// gradient, which stays as it is: for a model that sums a batch's gradients in a compact
    /// buffer of its own. Threads may update one table at once on different rows after prepare(table).
    void apply(SparseTable& table, std::span<const Index> rows, const RowMatrixXf& gradients) const;

private:
    /// `gradients` null: the table's own gradient rows, cleared afterwards.
    void applyRows(SparseTable& table, std::span<const Index> rows, const RowMatrixXf* gradients = nullptr) const;

    OptimizerKind m_kind = OptimizerKind::Adam;
    double m_learningRate = 0.001;
    long m_step = 0;
    float m_stepSize = 0; // lr with Adam's bias corrections folded in
    float m_epsilonHat = 1e-8f;
};

} // namespace embex::core
