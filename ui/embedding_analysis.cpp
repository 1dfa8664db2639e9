// SPDX-License-Identifier: MIT
#include "ui/embedding_analysis.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

namespace embex::ui {

Projection projectItems(const core::RowMatrixXf& items, const Projection* previous)
{
    Projection p;
    const core::Index n = items.rows();
    const core::Index d = items.cols();
    if (n == 0 || d == 0)
        return p;
    const Eigen::MatrixXd centred = items.cast<double>().rowwise() - items.cast<double>().colwise().mean();
    const Eigen::MatrixXd covariance = (centred.transpose() * centred) / std::max<double>(1.0, static_cast<double>(n - 1));
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
    const Eigen::VectorXd values = solver.eigenvalues();   // ascending
    const Eigen::MatrixXd vectors = solver.eigenvectors();
    const double total = std::max(values.sum(), 1e-300);
    p.components = core::RowMatrixXf::Zero(2, d);
    for (int c = 0; c < 2 && c < d; ++c) {
        Eigen::VectorXd axis = vectors.col(d - 1 - c);
        if (previous && previous->components.cols() == d) {
            if (axis.dot(previous->components.row(c).transpose().cast<double>()) < 0)
                axis = -axis;
        } else if (axis.cwiseAbs().maxCoeff() > 0) {
            // deterministic first orientation: the largest loading is positive
            Eigen::Index largest = 0;
            axis.cwiseAbs().maxCoeff(&largest);
            if (axis(largest) < 0)
                axis = -axis;
        }
        p.components.row(c) = axis.transpose().cast<float>();
        p.explained[c] = std::max(0.0, values(d - 1 - c)) / total;
    }
    const Eigen::MatrixXd projected = centred * p.components.transpose().cast<double>();
    p.x.resize(static_cast<std::size_t>(n));
    p.y.resize(static_cast<std::size_t>(n));
    for (core::Index i = 0; i < n; ++i) {
        p.x[static_cast<std::size_t>(i)] = projected(i, 0);
        p.y[static_cast<std::size_t>(i)] = d > 1 ? projected(i, 1) : 0.0;
    }
    return p;
}

std::vector<Neighbour> nearestItems(const core::RowMatrixXf& items, int item, Metric metric, int k,
                                    const std::vector<int>* counts, int minCount)
{
    std::vector<Neighbour> result;
    if (item < 0 || item >= items.rows() || k <= 0)
        return result;
    const Eigen::VectorXf query = items.row(item).transpose();
    Eigen::VectorXf scores = items * query;
    if (metric == Metric::Cosine) {
        const Eigen::VectorXf norms = items.rowwise().norm();
        const float queryNorm = std::max(query.norm(), 1e-12F);
        scores = scores.array() / (norms.array().max(1e-12F) * queryNorm);
    } else if (metric == Metric::Euclidean) {
        scores = -((items.rowwise() - query.transpose()).rowwise().norm());
    }
    result.reserve(static_cast<std::size_t>(items.rows()));
    for (core::Index i = 0; i < items.rows(); ++i) {
        if (i == item || (counts && (*counts)[static_cast<std::size_t>(i)] < minCount))
            continue;
        result.push_back({ static_cast<int>(i), static_cast<double>(scores(i)) });
    }
    const auto cut = std::min<std::size_t>(static_cast<std::size_t>(k), result.size());
    std::partial_sort(result.begin(), result.begin() + static_cast<std::ptrdiff_t>(cut), result.end(),
                      [](const Neighbour& a, const Neighbour& b) { return a.similarity > b.similarity; });
    result.resize(cut);
    return result;
}

} // namespace embex::ui
