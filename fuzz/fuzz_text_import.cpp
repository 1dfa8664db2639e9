// SPDX-License-Identifier: MIT
// TSV/CSV embedding import. The first byte picks the file name (.tsv, .csv, .txt) and whether an
// ids file replaces the id column; the rest is the file.
#include "core/io/embedding_import.h"
#include "fuzz/fuzz_input_file.h"
#include "fuzz/import_checks.h"

using namespace embex::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    static const char* const names[] = { "input.tsv", "input.csv", "input.txt", "input.tsv" };
    const std::uint8_t mode = data[0];
    ImportOptions options;
    if (mode & 4)
        options.idsPath = embex::fuzz::writeInput(std::string_view("id\n10\n2\nb\na\n1\n"), "input.ids.txt");
    const std::string path = embex::fuzz::writeInput(data + 1, size - 1, names[mode & 3]);
    embex::fuzz::checkImport(importEmbeddings(path, options));
    return 0;
}
