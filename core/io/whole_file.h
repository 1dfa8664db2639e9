// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/issue.h"

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <variant>

namespace embex::core {

/// Reads a whole file into memory (session files, .npy, embedding text), for formats parsed from
/// bytes. Fails with an Issue naming the file, never by throwing:
///  - "cannot open the file: No such file or directory", "is a folder, not a file";
///  - "the file is 40.0 GB, more than this computer's memory (16.0 GB)" before allocating;
///  - "the file changed while it was being read (N bytes expected, M read)" when it is
///    truncated or grows under the reader.
/// `progress`, when given, hears the bytes read of the file's size after each block of a regular
/// file; a `stop` requested ends reading after the block, with an Issue the caller should not show.
using ReadProgress = std::function<void(std::uint64_t done, std::uint64_t total)>;
std::variant<std::string, Issue> readWholeFile(const std::string& path, const ReadProgress& progress = {},
                                               std::stop_token stop = {});

} // namespace embex::core
