// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"
#include "core/training/trainer.h"

#include <QString>
#include <cstdint>
#include <memory>

namespace embex::ui {

/// How the data dock asks for ratings to be split into training and validation.
struct SplitSettings {
    enum class Kind { RandomHoldout, PerUser, TestFile, None };
    Kind kind = Kind::RandomHoldout;
    double fraction = 0.1;
    int perUserCount = 5;
    bool byTime = true;
    QString testFile;
    std::uint64_t seed = 42;
};

/// Builds what the trainer needs; on failure returns null and sets `error` (core's message, intact).
std::shared_ptr<core::TrainData> buildTrainData(const core::Dataset& dataset, const SplitSettings& settings,
                                                QString* error, QString* summary = nullptr);

} // namespace embex::ui
