// SPDX-License-Identifier: MIT
#pragma once

namespace embex::bench {

/// The `tune` row: `tune` of dot+bias over the 3 × 3 grid dim=32,64,128 × reg=0.02,0.05,0.1 on
/// ml-100k's u1.base (validated on a carve of it), the best retrained and tested on u1.test, on
/// `threads` threads; at most 3 runs. The folder is $EMBEX_ML100K or the shared data's ml-100k;
/// without it the row is skipped with a message on stderr.
void benchTune(int runs, int threads);

} // namespace embex::bench
