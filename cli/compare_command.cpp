// SPDX-License-Identifier: MIT
#include "cli/commands.h"
#include "cli/train_options.h"
#include "core/io/session_file.h"
#include "core/models/model_registry.h"
#include "core/training/ranking_metrics.h"
#include "core/training/training_run.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <ostream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

namespace embex::cli {
namespace {

    struct Trained {
        std::uint64_t seed = 0;
        core::TrainOutcome outcome;
        RunScores scores;
        double seconds = 0;
        std::map<std::string, double> ranking; ///< rankingMetricMap of the kept snapshot's top-k lists
        std::vector<core::UserRanking> perUser;
        double rankingSeconds = 0;
    };

    /// One model's runs on the shared split, one per seed.
    struct ModelRow {
        core::TrainConfig config;
        std::vector<Trained> runs;
        std::map<std::string, double> mean, spread;
        double meanSeconds = 0, spreadSeconds = 0;
        std::map<std::string, double> rankingMean, rankingSpread;
        std::optional<core::TopLists> lists; ///< the first seed's, for --lists
    };

    /// A baseline's row of the ranking table: what recommending without a model scores.
    struct BaselineRow {
        std::string name;
        std::map<std::string, double> ranking;
        std::vector<core::UserRanking> perUser;
    };

    /// Everything the ranking metrics of one split need, built once for every model.
    struct RankingInputs {
        int k = core::defaultRankingCutoff;
        core::UserItems train, heldOut;
        core::CatalogueFacts facts;
        long users = 0, usersWithoutHeldOut = 0;
    };

    std::pair<double, double> meanAndSpread(const std::vector<double>& values)
    {
        double sum = 0;
        for (double v : values)
            sum += v;
        const double mean = values.empty() ? 0 : sum / static_cast<double>(values.size());
        double squares = 0;
        for (double v : values)
            squares += (v - mean) * (v - mean);
        // the sample standard deviation: the spread another seed would show
        const double spread = values.size() > 1 ? std::sqrt(squares / static_cast<double>(values.size() - 1)) : 0;
        return { mean, spread };
    }

    void summarise(ModelRow& row)
    {
        std::map<std::string, std::vector<double>> values, ranking;
        std::vector<double> seconds;
        for (const Trained& t : row.runs) {
            for (const auto& [name, value] : t.scores.test)
                values[name].push_back(value);
            for (const auto& [name, value] : t.ranking)
                ranking[name].push_back(value);
            seconds.push_back(t.seconds);
        }
        for (const auto& [name, list] : values)
            std::tie(row.mean[name], row.spread[name]) = meanAndSpread(list);
        for (const auto& [name, list] : ranking)
            std::tie(row.rankingMean[name], row.rankingSpread[name]) = meanAndSpread(list);
        std::tie(row.meanSeconds, row.spreadSeconds) = meanAndSpread(seconds);
    }

    /// Fills t's ranking figures from its kept snapshot's top-k lists; keeps the lists in `keep`.
    void rankRun(Trained& t, const RankingInputs& in, std::size_t itemCount, int threads, bool perUser,
                 std::optional<core::TopLists>* keep)
    {
        const auto start = std::chrono::steady_clock::now();
        const auto scorer = core::makeScorer(t.outcome.snapshot);
        if (!scorer->canScoreUsers())
            return;
        core::TopLists lists = core::topLists(*scorer, in.train, itemCount, in.k, threads);
        core::RankingReport report = core::evaluateLists(lists, in.heldOut, in.facts, threads);
        t.rankingSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        t.ranking = core::rankingMetricMap(report);
        if (perUser)
            t.perUser = std::move(report.perUser);
        if (keep)
            *keep = std::move(lists);
    }

    /// The ranking table's columns, in the order the README defines them.
    constexpr const char* rankingColumns[] = {
        "precision", "recall", "ndcg",       "map",     "mrr",       "hit_rate",
        "coverage",  "gini",   "popularity", "novelty", "long_tail", "diversity"
    };

