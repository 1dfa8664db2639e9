// SPDX-License-Identifier: MIT
#include "cli/commands.h"
#include "cli/train_options.h"
#include "core/io/session_file.h"
#include "core/training/training_run.h"
#include "core/training/tuning.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <stdexcept>

namespace embex::cli {
namespace {

    std::string fixed(double value, int decimals)
    {
        if (!std::isfinite(value))
            return "-";
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
        return buffer;
    }

    std::string padded(std::string text, std::size_t width)
    {
        if (text.size() < width)
            text.resize(width, ' ');
        return text + ' ';
    }

    std::string figureList(const std::map<std::string, double>& figures)
    {
        std::string list;
        for (const auto& [name, value] : figures)
            list += (list.empty() ? "" : ", ") + name + ' ' + fixed(value, 4);
        return list;
    }

    void writeFigures(core::JsonWriter& json, const std::string& key, const std::map<std::string, double>& figures)
    {
        json.key(key);
        if (figures.empty()) {
            json.null();
            return;
        }
        json.beginObject();
        for (const auto& [name, value] : figures)
            json.field(name, value);
        json.endObject();
    }

    void writeSettings(core::JsonWriter& json, const core::TuneGrid& grid, const std::vector<double>& values)
    {
        json.key("params").beginObject();
        for (std::size_t a = 0; a < grid.axes.size(); ++a)
            json.field(grid.axes[a].parameter->name, values[a]);
        json.endObject();
    }

    void printTable(std::ostream& out, const core::TuneSpec& spec, const core::TuneOutcome& tuned)
    {
        std::vector<std::size_t> widths;
        out << padded("trial", 6);
        for (const auto& axis : spec.grid.axes) {
            widths.push_back(std::max<std::size_t>(axis.parameter->name.size(), 8));
            out << padded(std::string(axis.parameter->name), widths.back());
        }
        out << padded(spec.metric.key, std::max<std::size_t>(spec.metric.key.size(), 8)) << "seconds\n";
        for (const core::TuneTrial& t : tuned.trials) {
            const bool isBest = t.index == tuned.best;
            out << padded(std::to_string(t.index + 1) + (isBest ? " *" : ""), 6);
            for (std::size_t a = 0; a < widths.size(); ++a) {
                char buffer[32];
                std::snprintf(buffer, sizeof buffer, "%g", t.values[a]);
                out << padded(buffer, widths[a]);
            }
            out << padded(t.outcome.status == core::TrainOutcome::Status::Diverged ? "diverged" : fixed(t.value, 4),
                          std::max<std::size_t>(spec.metric.key.size(), 8))
                << fixed(t.seconds, 1) << '\n';
        }
    }

} // namespace

int tuneCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    TrainArguments args;
    std::string model = "dotbias", gridText, metricText;
    int randomTrials = 0;
    std::optional<std::string> savePath;
    CommandLine line("tune");
    declareTrainOptions(line, args);
    line.app().add_option("--model", model, core::modelNameList())->capture_default_str();
    line.app()
        .add_option("--grid", gridText,
                    "the settings to try: \"dim=32,64,128;reg=0.02,0.05,0.1\"; parameters: dim, epochs, reg, lr, "
                    "lr-decay, batch, bias-reg, init-std, alpha, negatives, dropout (those the model uses)")
        ->required();
    line.addNumber("--random", randomTrials, "try this many settings drawn from the grid (with --seed); 0 = all");
    line.app().add_option("--metric", metricText,
                          "the validation figure to choose by: rmse or mae (rating models), precision@10, "
                          "recall@10, ndcg@10, map@10, mrr@10, hit_rate@10; default rmse, or precision@10 for a "
                          "ranking model");
    line.app().add_option("--save", savePath,
                          "write a session (.embex) with every trial and the retrained best as runs");
    if (auto exit = line.parse(words, out, err))
        return *exit;

    core::TuneSpec spec;
    try {
        spec.base = trainConfigFor(model, args);
    } catch (const std::exception& e) {
        return line.usageError(e.what(), err);
    }
    spec.seed = spec.base.seed;
    if (randomTrials < 0)
        return line.usageError("--random must be 0 (the whole grid) or more", err);
    spec.randomTrials = randomTrials;
    const core::GridParse grid = core::parseTuneGrid(gridText, spec.base.model);
    if (!grid.ok())
        return line.usageError(grid.error, err);
    spec.grid = grid.grid;
    const auto split = splitSpecFor("tune", args, spec.base.seed, err);
    if (!split)
        return 2;
    if (split->kind == core::SplitSpec::Kind::None)
        return line.usageError("tuning tests the best settings once: give a split (--test, --holdout, --per-user, "
                               "--before or --time-fraction)",
                               err);
    auto dataset = loadTrainingDataset("tune", args, err);
    if (!dataset)
        return 1;
    if (auto exit = attachSideFeatures("tune", args.sideFeatures, *dataset, spec.base, args.quiet, err))
        return *exit;
    core::SplitOutcome splitOutcome;
    try {
        splitOutcome = core::splitForTraining(*dataset, *split);
    } catch (const std::invalid_argument& e) {
        err << "embex-cli tune: " << e.what() << '\n';
        return 2;
    }
    if (!splitOutcome.ok()) {
        err << splitOutcome.error.toString() << '\n';
        return 1;
    }
    const std::shared_ptr<core::TrainData> data = splitOutcome.data;
    data->implicit = data->implicit || args.implicit;
    const core::MetricParse metric = core::parseTuneMetric(metricText, spec.base.model, data->implicit);
    if (!metric.ok())
        return line.usageError(metric.error, err);
    spec.metric = metric.metric;

