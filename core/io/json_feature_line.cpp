// SPDX-License-Identifier: MIT
#include "core/io/json_feature_line.h"

#include <cmath>
#include <fast_float/fast_float.h>

namespace embex::core {
namespace {

    class Cursor {
    public:
        explicit Cursor(std::string_view text)
            : m_text(text)
        {
        }

        std::string error; // first problem, with its column

        char peek()
        {
            skipSpace();
            return m_pos < m_text.size() ? m_text[m_pos] : '\0';
        }
        bool expect(char c)
        {
            if (peek() == c) {
                ++m_pos;
                return true;
            }
            return fail(std::string("expected '") + c + "'");
        }
        bool fail(const std::string& what)
        {
            if (error.empty())
                error = "column " + std::to_string(m_pos + 1) + ": " + what;
            return false;
        }
        bool string(std::string& out)
        {
            if (!expect('"'))
                return false;
            out.clear();
            while (m_pos < m_text.size() && m_text[m_pos] != '"') {
                char c = m_text[m_pos++];
                if (c != '\\') {
                    out += c;
                    continue;
                }
                if (m_pos >= m_text.size())
                    break;
                c = m_text[m_pos++];
                switch (c) {
                case 'n': out += '\n'; break;
                case 't': out += '\t'; break;
                case 'r': out += '\r'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'u': {
                    if (m_pos + 4 > m_text.size())
                        return fail("a \\u escape is cut short");
                    const unsigned cp = static_cast<unsigned>(std::stoul(std::string(m_text.substr(m_pos, 4)), nullptr, 16));
                    m_pos += 4;
                    if (cp < 0x80) {
                        out += static_cast<char>(cp);
                    } else if (cp < 0x800) {
                        out += static_cast<char>(0xC0 | (cp >> 6));
                        out += static_cast<char>(0x80 | (cp & 0x3F));
                    } else {
                        out += static_cast<char>(0xE0 | (cp >> 12));
                        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                        out += static_cast<char>(0x80 | (cp & 0x3F));
                    }
                    break;
                }
                default: out += c; // \" \\ \/
                }
            }
            if (m_pos >= m_text.size())
                return fail("a string is not closed");
            ++m_pos;
            return true;
        }
        // A number token, as text.
        bool numberText(std::string_view& out)
        {
            peek();
            const std::size_t start = m_pos;
            while (m_pos < m_text.size() && std::string_view("+-0123456789.eE").find(m_text[m_pos]) != std::string_view::npos)
                ++m_pos;
            out = m_text.substr(start, m_pos - start);
            return !out.empty() || fail("expected a number");
        }
        bool number(float& out)
        {
            std::string_view text;
            if (!numberText(text))
                return false;
            auto [end, ec] = fast_float::from_chars(text.data(), text.data() + text.size(), out);
            if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(out)) {
                std::string message(1, '\''); // not "'" + std::string: GCC 12 warns falsely (-Wrestrict)
                message += text;
                return fail(message + "' is not a finite number");
            }
            return true;
        }
        bool skipValue()
        {
            const char c = peek();
            std::string ignored;
            std::string_view token;
            if (c == '"')
                return string(ignored);
            if (c == '{' || c == '[') {
                const char close = c == '{' ? '}' : ']';
                ++m_pos;
                if (peek() == close)
                    return expect(close);
                do {
                    if (c == '{' && !(string(ignored) && expect(':')))
                        return false;
                    if (!skipValue())
                        return false;
                } while (peek() == ',' && expect(','));
                return expect(close);
            }
            for (const char* word : { "true", "false", "null" })
                if (m_text.substr(m_pos, std::string_view(word).size()) == word) {
                    m_pos += std::string_view(word).size();
                    return true;
                }
            return numberText(token);
        }
        bool atEnd() { return peek() == '\0'; }

    private:
        std::string_view m_text;
        std::size_t m_pos = 0;

        void skipSpace()
        {
            while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\r'))
                ++m_pos;
        }
    };

} // namespace

std::string parseJsonFeatureLine(std::string_view line, JsonFeatureLine& out)
{
    Cursor in(line);
    bool hasId = false;
    bool hasFeatures = false;
    out.features.clear();
    if (!in.expect('{'))
        return in.error;
    std::string key;
    while (in.peek() != '}') {
        if (!in.string(key) || !in.expect(':'))
            return in.error;
        if (key == "id") {
            hasId = true;
            if (in.peek() == '"') {
                if (!in.string(out.id))
                    return in.error;
            } else {
                std::string_view text;
                if (!in.numberText(text))
                    return in.error;
                out.id = std::string(text);
            }
        } else if (key == "features") {
            hasFeatures = true;
            if (!in.expect('['))
                return in.error;
            while (in.peek() != ']') {
                float v = 0;
                if (!in.number(v))
                    return in.error;
                out.features.push_back(v);
                if (in.peek() != ']' && !in.expect(','))
                    return in.error;
            }
            in.expect(']');
        } else if (!in.skipValue()) {
            return in.error;
        }
        if (in.peek() != '}' && !in.expect(','))
            return in.error;
    }
    in.expect('}');
    if (!in.atEnd())
        in.fail("unexpected text after the object");
    if (!in.error.empty())
        return in.error;
    if (!hasId)
        return "no \"id\" key";
    if (!hasFeatures)
        return "no \"features\" key";
    return {};
}

} // namespace embex::core
