// SPDX-License-Identifier: MIT
#include "core/models/dense_stack.h"

#include <cmath>
#include <stdexcept>

namespace embex::core {

DenseStack::DenseStack(const std::vector<int>& sizes, Rng& rng)
{
    if (sizes.size() < 2)
        throw std::invalid_argument("a dense stack needs an input and an output size");
    for (std::size_t k = 0; k + 1 < sizes.size(); ++k) {
        const Index in = sizes[k], out = sizes[k + 1];
        if (in < 1 || out < 1)
            throw std::invalid_argument("dense layers need at least one unit");
        SparseTable w(in, out);
        const double limit = std::sqrt(6.0 / static_cast<double>(in + out));
        for (Index i = 0; i < w.value.size(); ++i)
            w.value.data()[i] = static_cast<float>((2 * rng.uniform() - 1) * limit);
        m_weights.push_back(std::move(w));
        m_biases.emplace_back(1, out);
    }
}

DenseStack DenseStack::fromSnapshot(const EmbeddingSnapshot& snapshot, const std::string& prefix)
{
    DenseStack stack;
    for (int k = 0;; ++k) {
        const RowMatrixXf* w = snapshot.parameter(prefix + std::to_string(k) + "_weight");
        const RowMatrixXf* b = snapshot.parameter(prefix + std::to_string(k) + "_bias");
        if (!w)
            break;
        if (!b || b->rows() != 1 || b->cols() != w->cols() || (k > 0 && stack.m_weights.back().cols() != w->rows()))
            throw std::invalid_argument("snapshot layer " + prefix + std::to_string(k) + " has inconsistent shapes");
        SparseTable weight, bias;
        weight.value = *w;
        bias.value = *b;
        stack.m_weights.push_back(std::move(weight));
        stack.m_biases.push_back(std::move(bias));
    }
    if (stack.m_weights.empty())
        throw std::invalid_argument("snapshot lacks the layers " + prefix + "0_weight…");
    return stack;
}

void DenseStack::exportTo(EmbeddingSnapshot& snapshot, const std::string& prefix) const
{
    for (std::size_t k = 0; k < m_weights.size(); ++k) {
        snapshot.parameters.push_back({ prefix + std::to_string(k) + "_weight", m_weights[k].value });
        snapshot.parameters.push_back({ prefix + std::to_string(k) + "_bias", m_biases[k].value });
    }
}

const RowMatrixXf& DenseStack::forward(const RowMatrixXf& x, Pass& pass) const
{
    std::vector<RowMatrixXf>& activations = pass.activations;
    activations.resize(m_weights.size() + 1);
    activations[0] = x;
    for (std::size_t k = 0; k < m_weights.size(); ++k) {
        RowMatrixXf& next = activations[k + 1];
        next.noalias() = activations[k] * m_weights[k].value;
        next.rowwise() += m_biases[k].value.row(0);
        if (k + 1 < m_weights.size())
            next = next.cwiseMax(0.0f);
    }
    return activations.back();
}

RowMatrixXf DenseStack::backward(const RowMatrixXf& gradOutput, Pass& pass) const
{
    pass.weightGradients.resize(m_weights.size());
    pass.biasGradients.resize(m_weights.size());
    RowMatrixXf grad = gradOutput;
    for (std::size_t k = m_weights.size(); k-- > 0;) {
        if (k + 1 < m_weights.size()) // through the ReLU that produced layer k's output
            grad = (pass.activations[k + 1].array() > 0).select(grad, 0.0f);
        pass.weightGradients[k].noalias() = pass.activations[k].transpose() * grad;
        pass.biasGradients[k] = sumOfRows(grad);
        grad = (grad * m_weights[k].value.transpose()).eval();
    }
    return grad;
}

void DenseStack::backwardInto(const RowMatrixXf& gradOutput, Pass& pass, Eigen::Ref<RowMatrixXf> gradInput) const
{
    const std::size_t layers = m_weights.size();
    pass.weightGradients.resize(layers);
    pass.biasGradients.resize(layers);
    pass.outputGradients.resize(layers);
    pass.outputGradients.back() = gradOutput;
    for (std::size_t k = layers; k-- > 0;) {
        RowMatrixXf& grad = pass.outputGradients[k];
        if (k + 1 < layers) // through the ReLU that produced layer k's output
            grad = (pass.activations[k + 1].array() > 0).select(grad, 0.0f);
        pass.weightGradients[k].noalias() = pass.activations[k].transpose() * grad;
        pass.biasGradients[k].resize(1, grad.cols());
        pass.biasGradients[k].noalias() = RowVectorXf::Ones(grad.rows()) * grad;
        if (k > 0)
            pass.outputGradients[k - 1].noalias() = grad * m_weights[k].value.transpose();
        else
            gradInput.noalias() = grad * m_weights[k].value.transpose();
    }
}

void DenseStack::addGradients(const Pass& pass)
{
    for (std::size_t k = 0; k < m_weights.size(); ++k) {
        SparseTable& w = m_weights[k];
        w.touchAll();
        Eigen::Map<RowMatrixXf>(w.gradient(0), w.rows(), w.cols()) += pass.weightGradients[k];
        m_biases[k].touchAll();
        Eigen::Map<RowMatrixXf>(m_biases[k].gradient(0), 1, w.cols()) += pass.biasGradients[k];
    }
}

RowMatrixXf DenseStack::evaluate(const RowMatrixXf& x) const
{
    RowMatrixXf a = x;
    for (std::size_t k = 0; k < m_weights.size(); ++k) {
        RowMatrixXf next = a * m_weights[k].value;
        next.rowwise() += m_biases[k].value.row(0);
        a = k + 1 < m_weights.size() ? RowMatrixXf(next.cwiseMax(0.0f)) : next;
    }
    return a;
}

Eigen::MatrixXd DenseStack::evaluateDouble(const Eigen::MatrixXd& x) const
{
    Eigen::MatrixXd a = x;
    for (std::size_t k = 0; k < m_weights.size(); ++k) {
        Eigen::MatrixXd next = a * m_weights[k].value.cast<double>();
        next.rowwise() += m_biases[k].value.row(0).cast<double>();
        a = k + 1 < m_weights.size() ? Eigen::MatrixXd(next.cwiseMax(0.0)) : next;
    }
    return a;
}

void DenseStack::addWeightDecay(float coefficient)
{
    for (SparseTable& w : m_weights) {
        w.touchAll();
        Eigen::Map<RowMatrixXf>(w.gradient(0), w.rows(), w.cols()) += coefficient * w.value;
    }
}

double DenseStack::weightSquaredNorm() const
{
    double sum = 0;
    for (const SparseTable& w : m_weights)
        sum += w.value.cast<double>().squaredNorm();
    return sum;
}

std::vector<SparseTable*> DenseStack::tables()
{
    std::vector<SparseTable*> all;
    for (std::size_t k = 0; k < m_weights.size(); ++k) {
        all.push_back(&m_weights[k]);
        all.push_back(&m_biases[k]);
    }
    return all;
}

void DenseStack::apply(const RowOptimizer& optimizer)
{
    for (SparseTable* t : tables())
        optimizer.apply(*t);
}

} // namespace embex::core
