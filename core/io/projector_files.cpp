// SPDX-License-Identifier: MIT
#include "core/io/projector_files.h"

#include "core/data/field_splitter.h"
#include "core/io/vector_rows.h"
#include "core/io/whole_file.h"

#include <cctype>
#include <filesystem>
#include <simdjson.h>

namespace embex::core {
namespace {

    // Windows-1252 bytes as UTF-8: Latin-1 except 0x80–0x9F, where Windows keeps its quotes,
    // dashes and € (five of those bytes are undefined and kept as U+FFFD).
    std::string windows1252ToUtf8(std::string_view text)
    {
        static const char16_t high[32] = { 0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                           0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                           0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                           0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178 };
        std::string out;
        out.reserve(text.size() + text.size() / 8);
        for (unsigned char c : text) {
            const char32_t code = c >= 0x80 && c < 0xA0 ? high[c - 0x80] : c;
            if (code < 0x80) {
                out += static_cast<char>(code);
            } else if (code < 0x800) {
                out += static_cast<char>(0xC0 | (code >> 6));
                out += static_cast<char>(0x80 | (code & 0x3F));
            } else {
                out += static_cast<char>(0xE0 | (code >> 12));
                out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
                out += static_cast<char>(0x80 | (code & 0x3F));
            }
        }
        return out;
    }

    std::vector<std::string> splitTabs(std::string_view line)
    {
        std::vector<std::string> cells;
        std::size_t pos = 0;
        while (true) {
            const std::size_t end = std::min(line.find('\t', pos), line.size());
            cells.emplace_back(line.substr(pos, end - pos));
            if (end == line.size())
                return cells;
            pos = end + 1;
        }
    }

    std::string beside(const std::string& config, const std::string& path)
    {
        if (path.empty())
            return {};
        const std::filesystem::path p(path);
        return p.is_absolute() ? path : (std::filesystem::path(config).parent_path() / p).lexically_normal().string();
    }

    // --- protobuf text format, as much of it as a projector config uses ---

    struct Token {
        enum Kind { Name, Text, Number, Colon, Open, Close, End, Bad } kind;
        std::string text;
        long line;
    };

    class PbtxtTokens {
    public:
        explicit PbtxtTokens(std::string_view text)
            : m_text(text)
        {
        }

        Token next()
        {
            while (m_pos < m_text.size()) {
                const char c = m_text[m_pos];
                if (c == '\n')
                    ++m_line;
                if (c == '#')
                    m_pos = std::min(m_text.find('\n', m_pos), m_text.size());
                else if (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == ';')
                    ++m_pos;
                else
                    break;
            }
            if (m_pos >= m_text.size())
                return { Token::End, {}, m_line };
            const char c = m_text[m_pos];
            if (c == ':' || c == '{' || c == '}' || c == '<' || c == '>') {
                ++m_pos;
                return { c == ':' ? Token::Colon : (c == '{' || c == '<') ? Token::Open : Token::Close, {}, m_line };
            }
            if (c == '"' || c == '\'') {
                std::string text;
                for (++m_pos; m_pos < m_text.size() && m_text[m_pos] != c; ++m_pos) {
                    if (m_text[m_pos] == '\\' && m_pos + 1 < m_text.size()) {
                        const char e = m_text[++m_pos];
                        text += e == 'n' ? '\n' : e == 't' ? '\t' : e;
                    } else {
                        text += m_text[m_pos];
                    }
                }
                if (m_pos >= m_text.size())
                    return { Token::Bad, "a string is not closed", m_line };
                ++m_pos;
                return { Token::Text, text, m_line };
            }
            const std::size_t start = m_pos;
            while (m_pos < m_text.size()
                   && (std::isalnum(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '_'
                       || m_text[m_pos] == '.' || m_text[m_pos] == '-' || m_text[m_pos] == '+'))
                ++m_pos;
            if (m_pos == start)
                return { Token::Bad, std::string("unexpected '") + c + "'", m_line };
            std::string word(m_text.substr(start, m_pos - start));
            const bool number = std::isdigit(static_cast<unsigned char>(word[0])) || word[0] == '-';
            return { number ? Token::Number : Token::Name, word, m_line };
        }

    private:
        std::string_view m_text;
        std::size_t m_pos = 0;
        long m_line = 1;
    };

