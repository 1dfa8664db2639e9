// SPDX-License-Identifier: MIT
#include "core/analysis/pca.h"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <stdexcept>

namespace embex::core {
namespace {

    constexpr Index blockRows = 512;
    // Partial sums are kept per chunk and added in chunk order, so the result does not depend
    // on the thread count.
    constexpr Index maxChunks = 64;

    struct RowSet {
        const std::vector<std::uint32_t>& rows;
        Index blocks() const { return (static_cast<Index>(rows.size()) + blockRows - 1) / blockRows; }
        Index chunks() const { return std::min(blocks(), maxChunks); }
        // Blocks [first, last) of chunk c.
        std::pair<Index, Index> chunkBlocks(Index c) const
        {
            return { blocks() * c / chunks(), blocks() * (c + 1) / chunks() };
        }
        std::pair<Index, Index> blockRange(Index b) const
        {
            return { b * blockRows, std::min(static_cast<Index>(rows.size()), (b + 1) * blockRows) };
        }
    };

    Eigen::VectorXd meanOf(const Eigen::Ref<const RowMatrixXf>& items, const RowSet& set)
    {
        const Index d = items.cols();
        Eigen::MatrixXd partial = Eigen::MatrixXd::Zero(d, set.chunks());
#pragma omp parallel for schedule(dynamic, 1)
        for (Index c = 0; c < set.chunks(); ++c) {
            auto [firstBlock, lastBlock] = set.chunkBlocks(c);
            Eigen::VectorXd sum = Eigen::VectorXd::Zero(d);
            for (Index b = firstBlock; b < lastBlock; ++b) {
                auto [begin, end] = set.blockRange(b);
                VectorXf blockSum = VectorXf::Zero(d); // a few thousand floats: exact enough
                for (Index r = begin; r < end; ++r)
                    blockSum += items.row(set.rows[static_cast<std::size_t>(r)]).transpose();
                sum += blockSum.cast<double>();
            }
            partial.col(c) = sum;
        }
        return partial.rowwise().sum() / static_cast<double>(set.rows.size());
    }

    // Lower triangle of Σ (x - mean)(x - mean)ᵀ over the set.
    Eigen::MatrixXd scatterOf(const Eigen::Ref<const RowMatrixXf>& items, const RowSet& set, const VectorXf& mean)
    {
        const Index d = items.cols();
        std::vector<Eigen::MatrixXd> partial(static_cast<std::size_t>(set.chunks()));
#pragma omp parallel for schedule(dynamic, 1)
        for (Index c = 0; c < set.chunks(); ++c) {
            auto [firstBlock, lastBlock] = set.chunkBlocks(c);
            Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(d, d);
            // Row-major like the items: each item row is one contiguous read and write, and its
            // transpose is the column-major operand the rank update packs fastest.
            RowMatrixXf centred(blockRows, d);
            Eigen::MatrixXf gram(d, d);
            const RowVectorXf meanRow = mean.transpose();
            for (Index b = firstBlock; b < lastBlock; ++b) {
                auto [begin, end] = set.blockRange(b);
                for (Index r = begin; r < end; ++r)
                    centred.row(r - begin) = items.row(set.rows[static_cast<std::size_t>(r)]) - meanRow;
                gram.setZero();
                gram.selfadjointView<Eigen::Lower>().rankUpdate(centred.topRows(end - begin).transpose());
                sum += gram.cast<double>();
            }
            partial[static_cast<std::size_t>(c)] = std::move(sum);
        }
        Eigen::MatrixXd scatter = Eigen::MatrixXd::Zero(d, d);
        for (const Eigen::MatrixXd& p : partial)
            scatter += p;
        return scatter;
    }

