// SPDX-License-Identifier: MIT
#include "core/optim/shuffle.h"

#include <algorithm>
#include <array>
#include <utility>

namespace embex::core {

void shuffle(std::vector<std::uint32_t>& values, Rng& rng, std::vector<std::uint32_t>& scratch, std::size_t directLimit)
{
    const std::size_t n = values.size();
    if (n <= directLimit) {
        fisherYates(std::span(values), rng);
        return;
    }
    constexpr std::size_t buckets = 256;
    // Eight bucket draws from each 64-bit number; the counting pass replays the scatter pass's
    // draws from a copy of the generator, so no per-value bucket array is needed.
    auto forEachBucket = [n](Rng& draws, auto&& visit) {
        for (std::size_t i = 0; i < n; i += 8) {
            std::uint64_t bits = draws.next();
            for (std::size_t k = i; k < std::min(n, i + 8); ++k, bits >>= 8)
                visit(k, static_cast<std::size_t>(bits & 0xff));
        }
    };
    std::array<std::size_t, buckets + 1> start {};
    Rng replay = rng;
    forEachBucket(replay, [&](std::size_t, std::size_t b) { ++start[b + 1]; });
    for (std::size_t b = 0; b < buckets; ++b)
        start[b + 1] += start[b];
    std::array<std::size_t, buckets> next {};
    std::copy(start.begin(), start.end() - 1, next.begin());
    scratch.resize(n);
    forEachBucket(rng, [&](std::size_t k, std::size_t b) { scratch[next[b]++] = values[k]; });
    for (std::size_t b = 0; b < buckets; ++b)
        fisherYates(std::span(scratch).subspan(start[b], start[b + 1] - start[b]), rng);
    values.swap(scratch);
}

} // namespace embex::core
