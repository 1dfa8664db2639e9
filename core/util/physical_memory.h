// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include <unistd.h>

namespace embex::core {

/// Bytes of RAM in this computer (UINT64_MAX when unknown): the bound for "clear error before
/// allocating" checks on sizes that come from files or settings.
inline std::uint64_t physicalMemoryBytes()
{
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    return pages > 0 && pageSize > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(pageSize)
                                     : UINT64_MAX;
}

/// "12.3 GB"
inline std::string gigabytesText(double bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GB", bytes / 1e9);
    return text;
}

} // namespace embex::core
