// SPDX-License-Identifier: MIT
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/session_argument.h"
#include "core/analysis/item_popularity.h"
#include "core/analysis/recommend.h"

#include <ostream>
#include <stdexcept>

namespace embex::cli {

int recommendCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    std::string model;
    std::string user;
    long long n = 10;
    bool asJson = false;
    CommandLine line("recommend");
    CLI::App& app = line.app();
    app.add_option("MODEL", model, "the session (.embex)")->required();
    app.add_option("--user", user, "the user's id")->required();
    line.addNumber("-n", n, "how many items");
    app.add_flag("--json", asJson, "print one JSON object");
    if (auto exit = line.parse(words, out, err))
        return *exit;
    if (n < 1) {
        err << "embex-cli recommend: -n must be at least 1\n";
        return 2;
    }
    const auto session = openSession("recommend", model, err);
    if (!session)
        return 1;
    const core::Dataset& data = *session->dataset;
    const auto index = data.users.indexOf(user);
    if (!index) {
        err << "embex-cli recommend: no user has the id '" << user << "'\n";
        return 1;
    }
    std::vector<core::Neighbour> top;
    const std::vector<std::uint32_t> rated = core::itemsRatedBy(data.ratings, *index);
    try {
        const auto scorer = core::makeScorer(session->snapshot);
        top = core::recommendForUser(*scorer, *index, rated, data.items.size(), static_cast<int>(n));
    } catch (const std::invalid_argument& e) {
        err << "embex-cli recommend: " << e.what() << '\n'; // e.g. imported item-only embeddings
        return 1;
    }
    std::vector<ItemRow> rows;
    for (const core::Neighbour& r : top)
        rows.push_back({ r.item, r.score });
    const std::vector<std::uint32_t> counts = core::itemRatingCounts(data.ratings, data.items.size());
    if (asJson) {
        core::JsonWriter json;
        json.beginObject()
            .field("user", user)
            .field("model", session->snapshot->modelKind)
            .field("rated", static_cast<long long>(rated.size()));
        json.key("recommendations");
        writeItemRows(json, data, counts, rows);
        json.endObject();
        out << json.text() << '\n';
    } else {
        out << "top " << rows.size() << " for user " << user << " (" << session->snapshot->modelKind << "; "
            << rated.size() << " rated items left out):\n";
        printItemRows(out, data, counts, rows);
    }
    return 0;
}

} // namespace embex::cli