    void writePerUser(core::JsonWriter& json, const std::vector<core::UserRanking>& perUser, const core::IdMap& users)
    {
        json.key("per_user").beginArray();
        for (const core::UserRanking& r : perUser)
            json.beginObject()
                .field("user", users.rawId(r.user))
                .field("precision", r.precision)
                .field("recall", r.recall)
                .field("ndcg", r.ndcg)
                .field("average_precision", r.averagePrecision)
                .field("reciprocal_rank", r.reciprocalRank)
                .field("hit", r.hit)
                .endObject();
        json.endArray();
    }

    void printRankingRow(std::ostream& out, const std::string& name, const std::map<std::string, double>& ranking,
                         int k)
    {
        out << std::setw(14) << name;
        for (const char* column : rankingColumns) {
            const auto it = ranking.find(std::string(column) + "_at_" + std::to_string(k));
            char cell[32] = "-";
            if (it != ranking.end())
                std::snprintf(cell, sizeof cell, std::string(column) == "popularity" ? "%.1f" : "%.4f", it->second);
            out << std::setw(std::max<int>(11, static_cast<int>(std::string(column).size()) + 2)) << cell;
        }
        out << '\n';
    }

    std::string number(double value, double spread, bool withSpread)
    {
        char buffer[64];
        if (withSpread)
            std::snprintf(buffer, sizeof buffer, "%.4f ± %.4f", value, spread);
        else
            std::snprintf(buffer, sizeof buffer, "%.4f", value);
        return buffer;
    }

    std::vector<std::string> splitList(const std::string& text)
    {
        std::vector<std::string> parts;
        std::stringstream stream(text);
        std::string part;
        while (std::getline(stream, part, ','))
            if (!part.empty())
                parts.push_back(part);
        return parts;
    }

    void writeMetrics(core::JsonWriter& json, const std::string& key, const std::map<std::string, double>& metrics)
    {
        json.key(key).beginObject();
        for (const auto& [name, value] : metrics)
            json.field(name, value);
        json.endObject();
    }

    /// The mean overlap@k of every pair of models' first-seed lists.
    std::vector<std::tuple<std::string, std::string, double>> listOverlaps(const std::vector<ModelRow>& rows)
    {
        std::vector<std::tuple<std::string, std::string, double>> pairs;
        for (std::size_t a = 0; a < rows.size(); ++a)
            for (std::size_t b = a + 1; b < rows.size(); ++b)
                if (rows[a].lists && rows[b].lists)
                    pairs.emplace_back(std::string(core::modelName(rows[a].config.model)),
                                       std::string(core::modelName(rows[b].config.model)),
                                       core::meanListOverlap(*rows[a].lists, *rows[b].lists));
        return pairs;
    }

} // namespace

int compareCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    TrainArguments args;
    std::string modelList;
    int seeds = 1;
    std::optional<std::string> savePath;
    CommandLine line("compare");
    declareTrainOptions(line, args);
    line.app()
        .add_option("--models", modelList,
                    "the models to compare, e.g. dotbias,als,mlp (" + core::modelNameList() + ")")
        ->required();
    line.addNumber("--seeds", seeds, "train each model this often, with seeds --seed, --seed + 1, …: mean and spread");
    int k = core::defaultRankingCutoff;
    bool perUserMetrics = false, compareLists = false;
    line.addNumber("--k", k, "the cut-off of the ranking metrics (5, 10, 20, 50 are usual)");
    line.app().add_flag("--per-user-metrics", perUserMetrics,
                        "with --json: each user's precision, recall, NDCG, AP, RR and hit at k, per run");
    line.app().add_flag("--lists", compareLists,
                        "also print the mean overlap@k of the models' top-k lists, pair by pair, over all users");
    line.app().add_option("--save", savePath,
                          "write a session (.embex) keeping every run, named 'MODEL N' (N-th seed); the last run "
                          "trained is the open one");
    if (auto exit = line.parse(words, out, err))
        return *exit;
    std::vector<ModelRow> rows;
    try {
        std::set<std::string> seen;
        for (const std::string& name : splitList(modelList)) {
            if (!seen.insert(name).second)
                throw std::invalid_argument("--models names " + name + " twice");
            ModelRow row;
            row.config = trainConfigFor(name, args);
            rows.push_back(std::move(row));
        }
        if (rows.empty())
            throw std::invalid_argument("--models needs at least one model");
        if (seeds < 1)
            throw std::invalid_argument("--seeds must be at least 1");
        if (k < 1)
            throw std::invalid_argument("--k must be at least 1");
    } catch (const std::exception& e) {
        return line.usageError(e.what(), err);
    }
    // One split for every model and seed: the first model's seed (--seed or its default) draws it.
    const std::uint64_t baseSeed = rows.front().config.seed;
    const auto spec = splitSpecFor("compare", args, baseSeed, err);
    if (!spec)
        return 2;
    auto dataset = loadTrainingDataset("compare", args, err);
    if (!dataset)
        return 1;
    for (std::size_t m = 0; m < rows.size(); ++m)
        if (auto exit = attachSideFeatures("compare", args.sideFeatures, *dataset, rows[m].config, args.quiet || m > 0,
                                           err))
            return *exit;
    core::SplitOutcome split;
    try {
        split = core::splitForTraining(*dataset, *spec);
    } catch (const std::invalid_argument& e) {
        err << "embex-cli compare: " << e.what() << '\n';
        return 2;
    }
    if (!split.ok()) {
        err << split.error.toString() << '\n';
        return 1;
    }
    const std::shared_ptr<core::TrainData> data = split.data;
    data->implicit = data->implicit || args.implicit;
    const std::string label = core::splitLabel(*spec);
    if (!args.quiet)
        err << "split: " << label << ", " << split.summary << '\n';
    else if (!split.warning.empty())
        err << "embex-cli compare: " << split.warning << '\n';

