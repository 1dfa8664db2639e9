// SPDX-License-Identifier: MIT
#include "core/data/text_sample.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>

namespace embex::core {

std::string readWholeTextFile(const std::string& path, std::string& out)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return "cannot open the file";
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return describeNonText(out);
}

std::size_t utf8BomLength(std::string_view text)
{
    return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

std::string describeNonText(std::string_view prefix)
{
    auto startsWith = [&](std::string_view bom) { return prefix.substr(0, bom.size()) == bom; };
    if (startsWith(std::string_view("\xFF\xFE\x00\x00", 4)) || startsWith(std::string_view("\x00\x00\xFE\xFF", 4)))
        return "the file is UTF-32 text; save it as UTF-8 (or plain ASCII) and open it again";
    if (startsWith("\xFF\xFE") || startsWith("\xFE\xFF"))
        return "the file is UTF-16 text; save it as UTF-8 (e.g. \"CSV UTF-8\" in a spreadsheet) and open it again";
    const std::size_t n = std::min<std::size_t>(prefix.size(), 4096);
    std::size_t zerosAtOdd = 0, zerosAtEven = 0, controls = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(prefix[i]);
        if (c == 0)
            ++(i % 2 ? zerosAtOdd : zerosAtEven);
        else if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
            ++controls;
    }
    // ASCII in UTF-16 has a NUL in every other byte.
    if (n >= 8 && (zerosAtOdd > n / 4 || zerosAtEven > n / 4) && (zerosAtOdd == 0 || zerosAtEven == 0))
        return "the file looks like UTF-16 text without a byte-order mark; save it as UTF-8 and open it again";
    if (const void* nul = std::memchr(prefix.data(), 0, n))
        return "the file is binary, not delimited text (NUL byte at offset "
            + std::to_string(static_cast<const char*>(nul) - prefix.data()) + ")";
    if (controls > n / 20 + 1)
        return "the file is binary, not delimited text (" + std::to_string(controls)
            + " control characters in its first " + std::to_string(n) + " bytes)";
    return {};
}

TextSample TextSample::fromPrefix(std::string_view text, std::size_t maxLines, bool complete)
{
    TextSample sample;
    sample.error = describeNonText(text);
    if (!sample.error.empty())
        return sample;
    text.remove_prefix(utf8BomLength(text));
    std::size_t pos = 0;
    while (pos < text.size() && sample.lines.size() < maxLines) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            if (!complete && !sample.lines.empty())
                break; // cut mid-line by the prefix
            end = text.size();
        }
        std::string_view line = text.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.find_first_not_of(" \t") != std::string_view::npos)
            sample.lines.push_back(line);
        pos = end + 1;
    }
    return sample;
}

std::string readFilePrefix(const std::string& path, std::string& out, bool& complete, std::size_t bytes)
{
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file)
        return std::strerror(errno);
    out.resize(bytes);
    const std::size_t got = std::fread(out.data(), 1, bytes, file.get());
    if (std::ferror(file.get()))
        return std::string("read error: ") + std::strerror(errno);
    out.resize(got);
    complete = got < bytes || std::fgetc(file.get()) == EOF;
    return {};
}

} // namespace embex::core
