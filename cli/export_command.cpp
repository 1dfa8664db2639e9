// SPDX-License-Identifier: MIT
#include "cli/command_line.h"
#include "cli/commands.h"
#include "cli/session_argument.h"
#include "core/io/embedding_export.h"

#include <ostream>

namespace embex::cli {

int exportCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    std::string model;
    std::string target;
    std::string formatName;
    bool asJson = false;
    CommandLine line("export");
    CLI::App& app = line.app();
    app.add_option("MODEL", model, "the session (.embex) to export")->required();
    app.add_option("OUT", target, "the folder (tsv) or file (csv, npy) to write")->required();
    app.add_option("--format", formatName, "tsv (TensorBoard projector folder), csv or npy")->required();
    app.add_flag("--json", asJson, "print one JSON object");
    if (auto exit = line.parse(words, out, err))
        return *exit;
    const auto format = core::exportFormatFromName(formatName);
    if (!format) {
        err << "embex-cli export: --format must be tsv (TensorBoard projector folder), csv or npy\n";
        return 2;
    }
    const auto session = openSession("export", model, err);
    if (!session)
        return 1;
    const core::ExportOutcome outcome = core::exportEmbeddings(*session->dataset, *session->snapshot, *format, target);
    if (!outcome.ok()) {
        err << "embex-cli export: " << outcome.error->toString() << '\n';
        return 1;
    }
    const core::RowMatrixXf& items = session->snapshot->itemEmbeddings();
    if (asJson) {
        core::JsonWriter json;
        json.beginObject()
            .field("items", static_cast<long long>(items.rows()))
            .field("dimension", static_cast<long long>(items.cols()));
        json.key("files").beginArray();
        for (const std::string& file : outcome.files)
            json.value(file);
        json.endArray().endObject();
        out << json.text() << '\n';
    } else {
        for (const std::string& file : outcome.files)
            out << "wrote " << file << '\n';
        out << items.rows() << " items × " << items.cols() << " dimensions, rows in dense-index order\n";
    }
    return 0;
}

} // namespace embex::cli
