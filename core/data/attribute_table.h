// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/attribute_encoding.h"
#include "core/data/dataset.h"
#include "core/data/id_map.h"
#include "core/data/issue.h"
#include "core/data/item_metadata.h"
#include "core/data/text_table_reader.h"
#include "core/eigen_types.h"

#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace embex::core {

/// An attribute table as read: raw values per id, and how its columns encode.
struct AttributeTable {
    std::string sourceFile;
    AttributeEncoding encoding;
    std::unordered_map<std::string, std::vector<std::string>> rows; ///< raw id → one text per column
    std::vector<std::string> skippedColumns; ///< "zip: 795 distinct values in 943 rows, read as free text"

    bool empty() const { return rows.empty() || encoding.empty(); }
    /// ids.size() × featureCount(): row k encodes ids.rawId(k); ids the table lacks are zero rows.
    RowMatrixXf encode(const IdMap& ids) const;
    /// How many of `ids` the table lists.
    std::size_t matchedCount(const IdMap& ids) const;
};

struct AttributeOutcome : ReadReport {
    AttributeTable table;
};

/// Reads an attribute table: the first column is the id, the others attributes.
/// Layouts: a delimited file with a header (`,`, tab, `;` or `|`), ml-100k u.user
/// (`id|age|gender|occupation|zip`, no header) and ml-1m users.dat (`id::gender::age::occupation::zip`).
/// A column is a number when every non-empty value is one (unless its name says zip or postal),
/// a multi-valued category when values hold `|` (and the delimiter is not `|`), a category
/// otherwise. A category column with more than 100 distinct values that are more than a fifth of
/// the rows (zip codes, names) is skipped as free text and listed in skippedColumns. A row with
/// the wrong number of fields or a repeated id is a problem (file and line) and skipped.
AttributeOutcome loadAttributes(const std::string& path);

/// A table from raw rows (id → one text per name), its columns typed as loadAttributes types them.
/// barIsDelimiter: `|` separated the fields, so it does not make a column multi-valued.
AttributeTable attributeTableFromRows(std::string sourceFile, const std::vector<std::string>& names,
                                      std::unordered_map<std::string, std::vector<std::string>> rows,
                                      bool barIsDelimiter = false);

/// Item attributes from the item metadata: genres (multi-valued) and the year in the title's
/// trailing "(1995)" (a number; missing when the title has none). Empty when there is no metadata.
AttributeTable itemAttributesFromMetadata(const ItemMetadata& metadata);

/// The user attribute file beside a ratings file, if there is one:
/// <stem>.users.csv, u.user, users.dat, users.csv — in that order.
std::optional<std::string> findUserAttributesBeside(const std::string& ratingsPath);

/// "943 users: age (number), gender (2 categories), …; zip: … skipped", for notes and status bars.
std::string attributeSummary(const AttributeTable& table, const IdMap& ids, const char* what);

/// Loads the user attributes found beside dataset.sourceFile (findUserAttributesBeside) into
/// dataset.userAttributes. Returns a note saying what was read, or why the file was not (its
/// Issue, file and line); nullopt when there is no such file. A bad file never fails the load.
std::optional<Issue> attachUserAttributesBeside(Dataset& dataset);

} // namespace embex::core