    // Ranking metrics for every model on the held-out ratings, beside the baselines'.
    RankingInputs rankIn;
    rankIn.k = k;
    const bool ranks = !data->validation.empty();
    std::vector<BaselineRow> baselines;
    if (ranks) {
        rankIn.train = core::UserItems(data->train, data->userCount);
        rankIn.heldOut = core::UserItems(data->validation, data->userCount);
        rankIn.facts = core::catalogueFacts(rankIn.train, data->itemCount,
                                            core::itemGenres(dataset->items, dataset->metadata));
        const int threads = rows.front().config.threads;
        const std::pair<const char*, core::TopLists> made[] = {
            { "most popular", core::mostPopularLists(rankIn.train, data->itemCount, k) },
            { "random", core::randomLists(rankIn.train, data->itemCount, k, baseSeed, threads) },
        };
        for (const auto& [name, lists] : made) {
            core::RankingReport report = core::evaluateLists(lists, rankIn.heldOut, rankIn.facts, threads);
            rankIn.users = report.users;
            rankIn.usersWithoutHeldOut = report.usersWithoutHeldOut;
            baselines.push_back({ name, core::rankingMetricMap(report),
                                  perUserMetrics ? std::move(report.perUser) : std::vector<core::UserRanking> {} });
        }
    }

    bool diverged = false;
    for (ModelRow& row : rows) {
        const std::string name(core::modelName(row.config.model));
        for (int s = 0; s < seeds; ++s) {
            core::TrainConfig config = row.config;
            config.seed = baseSeed + static_cast<std::uint64_t>(s);
            Trained t;
            t.seed = config.seed;
            const auto start = std::chrono::steady_clock::now();
            try {
                t.outcome = core::train(*data, config, {});
            } catch (const std::invalid_argument& e) {
                err << "embex-cli compare: " << name << ": " << e.what() << '\n';
                return 2;
            }
            t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            diverged = diverged || t.outcome.status == core::TrainOutcome::Status::Diverged;
            t.scores = scoreRun(t.outcome, *data, *spec, config);
            if (ranks && t.outcome.snapshot) {
                try {
                    rankRun(t, rankIn, data->itemCount, config.threads, perUserMetrics,
                            compareLists && s == 0 ? &row.lists : nullptr);
                } catch (const std::invalid_argument& e) {
                    err << "embex-cli compare: " << name << ": " << e.what() << '\n';
                    return 2;
                }
            }
            if (!args.quiet)
                err << name << " seed " << config.seed << ": " << t.outcome.message << " (" << std::fixed
                    << std::setprecision(2) << t.seconds << " s)\n"
                    << std::defaultfloat;
            if (!savePath)
                t.outcome.snapshot.reset(); // only the numbers are needed
            row.runs.push_back(std::move(t));
        }
        summarise(row);
    }

