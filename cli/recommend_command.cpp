// SPDX-License-Identifier: MIT
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/csv_cell.h"
#include "cli/session_argument.h"
#include "core/analysis/new_user_attributes.h"
#include "core/analysis/query_vector.h"
#include "core/analysis/recommend.h"
#include "core/io/atomic_file.h"
#include "core/training/ranking_metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <ostream>
#include <set>
#include <stdexcept>

namespace embex::cli {
namespace {

    std::vector<std::string> splitList(const std::string& text)
    {
        std::vector<std::string> parts;
        std::size_t start = 0;
        while (start <= text.size()) {
            const std::size_t comma = std::min(text.find(',', start), text.size());
            parts.push_back(text.substr(start, comma - start));
            start = comma + 1;
        }
        return parts;
    }

    /// The picks of --items/--ratings, or the reason they are wrong (exit 1 for unknown ids, as
    /// for --user; the caller decides).
    std::vector<core::PickedItem> parsePicks(const core::Dataset& data, const std::string& items,
                                             const std::optional<std::string>& ratings, std::string& problem)
    {
        const std::vector<std::string> ids = splitList(items);
        std::vector<float> values;
        if (ratings) {
            for (const std::string& word : splitList(*ratings)) {
                float v = 0;
                auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), v);
                if (word.empty() || ec != std::errc() || end != word.data() + word.size()) {
                    problem = "--ratings must be numbers separated by commas, not '" + word + "'";
                    return {};
                }
                if (v < data.ratingMin || v > data.ratingMax) {
                    problem = "rating " + word + " is outside the data's scale (" + std::to_string(data.ratingMin)
                        + " to " + std::to_string(data.ratingMax) + ")";
                    return {};
                }
                values.push_back(v);
            }
            if (values.size() != ids.size()) {
                problem = "--ratings has " + std::to_string(values.size()) + " values but --items has "
                    + std::to_string(ids.size());
                return {};
            }
        }
        std::vector<core::PickedItem> picks;
        std::set<std::uint32_t> seen;
        for (std::size_t k = 0; k < ids.size(); ++k) {
            const auto index = data.items.indexOf(ids[k]);
            if (!index) {
                problem = "no item has the id '" + ids[k] + "'";
                return {};
            }
            if (!seen.insert(*index).second) {
                problem = "--items names '" + ids[k] + "' twice";
                return {};
            }
            // Without --ratings a pick is "liked": 1 on implicit data, the top of the scale otherwise.
            const float liked = data.isImplicit() ? 1.0f : data.ratingMax;
            picks.push_back({ *index, values.empty() ? liked : values[k] });
        }
        return picks;
    }

    /// --attributes "age=35,gender=F" as name → raw value; a multi-valued one is "genres=Action|Comedy".
    std::map<std::string, std::string> parseAttributes(const std::string& text, std::string& problem)
    {
        std::map<std::string, std::string> values;
        const auto trimmed = [](std::string s) {
            s.erase(0, std::min(s.find_first_not_of(' '), s.size()));
            s.erase(s.find_last_not_of(' ') + 1);
            return s;
        };
        for (const std::string& part : splitList(text)) {
            const std::size_t eq = part.find('=');
            const std::string name = trimmed(part.substr(0, eq));
            if (eq == std::string::npos || name.empty()) {
                problem = "--attributes must be name=value pairs separated by commas (e.g. age=35,gender=F), not '"
                    + part + "'";
                return {};
            }
            if (!values.emplace(name, trimmed(part.substr(eq + 1))).second) {
                problem = "--attributes names '" + name + "' twice";
                return {};
            }
        }
        return values;
    }

    /// Scores below the popularity floor become NaN, which top-k lists leave out.
    class NanFloorScorer final : public core::Scorer {
    public:
        NanFloorScorer(const core::Scorer& inner, std::span<const std::uint32_t> counts, std::uint32_t minRatings)
            : m_inner(inner)
            , m_counts(counts)
            , m_minRatings(minRatings)
        {
        }
        void scoreItems(std::uint32_t user, std::span<const std::uint32_t> rated, std::span<float> out) const override
        {
            m_inner.scoreItems(user, rated, out);
            if (m_minRatings == 0 || m_counts.size() != out.size())
                return;
            for (std::size_t i = 0; i < out.size(); ++i)
                if (m_counts[i] < m_minRatings)
                    out[i] = std::numeric_limits<float>::quiet_NaN();
        }
        bool canScoreUsers() const override { return m_inner.canScoreUsers(); }

    private:
        const core::Scorer& m_inner;
        std::span<const std::uint32_t> m_counts;
        std::uint32_t m_minRatings;
    };

    /// recommend --all-users: every user's top n as CSV rows user,rank,item,score (raw ids; the
    /// model's own score), from the same top-k lists compare's ranking metrics read.
    int recommendAllUsers(const AnalysisSession& opened, int n, int threads, const std::optional<std::string>& path,
                          std::ostream& out, std::ostream& err)
    {
        const core::Dataset& data = opened.data();
        const core::UserItems rated(data.ratings, data.users.size());
        std::unique_ptr<core::ModelScorer> scorer;
        core::TopLists lists;
        try {
            scorer = core::makeScorer(opened.session->snapshot);
            const NanFloorScorer floored(*scorer, opened.countsIfRated(), opened.minRatings);
            lists = core::topLists(floored, rated, data.items.size(), n, threads);
        } catch (const std::invalid_argument& e) {
            err << "embex-cli recommend: " << e.what() << '\n'; // e.g. imported item-only embeddings
            return 1;
        }
        std::string text = "user,rank,item,score\n";
        char score[32];
        for (std::size_t u = 0; u < lists.userCount(); ++u) {
            const std::string user = csvCell(data.users.rawId(static_cast<std::uint32_t>(u)));
            const auto items = lists.list(u);
            const auto scores = lists.listScores(u);
            for (std::size_t j = 0; j < items.size(); ++j) {
                std::snprintf(score, sizeof score, "%.9g", static_cast<double>(scores[j]));
                text += user + ',' + std::to_string(j + 1) + ',' + csvCell(data.items.rawId(items[j])) + ',' + score
                    + '\n';
            }
        }
        if (!path) {
            out << text;
            return 0;
        }
        core::AtomicFile file(*path);
        if (!file.open()) {
            err << "embex-cli recommend: " << file.error().toString() << '\n';
            return 1;
        }
        file.write(text);
        if (const auto problem = file.commit()) {
            err << "embex-cli recommend: " << problem->toString() << '\n';
            return 1;
        }
        return 0;
    }

} // namespace

int recommendCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    std::string model;
    std::string user;
    std::string items;
    std::optional<std::string> ratings;
    std::string attributes;
    long long n = 10;
    long long minRatings = core::defaultNeighbourMinRatings;
    bool asJson = false;
    CommandLine line("recommend");
    CLI::App& app = line.app();
    app.add_option("MODEL", model, "the session (.embex)")->required();
    auto* userOption = app.add_option("--user", user, "the user's id");
    bool allUsers = false;
    std::optional<std::string> outPath;
    int threads = 1;
    auto* allUsersOption = app.add_flag(
        "--all-users", allUsers,
        "every user's top n as CSV (user,rank,item,score; raw ids, the model's score), leaving out the items each "
        "rated, as compare's ranking metrics do; --min-ratings is 0 unless given");
    app.add_option("--out", outPath, "with --all-users: the CSV file to write (default: standard output)")
        ->needs(allUsersOption);
    line.addNumber("--threads", threads, "with --all-users: scoring threads (the lists do not depend on them)");
    auto* itemsOption = app.add_option("--items", items,
                                       "a new user: the raw ids of the items they picked, e.g. 50,172,181");
    app.add_option("--ratings", ratings,
                   "their ratings, one per item (default: the top of the scale; implicit data: liked)")
        ->needs(itemsOption);
    auto* attributesOption = app.add_option(
        "--attributes", attributes,
        "a new user's own attributes, e.g. age=35,gender=F (softmax or autoencoder trained with side features); "
        "alone, without --items: cold start");
    userOption->excludes(itemsOption);
    userOption->excludes(attributesOption);
    allUsersOption->excludes(userOption);
    allUsersOption->excludes(itemsOption);
    allUsersOption->excludes(attributesOption);
    line.addNumber("-n", n, "how many items");
    auto* minRatingsOption = line.addNumber("--min-ratings", minRatings,
                                            "leave out items with fewer ratings (0: none; not for imported sessions)");
    app.add_flag("--json", asJson, "print one JSON object");
    if (auto exit = line.parse(words, out, err))
        return *exit;
    if (!allUsers && userOption->count() == 0 && itemsOption->count() == 0 && attributesOption->count() == 0) {
        err << "embex-cli recommend: --user, --items or --attributes is required (or --all-users)\n";
        return 2;
    }
    if (n < 1 || minRatings < 0 || threads < 1) {
        err << "embex-cli recommend: -n and --threads must be at least 1 and --min-ratings at least 0\n";
        return 2;
    }
    const bool floorGiven = minRatingsOption->count() > 0;
    const AnalysisSession opened = openAnalysisSession("recommend", model, err,
                                                       { allUsers && !floorGiven ? 0 : minRatings, floorGiven });
    if (!opened.ok())
        return opened.exitCode;
    if (allUsers)
        return recommendAllUsers(opened, static_cast<int>(n), threads, outPath, out, err);
    const core::Session* session = &*opened.session;
    const core::Dataset& data = opened.data();
    const core::EmbeddingSnapshot& snapshot = *session->snapshot;
    const std::vector<std::uint32_t>& counts = opened.counts;
    const std::uint32_t floor = opened.minRatings;
    std::vector<core::Neighbour> top;
    std::vector<std::uint32_t> rated;
    std::string method;
    const bool isNewUser = itemsOption->count() > 0 || attributesOption->count() > 0;
    std::map<std::string, std::string> attributeValues;
    try {
        if (isNewUser) {
            std::string problem;
            const std::vector<core::PickedItem> picks = itemsOption->count() > 0
                ? parsePicks(data, items, ratings, problem)
                : std::vector<core::PickedItem>();
            if (problem.empty() && attributesOption->count() > 0)
                attributeValues = parseAttributes(attributes, problem);
            if (!problem.empty()) {
                err << "embex-cli recommend: " << problem << '\n';
                return problem.starts_with("no item") ? 1 : 2;
            }
            // Throws, naming the attribute, for a name or value the model was not trained on, and
            // for a model without an attribute input.
            const std::vector<float> features = core::encodeNewUserAttributes(snapshot, attributeValues);
            const core::NewUserRecommendations r = core::recommendForNewUser(
                snapshot, picks, data.isImplicit(), static_cast<int>(n), counts, floor, features);
            top = r.top;
            method = r.query.method;
            for (const core::PickedItem& p : picks)
                rated.push_back(p.item);
        } else {
            const auto index = data.users.indexOf(user);
            if (!index) {
                err << "embex-cli recommend: no user has the id '" << user << "'\n";
                return 1;
            }
            rated = core::itemsRatedBy(data.ratings, *index);
            const auto scorer = core::makeScorer(session->snapshot);
            top = core::recommendForUser(*scorer, *index, rated, data.items.size(), static_cast<int>(n), counts, floor);
        }
    } catch (const std::invalid_argument& e) {
        err << "embex-cli recommend: " << e.what() << '\n'; // e.g. imported item-only embeddings
        return 1;
    }
    // Predicted ratings are shown on the data's scale; the model's own number stays beside it.
    const bool clip = core::scoresArePredictedRatings(snapshot, data.isImplicit());
    std::vector<ItemRow> rows;
    for (const core::Neighbour& r : top) {
        if (clip)
            rows.push_back({ r.item, std::clamp(r.score, data.ratingMin, data.ratingMax), r.score });
        else
            rows.push_back({ r.item, r.score });
    }
    std::string who = isNewUser ? std::string("a new user") : "user " + user;
    for (auto it = attributeValues.begin(); it != attributeValues.end(); ++it)
        who += (it == attributeValues.begin() ? " with " : ", ") + it->first + '=' + it->second;
    if (asJson) {
        core::JsonWriter json;
        json.beginObject();
        if (isNewUser) {
            if (itemsOption->count() > 0)
                json.field("items", items);
            if (!attributeValues.empty()) {
                json.key("attributes");
                json.beginObject();
                for (const auto& [name, value] : attributeValues)
                    json.field(name, value);
                json.endObject();
            }
            json.field("query", method);
        } else
            json.field("user", user);
        json.field("model", snapshot.modelKind)
            .field("rated", static_cast<long long>(rated.size()))
            .field("min_ratings", static_cast<long long>(floor))
            .field("score", clip ? "predicted rating, clipped to the scale" : "model score");
        json.key("recommendations");
        writeItemRows(json, data, counts, rows);
        json.endObject();
        out << json.text() << '\n';
    } else {
        out << "top " << rows.size() << " for " << who << " (" << snapshot.modelKind << "; ";
        if (isNewUser && rated.empty())
            out << "no items picked: from the attributes alone";
        else
            out << rated.size() << (isNewUser ? " picked" : " rated") << " items left out";
        if (floor > 0)
            out << "; items with at least " << floor << " ratings";
        out << "):\n";
        if (isNewUser)
            out << "query vector: " << method << '\n';
        if (clip)
            out << "score: predicted rating clipped to " << data.ratingMin << "–" << data.ratingMax
                << "; raw: the model's output\n";
        printItemRows(out, data, counts, rows);
    }
    return 0;
}

} // namespace embex::cli
