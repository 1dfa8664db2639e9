// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace embex::fuzz {

/// Where this process keeps its scratch files: tmpfs when there is one.
inline const std::string& scratchDir()
{
    static const std::string dir = std::filesystem::is_directory("/dev/shm")
        ? std::string("/dev/shm")
        : std::filesystem::temp_directory_path().string();
    return dir;
}

/// The loaders read files, so an input is written to a scratch file named after the process and
/// `name` ("input.csv", "input.ids.txt"); the same name is overwritten by the next input.
inline std::string writeInput(const std::uint8_t* data, std::size_t size, const std::string& name)
{
    const std::string path = scratchDir() + "/embex-fuzz-" + std::to_string(::getpid()) + "-" + name;
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file)
        __builtin_trap();
    if (size > 0 && std::fwrite(data, 1, size, file) != size)
        __builtin_trap();
    std::fclose(file);
    return path;
}

inline std::string writeInput(std::string_view text, const std::string& name)
{
    return writeInput(reinterpret_cast<const std::uint8_t*>(text.data()), text.size(), name);
}

} // namespace embex::fuzz
