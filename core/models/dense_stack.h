// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/random.h"
#include "core/models/embedding_snapshot.h"
#include "core/optim/row_optimizer.h"

#include <string>
#include <vector>

namespace embex::core {

/// Fully connected layers x → ReLU(x·W₀ + b₀) → … → x·W_L + b_L, the last layer linear.
/// W_k is in×out (row-major), b_k is 1×out; a batch X is B×in, one example per row.
/// Shared by the MLP, the softmax query tower and the autoencoder; scorers rebuild it from a
/// snapshot's "<prefix><k>_weight" / "<prefix><k>_bias" matrices.
class DenseStack {
public:
    DenseStack() = default;
    /// sizes = {in, h₁, …, out}, at least two entries; Glorot-uniform weights, zero biases.
    DenseStack(const std::vector<int>& sizes, Rng& rng);
    /// Throws std::invalid_argument when the snapshot lacks a layer or shapes disagree.
    static DenseStack fromSnapshot(const EmbeddingSnapshot& snapshot, const std::string& prefix);
    void exportTo(EmbeddingSnapshot& snapshot, const std::string& prefix) const;

    Index inputSize() const { return m_weights.front().rows(); }
    Index outputSize() const { return m_weights.back().cols(); }
    std::size_t layerCount() const { return m_weights.size(); }
    void setOutputBias(float value) { m_biases.back().value.setConstant(value); }

    /// One batch's (or one thread's share of a batch's) activations and layer gradients, so
    /// that threads can run forward and backward passes at once and add up their gradients.
    struct Pass {
        std::vector<RowMatrixXf> activations; // input of every layer, then the output
        std::vector<RowMatrixXf> weightGradients, biasGradients;
        std::vector<RowMatrixXf> outputGradients; // dLoss/d(layer k's output), for backwardInto()
    };
    /// Forward pass that keeps the activations in `pass` for backward().
    const RowMatrixXf& forward(const RowMatrixXf& x, Pass& pass) const;
    /// dLoss/dOutput (B×out) → sets the pass's weight and bias gradients, returns dLoss/dInput.
    RowMatrixXf backward(const RowMatrixXf& gradOutput, Pass& pass) const;
    /// backward() that writes dLoss/dInput into `gradInput` (B×in, e.g. a block of a larger
    /// matrix) and keeps its intermediate gradients in the pass: no allocation once the pass has
    /// seen a batch of this size.
    void backwardInto(const RowMatrixXf& gradOutput, Pass& pass, Eigen::Ref<RowMatrixXf> gradInput) const;
    /// Adds a pass's layer gradients to the layers' own.
    void addGradients(const Pass& pass);
    /// The same through a pass of the stack's own; not thread-safe.
    const RowMatrixXf& forward(const RowMatrixXf& x) { return forward(x, m_pass); }
    /// dLoss/dOutput (B×out) → accumulates weight and bias gradients, returns dLoss/dInput.
    RowMatrixXf backward(const RowMatrixXf& gradOutput)
    {
        RowMatrixXf gradInput = backward(gradOutput, m_pass);
        addGradients(m_pass);
        return gradInput;
    }
    /// Inference without side effects: thread-safe.
    RowMatrixXf evaluate(const RowMatrixXf& x) const;
    /// The same in double, for exact losses in gradient checks.
    Eigen::MatrixXd evaluateDouble(const Eigen::MatrixXd& x) const;

    /// L2 on the weights (not the biases): adds coefficient·W to every weight gradient.
    void addWeightDecay(float coefficient);
    /// Σ‖W_k‖² in double.
    double weightSquaredNorm() const;

    std::vector<SparseTable*> tables();
    void apply(const RowOptimizer& optimizer);

private:
    std::vector<SparseTable> m_weights, m_biases; // m_biases[k].value is 1×out
    Pass m_pass;
};

} // namespace embex::core
