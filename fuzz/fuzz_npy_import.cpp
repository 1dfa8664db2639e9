// SPDX-License-Identifier: MIT
// .npy import: the header parser and the data copy, then the whole importer with an ids file
// that matches the row count, so the reorder into IdMap order runs too.
#include "core/io/embedding_import.h"
#include "core/io/npy_format.h"
#include "fuzz/fuzz_input_file.h"

#include <variant>

using namespace embex::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const auto parsed = parseNpy(bytes, "fuzz.npy");
    if (const auto* issue = std::get_if<Issue>(&parsed)) {
        if (issue->message.empty())
            __builtin_trap();
        return 0;
    }
    const RowMatrixXf& matrix = std::get<RowMatrixXf>(parsed);
    if (matrix.rows() > 4096)
        return 0; // the ids file would dominate the run time
    std::string ids;
    for (Index i = 0; i < matrix.rows(); ++i)
        ids += std::to_string(i % 7 == 3 ? i * 31 : i) + '\n';
    ImportOptions options;
    options.idsPath = embex::fuzz::writeInput(ids, "input.ids.txt");
    const ImportOutcome outcome = importEmbeddings(embex::fuzz::writeInput(data, size, "input.npy"), options);
    if (outcome.ok() != (outcome.error.message.empty()))
        __builtin_trap();
    if (outcome.ok() && outcome.snapshot->itemEmbeddings().rows() != matrix.rows())
        __builtin_trap();
    return 0;
}
