// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/vector_rows.h"

#include <optional>
#include <string>
#include <string_view>

namespace embex::core {

/// The bytes open like word2vec's binary form: a line "N D", then a word and binary numbers.
bool looksLikeWord2vecBinary(std::string_view bytes);

/// word2vec's binary form (the C tool's `-binary 1`, gensim's `binary=True`, fastText's .bin
/// is NOT this): a line "N D", then N times a word, a space and D little-endian float32 (the C
/// tool writes a '\n' after each vector, gensim none). The word is the id. A header that does not
/// match the bytes, a file cut short and non-finite numbers are Issues naming the vector.
/// rows.progress counts rows; rows.stop is checked every few thousand of them.
std::optional<Issue> readWord2vecBinary(const std::string& path, std::string_view bytes, VectorRows& rows);

} // namespace embex::core
