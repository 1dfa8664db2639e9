// SPDX-License-Identifier: MIT
#pragma once

#include "core/models/model_registry.h"
#include "ui/training/model_dock.h"
#include "ui/training/training_controller.h"
#include "ui/window/main_window.h"

#include <QSignalSpy>
#include <QtTest>

namespace embex::test {

/// The GUI tests' usual start: the demo dataset in `window`, and a small dot+bias model trained
/// to its last epoch. False when training does not start, or does not finish within 20 s.
inline bool trainDemoDotBias(ui::MainWindow& window, int epochs = 3, int dimension = 8)
{
    window.openDemo();
    core::TrainConfig config = core::defaultTrainConfig("dotbias");
    config.epochs = epochs;
    config.dimension = dimension;
    window.modelDock()->setConfig(config);
    QSignalSpy done(window.trainingController(), &ui::TrainingController::finished);
    if (!window.startTraining())
        return false;
    return QTest::qWaitFor([&] { return done.count() == 1; }, 20000);
}

/// Trains the model dock's config once more, with `seed`; false when it does not finish in 20 s.
inline bool trainAgain(ui::MainWindow& window, std::uint64_t seed)
{
    core::TrainConfig config = window.modelDock()->config();
    config.seed = seed;
    window.modelDock()->setConfig(config);
    QSignalSpy done(window.trainingController(), &ui::TrainingController::finished);
    if (!window.startTraining())
        return false;
    return QTest::qWaitFor([&] { return done.count() == 1; }, 20000);
}

} // namespace embex::test
