// SPDX-License-Identifier: MIT
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/session_argument.h"
#include "core/analysis/embedding_axes.h"

#include <cstdio>
#include <ostream>

namespace embex::cli {
namespace {

    void writeEnd(core::JsonWriter& json, const core::Dataset& data, const std::vector<core::ScoredItem>& items)
    {
        json.beginArray();
        for (const core::ScoredItem& s : items) {
            const std::string& id = data.items.rawId(s.item);
            json.beginObject().field("id", id).field("title", data.metadata.title(id)).field("score", s.score);
            json.endObject();
        }
        json.endArray();
    }

    std::string titleOf(const core::Dataset& data, std::uint32_t item)
    {
        const std::string& id = data.items.rawId(item);
        const std::string title = data.metadata.title(id);
        return title.empty() ? "item " + id : title;
    }

    // "Star Wars, Raiders, Empire Strikes Back … ↔ … Gigi, Sense and Sensibility, Emma": read like the
    // axis, from its low end to its high end.
    std::string summary(const core::Dataset& data, const core::ItemEnds& ends, std::size_t shown = 3)
    {
        std::string text;
        for (std::size_t k = 0; k < std::min(shown, ends.low.size()); ++k)
            text += (k ? ", " : "") + core::shortTitle(titleOf(data, ends.low[k].item), 24);
        text += " \u2026 \u2194 \u2026 ";
        const std::size_t high = std::min(shown, ends.high.size());
        for (std::size_t k = high; k-- > 0;)
            text += core::shortTitle(titleOf(data, ends.high[k].item), 24) + (k ? ", " : "");
        return text;
    }

    void printEnds(std::ostream& out, const core::Dataset& data, const core::ItemEnds& ends)
    {
        char line[64];
        for (const auto& [name, items] : { std::pair { "low", &ends.low }, std::pair { "high", &ends.high } })
            for (const core::ScoredItem& s : *items) {
                std::snprintf(line, sizeof line, "    %-4s %9.4f  %-10s ", name, s.score,
                              data.items.rawId(s.item).c_str());
                out << line << titleOf(data, s.item) << '\n';
            }
    }

} // namespace

int axesCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    std::string model;
    long long components = 5;
    long long perEnd = 10;
    long long minRatings = core::defaultNeighbourMinRatings;
    bool asJson = false;
    CommandLine line("axes");
    CLI::App& app = line.app();
    app.add_option("MODEL", model, "the session (.embex)")->required();
    line.addNumber("--components", components, "principal components to describe (at most the dimension)");
    line.addNumber("-n", perEnd, "items listed at each end");
    auto* minRatingsOption = line.addNumber("--min-ratings", minRatings,
                                            "leave items with fewer ratings off the lists (not for imported sessions)");
    app.add_flag("--json", asJson, "print one JSON object");
    if (auto exit = line.parse(words, out, err))
        return *exit;
    if (components < 1 || perEnd < 1 || minRatings < 0) {
        err << "embex-cli axes: --components and -n must be at least 1 and --min-ratings at least 0\n";
        return 2;
    }
    const AnalysisSession opened = openAnalysisSession("axes", model, err,
                                                       { minRatings, minRatingsOption->count() > 0 });
    if (!opened.ok())
        return opened.exitCode;
    const core::Session* session = &*opened.session;
    const core::Dataset& data = opened.data();
    core::AxesConfig config;
    config.components = static_cast<int>(std::min<long long>(components, 1000));
    config.itemsPerEnd = static_cast<int>(std::min<long long>(perEnd, 100000));
    config.minRatings = opened.minRatings;
    config.ratingCounts = opened.countsIfRated();
    const core::EmbeddingAxes axes = core::computeEmbeddingAxes(*session->snapshot, config);
    if (!axes.isValid()) {
        err << "embex-cli axes: " << axes.problem << '\n';
        return 1;
    }
    const core::RowMatrixXf& items = session->snapshot->itemEmbeddings();
    const core::NormPopularity& norms = axes.normPopularity;

    if (asJson) {
        core::JsonWriter json;
        json.beginObject()
            .field("items", static_cast<long long>(items.rows()))
            .field("dimension", static_cast<long long>(items.cols()))
            .field("min_ratings", static_cast<long long>(axes.minRatings))
            .field("listed_from", static_cast<long long>(axes.eligible));
        json.key("components").beginArray();
        for (const core::PrincipalAxis& axis : axes.components) {
            json.beginObject()
                .field("index", static_cast<long long>(axis.index))
                .field("explained_variance_ratio", axis.explainedVarianceRatio);
            json.key("low");
            writeEnd(json, data, axis.ends.low);
            json.key("high");
            writeEnd(json, data, axis.ends.high);
            json.endObject();
        }
        json.endArray();
        if (axes.bias) {
            json.key("bias").beginObject().key("high");
            writeEnd(json, data, axes.bias->high);
            json.key("low");
            writeEnd(json, data, axes.bias->low);
            json.endObject();
        }
        json.key("norm_popularity_correlation");
        if (norms.hasCorrelation())
            json.value(norms.correlation);
        else
            json.null();
        json.endObject();
        out << json.text() << '\n';
        return 0;
    }

    out << "Axes of " << items.rows() << " items (" << items.cols() << " dimensions)";
    if (axes.minRatings > 0)
        out << "; the lists leave out items with fewer than " << axes.minRatings << " ratings (" << axes.eligible
            << " items remain)";
    out << ".\n";
    char text[96];
    for (const core::PrincipalAxis& axis : axes.components) {
        std::snprintf(text, sizeof text, "\nPC%d (%.1f%% of variance): ", axis.index,
                      100 * axis.explainedVarianceRatio);
        out << text << summary(data, axis.ends) << '\n';
        printEnds(out, data, axis.ends);
    }
    if (axes.bias) {
        out << "\nItem bias (rated above or below what the item's audience's taste predicts): "
            << summary(data, axes.bias.value()) << '\n';
        printEnds(out, data, *axes.bias);
    } else {
        out << "\nThis model has no item biases.\n";
    }
    if (norms.hasCorrelation()) {
        std::snprintf(text, sizeof text, "%.3f", norms.correlation);
        out << "\nVector length against log(ratings): correlation " << text << " over " << norms.items
            << " rated items";
        out << (norms.correlation > 0.5 ? " (length largely encodes popularity)\n" : "\n");
    } else {
        out << "\nVector length against log(ratings): no correlation to give (no rating counts, or no spread)\n";
    }
    return 0;
}

} // namespace embex::cli
