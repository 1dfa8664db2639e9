// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <vector>

namespace embex::core {

/// Asks the kernel to back [data, data + bytes) with transparent huge pages where it allows
/// (Linux, THP in "madvise" mode). On VMs a fresh 4 KiB page costs ~11 µs to fault in, so
/// 1 GiB of columns costs seconds; huge pages cut that ~40×. A hint only: harmless when refused.
void adviseHugePages(void* data, std::size_t bytes);

/// Reserves `count` elements and advises huge pages for the reservation.
template <typename T, typename Allocator>
void reserveOnHugePages(std::vector<T, Allocator>& v, std::size_t count)
{
    v.reserve(count);
    adviseHugePages(v.data(), v.capacity() * sizeof(T));
}

} // namespace embex::core
