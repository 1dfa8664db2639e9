// SPDX-License-Identifier: MIT
#include "cli/arguments.h"
#include "cli/commands.h"
#include "core/data/metadata_loader.h"
#include "core/io/embedding_import.h"
#include "core/io/session_file.h"
#include "core/util/json_writer.h"

#include <ostream>

namespace embex::cli {

int importCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    Arguments args(words, { "ids", "metadata", "save" }, { "json" });
    const std::string save = args.value("save", "");
    std::string usage = args.ok() ? "" : args.error();
    if (usage.empty() && (args.positionals().size() != 1 || save.empty()))
        usage = "expects FILE and --save OUT.embex";
    if (!usage.empty()) {
        err << "embex-cli import: " << usage << '\n';
        return 2;
    }
    core::ImportOptions options;
    options.idsPath = args.value("ids", "");
    if (auto metadataPath = args.value("metadata")) {
        core::MetadataOutcome metadata = core::loadItemMetadata(*metadataPath);
        if (!metadata.ok()) {
            err << "embex-cli import: " << metadata.error.toString() << '\n';
            return 1;
        }
        options.metadata = std::move(metadata.metadata);
    }
    const std::string& source = args.positionals()[0];
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
    if (args.has("json")) {
        core::JsonWriter json;
        json.beginObject()
            .field("source", source)
            .field("format", imported.snapshot->hyperparameters.at("format"))
            .field("items", static_cast<long long>(items.rows()))
            .field("dimension", static_cast<long long>(items.cols()))
            .field("with_metadata", titled)
            .field("saved", save)
            .endObject();
        out << json.text() << '\n';
    } else {
        out << "imported " << items.rows() << " items × " << items.cols() << " dimensions ("
            << imported.snapshot->hyperparameters.at("format") << ") from " << source << "; " << titled
            << " with metadata\nsaved " << save << '\n';
    }
    return 0;
}

} // namespace embex::cli
