// SPDX-License-Identifier: MIT
#pragma once

#include "core/eigen_types.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace embex::core {

struct PcaResult;

/// What to project and which items take part in the fit.
struct PcaConfig {
    int components = 2; ///< 1 to the embedding dimension d (the map draws 2, the Axes view lists 5)
    /// Items with fewer ratings are left out of the fit (and of `included`); 0 keeps every item.
    std::uint32_t minRatings = 0;
    /// Ratings per item (size n), needed when minRatings > 0; see itemRatingCounts().
    std::span<const std::uint32_t> ratingCounts {};
    /// The projection drawn before (e.g. the previous epoch's). Each new axis is flipped when it
    /// points against the old one, so a map redrawn every epoch does not mirror itself.
    const PcaResult* alignWith = nullptr;
};

/// A k-dimensional projection of an item matrix (n × d) onto its principal axes.
struct PcaResult {
    /// n × k: every item's coordinates, also those the filter left out (they are projected
    /// onto the axes fitted without them).
    RowMatrixXf coordinates;
    /// Dense indices of the items in the fit, ascending; what a filtered map shows.
    std::vector<std::uint32_t> included;
    /// d × k: column j is the unit principal axis j, in order of falling variance.
    Eigen::MatrixXd components;
    Eigen::VectorXd mean;                       ///< d: the centre of the fitted items
    std::vector<double> variances;              ///< k: variance along each axis (eigenvalues, descending)
    std::vector<double> explainedVarianceRatio; ///< k: variances[j] / total variance, in [0, 1]
    double totalVariance = 0;                   ///< trace of the covariance
    /// Empty when the projection is valid; otherwise why there is none ("only 1 item has at
    /// least 50 ratings; PCA needs 2").
    std::string problem;

    bool isValid() const { return problem.empty(); }
};

/// PCA by a centred d × d covariance (accumulated in double over blocks of rows, each block a
/// float rank update) and a self-adjoint eigen solver: cost O(n·d² + d³), about 10 ms for
/// 62,000 × 64 on two cores. Throws std::invalid_argument when components is below 1 or exceeds
/// d, or ratingCounts is missing or of the wrong size while minRatings > 0.
PcaResult computePca(Eigen::Ref<const RowMatrixXf> items, const PcaConfig& config = {});

} // namespace embex::core
