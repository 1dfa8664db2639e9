// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/random.h"

#include <cstdint>
#include <span>
#include <vector>

namespace embex::core {

/// Draws index i with probability weights[i] / Σ weights in O(1) (Walker's alias method, built
/// in O(n) by Vose's algorithm): one uniform slot, then one biased coin between the slot and its
/// alias. A binary search over the cumulative weights costs log₂(n) cache misses a draw instead.
class AliasSampler {
public:
    AliasSampler() = default;
    /// weights: non-negative, at least one positive.
    explicit AliasSampler(std::span<const double> weights);

    std::size_t size() const { return m_alias.size(); }
    /// The probability of drawing i, as the weights gave it.
    double probability(std::size_t i) const { return m_probability[i]; }
    std::uint32_t draw(Rng& rng) const
    {
        const auto slot = static_cast<std::uint32_t>(rng.below(m_alias.size()));
        return rng.uniform() < m_keep[slot] ? slot : m_alias[slot];
    }

private:
    std::vector<double> m_keep;         // chance a draw of the slot keeps it
    std::vector<std::uint32_t> m_alias; // what the slot gives otherwise
    std::vector<double> m_probability;
};

} // namespace embex::core
