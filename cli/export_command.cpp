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
    std::string usersTarget;
    bool asJson = false;
    CommandLine line("export");
    CLI::App& app = line.app();
    app.add_option("MODEL", model, "the session (.embex) to export")->required();
    app.add_option("OUT", target, "the folder (tsv) or file (csv, npy) to write")->required();
    app.add_option("--format", formatName, "tsv (TensorBoard projector folder), csv or npy")->required();
    app.add_option("--users", usersTarget, "also write the user vectors to this file (csv, npy), for import --users");
    app.add_flag("--json", asJson, "print one JSON object");
    if (auto exit = line.parse(words, out, err))
        return *exit;
    const auto format = core::exportFormatFromName(formatName);
    if (!format) {
        err << "embex-cli export: --format must be tsv (TensorBoard projector folder), csv or npy\n";
        return 2;
    }
    if (!usersTarget.empty() && *format == core::ExportFormat::Projector) {
        err << "embex-cli export: --users writes csv or npy, not the projector folder\n";
        return 2;
    }
    const auto session = openSession("export", model, err);
    if (!session)
        return 1;
    core::ExportOutcome outcome = core::exportEmbeddings(*session->dataset, *session->snapshot, *format, target);
    if (outcome.ok() && !usersTarget.empty()) {
        const core::RowMatrixXf* users = session->snapshot->userEmbeddings();
        if (!users || static_cast<std::size_t>(users->rows()) != session->dataset->users.size()) {
            err << "embex-cli export: this model has no user vectors to write (" << session->snapshot->modelKind
                << ")\n";
            return 1;
        }
        core::ExportOutcome userOutcome = core::exportUserEmbeddings(*session->dataset, *session->snapshot, *format,
                                                                     usersTarget);
        outcome.error = userOutcome.error;
        outcome.files.insert(outcome.files.end(), userOutcome.files.begin(), userOutcome.files.end());
    }
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
