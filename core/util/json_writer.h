// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace embex::core {

/// A small streaming JSON writer for the CLI's one-object outputs. Keys and strings are
/// escaped; non-finite numbers become null (JSON has no NaN).
class JsonWriter {
public:
    JsonWriter& beginObject() { return open('{'); }
    JsonWriter& endObject() { return close('}'); }
    JsonWriter& beginArray() { return open('['); }
    JsonWriter& endArray() { return close(']'); }

    JsonWriter& key(std::string_view name)
    {
        separate();
        writeString(name);
        m_text += ':';
        m_afterKey = true;
        return *this;
    }
    JsonWriter& value(std::string_view s)
    {
        separate();
        writeString(s);
        return *this;
    }
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(bool b)
    {
        separate();
        m_text += b ? "true" : "false";
        return *this;
    }
    JsonWriter& value(double d)
    {
        separate();
        if (!std::isfinite(d)) {
            m_text += "null";
        } else {
            char buffer[32];
            std::snprintf(buffer, sizeof buffer, "%.10g", d);
            m_text += buffer;
        }
        return *this;
    }
    JsonWriter& value(long long n)
    {
        separate();
        m_text += std::to_string(n);
        return *this;
    }
    JsonWriter& value(int n) { return value(static_cast<long long>(n)); }
    JsonWriter& value(long n) { return value(static_cast<long long>(n)); }
    JsonWriter& value(unsigned long n) { return value(static_cast<long long>(n)); }
    JsonWriter& null()
    {
        separate();
        m_text += "null";
        return *this;
    }
    template <typename T>
    JsonWriter& field(std::string_view name, const T& v)
    {
        key(name);
        return value(v);
    }

    const std::string& text() const { return m_text; }

private:
    std::string m_text;
    std::vector<bool> m_hasItems; // per open container: does it need a comma before the next item
    bool m_afterKey = false;

    void separate()
    {
        if (m_afterKey) {
            m_afterKey = false;
            return;
        }
        if (!m_hasItems.empty()) {
            if (m_hasItems.back())
                m_text += ',';
            m_hasItems.back() = true;
        }
    }
    JsonWriter& open(char c)
    {
        separate();
        m_text += c;
        m_hasItems.push_back(false);
        return *this;
    }
    JsonWriter& close(char c)
    {
        m_text += c;
        m_hasItems.pop_back();
        return *this;
    }
    void writeString(std::string_view s)
    {
        m_text += '"';
        for (unsigned char c : s) {
            switch (c) {
            case '"': m_text += "\\\""; break;
            case '\\': m_text += "\\\\"; break;
            case '\n': m_text += "\\n"; break;
            case '\r': m_text += "\\r"; break;
            case '\t': m_text += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buffer[8];
                    std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
                    m_text += buffer;
                } else {
                    m_text += static_cast<char>(c);
                }
            }
        }
        m_text += '"';
    }
};

} // namespace embex::core
