// SPDX-License-Identifier: MIT
#pragma once

#include "core/training/trainer.h"

namespace embex::bench {

/// The `layout` rows: the neighbour layout of the file's items after a few epochs of dot+bias
/// (k = 32), its warm-started update after one more epoch and its neighbours kept. `threads`
/// for the layouts and training.
void benchLayout(const core::TrainData& data, int runs, int threads);

/// The `layout-million` rows: 1,000,000 clustered random × 64 (an import's shape), its time,
/// progress, peak memory increase and a cancel.
void benchMillionLayout(int threads);

} // namespace embex::bench
