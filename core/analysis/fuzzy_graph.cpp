// SPDX-License-Identifier: MIT
#include "core/analysis/knn_search.h"

#include <Eigen/Dense>

#include <cmath>
#include <limits>

namespace embex::core::knn {
namespace {

    // σ_i such that Σ_j exp(−max(0, d_ij − ρ_i)/σ_i) = log2(k), by bisection (UMAP's smooth_knn_dist).
    float bandwidth(const float* distances, int k, float rho, float meanOfAll)
    {
        const double target = std::log2(static_cast<double>(k));
        double low = 0, high = std::numeric_limits<double>::infinity(), mid = 1;
        for (int step = 0; step < 64; ++step) {
            double sum = 0;
            for (int m = 0; m < k; ++m) {
                const double gap = distances[m] - rho;
                sum += gap > 0 ? std::exp(-gap / mid) : 1.0;
            }
            if (std::abs(sum - target) < 1e-5)
                break;
            if (sum > target) {
                high = mid;
                mid = (low + high) / 2;
            } else {
                low = mid;
                mid = std::isinf(high) ? mid * 2 : (low + high) / 2;
            }
        }
        // A floor keeps rows whose neighbours all sit at one distance from dividing by ~0.
        double mean = 0;
        for (int m = 0; m < k; ++m)
            mean += distances[m];
        mean /= k;
        const double floor = 1e-3 * (rho > 0 ? mean : meanOfAll);
        return static_cast<float>(std::max(mid, std::max(floor, 1e-12)));
    }

} // namespace

FuzzyGraph fuzzyUnion(const KnnGraph& graph, int threads)
{
    const int teamSize = std::max(1, threads);
    const Index n = graph.rows;
    const int k = graph.k;
    double meanOfAll = 0;
    for (float d : graph.distances)
        meanOfAll += std::isfinite(d) ? d : 0;
    meanOfAll /= std::max<std::size_t>(1, graph.distances.size());

    std::vector<float> membership(graph.distances.size());
    // The bisections are most of the time on a large graph (64 steps of k exponentials a row).
#pragma omp parallel for schedule(static, 4096) num_threads(teamSize) if (teamSize > 1)
    for (Index i = 0; i < n; ++i) {
        const float* d = &graph.distances[static_cast<std::size_t>(i * k)];
        float rho = 0;
        for (int m = 0; m < k; ++m)
            if (d[m] > 0) {
                rho = d[m];
                break;
            }
        const float sigma = bandwidth(d, k, rho, static_cast<float>(meanOfAll));
        for (int m = 0; m < k; ++m) {
            const float gap = d[m] - rho;
            membership[static_cast<std::size_t>(i * k + m)] = gap > 0 ? std::exp(-gap / sigma) : 1.0f;
        }
    }

    // Every directed edge goes into the lists of both its ends; each list is then sorted by
    // target and a pair seen from both sides merged into the fuzzy union.
    std::vector<std::size_t> counts(static_cast<std::size_t>(n) + 1, 0);
    for (Index i = 0; i < n; ++i) {
        counts[static_cast<std::size_t>(i)] += static_cast<std::size_t>(k);
        for (int m = 0; m < k; ++m)
            ++counts[graph.neighbours[static_cast<std::size_t>(i * k + m)]];
    }
    std::vector<std::size_t> starts(static_cast<std::size_t>(n) + 1, 0);
    for (Index i = 0; i < n; ++i)
        starts[static_cast<std::size_t>(i + 1)] = starts[static_cast<std::size_t>(i)]
            + counts[static_cast<std::size_t>(i)];
    std::vector<std::pair<std::uint32_t, float>> entries(starts.back());
    std::vector<std::size_t> fill(starts.begin(), starts.end() - 1);
    for (Index i = 0; i < n; ++i)
        for (int m = 0; m < k; ++m) {
            const std::size_t at = static_cast<std::size_t>(i * k + m);
            const std::uint32_t j = graph.neighbours[at];
            entries[fill[static_cast<std::size_t>(i)]++] = { j, membership[at] };
            entries[fill[j]++] = { static_cast<std::uint32_t>(i), membership[at] };
        }

    FuzzyGraph fuzzy;
    fuzzy.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
    fuzzy.targets.reserve(entries.size());
    fuzzy.weights.reserve(entries.size());
#pragma omp parallel for schedule(static, 4096) num_threads(teamSize) if (teamSize > 1)
    for (Index i = 0; i < n; ++i)
        std::sort(entries.begin() + static_cast<std::ptrdiff_t>(starts[static_cast<std::size_t>(i)]),
                  entries.begin() + static_cast<std::ptrdiff_t>(starts[static_cast<std::size_t>(i + 1)]));
    for (Index i = 0; i < n; ++i) {
        auto first = entries.begin() + static_cast<std::ptrdiff_t>(starts[static_cast<std::size_t>(i)]);
        auto last = entries.begin() + static_cast<std::ptrdiff_t>(starts[static_cast<std::size_t>(i + 1)]);
        for (auto e = first; e != last;) {
            const std::uint32_t j = e->first;
            float w = e->second;
            for (++e; e != last && e->first == j; ++e)
                w = w + e->second - w * e->second;
            if (j == static_cast<std::uint32_t>(i))
                continue;
            fuzzy.targets.push_back(j);
            fuzzy.weights.push_back(w);
        }
        fuzzy.offsets[static_cast<std::size_t>(i + 1)] = fuzzy.targets.size();
    }
    return fuzzy;
}

std::pair<double, double> fitSimilarityCurve(double minDistance)
{
    constexpr int samples = 300;
    Eigen::VectorXd r(samples), target(samples);
    for (int s = 0; s < samples; ++s) {
        r[s] = 3.0 * s / (samples - 1);
        target[s] = r[s] < minDistance ? 1.0 : std::exp(-(r[s] - minDistance));
    }
    // Levenberg–Marquardt on two parameters from UMAP's usual answer for minDistance 0.1.
    double a = 1.58, b = 0.9, damping = 1e-3;
    const auto residuals = [&](double pa, double pb) {
        Eigen::VectorXd e(samples);
        for (int s = 0; s < samples; ++s)
            e[s] = 1.0 / (1.0 + pa * std::pow(r[s], 2 * pb)) - target[s];
        return e;
    };
    double cost = residuals(a, b).squaredNorm();
    for (int step = 0; step < 200; ++step) {
        Eigen::MatrixXd jacobian(samples, 2);
        for (int s = 0; s < samples; ++s) {
            const double u = r[s] > 0 ? std::pow(r[s], 2 * b) : 0;
            const double g = 1.0 / (1.0 + a * u);
            jacobian(s, 0) = -u * g * g;
            jacobian(s, 1) = r[s] > 0 ? -a * u * 2 * std::log(r[s]) * g * g : 0;
        }
        const Eigen::VectorXd e = residuals(a, b);
        Eigen::Matrix2d normal = jacobian.transpose() * jacobian;
        normal.diagonal() *= 1 + damping;
        const Eigen::Vector2d delta = normal.ldlt().solve(-jacobian.transpose() * e);
        const double newCost = residuals(a + delta[0], b + delta[1]).squaredNorm();
        if (newCost < cost) {
            a += delta[0];
            b += delta[1];
            damping /= 10;
            if (cost - newCost < 1e-14)
                break;
            cost = newCost;
        } else {
            damping *= 10;
        }
    }
    return { a, b };
}

} // namespace embex::core::knn
