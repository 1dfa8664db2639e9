// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <string>

namespace embex::core {

/// One epoch of training as the trainer reports it and a session file keeps it.
struct EpochReport {
    int epoch = 0;             ///< 1-based
    double trainLoss = 0;      ///< mean loss over the epoch's batches
    double validationLoss = 0; ///< NaN without a validation set, and for ranking models other than softmax
    double seconds = 0;
    double ratingsPerSecond = 0;
    /// Named validation metrics: "rmse", "mae" for rating models; for ranking models
    /// rankingMetricMap's at k = 10 ("precision_at_10", "ndcg_at_10", "coverage_at_10", …).
    std::map<std::string, double> metrics;
};

} // namespace embex::core
