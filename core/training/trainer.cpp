// SPDX-License-Identifier: MIT
#include "core/training/trainer.h"

#include "core/data/random.h"
#include "core/models/model.h"
#include "core/models/model_registry.h"
#include "core/optim/shuffle.h"
#include "core/training/evaluation.h"
#include "core/training/ranking_metrics.h"
#include "core/util/physical_memory.h"
#include "core/util/progress_throttle.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>

#if defined(_OPENMP)
#include <omp.h>
#endif
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace embex::core {
namespace {

    using Clock = std::chrono::steady_clock;
    /// A batch loss this many times the untrained model's loss means the run is exploding.
    constexpr double explodingBatchFactor = 100;
    /// An epoch that ends this much worse than the untrained model has diverged (saturated squash).
    constexpr double explodingEpochFactor = 2;

    double seconds(Clock::duration d)
    {
        return std::chrono::duration<double>(d).count();
    }

    std::string format(const char* pattern, double value)
    {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, pattern, value);
        return buffer;
    }

    /// Sizes beyond these are refused with the rule before anything is allocated, instead of a
    /// std::bad_alloc in the middle of a run (see docs/guide/files-and-formats.md, Limits).
    constexpr int maxDimension = 4096;
    constexpr int maxHiddenUnits = 4096;
    constexpr std::uint64_t maxMatrixValues = std::uint64_t(1) << 31; // floats in one weight matrix: 8 GiB

    void checkLimits(const TrainData& data, const TrainConfig& config)
    {
        if (config.dimension > maxDimension)
            throw std::invalid_argument("dimension must be at most " + std::to_string(maxDimension));
        std::uint64_t width = static_cast<std::uint64_t>(config.dimension);
        for (int h : config.hiddenLayers) {
            if (h > maxHiddenUnits)
                throw std::invalid_argument("hidden layers must have at most " + std::to_string(maxHiddenUnits)
                                            + " units each");
            width = std::max<std::uint64_t>(width, static_cast<std::uint64_t>(h));
        }
        // Example indices are uint32 (the shuffled order, the dense ids).
        if (data.train.size() > UINT32_MAX || data.userCount > UINT32_MAX || data.itemCount > UINT32_MAX)
            throw std::invalid_argument("training supports at most 4,294,967,295 ratings, users and items");
        for (const auto& [rows, what] : { std::pair { data.userCount, "user" }, std::pair { data.itemCount, "item" } })
            if (static_cast<std::uint64_t>(rows) * width > maxMatrixValues)
                throw std::invalid_argument(std::string("the ") + what + " table would hold " + std::to_string(rows)
                                            + " × " + std::to_string(width)
                                            + " values, over the limit of 2^31 (8 GiB) per matrix: "
                                            + "use a smaller dimension");
        // Weights plus the optimizer's state (Adam keeps two moments per weight).
        const double bytes = 3.0 * sizeof(float) * static_cast<double>(data.userCount + data.itemCount)
            * static_cast<double>(width);
        const std::uint64_t memory = physicalMemoryBytes();
        if (bytes > static_cast<double>(memory))
            throw std::invalid_argument("the model needs about " + gigabytesText(bytes)
                                        + " with its optimizer state, more "
                                          "than this computer's memory ("
                                        + gigabytesText(static_cast<double>(memory)) + "): use a smaller dimension");
    }

    void validate(const TrainData& data, const TrainConfig& config)
    {
        if (config.dimension < 1)
            throw std::invalid_argument("dimension must be at least 1");
        if (config.epochs < 1)
            throw std::invalid_argument("epochs must be at least 1");
        if (config.batchSize < 1)
            throw std::invalid_argument("batch size must be at least 1");
        if (config.threads < 1)
            throw std::invalid_argument("threads must be at least 1");
        if (!(config.learningRate > 0) || !std::isfinite(config.learningRate))
            throw std::invalid_argument("learning rate must be a positive number");
        if (!(config.regularization >= 0) || !std::isfinite(config.regularization))
            throw std::invalid_argument("regularization must be zero or positive");
        if (data.userCount < 2 || data.itemCount < 2)
            throw std::invalid_argument("training needs at least 2 users and 2 items");
        if (data.train.empty())
            throw std::invalid_argument("training needs at least one rating");
        for (const RatingsTable* table : { &data.train, &data.validation })
            for (std::size_t r = 0; r < table->size(); ++r)
                if (table->users[r] >= data.userCount || table->items[r] >= data.itemCount)
                    throw std::invalid_argument("a rating refers to a user or item beyond userCount/itemCount");
        if (config.negativeSamples < 0)
            throw std::invalid_argument("negative samples must be zero (exact softmax) or positive");
        for (int h : config.hiddenLayers)
            if (h < 1)
                throw std::invalid_argument("hidden layers must have at least 1 unit each");
        if (data.implicit && !traitsOf(config.model).learnsFromLikes)
            throw std::invalid_argument(likesRefusal(config.model));
        checkLimits(data, config);
    }

    /// Whether no entry is ±∞ or NaN: its exponent bits are not all ones. One vectorised pass of
    /// integer maxima at memory speed; Eigen's allFinite() costs about a tenth of a two-thread SGD
    /// epoch over the 29 MB of a 25M-rating model.
    bool isFinite(const EmbeddingSnapshot& snapshot)
    {
        constexpr std::uint32_t exponent = 0x7f800000u;
        for (const NamedMatrix& p : snapshot.parameters) {
            const float* values = p.value.data();
            const auto n = static_cast<std::size_t>(p.value.size());
            std::uint32_t highest = 0;
            for (std::size_t k = 0; k < n; ++k)
                highest = std::max(highest, std::bit_cast<std::uint32_t>(values[k]) & exponent);
            if (highest == exponent)
                return false;
        }
        return true;
    }

    /// Thins batch losses to one report per interval, each the mean of the batches since the
    /// previous one; the last batch of an epoch always goes out.
    class BatchReporter {
    public:
        explicit BatchReporter(const TrainCallbacks& callbacks)
            : m_callbacks(callbacks)
            , m_throttle(callbacks.reportInterval)
        {
        }
        void add(long step, double loss, int epoch, double fraction, bool epochEnds)
        {
            m_sum += loss;
            ++m_count;
            const auto send = [this](const Report& r) {
                if (m_callbacks.progress)
                    m_callbacks.progress(r.epoch, r.fraction);
                if (m_callbacks.batchFinished)
                    m_callbacks.batchFinished(r.step, r.loss);
                m_sum = 0;
                m_count = 0;
            };
            m_throttle.offer({ step, epoch, fraction, m_sum / static_cast<double>(m_count) }, send);
            if (epochEnds)
                m_throttle.flush(send);
        }

    private:
        struct Report {
            long step;
            int epoch;
            double fraction;
            double loss;
        };
        const TrainCallbacks& m_callbacks;
        ProgressThrottle<Report> m_throttle;
        double m_sum = 0;
        long m_count = 0;
    };

    /// Validation metrics for one epoch's snapshot.
    class Validator {
    public:
        Validator(const TrainData& data, ModelKind kind, int threads)
            : m_data(data)
            , m_isRanking(core::isRanking(kind, data.implicit))
            , m_threads(threads)
        {
            if (m_isRanking && !data.validation.empty()) {
                m_train = UserItems(data.train, data.userCount);
                m_heldOut = UserItems(data.validation, data.userCount);
                m_facts = catalogueFacts(m_train, data.itemCount);
            }
        }

        bool hasValidation() const { return !m_data.validation.empty(); }
        bool isRanking() const { return m_isRanking; }

        void evaluate(const Model& model, std::shared_ptr<const EmbeddingSnapshot> snapshot, EpochReport& report) const
        {
            report.validationLoss = std::nan("");
            if (!hasValidation())
                return;
            if (m_isRanking) {
                const auto scorer = makeScorer(std::move(snapshot));
                const TopLists lists = topLists(*scorer, m_train, m_data.itemCount, defaultRankingCutoff, m_threads);
                report.metrics.merge(rankingMetricMap(evaluateLists(lists, m_heldOut, m_facts, m_threads)));
                report.validationLoss = model.validationLoss(m_data.validation);
            } else {
                const RatingErrors e = ratingErrors(model, m_data.validation, m_data.ratingMin, m_data.ratingMax);
                report.metrics["rmse"] = e.rmse;
                report.metrics["mae"] = e.mae;
                report.validationLoss = 0.5 * e.mse; // on the training loss's ½e² scale
            }
        }
        /// Higher is better.
        double score(const EpochReport& report) const
        {
            return m_isRanking ? report.metrics.at("precision_at_10") : -report.metrics.at("rmse");
        }

    private:
        const TrainData& m_data;
        bool m_isRanking;
        int m_threads;
        UserItems m_train, m_heldOut;
        CatalogueFacts m_facts;
    };

    /// Per-thread settings for the training thread, restored on exit:
    /// - flush-to-zero and denormals-are-zero: Adam moments of rarely seen rows decay into
    ///   denormals, which cost ~100× per operation on x86;
    /// - OpenMP max threads 1, so Eigen does not fork a team for every small minibatch product
    ///   (8× slower on a loaded 2-core machine). Models ask for config.threads explicitly.
    class ThreadStateGuard {
    public:
        ThreadStateGuard()
        {
#if defined(__SSE__)
            m_csr = _mm_getcsr();
            _mm_setcsr(m_csr | 0x8040);
#endif
#if defined(_OPENMP)
            m_ompThreads = omp_get_max_threads();
            omp_set_num_threads(1);
#endif
        }
        ~ThreadStateGuard()
        {
#if defined(__SSE__)
            _mm_setcsr(m_csr);
#endif
#if defined(_OPENMP)
            omp_set_num_threads(m_ompThreads);
#endif
        }

    private:
        int m_ompThreads = 1;
        unsigned m_csr = 0;
    };

    /// What the divergence rules measure a loss against: the untrained model's loss (on ratings,
    /// predicting their mean: ½·variance), but on ratings never less than the loss of errors of a
    /// fifth of their spread (at least one rating step). Ratings that barely vary, all 4 say, have
    /// a variance of 0 and are fitted trivially; against 0, any rounding error is an explosion.
    double divergenceReference(const Model& model, const TrainData& data)
    {
        const double reference = model.referenceLoss();
        if (data.implicit)
            return reference;
        const double spread = std::max(1.0, static_cast<double>(data.ratingMax) - data.ratingMin);
        const double error = 0.2 * spread;
        return std::max(reference, 0.5 * error * error);
    }

    std::string divergenceMessage(int epoch, const TrainConfig& config)
    {
        if (!traitsOf(config.model).usesOptimizer)
            return "diverged at epoch " + std::to_string(epoch) + ": try a larger regularization than "
                + format("%g", config.regularization);
        return "diverged at epoch " + std::to_string(epoch) + " with learning rate " + format("%g", config.learningRate)
            + ": try " + format("%g", config.learningRate / 10);
    }

} // namespace

