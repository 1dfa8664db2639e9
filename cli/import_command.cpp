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
    bool asJson = false;
    core::ImportOptions options;
    CommandLine line("import");
    CLI::App& app = line.app();
    app.add_option("FILE", source,
                   "item embeddings: TSV/CSV/space-separated text, word2vec/GloVe/fastText text or word2vec .bin, a "
                   "Projector vectors.tsv or folder, projector_config.pbtxt or a projector JSON config, .npy, .npz, "
                   "a Keras .keras or .h5 model, JSON Lines or a Spark folder")
        ->required();
    app.add_option("--id-column", options.idColumn,
                   "the text column holding the ids (a number from 1, or a header name); without it, only a header "
                   "naming one (id, item, movieId, …) gives ids, else the rows are numbered from 0");
    app.add_option("--ids", options.idsPath, "the item ids, one a line, in the rows' order (unique)");
    app.add_option("--embedding", options.embedding, "which embedding of a Projector config (its tensor name)");
    app.add_option("--array", options.array, "which array of an .npz (needed when it holds several 2-D float arrays)");
    app.add_option("--layer", options.layer,
                   "which Embedding layer of a Keras model holds the items (needed when it has several)");
    app.add_option("--user-layer", options.userLayer,
                   "the Embedding layer holding the users, read from the same model (or from --users), so users "
                   "can be scored");
    app.add_option("--users", options.usersPath,
                   "user vectors in any of the same formats (Spark ALS's userFactors), so users can be scored");
    app.add_option("--user-ids", options.userIdsPath, "the user ids, one a line, in the user rows' order")
        ->needs("--users");
    app.add_option("--metadata", options.metadataPath,
                   "labels or metadata: a Projector metadata.tsv (line i labels row i) for vectors without ids, or "
                   "titles and genres by id (u.item, movies.csv, …) for vectors with ids");
    app.add_option("--save", save, "the session (.embex) to write")->required();
    app.add_flag("--json", asJson, "print one JSON object");
    if (auto exit = line.parse(words, out, err))
        return *exit;
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
            .field("statement", imported.statement)
            .field("saved", save)
            .endObject();
        out << json.text() << '\n';
    } else {
        out << "imported " << imported.statement << '\n';
        out << "saved " << save << '\n';
    }
    return 0;
}

} // namespace embex::cli
