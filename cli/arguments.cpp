// SPDX-License-Identifier: MIT
#include "cli/arguments.h"

#include <charconv>
#include <cmath>

namespace embex::cli {

Arguments::Arguments(const std::vector<std::string>& words, const std::set<std::string>& valueOptions,
                     const std::set<std::string>& flags)
{
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& word = words[i];
        if (word.size() < 2 || word[0] != '-' || (word[1] >= '0' && word[1] <= '9')) {
            m_positionals.push_back(word);
            continue;
        }
        std::string name = word.substr(word[1] == '-' ? 2 : 1);
        std::optional<std::string> inlineValue;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (flags.count(name) && !inlineValue) {
            m_flags.insert(name);
        } else if (valueOptions.count(name)) {
            if (inlineValue) {
                m_values[name] = *inlineValue;
            } else if (i + 1 < words.size()) {
                m_values[name] = words[++i];
            } else {
                m_error = "option " + word + " needs a value";
                return;
            }
        } else {
            m_error = "unknown option " + word;
            return;
        }
    }
}

std::optional<std::string> Arguments::value(const std::string& name) const
{
    auto it = m_values.find(name);
    if (it == m_values.end())
        return std::nullopt;
    return it->second;
}

std::string Arguments::value(const std::string& name, const std::string& fallback) const
{
    return value(name).value_or(fallback);
}

long long Arguments::integer(const std::string& name, long long fallback)
{
    auto text = value(name);
    if (!text)
        return fallback;
    long long v = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec != std::errc() || end != text->data() + text->size()) {
        if (m_error.empty())
            m_error = "--" + name + " expects a whole number, got '" + *text + "'";
        return fallback;
    }
    return v;
}

double Arguments::number(const std::string& name, double fallback)
{
    auto text = value(name);
    if (!text)
        return fallback;
    double v = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec != std::errc() || end != text->data() + text->size() || !std::isfinite(v)) {
        if (m_error.empty())
            m_error = "--" + name + " expects a number, got '" + *text + "'";
        return fallback;
    }
    return v;
}

} // namespace embex::cli
