// SPDX-License-Identifier: MIT
#include "core/training/tuning.h"

#include "core/models/model_registry.h"
#include "core/models/scorer.h"
#include "core/optim/user_items.h"
#include "core/training/ranking_metrics.h"
#include "core/training/training_run.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <random>
#include <sstream>
#include <stdexcept>

namespace embex::core {
namespace {

    bool always(ModelKind)
    {
        return true;
    }
    bool optimised(ModelKind kind)
    {
        return traitsOf(kind).usesOptimizer;
    }
    bool hasBiases(ModelKind kind)
    {
        return kind == ModelKind::DotBias || kind == ModelKind::Als;
    }
    bool isAls(ModelKind kind)
    {
        return kind == ModelKind::Als;
    }
    bool sampled(ModelKind kind)
    {
        return traitsOf(kind).usesNegatives;
    }
    bool dropsInput(ModelKind kind)
    {
        return traitsOf(kind).usesInputDropout;
    }

    const TunableParameter parameters[] = {
        { "dim", "embedding dimension", true, always, [](TrainConfig& c, double v) { c.dimension = int(v); },
          [](const TrainConfig& c) { return double(c.dimension); } },
        { "epochs", "epochs (ALS: iterations)", true, always, [](TrainConfig& c, double v) { c.epochs = int(v); },
          [](const TrainConfig& c) { return double(c.epochs); } },
        { "reg", "L2 regularisation", false, always, [](TrainConfig& c, double v) { c.regularization = v; },
          [](const TrainConfig& c) { return c.regularization; } },
        { "lr", "learning rate", false, optimised, [](TrainConfig& c, double v) { c.learningRate = v; },
          [](const TrainConfig& c) { return c.learningRate; } },
        { "lr-decay", "learning-rate decay per epoch", false, optimised,
          [](TrainConfig& c, double v) { c.learningRateDecay = v; },
          [](const TrainConfig& c) { return c.learningRateDecay; } },
        { "batch", "batch size", true, optimised, [](TrainConfig& c, double v) { c.batchSize = int(v); },
          [](const TrainConfig& c) { return double(c.batchSize); } },
        { "bias-reg", "bias regularisation, as a factor of reg", false, hasBiases,
          [](TrainConfig& c, double v) { c.biasRegularizationFactor = v; },
          [](const TrainConfig& c) { return c.biasRegularizationFactor; } },
        { "init-std", "standard deviation of the initial weights", false, always,
          [](TrainConfig& c, double v) { c.initStd = v; }, [](const TrainConfig& c) { return c.initStd; } },
        { "alpha", "implicit ALS confidence alpha", false, isAls,
          [](TrainConfig& c, double v) { c.confidenceAlpha = v; },
          [](const TrainConfig& c) { return c.confidenceAlpha; } },
        { "negatives", "sampled negatives (0 = exact)", true, sampled,
          [](TrainConfig& c, double v) { c.negativeSamples = int(v); },
          [](const TrainConfig& c) { return double(c.negativeSamples); } },
        { "dropout", "fraction of a user's items hidden from the input", false, dropsInput,
          [](TrainConfig& c, double v) { c.inputDropout = v; }, [](const TrainConfig& c) { return c.inputDropout; } },
    };

    std::string_view trim(std::string_view s)
    {
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
            s.remove_prefix(1);
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
            s.remove_suffix(1);
        return s;
    }

    std::vector<std::string_view> splitOn(std::string_view text, char separator)
    {
        std::vector<std::string_view> parts;
        std::size_t start = 0;
        for (std::size_t i = 0; i <= text.size(); ++i)
            if (i == text.size() || text[i] == separator) {
                parts.push_back(trim(text.substr(start, i - start)));
                start = i + 1;
            }
        return parts;
    }

    std::optional<double> parseNumber(std::string_view text)
    {
        const std::string s(text);
        if (s.empty())
            return std::nullopt;
        char* end = nullptr;
        const double value = std::strtod(s.c_str(), &end);
        if (end != s.c_str() + s.size() || !std::isfinite(value))
            return std::nullopt;
        return value;
    }

    const char* rankingFigures[] = { "precision", "recall", "ndcg", "map", "mrr", "hit_rate" };
    constexpr std::string_view kSuffix = "_at_10";

