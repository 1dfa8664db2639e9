// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/vector_rows.h"

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace embex::core {

/// One member of a zip archive, inflated.
struct ZipMember {
    std::string name;
    std::string bytes;
    bool isCompressed = false; ///< deflated in the archive (numpy.savez_compressed), not stored (numpy.savez)
};

/// Every member of a zip archive (stored or deflated, zip64 as numpy.savez writes it), read with
/// libzip. A damaged archive is an Issue naming the file and what libzip says. `progress`, when
/// given, has a stage "reading NAME" counting the bytes inflated.
std::variant<std::vector<ZipMember>, Issue> readZipArchive(const std::string& path, std::string_view bytes,
                                                           ImportProgress* progress = nullptr);

/// A table a file offers to choose from (a Keras Embedding layer, an .npz array), with its shape.
struct TableChoice {
    std::string name;
    std::vector<long long> shape;
};

/// What to take from an .npz.
struct NpzChoice {
    std::string array; ///< the member to read ("items" or "items.npy"); empty: the only 2-D float array
    /// Take the ids from a 1-D member named <array>_ids, or ids or item_ids (user_ids for an array
    /// whose name says "user") when present.
    bool idsMember = true;
};

/// numpy.savez / numpy.savez_compressed: a zip of NAME.npy members. The chosen member must be a
/// 2-D float32/float64 array (parseNpy). Several such arrays and none chosen is an Issue listing
/// them with their shapes; so is a name the archive lacks. Ids from a 1-D string (<U, |S) or
/// integer member (see NpzChoice::idsMember); otherwise
/// rows.ids stays empty for the caller to fill. An object array ('|O') is refused: it is pickled.
/// `offered`, when given, receives the 2-D float arrays to choose from, even when the read fails.
std::optional<Issue> readNpz(const std::string& path, const std::vector<ZipMember>& members, const NpzChoice& choice,
                             VectorRows& rows, std::string& format, std::vector<TableChoice>* offered = nullptr);

} // namespace embex::core
