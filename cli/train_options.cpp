// SPDX-License-Identifier: MIT
#include "cli/train_options.h"

#include "cli/session_argument.h"
#include "core/analysis/item_popularity.h"
#include "core/analysis/neighbor_index.h"
#include "core/data/ratings_loader.h"
#include "core/data/timestamp.h"
#include "core/models/model_registry.h"

#include <cmath>
#include <limits>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace embex::cli {
namespace {

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
        .field("optimizer", std::string(core::optimizerName(c.optimizer)))
        .field("threads", c.threads)
        .field("seed", static_cast<long long>(c.seed))
        .field("init_std", c.initStd)
        .field("y_squash", c.ySquash)
        .field("implicit_term", c.implicitTerm)
        .field("early_stopping_patience", c.earlyStoppingPatience)
        .field("confidence_alpha", c.confidenceAlpha)
        .field("negative_samples", c.negativeSamples)
        .field("side_features", c.useSideFeatures);
    json.key("hidden_layers").beginArray();
    for (int h : c.hiddenLayers)
        json.value(h);
    json.endArray().endObject();
}

void declareTrainOptions(CommandLine& line, TrainArguments& a)
{
    CLI::App& app = line.app();
    app.add_option("FILE", a.file, "the ratings file to train on")->required();
    app.add_option("--metadata", a.metadata,
                   "item titles and genres from this file instead of the ones found beside FILE");
    auto* test = app.add_option("--test", a.test, "a separate ratings file to test on");
    auto* holdout = line.addNumber("--holdout", a.holdout, "test on this random fraction of the ratings");
    auto* perUser = line.addNumber("--per-user", a.perUser, "test on this many ratings of each user");
    auto* before = app.add_option("--before", a.before,
                                  "train on the ratings before DATE (2021-03-01, 2021-03-01T12:00:00Z or Unix "
                                  "seconds), test on the rest");
    auto* timeFraction = line.addNumber("--time-fraction", a.timeFraction,
                                        "test on the latest fraction of the ratings, cut at one timestamp");
    test->excludes(holdout)->excludes(perUser)->excludes(before)->excludes(timeFraction);
    holdout->excludes(perUser)->excludes(before)->excludes(timeFraction);
    perUser->excludes(before)->excludes(timeFraction);
    before->excludes(timeFraction);
    app.add_option("--per-user-pick", a.perUserPick,
                   "which ratings of each user are held out: latest (by timestamp; the default; other users' "
                   "later ratings still train, see --before) or random");
    line.addNumber("--dim", a.dim, "embedding dimension");
    line.addNumber("--epochs", a.epochs, "epochs (ALS: iterations)");
    line.addNumber("--lr", a.lr, "learning rate");
    line.addNumber("--lr-decay", a.lrDecay, "learning-rate decay per epoch");
    line.addNumber("--reg", a.reg, "L2 regularisation");
    line.addNumber("--bias-reg", a.biasReg, "bias regularisation, as a factor of --reg");
    line.addNumber("--batch", a.batch, "batch size");
    app.add_option("--optimizer", a.optimizer, core::optimizerNameList());
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
    app.add_flag("--implicit-term", a.implicitTerm,
                 "dotbias: add SVD++'s term to each user, the normalised sum of vectors of the items they rated");
    declareSideFeatureOptions(app, a.sideFeatures);
    app.add_flag("--quiet", a.quiet, "no progress on stderr");
    app.add_flag("--json", a.json, "print one JSON object");
    // Which split was asked for, read after parsing.
    app.callback([&a, holdout, perUser] {
        a.hasHoldout = holdout->count() > 0;
        a.hasPerUser = perUser->count() > 0;
    });
}

core::TrainConfig trainConfigFor(std::string_view model, const TrainArguments& a)
{
    core::TrainConfig config = core::defaultTrainConfig(model);
    config.threads = core::defaultThreads(config.model, static_cast<int>(std::thread::hardware_concurrency()));
    config.dimension = a.dim.value_or(config.dimension);
    config.epochs = a.epochs.value_or(config.epochs);
    config.batchSize = a.batch.value_or(config.batchSize);
    config.learningRate = a.lr.value_or(config.learningRate);
    config.learningRateDecay = a.lrDecay.value_or(config.learningRateDecay);
    config.regularization = a.reg.value_or(config.regularization);
    config.biasRegularizationFactor = a.biasReg.value_or(config.biasRegularizationFactor);
    if (a.optimizer)
        config.optimizer = core::parseOptimizerKind(*a.optimizer);
    config.threads = a.threads.value_or(config.threads);
    config.seed = a.seed.value_or(config.seed);
    config.earlyStoppingPatience = a.patience.value_or(config.earlyStoppingPatience);
    config.initStd = a.initStd.value_or(config.initStd);
    config.confidenceAlpha = a.alpha.value_or(config.confidenceAlpha);
    config.negativeSamples = a.negatives.value_or(config.negativeSamples);
    if (a.ySquash)
        config.ySquash = true;
    if (a.noYSquash)
        config.ySquash = false;
    if (a.implicitTerm)
        config.implicitTerm = true;
    if (a.hidden)
        config.hiddenLayers = parseList(*a.hidden);
    return config;
}

