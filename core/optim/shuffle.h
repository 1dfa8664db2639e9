// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/random.h"

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace embex::core {

/// Fisher–Yates: `values` in a uniformly random order drawn from `rng`, in place.
template <typename T>
void fisherYates(std::span<T> values, Rng& rng)
{
    for (std::size_t i = values.size(); i > 1; --i)
        std::swap(values[i - 1], values[rng.below(i)]);
}

/// Puts `values` in a uniformly random order drawn from `rng`.
/// Up to `directLimit` values: Fisher–Yates. Beyond, Rao–Sandelius: each value goes to one of 256
/// buckets at random, then each bucket is Fisher–Yates shuffled while it sits in cache; the
/// result is as uniform, and 25M values take a fraction of the time of 25M random swaps across
/// 100 MB. `scratch` is working memory (swapped with `values`), kept by the caller so an epoch
/// allocates nothing. The same seed gives the same order on every platform.
void shuffle(std::vector<std::uint32_t>& values, Rng& rng, std::vector<std::uint32_t>& scratch,
             std::size_t directLimit = std::size_t(1) << 20);

} // namespace embex::core
