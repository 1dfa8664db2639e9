// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/dataset.h"
#include "core/data/id_map.h"
#include "core/data/issue.h"
#include "core/data/item_metadata.h"
#include "core/eigen_types.h"

#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace embex::core {

/// How one attribute column becomes numbers.
///   Number: one feature, (x − mean) / std; an empty or missing value is 0 (the mean).
///   Category: one feature per value seen (one-hot; the dense layer it feeds is its embedding).
///   MultiCategory: one feature per value, `|`-separated values each set to 1 ("Action|Comedy").
/// A value never seen, like a user the table does not list, encodes as all zeros.
struct AttributeColumn {
    enum class Kind { Number, Category, MultiCategory };
    std::string name;
    Kind kind = Kind::Number;
    double mean = 0;
    double std = 1;
    std::vector<std::string> categories; ///< sorted; Category and MultiCategory only

    std::size_t featureCount() const { return kind == Kind::Number ? 1 : categories.size(); }
};

/// The columns of a table as features: what a model learned from, kept in its snapshot (as
/// text) so that a new user's raw attributes encode the same way.
struct AttributeEncoding {
    std::vector<AttributeColumn> columns;

    std::size_t featureCount() const;
    bool empty() const { return featureCount() == 0; }
    /// "age", "gender=F", "genres=Action", … one per feature.
    std::vector<std::string> featureNames() const;
    /// values[k] is column k's raw text (missing columns at the end count as empty);
    /// writes featureCount() numbers into out.
    void encode(std::span<const std::string> values, std::span<float> out) const;
    /// The same from column name → raw text; names the encoding lacks are ignored.
    std::vector<float> encode(const std::map<std::string, std::string>& values) const;
    /// "age (number), gender (2 categories), genres (19 values, multi)".
    std::string describe() const;

    /// One line per column, tab-separated; parse() reads it back. Throws std::invalid_argument
    /// on text that is not such an encoding.
    std::string toText() const;
    static AttributeEncoding parse(const std::string& text);
};

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

struct AttributeOutcome {
    AttributeTable table;
    Issue error; ///< set when nothing could be read
    long rowsSkipped = 0;
    std::vector<Issue> problems; ///< the first 20 bad lines

    bool ok() const { return error.message.empty(); }
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
