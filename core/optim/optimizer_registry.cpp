// SPDX-License-Identifier: MIT
// The one table of optimizers.
#include "core/optim/optimizer_registry.h"

#include <stdexcept>
#include <vector>

namespace embex::core {
namespace {

    const OptimizerTraits registry[] = {
        { .kind = OptimizerKind::Adam,
          .name = "adam",
          .label = "Adam",
          .summary = "Adam adapts the step per weight from running moments of its gradients: the safe default." },
        { .kind = OptimizerKind::Adagrad,
          .name = "adagrad",
          .label = "Adagrad",
          .summary = "Adagrad shrinks each weight's step by the sum of its squared gradients: rare items keep "
                     "large steps." },
        { .kind = OptimizerKind::Sgd,
          .name = "sgd",
          .label = "SGD",
          .summary = "Plain stochastic gradient descent; dot+bias steps once per rating, the classic loop." },
    };

} // namespace

std::span<const OptimizerTraits> optimizerRegistry()
{
    return registry;
}

const OptimizerTraits& traitsOf(OptimizerKind kind)
{
    for (const OptimizerTraits& row : registry)
        if (row.kind == kind)
            return row;
    throw std::invalid_argument("optimizer kind " + std::to_string(static_cast<int>(kind)) + " has no registry row");
}

std::string_view optimizerName(OptimizerKind kind)
{
    return traitsOf(kind).name;
}

std::optional<OptimizerKind> findOptimizerKind(std::string_view name)
{
    for (const OptimizerTraits& row : registry)
        if (row.name == name)
            return row.kind;
    return std::nullopt;
}

OptimizerKind parseOptimizerKind(std::string_view name)
{
    if (auto kind = findOptimizerKind(name))
        return *kind;
    throw std::invalid_argument(unknownOptimizerMessage(name));
}

std::string optimizerNameList()
{
    std::string text;
    const std::size_t n = std::size(registry);
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0)
            text += i + 1 == n ? " or " : ", ";
        text += registry[i].name;
    }
    return text;
}

std::string unknownOptimizerMessage(std::string_view name)
{
    return "optimizer must be " + optimizerNameList() + ", not '" + std::string(name) + "'";
}

} // namespace embex::core
