// SPDX-License-Identifier: MIT
#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/session_argument.h"
#include "core/io/embedding_export.h"

#include <ostream>

namespace embex::cli {

int exportCommand(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    Arguments args(words, { "format" }, { "json" });
    const auto format = core::exportFormatFromName(args.value("format", ""));
    std::string usage = args.ok() ? "" : args.error();
    if (usage.empty() && args.positionals().size() != 2)
        usage = "expects MODEL and OUT";
    if (usage.empty() && !format)
        usage = "--format must be tsv (TensorBoard projector folder), csv or npy";
    if (!usage.empty()) {
        err << "embex-cli export: " << usage << '\n';
        return 2;
    }
    const auto session = openSession("export", args.positionals()[0], err);
    if (!session)
        return 1;
    const core::ExportOutcome outcome
        = core::exportEmbeddings(*session->dataset, *session->snapshot, *format, args.positionals()[1]);
    if (!outcome.ok()) {
        err << "embex-cli export: " << outcome.error->toString() << '\n';
        return 1;
    }
    const core::RowMatrixXf& items = session->snapshot->itemEmbeddings();
    if (args.has("json")) {
        core::JsonWriter json;
        json.beginObject().field("items", static_cast<long long>(items.rows())).field("dimension", static_cast<long long>(items.cols()));
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
