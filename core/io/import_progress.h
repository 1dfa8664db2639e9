// SPDX-License-Identifier: MIT
#pragma once

#include "core/util/progress_throttle.h"

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>

namespace embex::core {

/// Receives the stage of an import ("reading vectors.tsv") and the fraction of it done, in [0, 1].
/// Called on the importing thread or one of its OpenMP helpers, never two at once.
using ImportProgressCallback = std::function<void(const std::string& stage, double fraction)>;

/// An import's progress, stage by stage: each stage reports 0 when it begins, rises with the
/// work its reader counts (bytes parsed for text, rows for word2vec .bin, bytes of the dataset
/// read for Keras and .npz) at most once in 50 ms, and reports 1 when it is finished. Fractions
/// within a stage never fall. Thread-safe: the text readers finish their runs on several threads.
/// Without a callback every call does nothing.
class ImportProgress {
public:
    explicit ImportProgress(ImportProgressCallback callback = {});

    /// Starts a stage of `total` units (bytes, rows) and reports 0.
    void begin(std::string stage, std::size_t total);
    /// `units` more of the stage are done.
    void advance(std::size_t units);
    /// The stage is done: reports 1 unless it already has.
    void finish();

private:
    ImportProgressCallback m_callback;
    std::mutex m_mutex;
    std::string m_stage;
    std::size_t m_total = 0;
    std::size_t m_done = 0;
    double m_reported = 0; // the last fraction sent, so that a late run cannot send a smaller one
    bool m_isFinished = true;
    ProgressThrottle<double> m_throttle;

    void send(double fraction);
};

} // namespace embex::core
