// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/vector_rows.h"

#include <optional>
#include <string>
#include <string_view>

namespace embex::core {

struct TextVectorOptions {
    /// The column holding the ids: "" for none unless a header names one, "3" (counted from 1) or
    /// a header name. Never guessed from the numbers: a column of numbers is a dimension.
    std::string idColumn;
    /// The ids come from elsewhere (an ids file, a Projector metadata.tsv): no column is an id.
    bool idsElsewhere = false;
};

/// Vectors written as text: TSV, CSV, ';' or space separated, with or without a header; the
/// word2vec / fastText .vec form (a first line "N D", then a word and D numbers a line) and GloVe's
/// (a word and its numbers, no count line), whose word is the id. Anything else has an id column
/// only when a header names one ("id", "item", a name ending in "id", "word", "token") or
/// `options` says which; otherwise every column is a dimension and the rows are numbered.
/// `format` receives what was read ("TSV", "word2vec text", …); `rows.notes` what was assumed.
std::optional<Issue> readTextVectors(const std::string& path, std::string_view text, const TextVectorOptions& options,
                                     VectorRows& rows, std::string& format);

} // namespace embex::core
