// SPDX-License-Identifier: MIT
#include "cli/arguments.h"
#include "cli/commands.h"
#include "core/data/demo_generator.h"
#include "core/util/json_writer.h"

#include <algorithm>
#include <ostream>
#include <stdexcept>

namespace embex::cli {

int demoCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    Arguments args(words, { "users", "items", "types", "per-user", "ratings", "popularity", "seed", "out" },
                   { "implicit", "json" });
    core::DemoConfig config;
    config.users = static_cast<int>(args.integer("users", config.users));
    config.items = static_cast<int>(args.integer("items", config.items));
    config.types = static_cast<int>(args.integer("types", config.types));
    config.ratingsPerUser = static_cast<int>(args.integer("per-user", config.ratingsPerUser));
    config.seed = static_cast<std::uint64_t>(args.integer("seed", static_cast<long long>(config.seed)));
    config.implicit = args.has("implicit");
    const std::string popularity = args.value("popularity", "uniform");
    config.zipf = popularity == "zipf";
    if (popularity != "zipf" && popularity != "uniform") {
        err << "embex-cli demo: --popularity is uniform or zipf, not '" << popularity << "'\n";
        return 2;
    }
    // --ratings N: the mean per user follows from the total (rounded; uniform mode is exact per user).
    if (const long long total = args.integer("ratings", 0); total > 0 && config.users > 0)
        config.ratingsPerUser = static_cast<int>(std::max<long long>(1, (total + config.users / 2) / config.users));
    const std::string path = args.value("out", "");
    if (!args.ok() || path.empty() || !args.positionals().empty()) {
        err << "embex-cli demo: " << (args.ok() ? "--out FILE is required" : args.error()) << '\n';
        return 2;
    }
    try {
        auto demo = core::generateDemo(config);
        if (std::string problem = core::writeDemoCsv(*demo, path); !problem.empty()) {
            err << "embex-cli demo: " << problem << '\n';
            return 1;
        }
        if (args.has("json")) {
            core::JsonWriter json;
            json.beginObject()
                .field("out", path)
                .field("ratings", static_cast<long long>(demo->ratings.size()))
                .field("users", static_cast<long long>(demo->users.size()))
                .field("items", static_cast<long long>(demo->items.size()))
                .field("types", config.types)
                .field("implicit", config.implicit)
                .endObject();
            out << json.text() << '\n';
        } else {
            out << "wrote " << demo->ratings.size() << " ratings to " << path << '\n';
        }
    } catch (const std::invalid_argument& e) {
        err << "embex-cli " << e.what() << '\n';
        return 2;
    }
    return 0;
}

} // namespace embex::cli
