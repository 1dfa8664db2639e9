// SPDX-License-Identifier: MIT
// Internal to RowParser's shortcut for plain lines: bytes compared 16 or 32 at a time, and
// numbers of up to 8 digits read 8 bytes at once (SWAR, as simdjson does), with no loop and no
// branch per byte. Each falls back to plain C++ where the vector instructions are missing.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__SSE4_1__)
#include <smmintrin.h>
#endif
#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace embex::core::plain {

constexpr bool littleEndian = std::endian::native == std::endian::little;
constexpr std::uint64_t zeroDigits = 0x3030303030303030; // "00000000"

/// Bytes [at, at + n) of `line` (n in 1..8) as a word right-aligned behind '0' bytes: "42" is
/// "00000042", first digit in the lowest byte. Reads only inside the line (at least 8 bytes).
inline std::uint64_t digitWord(std::string_view line, std::size_t at, std::size_t n)
{
    const std::size_t end = at + n;
    std::uint64_t word;
    if (end >= 8) { // the 8 bytes that end with the field: it is their top n already
        std::memcpy(&word, line.data() + end - 8, 8);
    } else {
        std::memcpy(&word, line.data(), 8);
        word <<= 8 * (8 - end);
    }
    const std::uint64_t keep = ~std::uint64_t(0) << (8 * (8 - n)); // the top n bytes
    return (word & keep) | (zeroDigits & ~keep);
}

struct TwoValues {
    std::uint32_t first, second;
    bool firstIsDigits, secondIsDigits;
};

/// The values of two digit words; a word holding a non-digit is flagged, its value meaningless.
inline TwoValues twoValues(std::uint64_t first, std::uint64_t second)
{
#if defined(__SSE4_1__)
    const __m128i digits = _mm_sub_epi8(_mm_set_epi64x(static_cast<long long>(second), static_cast<long long>(first)),
                                        _mm_set1_epi8('0'));
    const auto valid = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_subs_epu8(digits, _mm_set1_epi8(9)), _mm_setzero_si128())));
    __m128i v = _mm_maddubs_epi16(digits, _mm_setr_epi8(10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1));
    v = _mm_madd_epi16(v, _mm_setr_epi16(100, 1, 100, 1, 100, 1, 100, 1)); // four-digit groups
    v = _mm_packus_epi32(v, v);
    v = _mm_madd_epi16(v, _mm_setr_epi16(10000, 1, 10000, 1, 10000, 1, 10000, 1)); // eight-digit values
    return { static_cast<std::uint32_t>(_mm_cvtsi128_si32(v)), static_cast<std::uint32_t>(_mm_extract_epi32(v, 1)),
             (valid & 0xFF) == 0xFF, (valid >> 8) == 0xFF };
#else
    auto isDigits = [](std::uint64_t w) {
        return ((w & 0xF0F0F0F0F0F0F0F0) | (((w + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4))
            == 0x3333333333333333;
    };
    auto value = [](std::uint64_t w) {
        w -= zeroDigits;
        w = w * 10 + (w >> 8);
        w = (((w & 0x000000FF000000FF) * 0x000F424000000064) + (((w >> 16) & 0x000000FF000000FF) * 0x0000271000000001))
            >> 32;
        return static_cast<std::uint32_t>(w);
    };
    return { value(first), value(second), isDigits(first), isDigits(second) };
#endif
}

#if defined(__SSE2__)
/// Bit k stands for byte k: where the delimiters are, and the bytes the shortcut refuses
/// (a quote, a space, a tab unless it is the delimiter).
struct ByteMasks {
    std::uint64_t newlines, delimiters, rejects;
};

inline ByteMasks masks16(const char* at, char delimiter)
{
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
    auto is = [&](char c) { return _mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)); };
    const __m128i refused = _mm_or_si128(_mm_or_si128(is('"'), is(' ')), is(delimiter == '\t' ? '"' : '\t'));
    return { static_cast<std::uint32_t>(_mm_movemask_epi8(is('\n'))),
             static_cast<std::uint32_t>(_mm_movemask_epi8(is(delimiter))),
             static_cast<std::uint32_t>(_mm_movemask_epi8(refused)) };
}

/// The masks of 32 bytes from `at`, all of which must be readable.
inline ByteMasks masks32(const char* at, char delimiter)
{
#if defined(__AVX2__)
    const __m256i bytes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at));
    auto is = [&](char c) { return _mm256_cmpeq_epi8(bytes, _mm256_set1_epi8(c)); };
    const __m256i refused = _mm256_or_si256(_mm256_or_si256(is('"'), is(' ')), is(delimiter == '\t' ? '"' : '\t'));
    auto bits = [](__m256i m) {
        return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(m)));
    };
    return { bits(is('\n')), bits(is(delimiter)), bits(refused) };
#else
    const ByteMasks low = masks16(at, delimiter), high = masks16(at + 16, delimiter);
    return { low.newlines | high.newlines << 16, low.delimiters | high.delimiters << 16,
             low.rejects | high.rejects << 16 };
#endif
}

/// The masks of a line of 16 to 64 bytes, 16 bytes a step. The last step reads the line's
/// final 16 bytes, overlapping the one before, so nothing past the line is read.
inline ByteMasks lineMasks(std::string_view line, char delimiter)
{
    ByteMasks masks { 0, 0, 0 };
    auto step = [&](std::size_t at) {
        const ByteMasks m = masks16(line.data() + at, delimiter);
        masks.delimiters |= m.delimiters << at;
        masks.rejects |= m.rejects << at;
    };
    std::size_t at = 0;
    for (; at + 16 <= line.size(); at += 16)
        step(at);
    if (at < line.size())
        step(line.size() - 16);
    return masks;
}
#endif

} // namespace embex::core::plain