    if (savePath) {
        dataset->ratings = data->train; // what every run learned from, as train --save keeps
        core::Session session { dataset, nullptr, {} };
        for (const ModelRow& row : rows)
            for (std::size_t s = 0; s < row.runs.size(); ++s)
                if (row.runs[s].outcome.snapshot) {
                    core::TrainingRun run = core::makeTrainingRun(std::string(core::modelName(row.config.model)) + " "
                                                                      + std::to_string(s + 1),
                                                                  row.runs[s].outcome, label, row.runs[s].seconds);
                    // The Runs table reads a run's figures from its last epoch; the trainer's own stay.
                    if (!run.history.empty()) {
                        std::map<std::string, double> figures = row.runs[s].ranking;
                        run.history.back().metrics.merge(figures);
                    }
                    session.runs.push_back(std::move(run));
                }
        if (session.runs.empty()) {
            err << "embex-cli compare: no run kept a model to save\n";
            return 1;
        }
        session.activeRun = session.runs.size() - 1;
        session.snapshot = session.runs.back().snapshot;
        session.history = session.runs.back().history;
        if (const auto problem = core::saveSession(session, *savePath)) {
            err << "embex-cli compare: " << problem->toString() << '\n';
            return 1;
        }
        if (!args.quiet)
            err << "saved " << session.runs.size() << " runs to " << *savePath << '\n';
    }

    const bool withSpread = seeds > 1;
    const RunScores* ranking = nullptr; // the baseline depends on the split only
    for (const ModelRow& row : rows)
        for (const Trained& t : row.runs)
            if (t.scores.showsRanking)
                ranking = &t.scores;
    if (args.json) {
        core::JsonWriter json;
        json.beginObject()
            .field("split", label)
            .field("train_ratings", static_cast<long long>(data->train.size()))
            .field("test_ratings", static_cast<long long>(data->validation.size()))
            .field("users", static_cast<long long>(data->userCount))
            .field("items", static_cast<long long>(data->itemCount))
            .field("seeds", seeds);
        if (ranking)
            json.key("baseline_most_popular")
                .beginObject()
                .field("precision_at_10", ranking->baseline.precision)
                .field("recall_at_10", ranking->baseline.recall)
                .endObject();
        if (ranks) {
            json.field("k", k)
                .field("ranking_users", static_cast<long long>(rankIn.users))
                .field("users_without_held_out", static_cast<long long>(rankIn.usersWithoutHeldOut));
            json.key("baselines").beginArray();
            for (const BaselineRow& b : baselines) {
                json.beginObject().field("model", b.name);
                if (b.name == "random")
                    json.field("seed", static_cast<long long>(baseSeed));
                writeMetrics(json, "ranking", b.ranking);
                if (perUserMetrics)
                    writePerUser(json, b.perUser, dataset->users);
                json.endObject();
            }
            json.endArray();
        }
        json.key("models").beginArray();
        for (const ModelRow& row : rows) {
            json.beginObject().field("model", std::string(core::modelName(row.config.model)));
            writeParams(json, row.config);
            json.field("split", label).field("test_ratings", static_cast<long long>(data->validation.size()));
            writeMetrics(json, "test", row.mean);
            writeMetrics(json, "test_std", row.spread);
            if (ranks) {
                writeMetrics(json, "ranking", row.rankingMean);
                writeMetrics(json, "ranking_std", row.rankingSpread);
            }
            json.field("seconds", row.meanSeconds).field("seconds_std", row.spreadSeconds);
            json.key("runs").beginArray();
            for (const Trained& t : row.runs) {
                json.beginObject().field("seed", static_cast<long long>(t.seed));
                writeMetrics(json, "test", t.scores.test);
                if (ranks) {
                    writeMetrics(json, "ranking", t.ranking);
                    json.field("ranking_seconds", t.rankingSeconds);
                    if (perUserMetrics)
                        writePerUser(json, t.perUser, dataset->users);
                }
                json.field("status", statusName(t.outcome.status))
                    .field("epochs", static_cast<long long>(t.outcome.history.size()))
                    .field("seconds", t.seconds)
                    .endObject();
            }
            json.endArray().endObject();
        }
        json.endArray();
        if (compareLists) {
            json.key("list_overlap").beginArray();
            for (const auto& [a, b, overlap] : listOverlaps(rows))
                json.beginObject().field("a", a).field("b", b).field("k", k).field("mean_overlap", overlap).endObject();
            json.endArray();
        }
        json.endObject();
        out << json.text() << '\n';
        return diverged ? 1 : 0;
    }