    // Skips the value after a field name: a scalar, or a message and everything in it.
    std::optional<Issue> skipValue(PbtxtTokens& tokens, const std::string& path, Token after)
    {
        if (after.kind == Token::Colon)
            after = tokens.next();
        if (after.kind != Token::Open)
            return after.kind == Token::Text || after.kind == Token::Number || after.kind == Token::Name
                ? std::nullopt
                : std::optional<Issue>(Issue { path, after.line, "a field has no value" });
        for (int depth = 1; depth > 0;) {
            const Token t = tokens.next();
            if (t.kind == Token::End || t.kind == Token::Bad)
                return Issue { path, t.line, "a '{' is not closed" };
            depth += t.kind == Token::Open ? 1 : t.kind == Token::Close ? -1 : 0;
        }
        return std::nullopt;
    }

    std::variant<ProjectorConfig, Issue> readPbtxt(const std::string& path, std::string_view text)
    {
        ProjectorConfig config { path, {}, {} };
        PbtxtTokens tokens(text);
        for (Token t = tokens.next(); t.kind != Token::End; t = tokens.next()) {
            if (t.kind != Token::Name)
                return Issue { path, t.line, t.kind == Token::Bad ? t.text : "expected a field name" };
            Token after = tokens.next();
            if (t.text == "embeddings") {
                if (after.kind == Token::Colon)
                    after = tokens.next();
                if (after.kind != Token::Open)
                    return Issue { path, after.line, "'embeddings' needs a { … } block" };
                ProjectorEmbedding e;
                for (Token f = tokens.next(); f.kind != Token::Close; f = tokens.next()) {
                    if (f.kind != Token::Name)
                        return Issue { path, f.line,
                                       f.kind == Token::End ? "an 'embeddings' block is not closed"
                                                            : "expected a field name" };
                    Token colon = tokens.next();
                    if (f.text == "tensor_name" || f.text == "tensor_path" || f.text == "metadata_path"
                        || f.text == "tensor_shape") {
                        const Token value = colon.kind == Token::Colon ? tokens.next() : colon;
                        if (value.kind != Token::Text && value.kind != Token::Number)
                            return Issue { path, value.line, "'" + f.text + "' has no value" };
                        if (f.text == "tensor_name")
                            e.name = value.text;
                        else if (f.text == "tensor_path")
                            e.tensorPath = beside(path, value.text);
                        else if (f.text == "metadata_path")
                            e.metadataPath = beside(path, value.text);
                        else
                            e.shape.push_back(std::atol(value.text.c_str()));
                    } else if (auto problem = skipValue(tokens, path, colon)) {
                        return *problem; // a sprite { … } or bookmarks_path: not ours to read
                    }
                }
                config.embeddings.push_back(std::move(e));
            } else if (t.text == "model_checkpoint_path" || t.text == "model_checkpoint_dir") {
                const Token value = after.kind == Token::Colon ? tokens.next() : after;
                if (value.kind == Token::Text)
                    config.checkpoint = beside(path, value.text);
            } else if (auto problem = skipValue(tokens, path, after)) {
                return *problem;
            }
        }
        return config;
    }

