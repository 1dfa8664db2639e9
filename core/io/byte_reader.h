// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace embex::core {

/// Reads what ByteWriter wrote, bounds-checked: a read past the end (or an array longer than
/// what remains) sets failed() and yields zeros, so a damaged length can never allocate
/// gigabytes or read out of bounds. Check failed() once after a run of reads.
class ByteReader {
public:
    /// `fileOffset` is where `bytes` start in the file, for error messages.
    explicit ByteReader(std::string_view bytes, std::size_t fileOffset = 0)
        : m_bytes(bytes)
        , m_fileOffset(fileOffset)
    {
    }

    bool failed() const { return m_failed; }
    std::size_t remaining() const { return m_bytes.size() - m_pos; }
    /// Offset of the next byte in the file.
    std::size_t fileOffset() const { return m_fileOffset + m_pos; }

    template <typename T>
    requires std::is_arithmetic_v<T> T get()
    {
        T value {};
        if (take(sizeof(T)))
            std::memcpy(&value, m_bytes.data() + m_pos - sizeof(T), sizeof(T));
        return value;
    }
    std::string getString()
    {
        const auto size = get<std::uint32_t>();
        if (!take(size))
            return {};
        return std::string(m_bytes.substr(m_pos - size, size));
    }
    template <typename T, typename Allocator = std::allocator<T>>
    requires std::is_arithmetic_v<T> std::vector<T, Allocator> getArray()
    {
        const auto count = get<std::uint64_t>();
        std::vector<T, Allocator> v;
        if (count > remaining() / sizeof(T) || !take(count * sizeof(T)))
            return fail(), v;
        v.resize(count);
        if (count > 0) // memcpy from or to the null data() of an empty vector is undefined, even for 0 bytes
            std::memcpy(v.data(), m_bytes.data() + m_pos - count * sizeof(T), count * sizeof(T));
        return v;
    }
    /// `count` elements into `out` (sized by the caller).
    template <typename T>
    bool getRaw(T* out, std::size_t count)
    {
        if (count > remaining() / sizeof(T) || !take(count * sizeof(T)))
            return fail(), false;
        if (count > 0)
            std::memcpy(out, m_bytes.data() + m_pos - count * sizeof(T), count * sizeof(T));
        return true;
    }
    /// A count that must fit: each of its elements takes at least `minBytes` of what remains.
    std::uint64_t getCount(std::size_t minBytes)
    {
        const auto count = get<std::uint64_t>();
        if (minBytes > 0 && count > remaining() / minBytes) {
            fail();
            return 0;
        }
        return count;
    }
    void fail() { m_failed = true; }

private:
    std::string_view m_bytes;
    std::size_t m_fileOffset;
    std::size_t m_pos = 0;
    bool m_failed = false;

    bool take(std::size_t n)
    {
        if (m_failed || n > remaining()) {
            m_failed = true;
            return false;
        }
        m_pos += n;
        return true;
    }
};

} // namespace embex::core