std::optional<core::SplitSpec> splitSpecFor(const std::string& command, const TrainArguments& a, std::uint64_t seed,
                                            std::ostream& err)
{
    core::SplitSpec spec; // its per-user pick is the window's default too
    spec.seed = seed;
    spec.kind = core::SplitSpec::Kind::None;
    if (a.test) {
        spec.kind = core::SplitSpec::Kind::TestFile;
        spec.testFile = *a.test;
    } else if (a.hasPerUser) {
        spec.kind = core::SplitSpec::Kind::PerUser;
        spec.perUserCount = a.perUser;
    } else if (a.hasHoldout) {
        spec.kind = core::SplitSpec::Kind::RandomHoldout;
        spec.fraction = a.holdout;
    } else if (a.before) {
        const auto cut = core::parseTimePoint(*a.before);
        if (!cut) {
            err << "embex-cli " << command
                << ": --before takes a date (2021-03-01, 2021-03-01T12:00:00Z) or Unix seconds, not '" << *a.before
                << "'\n";
            return std::nullopt;
        }
        spec.kind = core::SplitSpec::Kind::BeforeTime;
        spec.before = *cut;
    } else if (a.timeFraction) {
        if (!(*a.timeFraction > 0 && *a.timeFraction < 1)) {
            err << "embex-cli " << command << ": --time-fraction must be between 0 and 1 (exclusive)\n";
            return std::nullopt;
        }
        spec.kind = core::SplitSpec::Kind::TimeFraction;
        spec.timeFraction = *a.timeFraction;
    }
    if (a.perUserPick) {
        if (*a.perUserPick != "latest" && *a.perUserPick != "random") {
            err << "embex-cli " << command << ": --per-user-pick must be latest or random, not '" << *a.perUserPick
                << "'\n";
            return std::nullopt;
        }
        if (spec.kind != core::SplitSpec::Kind::PerUser) {
            err << "embex-cli " << command << ": --per-user-pick goes with --per-user\n";
            return std::nullopt;
        }
        spec.pick = *a.perUserPick == "latest" ? core::HoldoutPick::Latest : core::HoldoutPick::Random;
    }
    return spec;
}

std::shared_ptr<core::Dataset> loadTrainingDataset(const std::string& command, const TrainArguments& a,
                                                   std::ostream& err)
{
    core::LoadOptions options;
    options.findMetadata = !a.metadata;
    core::LoadOutcome outcome = core::loadRatings(a.file, options);
    if (!outcome.ok()) {
        err << outcome.error.toString() << '\n';
        return nullptr;
    }
    if (std::string skipped = outcome.report.skippedSummary(); !skipped.empty())
        err << skipped << '\n';
    if (a.metadata) {
        auto metadata = loadMetadataArgument(command, *a.metadata, err);
        if (!metadata)
            return nullptr;
        outcome.dataset->metadata = std::move(*metadata);
    }
    return outcome.dataset;
}

RunScores scoreRun(const core::TrainOutcome& outcome, const core::TrainData& data, const core::SplitSpec& spec,
                   const core::TrainConfig& config)
{
    RunScores scores;
    // Test metrics are those of the epoch whose snapshot the run kept (the best one after early stopping).
    const core::EpochReport* kept = nullptr;
    for (const core::EpochReport& r : outcome.history)
        if (outcome.snapshot && r.epoch == outcome.snapshot->epoch)
            kept = &r;
    const bool ranking = core::isRanking(config.model, data.implicit);
    // A per-user holdout asks "does it recommend what the user went on to rate": rating models
    // are measured as recommenders too (ranked by predicted rating), and every model also with the
    // popularity floor recommendations apply, beside the most-popular baseline.
    const bool perUserRanking = spec.kind == core::SplitSpec::Kind::PerUser && !data.validation.empty() && kept;
    scores.showsRanking = (ranking && !data.validation.empty()) || perUserRanking;
    if (kept)
        scores.test = kept->metrics;
    if (!scores.showsRanking)
        return scores;
    const core::UserItems trainItems(data.train, data.userCount), heldOut(data.validation, data.userCount);
    scores.baseline = core::popularityMetrics(trainItems, heldOut, data.itemCount, 10);
    if (perUserRanking) {
        const auto scorer = core::makeScorer(outcome.snapshot);
        if (!ranking) {
            const core::RankingMetrics m = core::rankingMetrics(*scorer, trainItems, heldOut, data.itemCount, 10,
                                                                config.threads);
            scores.test["precision_at_10"] = m.precision;
            scores.test["recall_at_10"] = m.recall;
        }
        const FlooredScorer floored(*scorer, core::itemRatingCounts(data.train, data.itemCount),
                                    core::defaultNeighbourMinRatings);
        const core::RankingMetrics m = core::rankingMetrics(floored, trainItems, heldOut, data.itemCount, 10,
                                                            config.threads);
        scores.test["precision_at_10_min_ratings_10"] = m.precision;
        scores.test["recall_at_10_min_ratings_10"] = m.recall;
    }
    return scores;
}

} // namespace embex::cli
