// SPDX-License-Identifier: MIT
#include "core/analysis/knn_search.h"

#include <Eigen/Dense>

#include <atomic>
#include <cmath>
#include <limits>

namespace embex::core::knn {
namespace {

    constexpr Index rowsPerBlock = 8192;
    constexpr int passes = 4;

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

FuzzyGraph fuzzyUnion(const KnnGraph& graph, int threads, const ProgressPart* progress)
{
    const int teamSize = std::max(1, threads);
    const Index n = graph.rows;
    const int k = graph.k;
    const LongWork none;
    const LongWork& work = progress ? progress->work() : none;
    // Four passes over the rows, each a quarter of the progress; every block of rows looks at the
    // stop token, and the calling thread (OpenMP's thread 0) reports.
    const Index blocks = (n + rowsPerBlock - 1) / rowsPerBlock;
    std::atomic<Index> blocksDone { 0 };
    const auto blockDone = [&](int pass) {
        const Index done = ++blocksDone;
        if (progress && threadNumber() == 0)
            progress->report((pass + static_cast<double>(done) / static_cast<double>(blocks)) / passes);
    };
    const auto nextPass = [&] {
        blocksDone = 0;
        return !work.cancelled();
    };
    const auto rowsOf = [n](Index block) {
        return std::pair { block * rowsPerBlock, std::min(n, (block + 1) * rowsPerBlock) };
    };
    double meanOfAll = 0;
    for (float d : graph.distances)
        meanOfAll += std::isfinite(d) ? d : 0;
    meanOfAll /= std::max<std::size_t>(1, graph.distances.size());

    std::vector<float> membership(graph.distances.size());
    // The bisections are most of the time on a large graph (64 steps of k exponentials a row).
#pragma omp parallel for schedule(dynamic, 1) num_threads(teamSize) if (teamSize > 1)
    for (Index block = 0; block < blocks; ++block) {
        if (work.cancelled())
            continue;
        const auto [first, last] = rowsOf(block);
        for (Index i = first; i < last; ++i) {
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
        blockDone(0);
    }
    if (!nextPass())
        return {};

    // Every directed edge goes into the lists of both its ends: row i's own k first, then the
    // rows that list i in row order, so each list is the same on any thread count. Each list is
    // then sorted by target and a pair seen from both sides merged into the fuzzy union.
    std::vector<std::size_t> starts(static_cast<std::size_t>(n) + 1, 0);
    for (std::uint32_t j : graph.neighbours)
        ++starts[static_cast<std::size_t>(j) + 1];
    for (Index i = 0; i < n; ++i)
        starts[static_cast<std::size_t>(i + 1)] += starts[static_cast<std::size_t>(i)] + static_cast<std::size_t>(k);
    if (!nextPass())
        return {};
    std::vector<std::pair<std::uint32_t, float>> entries(starts.back());
    std::vector<std::size_t> fill(starts.begin(), starts.end() - 1);
    for (Index block = 0; block < blocks; ++block) {
        if (work.cancelled())
            return {};
        const auto [first, last] = rowsOf(block);
        for (Index i = first; i < last; ++i) {
            const std::size_t own = starts[static_cast<std::size_t>(i)];
            for (int m = 0; m < k; ++m) {
                const std::size_t at = static_cast<std::size_t>(i * k + m);
                const std::uint32_t j = graph.neighbours[at];
                entries[own + static_cast<std::size_t>(m)] = { j, membership[at] };
                entries[fill[j]++ + static_cast<std::size_t>(k)] = { static_cast<std::uint32_t>(i), membership[at] };
            }
        }
        blockDone(1);
    }
    std::vector<float>().swap(membership);
    std::vector<std::size_t>().swap(fill);
    if (!nextPass())
        return {};

    // Sorted and merged in place: each list keeps its unique targets at its front, counted in
    // `kept`, then copied out in row order.
    std::vector<std::uint32_t> kept(static_cast<std::size_t>(n));
#pragma omp parallel for schedule(dynamic, 1) num_threads(teamSize) if (teamSize > 1)
    for (Index block = 0; block < blocks; ++block) {
        if (work.cancelled())
            continue;
        const auto [first, last] = rowsOf(block);
        for (Index i = first; i < last; ++i) {
            auto begin = entries.begin() + static_cast<std::ptrdiff_t>(starts[static_cast<std::size_t>(i)]);
            auto end = entries.begin() + static_cast<std::ptrdiff_t>(starts[static_cast<std::size_t>(i + 1)]);
            std::sort(begin, end);
            auto out = begin;
            for (auto e = begin; e != end;) {
                const std::uint32_t j = e->first;
                float w = e->second;
                for (++e; e != end && e->first == j; ++e)
                    w = w + e->second - w * e->second;
                if (j != static_cast<std::uint32_t>(i))
                    *out++ = { j, w };
            }
            kept[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(out - begin);
        }
        blockDone(2);
    }
    if (!nextPass())
        return {};

    FuzzyGraph fuzzy;
    fuzzy.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
    for (Index i = 0; i < n; ++i)
        fuzzy.offsets[static_cast<std::size_t>(i + 1)] = fuzzy.offsets[static_cast<std::size_t>(i)]
            + kept[static_cast<std::size_t>(i)];
    fuzzy.targets.resize(fuzzy.offsets.back());
    fuzzy.weights.resize(fuzzy.offsets.back());
#pragma omp parallel for schedule(dynamic, 1) num_threads(teamSize) if (teamSize > 1)
    for (Index block = 0; block < blocks; ++block) {
        if (work.cancelled())
            continue;
        const auto [first, last] = rowsOf(block);
        for (Index i = first; i < last; ++i) {
            const std::size_t from = starts[static_cast<std::size_t>(i)];
            const std::size_t to = fuzzy.offsets[static_cast<std::size_t>(i)];
            for (std::uint32_t e = 0; e < kept[static_cast<std::size_t>(i)]; ++e) {
                fuzzy.targets[to + e] = entries[from + e].first;
                fuzzy.weights[to + e] = entries[from + e].second;
            }
        }
        blockDone(3);
    }
    if (work.cancelled())
        return {};
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
