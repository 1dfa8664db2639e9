// SPDX-License-Identifier: MIT
#include "cli/side_features_argument.h"

#include "core/data/attribute_table.h"
#include "core/models/model_registry.h"

#include <memory>
#include <ostream>

namespace embex::cli {
namespace {

    /// Reads one attribute file; prints its summary or its error.
    std::shared_ptr<const core::AttributeTable> read(const std::string& command, const std::string& path,
                                                     const core::IdMap& ids, const char* what, bool quiet,
                                                     std::ostream& err)
    {
        core::AttributeOutcome outcome = core::loadAttributes(path);
        if (!outcome.ok()) {
            err << "embex-cli " << command << ": " << outcome.error.toString() << '\n';
            return nullptr;
        }
        for (const core::Issue& problem : outcome.problems)
            err << problem.toString() << '\n';
        if (outcome.rowsSkipped > static_cast<long>(outcome.problems.size()))
            err << path << ": " << outcome.rowsSkipped << " rows skipped in all\n";
        const core::AttributeTable& table = outcome.table;
        if (!quiet) {
            err << what << " attributes from " << path << ": " << table.encoding.describe() << "; "
                << table.matchedCount(ids) << " of " << ids.size() << ' ' << what << "s listed\n";
            for (const std::string& skipped : table.skippedColumns)
                err << path << ": " << skipped << '\n';
        }
        return std::make_shared<core::AttributeTable>(std::move(outcome.table));
    }

} // namespace

void declareSideFeatureOptions(CLI::App& app, SideFeatureArguments& a)
{
    app.add_option("--user-features", a.userFile,
                   "user attributes (id column, then numbers or categories) for the softmax and autoencoder; "
                   "implies --side-features");
    app.add_option("--item-features", a.itemFile,
                   "item attributes for the softmax (default: genres and years from the item metadata); "
                   "implies --side-features");
    app.add_flag(
        "--side-features", a.enabled,
        "feed user and item attributes into the model (softmax, autoencoder); user attributes are "
        "found beside FILE (<stem>.users.csv, u.user, users.dat, users.csv) unless --user-features names them");
}

std::optional<int> attachSideFeatures(const std::string& command, const SideFeatureArguments& a, core::Dataset& dataset,
                                      core::TrainConfig& config, bool quiet, std::ostream& err)
{
    if (!a.isWanted())
        return std::nullopt;
    if (!core::traitsOf(config.model).usesSideFeatures) {
        err << "embex-cli " << command << ": the " << core::modelName(config.model)
            << " model takes no side features (softmax and autoencoder do)\n";
        return 2;
    }
    std::optional<std::string> userFile = a.userFile;
    if (!userFile)
        userFile = core::findUserAttributesBeside(dataset.sourceFile);
    if (userFile) {
        dataset.userAttributes = read(command, *userFile, dataset.users, "user", quiet, err);
        if (!dataset.userAttributes)
            return 1;
    } else if (!quiet) {
        err << "no user attributes beside " << dataset.sourceFile << '\n';
    }
    if (a.itemFile) {
        dataset.itemAttributes = read(command, *a.itemFile, dataset.items, "item", quiet, err);
        if (!dataset.itemAttributes)
            return 1;
    } else if (!quiet && !dataset.metadata.empty()) {
        err << "item attributes from " << dataset.metadata.sourceFile << ": "
            << core::itemAttributesFromMetadata(dataset.metadata).encoding.describe() << '\n';
    }
    config.useSideFeatures = true;
    return std::nullopt;
}

} // namespace embex::cli
