// SPDX-License-Identifier: MIT
#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/session_argument.h"
#include "core/analysis/item_popularity.h"
#include "core/analysis/recommend.h"

#include <ostream>
#include <stdexcept>

namespace embex::cli {

int recommendCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    Arguments args(words, { "user", "n" }, { "json" });
    const long long n = args.integer("n", 10);
    const std::string user = args.value("user", "");
    std::string usage = args.ok() ? "" : args.error();
    if (usage.empty() && (args.positionals().size() != 1 || user.empty()))
        usage = "expects MODEL and --user ID";
    if (usage.empty() && n < 1)
        usage = "-n must be at least 1";
    if (!usage.empty()) {
        err << "embex-cli recommend: " << usage << '\n';
        return 2;
    }
    const auto session = openSession("recommend", args.positionals()[0], err);
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
    if (args.has("json")) {
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
