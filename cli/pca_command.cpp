// SPDX-License-Identifier: MIT
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/csv_cell.h"
#include "cli/session_argument.h"
#include "core/analysis/pca.h"
#include "core/io/atomic_file.h"

#include <charconv>
#include <cstdio>
#include <ostream>

namespace embex::cli {
namespace {

    // id,title,pc1,pc2[,pc3],ratings for every item in the fit.
    std::optional<core::Issue> writeCoordinates(const std::string& path, const core::Dataset& data,
                                                const core::PcaResult& pca, const std::vector<std::uint32_t>& counts)
    {
        core::AtomicFile file(path);
        if (!file.open())
            return file.error();
        std::string line = "id,title";
        for (core::Index j = 0; j < pca.coordinates.cols(); ++j)
            line += ",pc" + std::to_string(j + 1);
        file.write(line + ",ratings\n");
        char number[32];
        for (std::uint32_t i : pca.included) {
            const std::string& id = data.items.rawId(i);
            line = csvCell(id) + ',' + csvCell(data.metadata.title(id));
            for (core::Index j = 0; j < pca.coordinates.cols(); ++j) {
                auto [end, ec] = std::to_chars(number, number + sizeof number, pca.coordinates(i, j));
                line += ',';
                line.append(number, end);
            }
            file.write(line + ',' + std::to_string(counts[i]) + '\n');
        }
        return file.commit();
    }

} // namespace

int pcaCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    std::string model;
    long long components = 2;
    long long minRatings = 0;
    std::string outPath;
    bool asJson = false;
    CommandLine line("pca");
    CLI::App& app = line.app();
    app.add_option("MODEL", model, "the session (.embex)")->required();
    line.addNumber("--components", components, "2 or 3");
    auto* minRatingsOption = line.addNumber(
        "--min-ratings", minRatings, "fit only items with at least this many ratings (not for imported sessions)");
    app.add_option("--out", outPath, "write id,title,pc1,pc2[,pc3],ratings to this CSV file");
    app.add_flag("--json", asJson, "print one JSON object");
    if (auto exit = line.parse(words, out, err))
        return *exit;
    if (components < 2 || components > 3 || minRatings < 0) {
        err << "embex-cli pca: --components must be 2 or 3 and --min-ratings at least 0\n";
        return 2;
    }
    const AnalysisSession opened = openAnalysisSession("pca", model, err,
                                                       { minRatings, minRatingsOption->count() > 0 });
    if (!opened.ok())
        return opened.exitCode;
    const core::Session* session = &*opened.session;
    const core::Dataset& data = opened.data();
    const core::RowMatrixXf& items = session->snapshot->itemEmbeddings();
    if (items.cols() < components) {
        err << "embex-cli pca: the embeddings have " << items.cols() << " dimensions, fewer than " << components
            << " components\n";
        return 1;
    }
    const std::vector<std::uint32_t>& counts = opened.counts;
    core::PcaConfig config;
    config.components = static_cast<int>(components);
    config.minRatings = opened.minRatings;
    config.ratingCounts = counts;
    const core::PcaResult pca = core::computePca(items, config);
    if (!pca.isValid()) {
        err << "embex-cli pca: " << pca.problem << '\n';
        return 1;
    }
    if (!outPath.empty())
        if (auto problem = writeCoordinates(outPath, data, pca, counts)) {
            err << "embex-cli pca: " << problem->toString() << '\n';
            return 1;
        }
    if (asJson) {
        core::JsonWriter json;
        json.beginObject()
            .field("items", static_cast<long long>(items.rows()))
            .field("included", static_cast<long long>(pca.included.size()))
            .field("dimension", static_cast<long long>(items.cols()))
            .field("total_variance", pca.totalVariance);
        json.key("explained_variance_ratio").beginArray();
        for (double r : pca.explainedVarianceRatio)
            json.value(r);
        json.endArray().key("variances").beginArray();
        for (double v : pca.variances)
            json.value(v);
        json.endArray();
        if (!outPath.empty())
            json.field("out", outPath);
        json.endObject();
        out << json.text() << '\n';
    } else {
        out << "PCA of " << pca.included.size() << " of " << items.rows() << " items (" << items.cols()
            << " dimensions):\n";
        double cumulative = 0;
        char line[96];
        for (std::size_t j = 0; j < pca.variances.size(); ++j) {
            cumulative += pca.explainedVarianceRatio[j];
            std::snprintf(line, sizeof line, "  pc%zu  variance %.4g  explained %5.1f%%  cumulative %5.1f%%\n", j + 1,
                          pca.variances[j], 100 * pca.explainedVarianceRatio[j], 100 * cumulative);
            out << line;
        }
        if (!outPath.empty())
            out << "coordinates: " << outPath << '\n';
    }
    return 0;
}

} // namespace embex::cli
