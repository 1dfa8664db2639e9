// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/split.h"
#include "core/training/trainer.h"
#include "ui/map/embedding_analysis.h"

#include <QHash>
#include <QStringList>
#include <QVariant>

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
/// The map's projection, by name (ProjectionTraits::name); Pca when missing or unknown.
void saveProjectionKind(QSettings& settings, ProjectionKind kind);
ProjectionKind loadProjectionKind(const QSettings& settings);

/// The user's settings under some keys ("training" holds training/epochs and the rest of the
/// group), as they are when taken; restore() puts exactly those back, removing keys written since.
class SettingsSnapshot {
public:
    SettingsSnapshot() = default;
    explicit SettingsSnapshot(QStringList keys);
    void restore() const;
    bool isEmpty() const { return m_keys.isEmpty(); }

private:
    QStringList m_keys;
    QHash<QString, QVariant> m_values;

    bool covers(const QString& key) const;
};

} // namespace embex::ui
