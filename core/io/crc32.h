// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <zlib.h>

namespace embex::core {

/// CRC-32 as zlib, PNG and ZIP compute it (reflected polynomial 0xEDB88320), by zlib itself;
/// this only takes bytes as `void*` and `size_t`. Chain blocks by passing the previous result as
/// `crc`: crc32(b, nb, crc32(a, na)) == crc32(a + b).
inline std::uint32_t crc32(const void* data, std::size_t size, std::uint32_t crc = 0)
{
    // crc32_z takes a size_t length, so sections over 4 GiB are summed whole.
    return static_cast<std::uint32_t>(::crc32_z(crc, static_cast<const Bytef*>(data), size));
}

} // namespace embex::core
