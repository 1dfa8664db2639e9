// SPDX-License-Identifier: MIT
#include "core/data/metadata_loader.h"
#include "fuzz/fuzz_input_file.h"

using namespace embex::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string path = embex::fuzz::writeInput(data, size, "input.items");
    const MetadataOutcome outcome = loadItemMetadata(path);
    if (outcome.ok()) {
        for (const auto& [id, info] : outcome.metadata.items)
            for (auto genre : info.genres)
                if (genre >= outcome.metadata.genreNames.size())
                    __builtin_trap();
    } else if (outcome.error.message.empty()) {
        __builtin_trap();
    }
    return 0;
}
