// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"
#include "core/data/ratings_loader.h"
#include "core/models/embedding_snapshot.h"
#include "core/training/epoch_report.h"
#include "core/training/trainer.h"

#include <QMetaType>
#include <memory>

// Core values in signals (QSignalSpy and QVariant need them); none crosses threads in one.
Q_DECLARE_METATYPE(std::shared_ptr<const embex::core::EmbeddingSnapshot>)
Q_DECLARE_METATYPE(std::shared_ptr<const embex::core::Dataset>)
Q_DECLARE_METATYPE(embex::core::EpochReport)
Q_DECLARE_METATYPE(embex::core::TrainOutcome)
Q_DECLARE_METATYPE(embex::core::LoadReport)
