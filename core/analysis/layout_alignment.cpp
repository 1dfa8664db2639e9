// SPDX-License-Identifier: MIT
#include "core/analysis/neighbour_layout.h"

#include <Eigen/SVD>

#include <cmath>
#include <stdexcept>

namespace embex::core {

void alignLayout(RowMatrixXf& layout, const RowMatrixXf& reference)
{
    if (layout.cols() != 2 || reference.cols() != 2 || layout.rows() != reference.rows())
        throw std::invalid_argument("alignLayout needs two n × 2 layouts of the same rows");
    const auto isFinite = [](const RowMatrixXf& m, Index i) {
        return std::isfinite(m(i, 0)) && std::isfinite(m(i, 1));
    };
    Eigen::Vector2d layoutMean = Eigen::Vector2d::Zero(), referenceMean = Eigen::Vector2d::Zero();
    Index common = 0;
    for (Index i = 0; i < layout.rows(); ++i)
        if (isFinite(layout, i) && isFinite(reference, i)) {
            layoutMean += layout.row(i).transpose().cast<double>();
            referenceMean += reference.row(i).transpose().cast<double>();
            ++common;
        }
    if (common == 0)
        return;
    layoutMean /= static_cast<double>(common);
    referenceMean /= static_cast<double>(common);
    // R minimising Σ‖(l − l̄)R − (r − r̄)‖² over rotations and reflections: U Vᵀ from the SVD of
    // Σ (l − l̄)ᵀ(r − r̄).
    Eigen::Matrix2d cross = Eigen::Matrix2d::Zero();
    for (Index i = 0; i < layout.rows(); ++i)
        if (isFinite(layout, i) && isFinite(reference, i))
            cross += (layout.row(i).transpose().cast<double>() - layoutMean)
                * (reference.row(i).cast<double>() - referenceMean.transpose());
    Eigen::Matrix2d rotation = Eigen::Matrix2d::Identity();
    if (common >= 2) {
        const Eigen::JacobiSVD<Eigen::Matrix2d> svd(cross, Eigen::ComputeFullU | Eigen::ComputeFullV);
        rotation = svd.matrixU() * svd.matrixV().transpose();
    }
    for (Index i = 0; i < layout.rows(); ++i) {
        const double x = layout(i, 0) - layoutMean.x(), y = layout(i, 1) - layoutMean.y();
        layout(i, 0) = static_cast<float>(x * rotation(0, 0) + y * rotation(1, 0) + referenceMean.x());
        layout(i, 1) = static_cast<float>(x * rotation(0, 1) + y * rotation(1, 1) + referenceMean.y());
    }
}

} // namespace embex::core
