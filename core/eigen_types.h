// SPDX-License-Identifier: MIT
#pragma once

#include <Eigen/Core>

namespace embex::core {

/// Embedding tables are row-major: row i is the vector of dense index i.
using RowMatrixXf = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using VectorXf = Eigen::VectorXf;
using RowVectorXf = Eigen::RowVectorXf;
using Index = Eigen::Index;

} // namespace embex::core
