// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/map_projection.h"
#include "core/data/split.h"
#include "core/training/trainer.h"

#include <QLatin1String>

class QSettings;

namespace embex::ui {

/// Where the save* functions below write (a group, or one key), e.g. for a SettingsSnapshot of them.
inline constexpr QLatin1String trainConfigKey("training");
inline constexpr QLatin1String splitSettingsKey("split");
inline constexpr QLatin1String projectionKindKey("map/projection");

/// Hyperparameters and split choices survive a restart; unknown or missing keys keep `fallback`.
void saveTrainConfig(QSettings& settings, const core::TrainConfig& config);
core::TrainConfig loadTrainConfig(const QSettings& settings, const core::TrainConfig& fallback);
void saveSplitSettings(QSettings& settings, const core::SplitSpec& split);
core::SplitSpec loadSplitSettings(const QSettings& settings);
/// The map's projection, by name (core::ProjectionTraits::name); Pca when missing or unknown.
void saveProjectionKind(QSettings& settings, core::ProjectionKind kind);
core::ProjectionKind loadProjectionKind(const QSettings& settings);

} // namespace embex::ui
