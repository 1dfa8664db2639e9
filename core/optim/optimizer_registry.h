// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace embex::core {

/// How gradients become updates (RowOptimizer says how each does it).
enum class OptimizerKind { Adam, Adagrad, Sgd };

/// One row per OptimizerKind: what the model dock, the CLI, the settings and the session file
/// need to know about an optimizer. Every optimizer applies to every model whose registry row
/// usesOptimizer (ALS solves its rows exactly and takes none); each model row's defaults pick
/// the optimizer it was tuned with, and TrainConfig's default is the first row.
struct OptimizerTraits {
    OptimizerKind kind;
    std::string_view name;    ///< "adam": the CLI's --optimizer, session files, settings
    std::string_view label;   ///< "Adam", for people
    std::string_view summary; ///< one sentence on how it steps, for a tooltip
};

/// Every optimizer, in the order people see them (the dock's combo, help texts).
std::span<const OptimizerTraits> optimizerRegistry();
const OptimizerTraits& traitsOf(OptimizerKind kind);
std::string_view optimizerName(OptimizerKind kind);
std::optional<OptimizerKind> findOptimizerKind(std::string_view name);
/// Throws std::invalid_argument with unknownOptimizerMessage(name) for a name no row has.
OptimizerKind parseOptimizerKind(std::string_view name);
/// "adam, adagrad or sgd"
std::string optimizerNameList();
/// "optimizer must be adam, adagrad or sgd, not 'nadam'"
std::string unknownOptimizerMessage(std::string_view name);

} // namespace embex::core