    std::variant<ProjectorConfig, Issue> readJsonConfig(const std::string& path, const std::string& text)
    {
        simdjson::dom::parser parser;
        simdjson::dom::element root;
        if (auto error = parser.parse(text).get(root))
            return Issue { path, 0, std::string("not valid JSON: ") + simdjson::error_message(error) };
        simdjson::dom::array list;
        if (root["embeddings"].get_array().get(list))
            return Issue { path, 0, "a projector config needs an \"embeddings\" list" };
        ProjectorConfig config { path, {}, {}, true };
        std::string_view checkpoint;
        if (!root["modelCheckpointPath"].get_string().get(checkpoint))
            config.checkpoint = beside(path, std::string(checkpoint));
        for (simdjson::dom::element entry : list) {
            ProjectorEmbedding e;
            std::string_view s;
            if (!entry["tensorName"].get_string().get(s))
                e.name = s;
            if (!entry["tensorPath"].get_string().get(s))
                e.tensorPath = beside(path, std::string(s));
            if (!entry["metadataPath"].get_string().get(s))
                e.metadataPath = beside(path, std::string(s));
            simdjson::dom::array shape;
            if (!entry["tensorShape"].get_array().get(shape))
                for (simdjson::dom::element d : shape) {
                    int64_t v = 0;
                    if (!d.get_int64().get(v))
                        e.shape.push_back(static_cast<long>(v));
                }
            config.embeddings.push_back(std::move(e));
        }
        return config;
    }

} // namespace

std::variant<ProjectorLabels, Issue> readProjectorLabels(const std::string& path, std::size_t vectorRows,
                                                         const std::string& vectorsPath)
{
    auto read = readWholeFile(path);
    if (auto* issue = std::get_if<Issue>(&read))
        return *issue;
    ProjectorLabels labels;
    labels.path = path;
    std::string text = std::move(std::get<std::string>(read));
    if (text.starts_with("\xEF\xBB\xBF"))
        text.erase(0, 3);
    if (!isValidUtf8(text)) {
        text = windows1252ToUtf8(text);
        labels.notes.push_back(std::filesystem::path(path).filename().string()
                               + " read as Windows-1252 (it is not UTF-8)");
    }
    std::vector<std::string_view> lines = splitLines(text);
    if (lines.empty() || std::all_of(lines.begin(), lines.end(), isBlank))
        return Issue { path, 0,
                       "the metadata file is empty; " + vectorsPath + " has " + withThousands(vectorRows)
                           + " vectors to label" };
    const bool manyColumns = lines.front().find('\t') != std::string_view::npos;
    if (manyColumns) { // the projector's rule: several columns always come under a header
        labels.columns = splitTabs(lines.front());
        labels.firstLine = 2;
    }
    std::size_t first = manyColumns ? 1 : 0;
    while (lines.size() - first > vectorRows && !lines.empty() && isBlank(lines.back()))
        lines.pop_back();
    if (!manyColumns && lines.size() == vectorRows + 1) {
        labels.columns = { std::string(lines.front()) };
        labels.firstLine = 2;
        first = 1;
        labels.notes.push_back("line 1 of " + std::filesystem::path(path).filename().string() + " ('"
                               + std::string(lines.front()) + "') read as a header: one line more than the vectors");
    }
    const std::size_t count = lines.size() - first;
    if (count != vectorRows)
        return Issue { path, 0,
                       withThousands(count) + " labels for " + withThousands(vectorRows) + " vectors in " + vectorsPath
                           + (manyColumns ? " (after the header line)" : "") };
    const std::size_t width = labels.columnCount();
    labels.cells.reserve(count);
    for (std::size_t l = first; l < lines.size(); ++l) {
        std::vector<std::string> cells = width == 1 ? std::vector<std::string> { std::string(lines[l]) }
                                                    : splitTabs(lines[l]);
        if (cells.size() > width)
            return Issue { path, static_cast<long>(l + 1),
                           std::to_string(cells.size()) + " cells where the header names " + std::to_string(width) };
        cells.resize(width); // a short row leaves its last cells empty
        labels.cells.push_back(std::move(cells));
    }
    std::optional<std::size_t> title;
    for (std::size_t c = 0; c < labels.columns.size() && width > 1; ++c) {
        const std::string name = loweredName(labels.columns[c]);
        if (!labels.idColumn && namesAnIdColumn(labels.columns[c]) && name != "word" && name != "token")
            labels.idColumn = c;
        else if (!labels.genresColumn && (name == "genres" || name == "genre"))
            labels.genresColumn = c;
        else if (!title && (name == "title" || name == "name" || name == "label" || name == "word" || name == "token"))
            title = c;
    }
    if (!title)
        for (std::size_t c = 0; c < width && !title; ++c)
            if (c != labels.idColumn && c != labels.genresColumn)
                title = c;
    labels.titleColumn = title.value_or(0);
    return labels;
}

std::variant<ProjectorConfig, Issue> readProjectorConfig(const std::string& path)
{
    auto read = readWholeFile(path);
    if (auto* issue = std::get_if<Issue>(&read))
        return *issue;
    const std::string& text = std::get<std::string>(read);
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    auto config = first != std::string::npos && text[first] == '{' ? readJsonConfig(path, text) : readPbtxt(path, text);
    if (auto* c = std::get_if<ProjectorConfig>(&config); c && c->embeddings.empty())
        return Issue { path, 0, "the config lists no embeddings" };
    return config;
}

std::variant<ProjectorEmbedding, Issue> chooseEmbedding(const ProjectorConfig& config, const std::string& wanted)
{
    std::string names;
    for (const ProjectorEmbedding& e : config.embeddings) {
        if (!wanted.empty() && e.name == wanted)
            return e;
        std::string shape;
        for (long d : e.shape)
            shape += (shape.empty() ? " (" : " × ") + std::to_string(d);
        names += (names.empty() ? "" : ", ") + ("'" + e.name + "'") + (shape.empty() ? "" : shape + ")");
    }
    if (wanted.empty() && config.embeddings.size() == 1)
        return config.embeddings.front();
    return Issue { config.path, 0,
                   (wanted.empty() ? "the config lists " + std::to_string(config.embeddings.size())
                            + " embeddings; choose one with --embedding NAME: "
                                   : "no embedding named '" + wanted + "'; the config lists ")
                       + names };
}

} // namespace embex::core