    const bool ranks = core::isRanking(spec.base.model, data->implicit);
    const std::string carve = core::carveLabel(ranks, spec.seed);
    const std::string outerLabel = core::splitLabel(*split);
    const bool quiet = args.quiet;
    if (!quiet)
        err << splitOutcome.summary << "\ntrials validate on " << carve << " of the training ratings\n";

    core::TuneCallbacks callbacks;
    callbacks.trialFinished = [&](const core::TuneTrial& t) {
        if (!quiet)
            err << "trial " << t.index + 1 << ": " << t.settingsLabel(spec.grid) << ": " << spec.metric.key << ' '
                << fixed(t.value, 4) << " (" << fixed(t.seconds, 1) << " s)\n";
    };
    callbacks.finalStarted = [&](const core::TrainConfig&) {
        if (!quiet)
            err << "retraining the best on every training rating\n";
    };
    const auto start = std::chrono::steady_clock::now();
    core::TuneOutcome tuned;
    try {
        tuned = core::tune(*data, spec, callbacks);
    } catch (const std::invalid_argument& e) {
        err << "embex-cli tune: " << e.what() << '\n';
        return 2;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const core::TuneTrial* best = tuned.best >= 0 ? &tuned.trials[static_cast<std::size_t>(tuned.best)] : nullptr;

    if (savePath) {
        dataset->ratings = data->train; // what every run learned from, as train --save keeps
        core::Session session { dataset, nullptr, {} };
        for (const core::TuneTrial& t : tuned.trials)
            if (t.outcome.snapshot)
                session.runs.push_back(core::trialRun(t, spec.grid, carve + " of " + outerLabel));
        if (tuned.final.snapshot)
            session.runs.push_back(core::bestRun(tuned, spec.grid, outerLabel));
        if (session.runs.empty()) {
            err << "embex-cli tune: no trial kept a model to save\n";
            return 1;
        }
        session.activeRun = session.runs.size() - 1;
        session.snapshot = session.runs.back().snapshot;
        session.history = session.runs.back().history;
        if (const auto problem = core::saveSession(session, *savePath)) {
            err << "embex-cli tune: " << problem->toString() << '\n';
            return 1;
        }
        if (!quiet)
            err << "saved " << session.runs.size() << " runs to " << *savePath << '\n';
    }

    if (args.json) {
        core::JsonWriter json;
        json.beginObject()
            .field("model", std::string(core::modelName(spec.base.model)))
            .field("metric", spec.metric.key)
            .field("lower_is_better", spec.metric.isLowerBetter)
            .field("validation_split", carve)
            .field("test_split", outerLabel)
            .field("grid_size", static_cast<long long>(spec.grid.size()));
        json.key("grid").beginObject();
        for (const auto& axis : spec.grid.axes) {
            json.key(axis.parameter->name).beginArray();
            for (double v : axis.values)
                json.value(v);
            json.endArray();
        }
        json.endObject();
        json.key("trials").beginArray();
        for (const core::TuneTrial& t : tuned.trials) {
            json.beginObject().field("trial", t.index + 1);
            writeSettings(json, spec.grid, t.values);
            json.field("validation_value", t.value);
            writeFigures(json, "validation", t.validation);
            json.field("status", statusName(t.outcome.status)).field("seconds", t.seconds).endObject();
        }
        json.endArray();
        json.key("best");
        if (best) {
            json.beginObject().field("trial", best->index + 1);
            writeSettings(json, spec.grid, best->values);
            json.field("validation_value", best->value).endObject();
        } else {
            json.null();
        }
        writeFigures(json, "test", tuned.test);
        json.field("test_value", tuned.test.contains(spec.metric.key) ? tuned.test.at(spec.metric.key) : NAN)
            .field("final_seconds", tuned.finalSeconds)
            .field("seconds", seconds)
            .endObject();
        out << json.text() << '\n';
    } else {
        out << "validation on " << carve << " of the training ratings, by " << spec.metric.key
            << (spec.metric.isLowerBetter ? " (lower is better)" : " (higher is better)") << ":\n";
        printTable(out, spec, tuned);
        if (best) {
            out << "best (*): " << best->settingsLabel(spec.grid) << ", validation " << spec.metric.key << ' '
                << fixed(best->value, 4) << '\n';
            out << "test (" << outerLabel << ", retrained on every training rating): " << figureList(tuned.test)
                << '\n';
        } else {
            out << "no trial gave a validation " << spec.metric.key << '\n';
        }
        out << "seconds: " << fixed(seconds, 1) << '\n';
    }
    return best ? 0 : 1;
}

} // namespace embex::cli
