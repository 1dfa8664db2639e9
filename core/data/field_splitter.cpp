// SPDX-License-Identifier: MIT
#include "core/data/field_splitter.h"

#include <cstring>

namespace embex::core {
namespace {

    inline std::string_view trim(std::string_view s, bool trimTabs)
    {
        auto isSpace = [trimTabs](char c) { return c == ' ' || (trimTabs && c == '\t'); };
        while (!s.empty() && isSpace(s.front()))
            s.remove_prefix(1);
        while (!s.empty() && isSpace(s.back()))
            s.remove_suffix(1);
        return s;
    }

} // namespace

FieldSplitter::FieldSplitter(std::string delimiter)
    : m_delimiter(std::move(delimiter))
{
}

bool FieldSplitter::split(std::string_view line, std::vector<std::string_view>& fields, std::string& error)
{
    fields.clear();
    if (!m_unescaped.empty())
        m_unescaped.clear();
    if (m_delimiter.size() == 1 && m_delimiter[0] != ' ' && line.find('"') == std::string_view::npos) {
        // The common case, no quotes at all: one memchr per field.
        const char d = m_delimiter[0];
        const bool trimTabs = d != '\t';
        const char* p = line.data();
        const char* end = p + line.size();
        while (true) {
            const auto* next = static_cast<const char*>(std::memchr(p, d, static_cast<std::size_t>(end - p)));
            const char* fieldEnd = next ? next : end;
            fields.push_back(trim(std::string_view(p, static_cast<std::size_t>(fieldEnd - p)), trimTabs));
            if (!next)
                return true;
            p = next + 1;
        }
    }
    if (m_delimiter == " ") {
        std::size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
                ++i;
            const std::size_t start = i;
            while (i < line.size() && line[i] != ' ' && line[i] != '\t')
                ++i;
            if (i > start)
                fields.push_back(line.substr(start, i - start));
        }
        return true;
    }

    const bool trimTabs = m_delimiter != "\t";
    const std::string_view delimiter = m_delimiter;
    std::size_t pos = 0;
    while (true) {
        // Skip leading spaces to see whether the field is quoted.
        std::size_t start = pos;
        while (start < line.size() && (line[start] == ' ' || (trimTabs && line[start] == '\t')))
            ++start;
        if (start < line.size() && line[start] == '"') {
            std::string* unescaped = nullptr;
            std::size_t i = start + 1;
            std::size_t segment = i;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        if (!unescaped)
                            unescaped = &m_unescaped.emplace_back();
                        unescaped->append(line.substr(segment, i + 1 - segment));
                        i += 2;
                        segment = i;
                        continue;
                    }
                    closed = true;
                    break;
                }
                ++i;
            }
            if (!closed) {
                error = "unterminated quote";
                return false;
            }
            if (unescaped) {
                unescaped->append(line.substr(segment, i - segment));
                fields.push_back(*unescaped);
            } else {
                fields.push_back(line.substr(start + 1, i - start - 1));
            }
            // After the closing quote only spaces may come before the delimiter.
            std::size_t after = i + 1;
            while (after < line.size() && (line[after] == ' ' || (trimTabs && line[after] == '\t')))
                ++after;
            if (after == line.size())
                return true;
            if (line.substr(after, delimiter.size()) != delimiter) {
                error = "text after a closing quote";
                return false;
            }
            pos = after + delimiter.size();
            continue;
        }
        const std::size_t end = line.find(delimiter, pos);
        if (end == std::string_view::npos) {
            fields.push_back(trim(line.substr(pos), trimTabs));
            return true;
        }
        fields.push_back(trim(line.substr(pos, end - pos), trimTabs));
        pos = end + delimiter.size();
    }
}

bool isValidUtf8(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t extra = 0;
        if (c < 0x80)
            extra = 0;
        else if (c >= 0xC2 && c <= 0xDF)
            extra = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            extra = 2;
        else if (c >= 0xF0 && c <= 0xF4)
            extra = 3;
        else
            return false;
        if (i + extra >= text.size() && extra > 0)
            return false;
        for (std::size_t k = 1; k <= extra; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
                return false;
        i += extra + 1;
    }
    return true;
}

std::string latin1ToUtf8(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            out += ch;
        } else {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

std::string toUtf8(std::string_view text)
{
    return isValidUtf8(text) ? std::string(text) : latin1ToUtf8(text);
}

std::string normalizedName(std::string_view header)
{
    std::string out;
    for (char c : header) {
        if (c >= 'A' && c <= 'Z')
            out += static_cast<char>(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out += c;
    }
    return out;
}

} // namespace embex::core
