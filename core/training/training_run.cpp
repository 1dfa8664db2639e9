// SPDX-License-Identifier: MIT
#include "core/training/training_run.h"

#include "core/data/timestamp.h"

#include <filesystem>
#include <sstream>

namespace embex::core {

std::string splitLabel(const SplitSpec& spec)
{
    std::ostringstream out;
    switch (spec.kind) {
    case SplitSpec::Kind::None: return "none";
    case SplitSpec::Kind::RandomHoldout: out << "random " << spec.fraction << " seed " << spec.seed; break;
    case SplitSpec::Kind::PerUser:
        out << "per-user " << spec.perUserCount << (spec.pick == HoldoutPick::Latest ? " latest" : " random");
        // a latest-k pick does not depend on the seed unless ratings lack timestamps; keep it anyway
        out << " seed " << spec.seed;
        break;
    case SplitSpec::Kind::TestFile:
        out << "test file " << std::filesystem::path(spec.testFile).filename().string();
        break;
    case SplitSpec::Kind::BeforeTime: out << "before " << formatTimePoint(spec.before); break;
    case SplitSpec::Kind::TimeFraction: out << "latest " << spec.timeFraction << " by time"; break;
    }
    return out.str();
}

std::string outcomeLabel(TrainOutcome::Status status)
{
    switch (status) {
    case TrainOutcome::Status::Finished: return "finished";
    case TrainOutcome::Status::Stopped: return "stopped";
    case TrainOutcome::Status::EarlyStopped: return "early stopped";
    case TrainOutcome::Status::Diverged: return "diverged";
    }
    return "finished";
}

TrainingRun makeTrainingRun(std::string name, const TrainOutcome& outcome, std::string split, double seconds)
{
    TrainingRun run;
    run.name = std::move(name);
    run.snapshot = outcome.snapshot;
    run.history = outcome.history;
    run.split = std::move(split);
    run.seconds = seconds;
    run.outcome = outcomeLabel(outcome.status);
    return run;
}

} // namespace embex::core
