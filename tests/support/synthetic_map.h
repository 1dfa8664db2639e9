// SPDX-License-Identifier: MIT
// A map-shaped projection for drawing tests and the map benchmark.
#pragma once

#include "core/analysis/map_projection.h"
#include "core/data/random.h"

#include <cmath>
#include <vector>

namespace embex::test {

/// n points in twelve blurred clusters, the shape of a PCA map of a trained model; `clusterOf`, when
/// given, receives each point's cluster.
inline core::Projection clusteredProjection(int n, std::vector<int>* clusterOf = nullptr)
{
    core::Rng rng(11);
    core::Projection p;
    for (int i = 0; i < n; ++i) {
        const int c = static_cast<int>(rng.below(12));
        if (clusterOf)
            clusterOf->push_back(c);
        p.x.push_back(std::cos(c * 0.52) * 3 + rng.normal() * 0.6);
        p.y.push_back(std::sin(c * 0.52) * 3 + rng.normal() * 0.6);
    }
    p.explained[0] = 0.2;
    p.explained[1] = 0.1;
    p.epoch = 1;
    return p;
}

} // namespace embex::test
