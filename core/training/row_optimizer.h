// SPDX-License-Identifier: MIT
#pragma once

#include "core/eigen_types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace embex::core {

/// A trainable row-major table (n×d) with its gradient and optimizer state. A batch marks the
/// rows it touches, so an update costs O(touched rows × d) rather than O(n × d): dense Adam over
/// a 60k-row embedding per batch is what makes Keras slow on sparse data.
class SparseTable {
public:
    SparseTable() = default;
    SparseTable(Index rows, Index cols);

    RowMatrixXf value;

    Index rows() const { return value.rows(); }
    Index cols() const { return value.cols(); }
    /// The gradient row for `row`, zero the first time a batch asks for it.
    float* gradient(Index row);
    /// Every row counts as touched (small dense layers share the sparse machinery).
    void touchAll();
    /// The accumulated gradient (zero where untouched); for gradient checks.
    const RowMatrixXf& gradientMatrix() const { return m_gradient; }
    /// Zeroes the gradient without updating (after a gradient check).
    void clearGradient();

private:
    friend class RowOptimizer;
    RowMatrixXf m_gradient;
    RowMatrixXf m_first;  // Adam m, Adagrad sum of squares
    RowMatrixXf m_second; // Adam v
    std::vector<std::uint8_t> m_isTouched;
    std::vector<Index> m_touched;
};

/// Applies one update to the touched rows of SparseTables and clears their gradients.
///   sgd:     w -= lr·g
///   adagrad: G += g², w -= lr·g / (√G + ε)
///   adam:    m = β₁m + (1-β₁)g, v = β₂v + (1-β₂)g², w -= lr·m̂ / (√v̂ + ε), bias-corrected by
///            the global step (PyTorch SparseAdam semantics: untouched rows keep their moments).
/// L2 regularisation belongs in the gradient (the models add λ·w per occurrence).
class RowOptimizer {
public:
    enum class Kind { Sgd, Adagrad, Adam };
    /// Throws std::invalid_argument for a name other than sgd, adagrad, adam.
    RowOptimizer(const std::string& name, double learningRate);

    Kind kind() const { return m_kind; }
    double learningRate() const { return m_learningRate; }
    void setLearningRate(double learningRate) { m_learningRate = learningRate; }
    /// Starts a step: advances the Adam bias correction once per batch.
    void beginStep();
    void apply(SparseTable& table) const;

private:
    Kind m_kind = Kind::Adam;
    double m_learningRate = 0.001;
    long m_step = 0;
    float m_stepSize = 0; // lr with Adam's bias corrections folded in
    float m_epsilonHat = 1e-8f;
};

} // namespace embex::core
