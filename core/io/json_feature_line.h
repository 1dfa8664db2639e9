// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace embex::core {

/// One line of JSON Lines as Spark MLlib's ALS `itemFactors.write.json` writes it:
/// {"id": 12, "features": [0.1, -0.3, …]}. The id may be a number (kept as its text) or a string.
struct JsonFeatureLine {
    std::string id;
    std::vector<float> features;
};

/// Parses one line; other keys are skipped whatever their value. Returns an empty string on
/// success, else what is wrong and at which character column (1-based): "column 14: expected
/// a number in \"features\"", "no \"id\" key".
std::string parseJsonFeatureLine(std::string_view line, JsonFeatureLine& out);

} // namespace embex::core
