// SPDX-License-Identifier: MIT
#include "bench/tune_bench.h"

#include "bench/bench_stats.h"
#include "core/data/ratings_loader.h"
#include "core/data/split.h"
#include "core/models/model_registry.h"
#include "core/training/tuning.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

namespace embex::bench {

void benchTune(int runs, int threads)
{
    const char* override = std::getenv("EMBEX_ML100K");
    const std::filesystem::path folder = override ? override : EMBEX_SHARED_DATA_DIR "/ml-100k";
    if (!std::filesystem::exists(folder / "u1.base") || !std::filesystem::exists(folder / "u1.test")) {
        std::cerr << "embex_bench: tune skipped: MovieLens 100k not found in " << folder.string()
                  << " (set EMBEX_ML100K)\n";
        return;
    }
    core::LoadOptions options;
    options.findMetadata = false;
    const core::LoadOutcome loaded = core::loadRatings((folder / "u1.base").string(), options);
    if (!loaded.ok()) {
        std::cerr << loaded.error.toString() << '\n';
        std::exit(1);
    }
    core::SplitSpec split;
    split.kind = core::SplitSpec::Kind::TestFile;
    split.testFile = (folder / "u1.test").string();
    const core::SplitOutcome data = core::splitForTraining(*loaded.dataset, split);
    if (!data.ok()) {
        std::cerr << data.error.toString() << '\n';
        std::exit(1);
    }
    core::TuneSpec spec;
    spec.base = core::defaultTrainConfig(core::ModelKind::DotBias);
    spec.base.threads = threads;
    spec.grid = core::parseTuneGrid("dim=32,64,128;reg=0.02,0.05,0.1", core::ModelKind::DotBias).grid;
    spec.metric = core::parseTuneMetric("rmse", core::ModelKind::DotBias, false).metric;
    double testRmse = 0;
    const auto seconds = time(std::min(runs, 3), [&] { testRmse = core::tune(*data.data, spec).test.at("rmse"); });
    report("tune dot+bias 3x3 grid, ml-100k u1, " + std::to_string(threads) + " thread(s)", "s", summarize(seconds),
           "9 trials on a 10 % carve of u1.base, the best retrained and tested on u1.test (RMSE "
               + std::to_string(testRmse).substr(0, 6) + ")");
}

} // namespace embex::bench