    // Every metric any model reported, in name order, but those the ranking table shows below:
    // precision and recall at 10 stay, as train prints them.
    const auto inRankingTable = [&](const std::string& name) {
        if (!ranks || name.starts_with("precision_at_") || name.starts_with("recall_at_"))
            return false;
        for (const char* column : rankingColumns)
            if (name == std::string(column) + "_at_" + std::to_string(core::defaultRankingCutoff))
                return true;
        return false;
    };
    std::vector<std::string> columns;
    for (const ModelRow& row : rows)
        for (const auto& [name, value] : row.mean)
            if (!inRankingTable(name) && std::find(columns.begin(), columns.end(), name) == columns.end())
                columns.push_back(name);
    std::sort(columns.begin(), columns.end());
    const int width = withSpread ? 20 : 12;
    out << "split: " << label << " (" << data->train.size() << " training, " << data->validation.size()
        << " test ratings)"
        << (withSpread ? "; mean ± standard deviation over " + std::to_string(seeds) + " seeds" : "") << '\n';
    out << std::left << std::setw(13) << "model";
    for (const std::string& c : columns)
        out << std::setw(std::max<int>(width, static_cast<int>(c.size()) + 2)) << c;
    out << "seconds\n";
    for (const ModelRow& row : rows) {
        out << std::setw(13) << core::modelName(row.config.model);
        for (const std::string& c : columns) {
            const auto it = row.mean.find(c);
            const std::string cell = it == row.mean.end() ? "-" : number(it->second, row.spread.at(c), withSpread);
            // "±" is two bytes but one column wide
            const int pad = std::max<int>(width, static_cast<int>(c.size()) + 2) + (withSpread && cell != "-" ? 1 : 0);
            out << std::setw(pad) << cell;
        }
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%.2f", row.meanSeconds);
        out << seconds << '\n';
    }
    if (ranking)
        out << "most popular baseline precision_at_10: " << ranking->baseline.precision
            << ", recall_at_10: " << ranking->baseline.recall << '\n';
    if (ranks) {
        out << "\nranking at k=" << k << " over " << rankIn.users << " users with held-out ratings ("
            << rankIn.usersWithoutHeldOut << " without, left out); coverage to diversity over every user's list"
            << (withSpread ? "; means over the seeds" : "") << '\n';
        out << std::setw(14) << "model";
        for (const char* column : rankingColumns)
            out << std::setw(std::max<int>(11, static_cast<int>(std::string(column).size()) + 2)) << column;
        out << '\n';
        for (const ModelRow& row : rows)
            printRankingRow(out, std::string(core::modelName(row.config.model)), row.rankingMean, k);
        for (const BaselineRow& b : baselines)
            printRankingRow(out, b.name, b.ranking, k);
    }
    if (compareLists) {
        out << "\nmean overlap@" << k << " of the top-" << k << " lists over all users:\n";
        for (const auto& [a, b, overlap] : listOverlaps(rows))
            out << "  " << a << " / " << b << ": " << std::fixed << std::setprecision(4) << overlap << '\n'
                << std::defaultfloat;
    }
    return diverged ? 1 : 0;
}

} // namespace embex::cli
