// SPDX-License-Identifier: MIT
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/session_argument.h"
#include "cli/side_features_argument.h"
#include "core/analysis/item_popularity.h"
#include "core/analysis/neighbor_index.h"
#include "core/data/ratings_loader.h"
#include "core/data/split.h"
#include "core/io/session_file.h"
#include "core/training/evaluation.h"
#include "core/training/trainer.h"
#include "core/util/json_writer.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
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

    std::shared_ptr<core::Dataset> load(const std::string& path, std::ostream& err, bool findMetadata = true)
    {
        core::LoadOptions options;
        options.findMetadata = findMetadata;
        core::LoadOutcome outcome = core::loadRatings(path, options);
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
        json.key("params")
            .beginObject()
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
            .field("negative_samples", c.negativeSamples)
            .field("side_features", c.useSideFeatures);
        json.key("hidden_layers").beginArray();
        for (int h : c.hiddenLayers)
            json.value(h);
        json.endArray().endObject();
    }

    // What the words asked for; a number left out keeps the chosen model's default.
    struct TrainArguments {
        std::string file;
        std::string model = "dotbias";
        std::optional<std::string> test, save, hidden, optimizer, metadata, perUserPick;
        std::optional<int> dim, epochs, batch, threads, patience, negatives;
        std::optional<double> lr, lrDecay, reg, biasReg, initStd, alpha;
        std::optional<std::uint64_t> seed;
        double holdout = 0.2;
        int perUser = 10;
        bool hasHoldout = false, hasPerUser = false;
        bool json = false, ySquash = false, noYSquash = false, implicit = false, quiet = false;
        SideFeatureArguments sideFeatures;
    };

    // Declares train's options on `line`, bound to `a`.
    void declareOptions(CommandLine& line, TrainArguments& a)
    {
        CLI::App& app = line.app();
        app.add_option("FILE", a.file, "the ratings file to train on")->required();
        app.add_option("--metadata", a.metadata,
                       "item titles and genres from this file instead of the ones found beside FILE");
        auto* test = app.add_option("--test", a.test, "a separate ratings file to test on");
        auto* holdout = line.addNumber("--holdout", a.holdout, "test on this random fraction of the ratings");
        auto* perUser = line.addNumber("--per-user", a.perUser, "test on this many ratings of each user");
        test->excludes(holdout)->excludes(perUser);
        holdout->excludes(perUser);
        app.add_option("--per-user-pick", a.perUserPick,
                       "which ratings of each user are held out: latest (by timestamp; the default) or random");
        app.add_option("--model", a.model, core::modelNameList())->capture_default_str();
        line.addNumber("--dim", a.dim, "embedding dimension");
        line.addNumber("--epochs", a.epochs, "epochs (ALS: iterations)");
        line.addNumber("--lr", a.lr, "learning rate");
        line.addNumber("--lr-decay", a.lrDecay, "learning-rate decay per epoch");
        line.addNumber("--reg", a.reg, "L2 regularisation");
        line.addNumber("--bias-reg", a.biasReg, "bias regularisation, as a factor of --reg");
        line.addNumber("--batch", a.batch, "batch size");
        app.add_option("--optimizer", a.optimizer, "sgd, adam or adagrad");
        line.addNumber("--threads", a.threads, "training threads");
        line.addNumber("--seed", a.seed, "random seed (initialisation, shuffling, the split)");
        line.addNumber("--patience", a.patience, "stop after this many epochs without a better test loss, 0 = never");
        app.add_option("--hidden", a.hidden, "hidden layer sizes, e.g. 64,32 (mlp, softmax)");
        line.addNumber("--init-std", a.initStd, "standard deviation of the initial weights");
        line.addNumber("--alpha", a.alpha, "implicit ALS confidence alpha");
        line.addNumber("--negatives", a.negatives, "sampled negatives (softmax; 0 = exact)");
        app.add_flag("--y-squash", a.ySquash, "squash predictions into the rating range");
        app.add_flag("--no-y-squash", a.noYSquash, "do not squash predictions");
        app.add_flag("--implicit", a.implicit, "treat every rating as a like");
        declareSideFeatureOptions(app, a.sideFeatures);
        app.add_option("--save", a.save, "write a session (.embex) of the training ratings and the kept weights");
        app.add_flag("--quiet", a.quiet, "no progress on stderr");
        app.add_flag("--json", a.json, "print one JSON object");
        // Which split was asked for, read after parsing.
        app.callback([&a, holdout, perUser] {
            a.hasHoldout = holdout->count() > 0;
            a.hasPerUser = perUser->count() > 0;
        });
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

    /// Another scorer with items rated fewer than `minRatings` times ranked last, as the
    /// recommendation lists leave them out.
    class FlooredScorer final : public core::Scorer {
    public:
        FlooredScorer(const core::Scorer& inner, std::vector<std::uint32_t> counts, std::uint32_t minRatings)
            : m_inner(inner)
            , m_counts(std::move(counts))
            , m_minRatings(minRatings)
        {
        }
        void scoreItems(std::uint32_t user, std::span<const std::uint32_t> rated, std::span<float> out) const override
        {
            m_inner.scoreItems(user, rated, out);
            for (std::size_t i = 0; i < out.size(); ++i)
                if (m_counts[i] < m_minRatings)
                    out[i] = -std::numeric_limits<float>::infinity();
        }

    private:
        const core::Scorer& m_inner;
        std::vector<std::uint32_t> m_counts;
        std::uint32_t m_minRatings;
    };

} // namespace

int trainCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    TrainArguments args;
    CommandLine line("train");
    declareOptions(line, args);
    if (auto exit = line.parse(words, out, err))
        return *exit;
    core::TrainConfig config;
    try {
        config = core::defaultTrainConfig(args.model);
        config.threads = core::defaultThreads(config.model, static_cast<int>(std::thread::hardware_concurrency()));
        config.dimension = args.dim.value_or(config.dimension);
        config.epochs = args.epochs.value_or(config.epochs);
        config.batchSize = args.batch.value_or(config.batchSize);
        config.learningRate = args.lr.value_or(config.learningRate);
        config.learningRateDecay = args.lrDecay.value_or(config.learningRateDecay);
        config.regularization = args.reg.value_or(config.regularization);
        config.biasRegularizationFactor = args.biasReg.value_or(config.biasRegularizationFactor);
        config.optimizer = args.optimizer.value_or(config.optimizer);
        config.threads = args.threads.value_or(config.threads);
        config.seed = args.seed.value_or(config.seed);
        config.earlyStoppingPatience = args.patience.value_or(config.earlyStoppingPatience);
        config.initStd = args.initStd.value_or(config.initStd);
        config.confidenceAlpha = args.alpha.value_or(config.confidenceAlpha);
        config.negativeSamples = args.negatives.value_or(config.negativeSamples);
        if (args.ySquash)
            config.ySquash = true;
        if (args.noYSquash)
            config.ySquash = false;
        if (args.hidden)
            config.hiddenLayers = parseList(*args.hidden);
    } catch (const std::exception& e) {
        err << "embex-cli train: " << e.what() << '\n';
        return 2;
    }
    core::SplitSpec spec; // its per-user pick is the window's default too
    spec.seed = config.seed;
    spec.kind = core::SplitSpec::Kind::None;
    if (args.test) {
        spec.kind = core::SplitSpec::Kind::TestFile;
        spec.testFile = *args.test;
    } else if (args.hasPerUser) {
        spec.kind = core::SplitSpec::Kind::PerUser;
        spec.perUserCount = args.perUser;
    } else if (args.hasHoldout) {
        spec.kind = core::SplitSpec::Kind::RandomHoldout;
        spec.fraction = args.holdout;
    }
    if (args.perUserPick) {
        if (*args.perUserPick != "latest" && *args.perUserPick != "random") {
            err << "embex-cli train: --per-user-pick must be latest or random, not '" << *args.perUserPick << "'\n";
            return 2;
        }
        if (spec.kind != core::SplitSpec::Kind::PerUser) {
            err << "embex-cli train: --per-user-pick goes with --per-user\n";
            return 2;
        }
        spec.pick = *args.perUserPick == "latest" ? core::HoldoutPick::Latest : core::HoldoutPick::Random;
    }

    auto dataset = load(args.file, err, !args.metadata);
    if (!dataset)
        return 1;
    if (args.metadata) {
        auto metadata = loadMetadataArgument("train", *args.metadata, err);
        if (!metadata)
            return 1;
        dataset->metadata = std::move(*metadata);
    }
    if (auto exit = attachSideFeatures("train", args.sideFeatures, *dataset, config, args.quiet, err))
        return *exit;
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
    const bool quiet = args.quiet;
    if (!quiet && spec.kind != core::SplitSpec::Kind::None)
        err << split.summary << '\n';

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
    if (auto savePath = args.save; savePath && outcome.snapshot) {
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
    // A per-user holdout asks "does it recommend what the user went on to rate": rating models
    // are measured as recommenders too (ranked by predicted rating), and every model also with the
    // popularity floor recommendations apply, beside the most-popular baseline.
    const bool perUserRanking = spec.kind == core::SplitSpec::Kind::PerUser && !data->validation.empty() && kept;
    const bool showsRanking = (ranking && !data->validation.empty()) || perUserRanking;
    std::map<std::string, double> testMetrics;
    if (kept)
        testMetrics = kept->metrics;
    core::RankingMetrics baseline;
    if (showsRanking) {
        const core::UserItems trainItems(data->train, data->userCount), heldOut(data->validation, data->userCount);
        baseline = core::popularityMetrics(trainItems, heldOut, data->itemCount, 10);
        if (perUserRanking) {
            const auto scorer = core::makeScorer(outcome.snapshot);
            if (!ranking) {
                const core::RankingMetrics m = core::rankingMetrics(*scorer, trainItems, heldOut, data->itemCount, 10,
                                                                    config.threads);
                testMetrics["precision_at_10"] = m.precision;
                testMetrics["recall_at_10"] = m.recall;
            }
            const FlooredScorer floored(*scorer, core::itemRatingCounts(data->train, data->itemCount),
                                        core::defaultNeighbourMinRatings);
            const core::RankingMetrics m = core::rankingMetrics(floored, trainItems, heldOut, data->itemCount, 10,
                                                                config.threads);
            testMetrics["precision_at_10_min_ratings_10"] = m.precision;
            testMetrics["recall_at_10_min_ratings_10"] = m.recall;
        }
    }
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
        if (!testMetrics.empty()) {
            json.beginObject();
            for (const auto& [name, value] : testMetrics)
                json.field(name, value);
            json.endObject();
        } else {
            json.null();
        }
        if (showsRanking)
            json.key("baseline_most_popular")
                .beginObject()
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
        for (const auto& [name, value] : testMetrics)
            out << "test " << name << ": " << value << '\n';
        if (showsRanking)
            out << "most popular baseline precision_at_10: " << baseline.precision
                << ", recall_at_10: " << baseline.recall << '\n';
        out << "seconds: " << seconds << ", ratings/s: " << ratingsPerSecond << '\n';
    }
    return outcome.status == core::TrainOutcome::Status::Diverged ? 1 : 0;
}

} // namespace embex::cli
