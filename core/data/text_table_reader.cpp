// SPDX-License-Identifier: MIT
#include "core/data/text_table_reader.h"

#include "core/data/field_splitter.h"
#include "core/data/text_sample.h"

#include <algorithm>
#include <filesystem>

namespace embex::core {
namespace {

    constexpr std::size_t maxProblems = 20;

} // namespace

TextTableReader::TextTableReader(std::string path, ReadReport& report)
    : m_path(std::move(path))
    , m_report(report)
{
}

bool TextTableReader::readLines(Text encoding)
{
    std::string raw;
    if (std::string reason = readWholeTextFile(m_path, raw); !reason.empty()) {
        fail(0, reason);
        return false;
    }
    std::string_view bytes(raw);
    bytes.remove_prefix(utf8BomLength(bytes));
    m_text = encoding == Text::Utf8 ? toUtf8(bytes) : std::string(bytes);
    std::string_view text(m_text);
    long number = 0;
    while (!text.empty()) {
        ++number;
        const std::size_t end = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, end);
        text.remove_prefix(std::min(end + 1, text.size()));
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.find_first_not_of(" \t") != std::string_view::npos)
            m_lines.emplace_back(number, line);
    }
    if (m_lines.empty()) {
        fail(0, "the file is empty");
        return false;
    }
    return true;
}

void TextTableReader::fail(long line, std::string message)
{
    m_report.error = Issue { m_path, line, std::move(message) };
}

void TextTableReader::skip(long line, std::string message)
{
    ++m_report.rowsSkipped;
    if (m_report.problems.size() < maxProblems)
        m_report.problems.push_back(Issue { m_path, line, std::move(message) });
}

void TextTableReader::failAsEmpty(const std::string& what)
{
    fail(0,
         m_report.problems.empty() ? "no " + what + " found"
                                   : "no " + what + " found; first problem: " + m_report.problems.front().toString());
}

std::optional<std::string> findFileBeside(const std::string& ratingsPath, std::initializer_list<std::string> names)
{
    namespace fs = std::filesystem;
    const fs::path ratings(ratingsPath);
    const fs::path folder = ratings.parent_path();
    std::error_code ec;
    for (const std::string& name : names) {
        const fs::path candidate = folder / name;
        if (candidate != ratings && fs::is_regular_file(candidate, ec))
            return candidate.string();
    }
    return std::nullopt;
}

} // namespace embex::core