TrainOutcome train(const TrainData& data, const TrainConfig& config, const TrainCallbacks& callbacks,
                   std::stop_token stop)
{
    validate(data, config);
    const ThreadStateGuard threadState;
    std::unique_ptr<Model> model = makeModel(data, config);
    const Validator validator(data, config.model, config.threads);
    Rng rng(config.seed ^ 0x5eed5eedULL);
    std::vector<std::uint32_t> order(model->exampleCount());
    std::iota(order.begin(), order.end(), 0u);
    std::vector<std::uint32_t> shuffleScratch;
    BatchReporter reporter(callbacks);

    TrainOutcome outcome;
    std::shared_ptr<const EmbeddingSnapshot> lastGood = model->snapshot(0);
    std::shared_ptr<const EmbeddingSnapshot> best;
    double bestScore = -std::numeric_limits<double>::infinity();
    int epochsWithoutImprovement = 0;
    long step = 0;
    const double reference = divergenceReference(*model, data);

    ProgressThrottle<std::shared_ptr<const EmbeddingSnapshot>> snapshots(callbacks.snapshotInterval);
    const auto send = [&](std::shared_ptr<const EmbeddingSnapshot> snapshot) {
        if (callbacks.snapshotReady)
            callbacks.snapshotReady(std::move(snapshot));
    };
    auto publish = [&](std::shared_ptr<const EmbeddingSnapshot> snapshot) {
        snapshots.offer(std::move(snapshot), send);
    };
    // The run's last snapshot goes out at once, in place of any that is held back.
    auto publishLast = [&](std::shared_ptr<const EmbeddingSnapshot> snapshot) {
        snapshots.discard();
        send(std::move(snapshot));
    };
    auto diverge = [&](int epoch) {
        snapshots.flush(send); // the last good one, if it was held back
        outcome.status = TrainOutcome::Status::Diverged;
        outcome.snapshot = lastGood;
        outcome.message = divergenceMessage(epoch, config);
        return outcome;
    };

    for (int epoch = 1; epoch <= config.epochs; ++epoch) {
        const auto epochStart = Clock::now(); // the shuffle is part of every epoch's cost
        model->beginEpoch(epoch);
        if (model->shufflesExamples())
            shuffle(order, rng, shuffleScratch);

        Clock::duration paused {};
        double lossSum = 0;
        std::size_t lossCount = 0, ratings = 0;
        const std::size_t batch = std::max<std::size_t>(
            1, model->examplesPerCall(static_cast<std::size_t>(config.batchSize)));
        for (std::size_t start = 0; start < order.size(); start += batch) {
            if (callbacks.paused && callbacks.paused->load()) {
                const auto pauseStart = Clock::now();
                while (callbacks.paused->load() && !stop.stop_requested())
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                paused += Clock::now() - pauseStart;
            }
            if (stop.stop_requested()) {
                auto current = model->snapshot(epoch - 1);
                outcome.status = TrainOutcome::Status::Stopped;
                outcome.snapshot = isFinite(*current) ? std::shared_ptr<const EmbeddingSnapshot>(current) : lastGood;
                outcome.message = "stopped during epoch " + std::to_string(epoch);
                publishLast(outcome.snapshot);
                return outcome;
            }
            const std::size_t count = std::min(batch, order.size() - start);
            const BatchResult result = model->trainBatch(std::span(order).subspan(start, count));
            ++step;
            if (!std::isfinite(result.loss) || result.loss > explodingBatchFactor * reference)
                return diverge(epoch);
            lossSum += result.loss * static_cast<double>(count);
            lossCount += count;
            ratings += result.ratings;
            const bool last = start + count >= order.size();
            reporter.add(step, result.loss, epoch, static_cast<double>(start + count) / order.size(), last);
        }
        const double trainSeconds = seconds(Clock::now() - epochStart - paused);

        EpochReport report;
        report.epoch = epoch;
        report.trainLoss = lossSum / static_cast<double>(std::max<std::size_t>(1, lossCount));
        std::shared_ptr<const EmbeddingSnapshot> snapshot = model->snapshot(epoch);
        if (!std::isfinite(report.trainLoss) || report.trainLoss > explodingEpochFactor * reference
            || !isFinite(*snapshot))
            return diverge(epoch);
        validator.evaluate(*model, snapshot, report);
        report.seconds = seconds(Clock::now() - epochStart - paused);
        report.ratingsPerSecond = trainSeconds > 0 ? static_cast<double>(ratings) / trainSeconds : 0;
        outcome.history.push_back(report);
        lastGood = snapshot;
        if (callbacks.epochFinished)
            callbacks.epochFinished(report);
        publish(snapshot);

        if (validator.hasValidation()) {
            const double score = validator.score(report);
            if (score > bestScore) {
                bestScore = score;
                best = snapshot;
                epochsWithoutImprovement = 0;
            } else if (config.earlyStoppingPatience > 0 && ++epochsWithoutImprovement >= config.earlyStoppingPatience) {
                outcome.status = TrainOutcome::Status::EarlyStopped;
                outcome.snapshot = best;
                outcome.message = "stopped early after epoch " + std::to_string(epoch) + "; kept epoch "
                    + std::to_string(best->epoch);
                publishLast(best);
                return outcome;
            }
        }
    }
    snapshots.flush(send);
    outcome.status = TrainOutcome::Status::Finished;
    outcome.snapshot = lastGood;
    outcome.message = "finished " + std::to_string(config.epochs) + " epochs";
    if (!outcome.history.empty()) {
        const EpochReport& last = outcome.history.back();
        for (const auto& [name, value] : last.metrics)
            outcome.message += "; " + name + " " + format("%.4f", value);
    }
    return outcome;
}

} // namespace embex::core
