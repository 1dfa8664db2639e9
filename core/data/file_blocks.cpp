// SPDX-License-Identifier: MIT
#include "core/data/file_blocks.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace embex::core {

BlockReader::BlockReader(const std::string& path, std::size_t blockSize)
    : m_file(std::fopen(path.c_str(), "rb"), &std::fclose)
    , m_buffer(blockSize)
{
    if (!m_file)
        m_error = std::strerror(errno);
}

bool BlockReader::seek(std::uint64_t begin, std::uint64_t end)
{
    m_position = begin;
    m_end = end;
    if (m_file && std::fseek(m_file.get(), static_cast<long>(begin), SEEK_SET) != 0)
        m_error = std::string("cannot read from byte ") + std::to_string(begin) + ": " + std::strerror(errno);
    return m_error.empty();
}

std::string_view BlockReader::next()
{
    if (!m_error.empty() || m_position >= m_end)
        return {};
    const auto wanted = static_cast<std::size_t>(std::min<std::uint64_t>(m_buffer.size(), m_end - m_position));
    const std::size_t got = std::fread(m_buffer.data(), 1, wanted, m_file.get());
    if (got < wanted) {
        m_error = std::ferror(m_file.get()) ? std::string("read error: ") + std::strerror(errno)
                                            : std::string("the file changed while it was being read (it ended at byte ")
                + std::to_string(m_position + got) + ")";
        return {};
    }
    m_position += got;
    return { m_buffer.data(), got };
}

std::vector<std::uint64_t> cutAtLines(BlockReader& reader, std::uint64_t begin, std::uint64_t end, std::size_t parts)
{
    std::vector<std::uint64_t> cuts { begin };
    for (std::size_t k = 1; k < parts; ++k) {
        // The part ends after the first '\n' at or beyond its share; a line is never split.
        std::uint64_t from = std::max(cuts.back(), begin + (end - begin) * k / parts);
        if (from == begin || from >= end)
            continue;
        std::uint64_t cut = end;
        if (!reader.seek(from - 1, end))
            return {};
        for (std::uint64_t at = from - 1;;) {
            const std::string_view block = reader.next();
            if (block.empty())
                break;
            if (const void* newline = std::memchr(block.data(), '\n', block.size())) {
                cut = at + static_cast<std::uint64_t>(static_cast<const char*>(newline) - block.data()) + 1;
                break;
            }
            at += block.size();
        }
        if (!reader.error().empty())
            return {};
        if (cut >= end)
            break;
        cuts.push_back(cut);
    }
    cuts.push_back(end);
    return cuts;
}

std::uint64_t countNewlines(std::string_view text)
{
    // Byte sums in chunks small enough that no 8-bit lane can overflow: the compiler turns the
    // inner loop into compares and adds over whole vectors.
    std::uint64_t count = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t left = text.size();
    while (left >= 255 * 32) {
        std::uint8_t lanes[32] = {};
        for (std::size_t i = 0; i < 255 * 32; i += 32)
            for (std::size_t j = 0; j < 32; ++j)
                lanes[j] = static_cast<std::uint8_t>(lanes[j] + (p[i + j] == '\n'));
        for (std::uint8_t lane : lanes)
            count += lane;
        p += 255 * 32;
        left -= 255 * 32;
    }
    for (std::size_t i = 0; i < left; ++i)
        count += p[i] == '\n';
    return count;
}

} // namespace embex::core
