// SPDX-License-Identifier: MIT
#include "cli/command_line.h"
#include "cli/commands.h"
#include "core/data/demo_generator.h"
#include "core/util/json_writer.h"

#include <algorithm>
#include <ostream>
#include <stdexcept>

namespace embex::cli {

int demoCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    core::DemoConfig config;
    long long totalRatings = 0;
    std::string popularity = "uniform";
    std::string path;
    bool asJson = false;
    CommandLine line("demo");
    CLI::App& app = line.app();
    line.addNumber("--users", config.users, "users");
    line.addNumber("--items", config.items, "items");
    line.addNumber("--types", config.types, "hidden user and item types");
    auto* perUser = line.addNumber("--per-user", config.ratingsPerUser, "ratings per user (the mean with zipf)");
    line.addNumber("--ratings", totalRatings, "ratings in all, instead of --per-user")->excludes(perUser);
    app.add_option("--popularity", popularity, "how often each item is rated: uniform or zipf")->capture_default_str();
    app.add_flag("--implicit", config.implicit, "write likes (1) instead of 1-5 ratings");
    line.addNumber("--seed", config.seed, "random seed");
    app.add_option("--out", path,
                   "the CSV file to write (titles go to <stem>.items.csv, user attributes to <stem>.users.csv)")
        ->required();
    app.add_flag("--json", asJson, "print one JSON object");
    if (auto exit = line.parse(words, out, err))
        return *exit;
    config.zipf = popularity == "zipf";
    if (popularity != "zipf" && popularity != "uniform") {
        err << "embex-cli demo: --popularity is uniform or zipf, not '" << popularity << "'\n";
        return 2;
    }
    // --ratings N: the mean per user follows from the total (rounded; uniform mode is exact per user).
    if (totalRatings > 0 && config.users > 0)
        config.ratingsPerUser = static_cast<int>(
            std::max<long long>(1, (totalRatings + config.users / 2) / config.users));
    try {
        auto demo = core::generateDemo(config);
        if (std::string problem = core::writeDemoCsv(*demo, path); !problem.empty()) {
            err << "embex-cli demo: " << problem << '\n';
            return 1;
        }
        if (asJson) {
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
