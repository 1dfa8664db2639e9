// SPDX-License-Identifier: MIT
// JSON Lines import ({"id": …, "features": [ … ]} per line, as Spark MLlib writes itemFactors):
// the line parser on its own, then the importer on the whole file.
#include "core/io/embedding_import.h"
#include "core/io/json_feature_line.h"
#include "fuzz/fuzz_input_file.h"
#include "fuzz/import_checks.h"

#include <cmath>

using namespace embex::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    JsonFeatureLine line;
    const std::string problem = parseJsonFeatureLine(text.substr(0, text.find('\n')), line);
    for (float value : line.features)
        if (problem.empty() && !std::isfinite(value))
            __builtin_trap(); // a parsed feature is a finite number
    embex::fuzz::checkImport(importEmbeddings(embex::fuzz::writeInput(data, size, "input.jsonl")));
    return 0;
}
