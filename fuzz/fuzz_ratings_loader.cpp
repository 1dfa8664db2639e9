// SPDX-License-Identifier: MIT
// The first byte picks a mode (detect or a forced format, strict or not); the rest is the file.
#include "core/data/ratings_loader.h"
#include "fuzz/fuzz_input_file.h"

#include <cmath>

using namespace embex::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::uint8_t mode = data[0];
    const std::string path = embex::fuzz::writeInput(data + 1, size - 1, "input.csv");
    LoadOptions options;
    options.strict = mode & 1;
    options.findMetadata = false;
    if (mode & 2) {
        static const char* const delimiters[] = { ",", "\t", ";", "|", "::", " " };
        FileFormat format;
        format.delimiter = delimiters[(mode >> 2) % 6];
        format.hasHeader = mode & 0x20;
        format.fieldCount = 2 + (mode >> 6);
        format.ratingColumn = format.fieldCount > 2 ? 2 : -1;
        format.timestampColumn = format.fieldCount > 3 ? 3 : -1;
        options.format = format;
    }
    const LoadOutcome outcome = loadRatings(path, options);
    if (outcome.ok()) {
        const Dataset& d = *outcome.dataset;
        // Invariants a loaded dataset must keep, whatever the bytes were.
        if (d.ratings.users.size() != d.ratings.size() || d.ratings.items.size() != d.ratings.size())
            __builtin_trap();
        for (std::size_t r = 0; r < d.ratings.size(); ++r)
            if (d.ratings.users[r] >= d.users.size() || d.ratings.items[r] >= d.items.size()
                || !std::isfinite(d.ratings.ratings[r]))
                __builtin_trap();
        for (std::uint32_t i = 0; i < d.items.size(); ++i)
            if (d.items.indexOf(d.items.rawId(i)) != i)
                __builtin_trap();
    } else if (outcome.status == LoadOutcome::Status::Failed && outcome.error.message.empty()) {
        __builtin_trap(); // a failure must say why
    }
    (void)detectFormatFromText(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
    return 0;
}
