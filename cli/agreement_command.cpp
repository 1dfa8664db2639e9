// SPDX-License-Identifier: MIT
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/session_argument.h"
#include "core/analysis/neighbor_index.h"
#include "core/analysis/run_agreement.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <ostream>
#include <thread>

namespace embex::cli {
namespace {

    std::string runList(const std::vector<core::TrainingRun>& runs)
    {
        std::string list;
        for (std::size_t r = 0; r < runs.size(); ++r)
            list += (r > 0 ? ", " : "") + std::to_string(r + 1) + " '" + runs[r].name + "'";
        return list;
    }

    /// A run by its name, else by its 1-based index.
    std::optional<std::size_t> findRun(const std::vector<core::TrainingRun>& runs, const std::string& word)
    {
        for (std::size_t r = 0; r < runs.size(); ++r)
            if (runs[r].name == word)
                return r;
        if (!word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })
            && word.size() < 10) {
            const auto index = std::stoul(word);
            if (index >= 1 && index <= runs.size())
                return index - 1;
        }
        return std::nullopt;
    }

    void printRuns(std::ostream& out, const core::Session& session)
    {
        out << "runs:\n";
        for (std::size_t r = 0; r < session.runs.size(); ++r) {
            const core::TrainingRun& run = session.runs[r];
            out << "  " << (r == session.activeRun ? '*' : ' ') << ' ' << r + 1 << "  " << run.name << "  ("
                << run.snapshot->modelKind << ", dimension " << run.snapshot->itemEmbeddings().cols();
            if (!run.split.empty())
                out << ", split " << run.split;
            for (const auto& [name, value] : run.finalMetrics()) {
                char buffer[64];
                std::snprintf(buffer, sizeof buffer, "%.4f", value);
                out << ", " << name << ' ' << buffer;
            }
            out << ")\n";
        }
        out << "(* the open run)\n";
    }

} // namespace

int agreementCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    std::string model;
    std::string runWords;
    long long k = 10;
    long long minRatings = core::defaultNeighbourMinRatings;
    int threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    bool asJson = false;
    CommandLine line("agreement");
    CLI::App& app = line.app();
    app.add_option("MODEL", model, "the session (.embex)")->required();
    app.add_option("--runs", runWords,
                   "the two runs to compare, by name or 1-based index, e.g. 'dotbias 1,mlp 1' or 1,3; "
                   "without it, the session's runs are listed");
    line.addNumber("-k", k, "neighbours per item");
    auto* minRatingsOption = line.addNumber("--min-ratings", minRatings,
                                            "compare only items with at least this many ratings (as neighbors does)");
    line.addNumber("--threads", threads, "search threads");
    app.add_flag("--json", asJson, "print one JSON object");
    if (auto exit = line.parse(words, out, err))
        return *exit;
    if (k < 1 || minRatings < 0 || threads < 1)
        return line.usageError("-k and --threads must be at least 1 and --min-ratings at least 0", err);
    const AnalysisSession opened = openAnalysisSession("agreement", model, err,
                                                       { minRatings, minRatingsOption->count() > 0 });
    if (!opened.ok())
        return opened.exitCode;
    const core::Session* session = &*opened.session;
    const std::vector<core::TrainingRun>& runs = session->runs;
    if (runWords.empty()) {
        printRuns(out, *session);
        return 0;
    }
    const auto comma = runWords.find(',');
    if (comma == std::string::npos || runWords.find(',', comma + 1) != std::string::npos)
        return line.usageError("--runs takes two runs separated by a comma, e.g. 1,2", err);
    std::size_t chosen[2] = {};
    const std::string names[2] = { runWords.substr(0, comma), runWords.substr(comma + 1) };
    for (int i = 0; i < 2; ++i) {
        const auto found = findRun(runs, names[i]);
        if (!found) {
            err << "embex-cli agreement: " << model << " has no run '" << names[i] << "'; its runs are "
                << runList(runs) << '\n';
            return 1;
        }
        chosen[i] = *found;
    }
    const std::vector<std::uint32_t>& counts = opened.counts;
    const std::uint32_t floor = opened.minRatings;
    const core::TrainingRun& a = runs[chosen[0]];
    const core::TrainingRun& b = runs[chosen[1]];
    core::NeighbourAgreement agreement;
    try {
        agreement = core::neighbourAgreement(a.snapshot->itemEmbeddings(), b.snapshot->itemEmbeddings(),
                                             static_cast<int>(k), counts, floor, threads);
    } catch (const std::invalid_argument& e) {
        err << "embex-cli agreement: " << e.what() << '\n';
        return 1;
    }
    // Two unrelated spaces still share about k of the other items' places by chance.
    const double chance = agreement.items > 1 ? static_cast<double>(k) / static_cast<double>(agreement.items - 1) : 0;
    if (asJson) {
        core::JsonWriter json;
        json.beginObject();
        json.key("runs").beginArray();
        for (std::size_t r : chosen)
            json.beginObject()
                .field("index", static_cast<long long>(r + 1))
                .field("name", runs[r].name)
                .field("model", runs[r].snapshot->modelKind)
                .field("split", runs[r].split)
                .endObject();
        json.endArray()
            .field("k", static_cast<long long>(k))
            .field("min_ratings", static_cast<long long>(floor))
            .field("items", static_cast<long long>(agreement.items))
            .field("mean_overlap", agreement.meanOverlap)
            .field("chance_overlap", chance)
            .endObject();
        out << json.text() << '\n';
        return 0;
    }
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, "%.4f over %zu items with at least %u ratings (chance: %.4f)",
                  agreement.meanOverlap, agreement.items, floor, chance);
    out << "agreement of '" << a.name << "' and '" << b.name << "': mean overlap of the " << k << " nearest neighbours "
        << buffer << '\n';
    return 0;
}

} // namespace embex::cli
