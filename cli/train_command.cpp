// SPDX-License-Identifier: MIT
#include "cli/arguments.h"
#include "cli/commands.h"
#include "core/data/ratings_loader.h"
#include "core/data/split.h"
#include "core/io/session_file.h"
#include "core/training/evaluation.h"
#include "core/training/trainer.h"
#include "core/util/json_writer.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace embex::cli {
namespace {

    const char* statusName(core::TrainOutcome::Status s)
    {
        switch (s) {
        case core::TrainOutcome::Status::Finished: return "finished";
        case core::TrainOutcome::Status::Stopped: return "stopped";
        case core::TrainOutcome::Status::Diverged: return "diverged";
        case core::TrainOutcome::Status::EarlyStopped: return "early_stopped";
        }
        return "unknown";
    }

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

    std::shared_ptr<core::Dataset> load(const std::string& path, std::ostream& err)
    {
        core::LoadOutcome outcome = core::loadRatings(path);
        if (!outcome.ok()) {
            err << outcome.error.toString() << '\n';
            return nullptr;
        }
        if (std::string skipped = outcome.report.skippedSummary(); !skipped.empty())
            err << skipped << '\n';
        return outcome.dataset;
    }

    void writeParams(core::JsonWriter& json, const core::TrainConfig& c)
    {
        json.key("params").beginObject()
            .field("dimension", c.dimension)
            .field("epochs", c.epochs)
            .field("batch_size", c.batchSize)
            .field("learning_rate", c.learningRate)
            .field("learning_rate_decay", c.learningRateDecay)
            .field("regularization", c.regularization)
            .field("bias_regularization_factor", c.biasRegularizationFactor)
            .field("optimizer", c.optimizer)
            .field("threads", c.threads)
            .field("seed", static_cast<long long>(c.seed))
            .field("init_std", c.initStd)
            .field("y_squash", c.ySquash)
            .field("early_stopping_patience", c.earlyStoppingPatience)
            .field("confidence_alpha", c.confidenceAlpha)
            .field("negative_samples", c.negativeSamples);
        json.key("hidden_layers").beginArray();
        for (int h : c.hiddenLayers)
            json.value(h);
        json.endArray().endObject();
    }

    std::vector<int> parseList(const std::string& text)
    {
        std::vector<int> values;
        std::stringstream stream(text);
        std::string part;
        while (std::getline(stream, part, ','))
            if (!part.empty())
                values.push_back(std::stoi(part));
        return values;
    }

} // namespace

int trainCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    Arguments args(words,
        { "test", "holdout", "per-user", "per-user-pick", "model", "dim", "epochs", "lr", "lr-decay", "reg", "bias-reg", "batch",
            "optimizer", "threads", "seed", "patience", "hidden", "init-std", "alpha", "negatives", "save" },
        { "json", "y-squash", "no-y-squash", "implicit", "quiet" });
    if (!args.ok() || args.positionals().size() != 1) {
        err << "embex-cli train: " << (args.ok() ? "expects one FILE" : args.error()) << '\n';
        return 2;
    }
    core::TrainConfig config;
    try {
        config = core::defaultTrainConfig(args.value("model", "dotbias"));
        config.threads = core::defaultThreads(config.model, static_cast<int>(std::thread::hardware_concurrency()));
        config.dimension = static_cast<int>(args.integer("dim", config.dimension));
        config.epochs = static_cast<int>(args.integer("epochs", config.epochs));
        config.batchSize = static_cast<int>(args.integer("batch", config.batchSize));
        config.learningRate = args.number("lr", config.learningRate);
        config.learningRateDecay = args.number("lr-decay", config.learningRateDecay);
        config.regularization = args.number("reg", config.regularization);
        config.biasRegularizationFactor = args.number("bias-reg", config.biasRegularizationFactor);
        config.optimizer = args.value("optimizer", config.optimizer);
        config.threads = static_cast<int>(args.integer("threads", config.threads));
        config.seed = static_cast<std::uint64_t>(args.integer("seed", static_cast<long long>(config.seed)));
        config.earlyStoppingPatience = static_cast<int>(args.integer("patience", config.earlyStoppingPatience));
        config.initStd = args.number("init-std", config.initStd);
        config.confidenceAlpha = args.number("alpha", config.confidenceAlpha);
        config.negativeSamples = static_cast<int>(args.integer("negatives", config.negativeSamples));
        if (args.has("y-squash"))
            config.ySquash = true;
        if (args.has("no-y-squash"))
            config.ySquash = false;
        if (auto hidden = args.value("hidden"))
            config.hiddenLayers = parseList(*hidden);
    } catch (const std::exception& e) {
        err << "embex-cli train: " << e.what() << '\n';
        return 2;
    }
    const int testOptions = int(args.has("test")) + int(args.has("holdout")) + int(args.has("per-user"));
    const double holdout = args.number("holdout", 0.2);
    const int perUser = static_cast<int>(args.integer("per-user", 10));
    if (!args.ok() || testOptions > 1) {
        err << "embex-cli train: " << (args.ok() ? "give at most one of --test, --holdout, --per-user" : args.error())
            << '\n';
        return 2;
    }
    core::SplitSpec spec; // its per-user pick is the window's default too
    spec.seed = config.seed;
    spec.kind = core::SplitSpec::Kind::None;
    if (auto testPath = args.value("test")) {
        spec.kind = core::SplitSpec::Kind::TestFile;
        spec.testFile = *testPath;
    } else if (args.has("per-user")) {
        spec.kind = core::SplitSpec::Kind::PerUser;
        spec.perUserCount = perUser;
    } else if (args.has("holdout")) {
        spec.kind = core::SplitSpec::Kind::RandomHoldout;
        spec.fraction = holdout;
    }
    if (auto pick = args.value("per-user-pick")) {
        if (*pick != "latest" && *pick != "random") {
            err << "embex-cli train: --per-user-pick must be latest or random, not '" << *pick << "'\n";
            return 2;
        }
        if (spec.kind != core::SplitSpec::Kind::PerUser) {
            err << "embex-cli train: --per-user-pick goes with --per-user\n";
            return 2;
        }
        spec.pick = *pick == "latest" ? core::HoldoutPick::Latest : core::HoldoutPick::Random;
    }

    auto dataset = load(args.positionals()[0], err);
    if (!dataset)
        return 1;
    core::SplitOutcome split;
    try {
        split = core::splitForTraining(*dataset, spec);
    } catch (const std::invalid_argument& e) {
        err << "embex-cli train: " << e.what() << '\n';
        return 2;
    }
    if (!split.ok()) {
        err << split.error.toString() << '\n';
        return 1;
    }
    const bool quiet = args.has("quiet");
    if (!quiet && spec.kind != core::SplitSpec::Kind::None)
        err << split.summary << '\n';

    const std::shared_ptr<core::TrainData> data = split.data;
    data->implicit = data->implicit || args.has("implicit");

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
    if (auto savePath = args.value("save"); savePath && outcome.snapshot) {
        // The loaded dataset is not needed any more: it becomes the session's, holding only what the
        // model learned from, so recommendations leave exactly that out.
        dataset->ratings = data->train;
        if (const auto problem = core::saveSession({ dataset, outcome.snapshot, outcome.history }, *savePath)) {
            err << "embex-cli train: " << problem->toString() << '\n';
            return 1;
        }
        if (!quiet)
            err << "saved " << *savePath << '\n';
    }

    // Test metrics are those of the epoch whose snapshot the run kept (the best one after early stopping).
    const core::EpochReport* kept = nullptr;
    for (const core::EpochReport& r : outcome.history)
        if (outcome.snapshot && r.epoch == outcome.snapshot->epoch)
            kept = &r;
    const bool ranking = core::isRanking(config.model, data->implicit);
    core::RankingMetrics baseline;
    if (ranking && !data->validation.empty())
        baseline = core::popularityMetrics(core::UserItems(data->train, data->userCount),
            core::UserItems(data->validation, data->userCount), data->itemCount, 10);
    const double ratingsTrained = static_cast<double>(outcome.history.size()) * static_cast<double>(data->train.size());
    const double ratingsPerSecond = seconds > 0 ? ratingsTrained / seconds : 0;

    if (args.has("json")) {
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
        if (kept && !kept->metrics.empty()) {
            json.beginObject();
            for (const auto& [name, value] : kept->metrics)
                json.field(name, value);
            json.endObject();
        } else {
            json.null();
        }
        if (ranking && !data->validation.empty())
            json.key("baseline_most_popular").beginObject()
                .field("precision_at_10", baseline.precision)
                .field("recall_at_10", baseline.recall)
                .endObject();
        json.field("status", statusName(outcome.status))
            .field("message", outcome.message)
            .field("seconds", seconds)
            .field("ratings_per_second", ratingsPerSecond)
            .endObject();
        out << json.text() << '\n';
    } else {
        if (kept)
            for (const auto& [name, value] : kept->metrics)
                out << "test " << name << ": " << value << '\n';
        if (ranking && !data->validation.empty())
            out << "most popular baseline precision_at_10: " << baseline.precision
                << ", recall_at_10: " << baseline.recall << '\n';
        out << "seconds: " << seconds << ", ratings/s: " << ratingsPerSecond << '\n';
    }
    return outcome.status == core::TrainOutcome::Status::Diverged ? 1 : 0;
}

} // namespace embex::cli
