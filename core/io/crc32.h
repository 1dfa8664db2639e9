// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>

namespace embex::core {

/// CRC-32 as zlib, PNG and ZIP compute it (reflected polynomial 0xEDB88320). Chain blocks by
/// passing the previous result as `crc`: crc32(b, nb, crc32(a, na)) == crc32(a + b).
std::uint32_t crc32(const void* data, std::size_t size, std::uint32_t crc = 0);

} // namespace embex::core
