// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace embex::fuzz {

/// The loaders read files, so each input is written to one scratch file per process (tmpfs).
inline const std::string& writeInput(const std::uint8_t* data, std::size_t size, const char* suffix)
{
    static const std::string path = "/dev/shm/embex-fuzz-" + std::to_string(::getpid()) + suffix;
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file)
        __builtin_trap();
    if (size > 0)
        std::fwrite(data, 1, size, file);
    std::fclose(file);
    return path;
}

} // namespace embex::fuzz
