// SPDX-License-Identifier: MIT
#include "core/optim/alias_sampler.h"

#include <numeric>
#include <stdexcept>

namespace embex::core {

AliasSampler::AliasSampler(std::span<const double> weights)
    : m_keep(weights.size())
    , m_alias(weights.size())
    , m_probability(weights.size())
{
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    if (weights.empty() || !(total > 0))
        throw std::invalid_argument("an alias sampler needs a positive weight");
    const auto n = weights.size();
    std::vector<std::uint32_t> small, large;
    for (std::size_t i = 0; i < n; ++i) {
        m_probability[i] = weights[i] / total;
        m_keep[i] = m_probability[i] * static_cast<double>(n); // 1 = exactly one slot's share
        m_alias[i] = static_cast<std::uint32_t>(i);
        (m_keep[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
    }
    // Each short slot is topped up from one tall slot, which gives away what the short one lacks.
    while (!small.empty() && !large.empty()) {
        const std::uint32_t s = small.back(), l = large.back();
        small.pop_back();
        m_alias[s] = l;
        m_keep[l] -= 1.0 - m_keep[s];
        if (m_keep[l] < 1.0) {
            large.pop_back();
            small.push_back(l);
        }
    }
    for (std::uint32_t i : small) // left over only by rounding: they are full
        m_keep[i] = 1.0;
    for (std::uint32_t i : large)
        m_keep[i] = 1.0;
}

} // namespace embex::core
