// SPDX-License-Identifier: MIT
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/session_argument.h"
#include "core/io/embedding_import.h"
#include "core/io/session_file.h"
#include "core/util/json_writer.h"

#include <ostream>

namespace embex::cli {

int importCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    std::string source;
    std::string save;
    std::string metadataPath;
    bool asJson = false;
    core::ImportOptions options;
    CommandLine line("import");
    CLI::App& app = line.app();
    app.add_option("FILE", source, "item embeddings: .npy, TSV/CSV with an id column, JSON Lines or a Spark folder")
        ->required();
    app.add_option("--ids", options.idsPath, "the item ids, one a line, in the rows' order");
    app.add_option("--users", options.usersPath,
                   "user vectors in any of the same formats (Spark ALS's userFactors), so users can be scored");
    app.add_option("--user-ids", options.userIdsPath, "the user ids, one a line, in the user rows' order")
        ->needs("--users");
    app.add_option("--metadata", metadataPath, "item titles and genres");
    app.add_option("--save", save, "the session (.embex) to write")->required();
    app.add_flag("--json", asJson, "print one JSON object");
    if (auto exit = line.parse(words, out, err))
        return *exit;
    if (!metadataPath.empty()) {
        auto metadata = loadMetadataArgument("import", metadataPath, err);
        if (!metadata)
            return 1;
        options.metadata = std::move(*metadata);
    }
    const core::ImportOutcome imported = core::importEmbeddings(source, options);
    if (!imported.ok()) {
        err << "embex-cli import: " << imported.error.toString() << '\n';
        return 1;
    }
    if (auto problem = core::saveSession({ imported.dataset, imported.snapshot, {} }, save)) {
        err << "embex-cli import: " << problem->toString() << '\n';
        return 1;
    }
    const core::Dataset& data = *imported.dataset;
    long titled = 0;
    for (const std::string& id : data.items.rawIds())
        titled += data.metadata.find(id) ? 1 : 0;
    const core::RowMatrixXf& items = imported.snapshot->itemEmbeddings();
    if (asJson) {
        core::JsonWriter json;
        json.beginObject()
            .field("source", source)
            .field("format", imported.snapshot->hyperparameters.at("format"))
            .field("items", static_cast<long long>(items.rows()))
            .field("dimension", static_cast<long long>(items.cols()))
            .field("users", static_cast<long long>(data.users.size()))
            .field("with_metadata", titled)
            .field("saved", save)
            .endObject();
        out << json.text() << '\n';
    } else {
        out << "imported " << items.rows() << " items × " << items.cols() << " dimensions ("
            << imported.snapshot->hyperparameters.at("format") << ") from " << source << "; " << titled
            << " with metadata\n";
        if (!options.usersPath.empty())
            out << "imported " << data.users.size() << " user vectors from " << options.usersPath << '\n';
        out << "saved " << save << '\n';
    }
    return 0;
}

} // namespace embex::cli
