// SPDX-License-Identifier: MIT
#include "core/io/vector_rows.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fast_float/fast_float.h>
#include <iterator>

namespace embex::core {

void appendRows(VectorRows& into, VectorRows& part)
{
    std::move(part.ids.begin(), part.ids.end(), std::back_inserter(into.ids));
    into.lines.insert(into.lines.end(), part.lines.begin(), part.lines.end());
    into.values.insert(into.values.end(), part.values.begin(), part.values.end());
    part = VectorRows {};
}

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
        const auto* newline = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char* stop = newline ? newline : end;
        std::string_view line(p, static_cast<std::size_t>(stop - p));
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        lines.push_back(line);
        p = newline ? newline + 1 : end;
    }
    return lines;
}

bool isBlank(std::string_view line)
{
    return line.find_first_not_of(" \t") == std::string_view::npos;
}

bool parseNumber(std::string_view text, float& value)
{
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    if (!text.empty() && text.front() == '+') // written by some tools; fast_float wants none
        text.remove_prefix(1);
    auto [end, ec] = fast_float::from_chars(text.data(), text.data() + text.size(), value);
    // a float too small for float32 (1e-50) reads as 0 rather than failing
    return (ec == std::errc() || ec == std::errc::result_out_of_range) && end == text.data() + text.size()
        && !text.empty();
}

bool parseFloat(std::string_view text, float& value)
{
    return parseNumber(text, value) && std::isfinite(value);
}

std::string loweredName(std::string_view name)
{
    std::string out;
    for (char c : name)
        if (std::isalnum(static_cast<unsigned char>(c)))
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool namesAnIdColumn(std::string_view name)
{
    const std::string n = loweredName(name);
    return n == "id" || n == "item" || n == "word" || n == "token" || n == "key" || (n.size() > 2 && n.ends_with("id"));
}

std::string withThousands(std::size_t count)
{
    std::string digits = std::to_string(count), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

} // namespace embex::core
