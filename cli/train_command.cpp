// SPDX-License-Identifier: MIT
#include "cli/commands.h"
#include "cli/train_options.h"
#include "core/io/session_file.h"

#include <chrono>
#include <cstdio>
#include <ostream>
#include <sstream>
#include <stdexcept>

namespace embex::cli {
namespace {

    std::string progressLine(const core::EpochReport& r, int epochs)
    {
        std::ostringstream line;
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.4f", r.trainLoss);
        line << "epoch " << r.epoch << '/' << epochs << ": train loss " << buffer;
        for (const auto& [name, value] : r.metrics) {
            std::snprintf(buffer, sizeof buffer, "%.4f", value);
            line << ", " << name << ' ' << buffer;
        }
        std::snprintf(buffer, sizeof buffer, "%.0f ratings/s, %.2f s", r.ratingsPerSecond, r.seconds);
        line << ", " << buffer;
        return line.str();
    }

} // namespace

int trainCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    TrainArguments args;
    std::string model = "dotbias";
    std::optional<std::string> savePath;
    CommandLine line("train");
    declareTrainOptions(line, args);
    line.app().add_option("--model", model, core::modelNameList())->capture_default_str();
    line.app().add_option("--save", savePath, "write a session (.embex) of the training ratings and the kept weights");
    if (auto exit = line.parse(words, out, err))
        return *exit;
    core::TrainConfig config;
    try {
        config = trainConfigFor(model, args);
    } catch (const std::exception& e) {
        err << "embex-cli train: " << e.what() << '\n';
        return 2;
    }
    const auto spec = splitSpecFor("train", args, config.seed, err);
    if (!spec)
        return 2;
    auto dataset = loadTrainingDataset("train", args, err);
    if (!dataset)
        return 1;
    if (auto exit = attachSideFeatures("train", args.sideFeatures, *dataset, config, args.quiet, err))
        return *exit;
    core::SplitOutcome split;
    try {
        split = core::splitForTraining(*dataset, *spec);
    } catch (const std::invalid_argument& e) {
        err << "embex-cli train: " << e.what() << '\n';
        return 2;
    }
    if (!split.ok()) {
        err << split.error.toString() << '\n';
        return 1;
    }
    const bool quiet = args.quiet;
    if (!quiet && spec->kind != core::SplitSpec::Kind::None)
        err << split.summary << '\n';
    else if (!split.warning.empty())
        err << "embex-cli train: " << split.warning << '\n';

    const std::shared_ptr<core::TrainData> data = split.data;
    data->implicit = data->implicit || args.implicit;

    core::TrainCallbacks callbacks;
    callbacks.epochFinished = [&](const core::EpochReport& r) {
        if (!quiet)
            err << progressLine(r, config.epochs) << '\n';
    };
    const auto start = std::chrono::steady_clock::now();
    core::TrainOutcome outcome;
    try {
        outcome = core::train(*data, config, callbacks);
    } catch (const std::invalid_argument& e) {
        err << "embex-cli train: " << e.what() << '\n';
        return 2;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (outcome.status == core::TrainOutcome::Status::Diverged)
        err << "embex-cli train: " << outcome.message << '\n';
    else if (!quiet)
        err << outcome.message << '\n';

    // A stopped or diverged run still keeps its last good snapshot: that is what gets saved.
    if (savePath && outcome.snapshot) {
        // The loaded dataset is not needed any more: it becomes the session's, holding only what the
        // model learned from, so recommendations leave exactly that out.
        dataset->ratings = data->train;
        core::Session session { dataset, outcome.snapshot, outcome.history };
        session.runs = { core::makeTrainingRun(std::string(core::modelName(config.model)) + " 1", outcome,
                                               core::splitLabel(*spec), seconds) };
        if (const auto problem = core::saveSession(session, *savePath)) {
            err << "embex-cli train: " << problem->toString() << '\n';
            return 1;
        }
        if (!quiet)
            err << "saved " << *savePath << '\n';
    }

    const RunScores scores = scoreRun(outcome, *data, *spec, config);
    const double ratingsTrained = static_cast<double>(outcome.history.size()) * static_cast<double>(data->train.size());
    const double ratingsPerSecond = seconds > 0 ? ratingsTrained / seconds : 0;

    if (args.json) {
        core::JsonWriter json;
        json.beginObject().field("model", std::string(core::modelName(config.model)));
        writeParams(json, config);
        json.field("train_ratings", static_cast<long long>(data->train.size()))
            .field("test_ratings", static_cast<long long>(data->validation.size()))
            .field("users", static_cast<long long>(data->userCount))
            .field("items", static_cast<long long>(data->itemCount));
        json.key("epochs").beginArray();
        for (const core::EpochReport& r : outcome.history) {
            json.beginObject()
                .field("epoch", r.epoch)
                .field("train_loss", r.trainLoss)
                .field("validation_loss", r.validationLoss)
                .field("seconds", r.seconds)
                .field("ratings_per_second", r.ratingsPerSecond);
            for (const auto& [name, value] : r.metrics)
                json.field(name, value);
            json.endObject();
        }
        json.endArray();
        json.key("test");
        if (!scores.test.empty()) {
            json.beginObject();
            for (const auto& [name, value] : scores.test)
                json.field(name, value);
            json.endObject();
        } else {
            json.null();
        }
        if (scores.showsRanking)
            json.key("baseline_most_popular")
                .beginObject()
                .field("precision_at_10", scores.baseline.precision)
                .field("recall_at_10", scores.baseline.recall)
                .endObject();
        json.field("status", statusName(outcome.status))
            .field("message", outcome.message)
            .field("seconds", seconds)
            .field("ratings_per_second", ratingsPerSecond)
            .endObject();
        out << json.text() << '\n';
    } else {
        for (const auto& [name, value] : scores.test)
            out << "test " << name << ": " << value << '\n';
        if (scores.showsRanking)
            out << "most popular baseline precision_at_10: " << scores.baseline.precision
                << ", recall_at_10: " << scores.baseline.recall << '\n';
        out << "seconds: " << seconds << ", ratings/s: " << ratingsPerSecond << '\n';
    }
    return outcome.status == core::TrainOutcome::Status::Diverged ? 1 : 0;
}

} // namespace embex::cli