    // Axis j of `result` flips when it disagrees with axis j of `previous`: by the coordinates of
    // the shared items when both projected the same catalogue, else by the axes themselves.
    void alignSigns(PcaResult& result, const PcaResult& previous)
    {
        if (!previous.isValid())
            return;
        const Index k = result.coordinates.cols();
        const bool sameItems = previous.coordinates.rows() == result.coordinates.rows();
        const bool sameSpace = previous.components.rows() == result.components.rows();
        for (Index j = 0; j < k && j < previous.coordinates.cols(); ++j) {
            double agreement = 0;
            if (sameItems) {
                for (std::uint32_t i : result.included)
                    agreement += static_cast<double>(result.coordinates(i, j)) * previous.coordinates(i, j);
            } else if (sameSpace) {
                agreement = result.components.col(j).dot(previous.components.col(j));
            }
            if (agreement < 0) {
                result.components.col(j) *= -1.0;
                result.coordinates.col(j) *= -1.0f;
            }
        }
    }

} // namespace

PcaResult computePca(Eigen::Ref<const RowMatrixXf> items, const PcaConfig& config)
{
    const Index n = items.rows();
    const Index d = items.cols();
    const int k = config.components;
    if (k < 1)
        throw std::invalid_argument("PCA computes at least 1 component");
    if (k > d)
        throw std::invalid_argument("PCA components cannot exceed the embedding dimension");
    if (config.minRatings > 0 && static_cast<Index>(config.ratingCounts.size()) != n)
        throw std::invalid_argument("a PCA rating filter needs one rating count per item");

    PcaResult result;
    result.coordinates = RowMatrixXf::Zero(n, k);
    result.components = Eigen::MatrixXd::Zero(d, k);
    result.mean = Eigen::VectorXd::Zero(d);
    result.variances.assign(static_cast<std::size_t>(k), 0.0);
    result.explainedVarianceRatio.assign(static_cast<std::size_t>(k), 0.0);
    result.included.reserve(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i)
        if (config.minRatings == 0 || config.ratingCounts[static_cast<std::size_t>(i)] >= config.minRatings)
            result.included.push_back(static_cast<std::uint32_t>(i));
    const auto m = static_cast<Index>(result.included.size());
    if (m < 2) {
        result.problem = "only " + std::to_string(m) + (m == 1 ? " item has" : " items have");
        result.problem += config.minRatings > 0 ? " at least " + std::to_string(config.minRatings) + " ratings" : "";
        result.problem += "; PCA needs 2";
        result.included.clear();
        return result;
    }

    const RowSet set { result.included };
    result.mean = meanOf(items, set);
    const VectorXf meanF = result.mean.cast<float>();
    Eigen::MatrixXd covariance = scatterOf(items, set, meanF) / static_cast<double>(m - 1);
    covariance.triangularView<Eigen::StrictlyUpper>() = covariance.transpose();

    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
    if (solver.info() != Eigen::Success) {
        result.problem = "the eigen solver did not converge (non-finite weights?)";
        return result;
    }
    result.totalVariance = std::max(0.0, covariance.trace());
    for (int j = 0; j < k; ++j) {
        // Eigen sorts eigenvalues ascending: the largest come last.
        Eigen::VectorXd axis = solver.eigenvectors().col(d - 1 - j);
        Index largest = 0;
        axis.cwiseAbs().maxCoeff(&largest);
        if (axis(largest) < 0)
            axis = -axis; // a fixed sign for a fresh map; alignSigns may flip it to match the last one
        result.components.col(j) = axis;
        const double variance = std::max(0.0, solver.eigenvalues()(d - 1 - j));
        result.variances[static_cast<std::size_t>(j)] = variance;
        result.explainedVarianceRatio[static_cast<std::size_t>(j)] = result.totalVariance > 0
            ? variance / result.totalVariance
            : 0.0;
    }

    const Eigen::MatrixXf axes = result.components.cast<float>();
    const RowVectorXf offset = meanF.transpose() * axes;
    result.coordinates.noalias() = items * axes;
    result.coordinates.rowwise() -= offset;
    if (config.alignWith)
        alignSigns(result, *config.alignWith);
    return result;
}

} // namespace embex::core
