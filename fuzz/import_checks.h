// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/embedding_import.h"

#include <set>

namespace embex::fuzz {

/// What every successful import promises: one finite row per distinct id, in IdMap order.
/// A failure must say why.
inline void checkImport(const core::ImportOutcome& outcome)
{
    if (!outcome.ok()) {
        if (outcome.error.message.empty())
            __builtin_trap();
        return;
    }
    const core::RowMatrixXf& items = outcome.snapshot->itemEmbeddings();
    const core::IdMap& ids = outcome.dataset->items;
    if (static_cast<std::size_t>(items.rows()) != ids.size() || items.rows() == 0 || items.cols() == 0
        || !items.allFinite())
        __builtin_trap();
    std::set<std::string> seen;
    for (std::uint32_t i = 0; i < ids.size(); ++i)
        if (ids.rawId(i).empty() || ids.indexOf(ids.rawId(i)) != i || !seen.insert(ids.rawId(i)).second)
            __builtin_trap();
}

} // namespace embex::fuzz
