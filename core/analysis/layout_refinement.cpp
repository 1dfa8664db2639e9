// SPDX-License-Identifier: MIT
// The layout's last phase: a short t-SNE run with exact repulsion between all pairs, started from
// the UMAP-style layout, that fits the map to the k-NN sets themselves (the neighbours-kept
// measure's own question) rather than to sampled forces.
#include "core/analysis/knn_search.h"
#include "core/util/worker_team.h"

namespace embex::core::knn {
namespace {

    constexpr std::size_t rowsPerChunk = 32;

    // P of t-SNE from the graph: each row's k neighbours weigh 1/k, symmetrised as
    // (p_j|i + p_i|j) / 2n, so P sums to 1. Row i's entries are cols[offsets[i] .. offsets[i+1]).
    struct Affinities {
        std::vector<std::size_t> offsets;
        std::vector<std::uint32_t> cols;
        std::vector<float> values;
    };

    Affinities affinitiesOf(const KnnGraph& graph)
    {
        const int k = graph.k;
        const auto n = static_cast<std::size_t>(graph.rows);
        std::vector<std::vector<std::pair<std::uint32_t, float>>> rows(n);
        const float each = 1.0f / (2.0f * static_cast<float>(k) * static_cast<float>(n));
        for (std::size_t i = 0; i < n; ++i)
            for (int m = 0; m < k; ++m) {
                const std::uint32_t j = graph.neighbours[i * static_cast<std::size_t>(k) + static_cast<std::size_t>(m)];
                rows[i].emplace_back(j, each);
                rows[j].emplace_back(static_cast<std::uint32_t>(i), each);
            }
        Affinities p;
        p.offsets.reserve(n + 1);
        p.offsets.push_back(0);
        for (auto& row : rows) {
            std::sort(row.begin(), row.end());
            for (std::size_t e = 0; e < row.size(); ++e) {
                if (!p.cols.empty() && p.cols.size() > p.offsets.back() && p.cols.back() == row[e].first)
                    p.values.back() += row[e].second;
                else {
                    p.cols.push_back(row[e].first);
                    p.values.push_back(row[e].second);
                }
            }
            p.offsets.push_back(p.cols.size());
        }
        return p;
    }

} // namespace

bool refineLayout(std::vector<float>& positions, const KnnGraph& graph, const RefinementConfig& config,
                  WorkerTeam& team, const LongWork& work, const std::function<void(double)>& progress)
{
    const auto n = static_cast<std::size_t>(graph.rows);
    const int iterations = config.iterations;
    const Affinities p = affinitiesOf(graph);
    // openTSNE's rate n / 12 (its default without early exaggeration), at least 50;
    // on ml-100k 200 keeps 0.416, n / 12 (78) 0.413 and 20 0.404.
    const auto rate = static_cast<float>(config.rate > 0 ? config.rate : std::max(50.0, static_cast<double>(n) / 12.0));
    constexpr float momentum = 0.8f; // t-SNE's after its early phase; 0.5 keeps 0.411
    std::vector<float> x(n), y(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = positions[2 * i];
        y[i] = positions[2 * i + 1];
    }
    const auto spread = [&] {
        double mx = 0, my = 0;
        for (std::size_t i = 0; i < n; ++i) {
            mx += x[i];
            my += y[i];
        }
        mx /= static_cast<double>(n);
        my /= static_cast<double>(n);
        double s = 0;
        for (std::size_t i = 0; i < n; ++i)
            s += (x[i] - mx) * (x[i] - mx) + (y[i] - my) * (y[i] - my);
        return std::sqrt(s / static_cast<double>(n));
    };
    const double startSpread = spread();
    std::vector<float> sumW(n), repX(n), repY(n), attX(n), attY(n);
    std::vector<float> stepX(n, 0.0f), stepY(n, 0.0f), gainX(n, 1.0f), gainY(n, 1.0f);
    const std::size_t chunks = (n + rowsPerChunk - 1) / rowsPerChunk;

    for (int iteration = 0; iteration < iterations; ++iteration) {
        if (work.cancelled())
            return false;
        // Per row, from the last iteration's positions only: Σ w_ij, Σ w_ij²(y_i − y_j) and the
        // attraction Σ p_ij w_ij (y_i − y_j), w = 1 / (1 + d²). A thread writes only its rows.
        team.run(chunks, [&](std::size_t chunk) {
            for (std::size_t i = chunk * rowsPerChunk; i < std::min(n, (chunk + 1) * rowsPerChunk); ++i) {
                const float xi = x[i], yi = y[i];
                float w = 0, rx = 0, ry = 0;
                for (std::size_t j = 0; j < n; ++j) {
                    const float dx = xi - x[j], dy = yi - y[j];
                    const float q = 1.0f / (1.0f + dx * dx + dy * dy);
                    w += q;
                    rx += q * q * dx;
                    ry += q * q * dy;
                }
                sumW[i] = w - 1.0f; // j == i contributed w = 1 and no force
                repX[i] = rx;
                repY[i] = ry;
                float ax = 0, ay = 0;
                for (std::size_t e = p.offsets[i]; e < p.offsets[i + 1]; ++e) {
                    const std::uint32_t j = p.cols[e];
                    const float dx = xi - x[j], dy = yi - y[j];
                    const float q = p.values[e] / (1.0f + dx * dx + dy * dy);
                    ax += q * dx;
                    ay += q * dy;
                }
                attX[i] = ax;
                attY[i] = ay;
            }
        });
        double z = 0;
        for (std::size_t i = 0; i < n; ++i)
            z += sumW[i];
        const auto inverseZ = static_cast<float>(1.0 / z);
        for (std::size_t i = 0; i < n; ++i) {
            const float gx = 4 * (attX[i] - repX[i] * inverseZ), gy = 4 * (attY[i] - repY[i] * inverseZ);
            // t-SNE's gains (without them ml-100k keeps 0.394).
            gainX[i] = (gx > 0) != (stepX[i] > 0) ? gainX[i] + 0.2f : std::max(0.01f, gainX[i] * 0.8f);
            gainY[i] = (gy > 0) != (stepY[i] > 0) ? gainY[i] + 0.2f : std::max(0.01f, gainY[i] * 0.8f);
            stepX[i] = momentum * stepX[i] - rate * gainX[i] * gx;
            stepY[i] = momentum * stepY[i] - rate * gainY[i] * gy;
            x[i] += stepX[i];
            y[i] += stepY[i];
        }
        if (progress)
            progress(static_cast<double>(iteration + 1) / iterations);
    }
    // Back to the spread the layout had: t-SNE's scale grows with its run, and a warm start
    // next time should start from the scale the UMAP-style phase works at.
    const double endSpread = spread();
    const auto scale = static_cast<float>(endSpread > 0 ? startSpread / endSpread : 1.0);
    for (std::size_t i = 0; i < n; ++i) {
        positions[2 * i] = x[i] * scale;
        positions[2 * i + 1] = y[i] * scale;
    }
    return true;
}

} // namespace embex::core::knn