    std::string formatValue(double value)
    {
        std::ostringstream out;
        out << value;
        return out.str();
    }

    /// The trial's validation figures: the kept epoch's, and for a rating model asked to rank,
    /// the ranking figures of its snapshot on the same carve.
    std::map<std::string, double> validationFigures(const TrainOutcome& outcome, const TrainData& data,
                                                    const TuneMetric& metric, int threads)
    {
        std::map<std::string, double> figures;
        for (const EpochReport& r : outcome.history)
            if (outcome.snapshot && r.epoch == outcome.snapshot->epoch)
                figures = r.metrics;
        if (figures.contains(metric.key) || !outcome.snapshot || data.validation.empty())
            return figures;
        if (metric.key.ends_with(kSuffix)) {
            const UserItems train(data.train, data.userCount), heldOut(data.validation, data.userCount);
            const auto scorer = makeScorer(outcome.snapshot);
            const TopLists lists = topLists(*scorer, train, data.itemCount, defaultRankingCutoff, threads, &heldOut);
            figures.merge(rankingMetricMap(evaluateLists(lists, heldOut, CatalogueFacts {}, threads)));
        }
        return figures;
    }

    double metricValue(const std::map<std::string, double>& figures, const TuneMetric& metric,
                       TrainOutcome::Status status)
    {
        const auto it = figures.find(metric.key);
        if (status == TrainOutcome::Status::Diverged || it == figures.end() || !std::isfinite(it->second))
            return std::numeric_limits<double>::quiet_NaN();
        return it->second;
    }

} // namespace

std::span<const TunableParameter> tunableParameters()
{
    return parameters;
}

std::vector<const TunableParameter*> tunableParametersOf(ModelKind kind)
{
    std::vector<const TunableParameter*> list;
    for (const TunableParameter& p : parameters)
        if (p.appliesTo(kind))
            list.push_back(&p);
    return list;
}

std::string tunableParameterList(ModelKind kind)
{
    std::string list;
    for (const TunableParameter* p : tunableParametersOf(kind))
        list += (list.empty() ? "" : ", ") + std::string(p->name);
    return list;
}

std::size_t TuneGrid::size() const
{
    std::size_t n = 1;
    for (const Axis& axis : axes)
        n *= axis.values.size();
    return n;
}

GridParse parseTuneGrid(std::string_view text, ModelKind kind)
{
    GridParse parse;
    const auto fail = [&parse](std::string message) {
        parse.error = std::move(message);
        parse.grid = {};
        return parse;
    };
    if (trim(text).empty())
        return fail("the grid is empty: write it as \"dim=32,64;reg=0.02,0.05\"");
    for (std::string_view entry : splitOn(text, ';')) {
        if (entry.empty())
            continue; // a trailing ';'
        const std::size_t equals = entry.find('=');
        if (equals == std::string_view::npos)
            return fail("grid entry '" + std::string(entry) + "' has no '=': write name=value,value");
        const std::string name(trim(entry.substr(0, equals)));
        const TunableParameter* parameter = nullptr;
        for (const TunableParameter* p : tunableParametersOf(kind))
            if (p->name == name)
                parameter = p;
        if (!parameter)
            return fail("unknown parameter '" + name + "' for " + std::string(modelName(kind)) + ": it takes "
                        + tunableParameterList(kind));
        for (const TuneGrid::Axis& axis : parse.grid.axes)
            if (axis.parameter == parameter)
                return fail("parameter '" + name + "' appears twice in the grid");
        TuneGrid::Axis axis { parameter, {} };
        for (std::string_view word : splitOn(entry.substr(equals + 1), ',')) {
            if (word.empty())
                continue;
            const auto value = parseNumber(word);
            if (!value)
                return fail(name + ": '" + std::string(word) + "' is not a number");
            if (*value < 0 || (parameter->isInteger && *value != std::floor(*value))
                || (parameter->isInteger && *value < 1 && parameter->name != "negatives"))
                return fail(name + ": '" + std::string(word) + "' is not a "
                            + (parameter->isInteger ? "whole number ≥ 1" : "number ≥ 0"));
            if (std::find(axis.values.begin(), axis.values.end(), *value) == axis.values.end())
                axis.values.push_back(*value);
        }
        if (axis.values.empty())
            return fail("parameter '" + name + "' has no values");
        parse.grid.axes.push_back(std::move(axis));
    }
    if (parse.grid.axes.empty())
        return fail("the grid is empty: write it as \"dim=32,64;reg=0.02,0.05\"");
    return parse;
}

std::string tuneMetricList(ModelKind kind, bool implicitData)
{
    std::string list = isRanking(kind, implicitData) ? "" : "rmse, mae";
    for (const char* figure : rankingFigures)
        list += (list.empty() ? "" : ", ") + std::string(figure) + "@10";
    return list;
}

MetricParse parseTuneMetric(std::string_view text, ModelKind kind, bool implicitData)
{
    MetricParse parse;
    const bool ranks = isRanking(kind, implicitData);
    std::string key(trim(text));
    if (key.empty())
        key = ranks ? "precision_at_10" : "rmse";
    if (const std::size_t at = key.find('@'); at != std::string::npos)
        key = key.substr(0, at) + "_at_" + key.substr(at + 1);
    if (key == "rmse" || key == "mae") {
        if (ranks)
            parse.error = std::string(modelName(kind)) + " ranks items and reports no " + key + ": use one of "
                + tuneMetricList(kind, implicitData);
        parse.metric = { key, true };
        return parse;
    }
    for (const char* figure : rankingFigures) {
        const std::string base = std::string(figure) + "_at_";
        if (key.starts_with(base)) {
            if (key != std::string(figure) + std::string(kSuffix))
                parse.error = "tuning validates at k = 10: use " + std::string(figure) + "@10";
            parse.metric = { key, false };
            return parse;
        }
    }
    parse.error = "unknown metric '" + std::string(text) + "' for " + std::string(modelName(kind)) + ": use one of "
        + tuneMetricList(kind, implicitData);
    return parse;
}

std::vector<std::vector<double>> tuneTrialSettings(const TuneGrid& grid, int randomTrials, std::uint64_t seed)
{
    const std::size_t size = grid.size();
    std::vector<std::size_t> picks(size);
    std::iota(picks.begin(), picks.end(), std::size_t { 0 });
    if (randomTrials > 0 && static_cast<std::size_t>(randomTrials) < size) {
        // A partial Fisher–Yates with plain modulo draws: the same rows for a seed on every platform.
        std::mt19937_64 rng(seed);
        for (std::size_t i = 0; i < static_cast<std::size_t>(randomTrials); ++i)
            std::swap(picks[i], picks[i + rng() % (size - i)]);
        picks.resize(static_cast<std::size_t>(randomTrials));
    }
    std::vector<std::vector<double>> rows;
    rows.reserve(picks.size());
    for (std::size_t pick : picks) {
        std::vector<double> row(grid.axes.size());
        for (std::size_t a = grid.axes.size(); a-- > 0;) {
            const std::size_t n = grid.axes[a].values.size();
            row[a] = grid.axes[a].values[pick % n];
            pick /= n;
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

Split carveValidation(const RatingsTable& train, bool isRankingModel, std::uint64_t seed)
{
    return isRankingModel ? perUserHoldout(train, 10, HoldoutPick::Random, seed) : randomHoldout(train, 0.1, seed);
}

std::string carveLabel(bool isRankingModel, std::uint64_t seed)
{
    SplitSpec spec;
    spec.seed = seed;
    spec.kind = isRankingModel ? SplitSpec::Kind::PerUser : SplitSpec::Kind::RandomHoldout;
    spec.perUserCount = 10;
    spec.pick = HoldoutPick::Random;
    spec.fraction = 0.1;
    return splitLabel(spec);
}

std::string TuneTrial::settingsLabel(const TuneGrid& grid) const
{
    std::string label;
    for (std::size_t a = 0; a < grid.axes.size() && a < values.size(); ++a) {
        if (!label.empty())
            label += ' ';
        label += grid.axes[a].parameter->name;
        label += '=';
        label += formatValue(values[a]);
    }
    return label;
}

TrainingRun trialRun(const TuneTrial& trial, const TuneGrid& grid, std::string split)
{
    TrainingRun run = makeTrainingRun(std::string(modelName(trial.config.model)) + " trial "
                                          + std::to_string(trial.index + 1) + ": " + trial.settingsLabel(grid),
                                      trial.outcome, std::move(split), trial.seconds);
    if (!run.history.empty()) {
        std::map<std::string, double> figures = trial.validation; // ranking figures the trainer did not report
        run.history.back().metrics.merge(figures);
    }
    return run;
}

TrainingRun bestRun(const TuneOutcome& outcome, const TuneGrid& grid, std::string split)
{
    if (outcome.best < 0 || !outcome.final.snapshot)
        return {};
    const TuneTrial& best = outcome.trials[static_cast<std::size_t>(outcome.best)];
    TrainingRun run = makeTrainingRun(std::string(modelName(outcome.finalConfig.model))
                                          + " best: " + best.settingsLabel(grid),
                                      outcome.final, std::move(split), outcome.finalSeconds);
    if (!run.history.empty()) {
        std::map<std::string, double> figures = outcome.test;
        run.history.back().metrics.merge(figures);
    }
    return run;
}

TuneOutcome tune(const TrainData& data, const TuneSpec& spec, const TuneCallbacks& callbacks, std::stop_token stop)
{
    using Clock = std::chrono::steady_clock;
    TuneOutcome outcome;
    const bool ranks = isRanking(spec.base.model, data.implicit);
    Split carve = carveValidation(data.train, ranks, spec.seed);
    TrainData trialData = data; // features, counts and rating range stay those of the whole data
    trialData.train = std::move(carve.train);
    trialData.validation = std::move(carve.test);

    TrainCallbacks trainCallbacks;
    trainCallbacks.progress = callbacks.progress;
    const auto rows = tuneTrialSettings(spec.grid, spec.randomTrials, spec.seed);
    for (std::size_t t = 0; t < rows.size(); ++t) {
        if (stop.stop_requested())
            break;
        if (callbacks.trialStarted)
            callbacks.trialStarted(static_cast<int>(t), static_cast<int>(rows.size()));
        TuneTrial trial;
        trial.index = static_cast<int>(t);
        trial.values = rows[t];
        trial.config = spec.base;
        for (std::size_t a = 0; a < spec.grid.axes.size(); ++a)
            spec.grid.axes[a].parameter->apply(trial.config, rows[t][a]);
        const auto start = Clock::now();
        trial.outcome = train(trialData, trial.config, trainCallbacks, stop);
        trial.seconds = std::chrono::duration<double>(Clock::now() - start).count();
        if (trial.outcome.status == TrainOutcome::Status::Stopped)
            break; // a half-trained trial says nothing about its settings
        trial.validation = validationFigures(trial.outcome, trialData, spec.metric, trial.config.threads);
        trial.value = metricValue(trial.validation, spec.metric, trial.outcome.status);
        if (!std::isnan(trial.value)
            && (outcome.best < 0
                || spec.metric.score(trial.value) > spec.metric.score(outcome.trials[outcome.best].value)))
            outcome.best = static_cast<int>(outcome.trials.size());
        outcome.trials.push_back(std::move(trial));
        if (callbacks.trialFinished)
            callbacks.trialFinished(outcome.trials.back());
    }
    if (outcome.trials.size() < rows.size() || stop.stop_requested()) {
        outcome.status = TuneOutcome::Status::Stopped;
        return outcome;
    }
    if (outcome.best < 0)
        return outcome;

    const TuneTrial& best = outcome.trials[static_cast<std::size_t>(outcome.best)];
    outcome.finalConfig = best.config;
    if (best.config.earlyStoppingPatience > 0 && best.outcome.snapshot) {
        outcome.finalConfig.epochs = std::max(1, best.outcome.snapshot->epoch);
        outcome.finalConfig.earlyStoppingPatience = 0;
    }
    if (callbacks.finalStarted)
        callbacks.finalStarted(outcome.finalConfig);
    const auto start = Clock::now();
    outcome.final = train(data, outcome.finalConfig, trainCallbacks, stop);
    outcome.finalSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (outcome.final.status == TrainOutcome::Status::Stopped) {
        outcome.status = TuneOutcome::Status::Stopped;
        outcome.final = {};
        return outcome;
    }
    outcome.test = validationFigures(outcome.final, data, spec.metric, outcome.finalConfig.threads);
    return outcome;
}

} // namespace embex::core
