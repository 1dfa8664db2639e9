// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace embex::core {

/// Appends little-endian numbers, length-prefixed strings and raw arrays to a byte buffer:
/// the encoding of .embex sections. Assumes a little-endian host (session_file.cpp asserts it).
class ByteWriter {
public:
    template <typename T>
    requires std::is_arithmetic_v<T>
    void put(T value)
    {
        const auto at = m_bytes.size();
        m_bytes.resize(at + sizeof(T));
        std::memcpy(m_bytes.data() + at, &value, sizeof(T));
    }
    /// u32 length, then the bytes.
    void putString(std::string_view s)
    {
        put(static_cast<std::uint32_t>(s.size()));
        m_bytes.append(s);
    }
    /// u64 count, then the elements as they lie in memory.
    template <typename T>
    requires std::is_arithmetic_v<T>
    void putArray(const T* data, std::size_t count)
    {
        put(static_cast<std::uint64_t>(count));
        m_bytes.append(reinterpret_cast<const char*>(data), count * sizeof(T));
    }
    template <typename T, typename Allocator>
    void putArray(const std::vector<T, Allocator>& v)
    {
        putArray(v.data(), v.size());
    }

    const std::string& bytes() const { return m_bytes; }

private:
    std::string m_bytes;
};

} // namespace embex::core
