// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"
#include "core/optim/train_config.h"

#include <CLI/CLI.hpp>

#include <iosfwd>
#include <optional>
#include <string>

namespace embex::cli {

/// train's side-feature options: --user-features FILE, --item-features FILE, --side-features.
struct SideFeatureArguments {
    std::optional<std::string> userFile, itemFile;
    bool enabled = false;

    /// On when asked for, or when an attribute file is named.
    bool isWanted() const { return enabled || userFile || itemFile; }
};

void declareSideFeatureOptions(CLI::App& app, SideFeatureArguments& arguments);

/// When side features are wanted: reads the named attribute files (or the user attributes found
/// beside the ratings, e.g. u.user or <stem>.users.csv) into `dataset` (items without a file use
/// their genres and years from the metadata) and sets config.useSideFeatures. Says on `err` what
/// was read, how many ids matched and which rows were skipped (file and line). Returns the exit
/// code to stop with: 1 for a file that does not load, 2 for a model that takes no side features.
std::optional<int> attachSideFeatures(const std::string& command, const SideFeatureArguments& arguments,
                                      core::Dataset& dataset, core::TrainConfig& config, bool quiet, std::ostream& err);

} // namespace embex::cli
