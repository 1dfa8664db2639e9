// SPDX-License-Identifier: MIT
#pragma once

#include <charconv>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace embex::core {

/// Numbers as snapshot hyperparameter strings. to_chars/from_chars ignore the C locale, which a
/// Qt application sets from the environment (a German locale would write "0,5").
inline std::string numberText(double value)
{
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc() ? std::string(buffer, end) : std::string("nan");
}

/// The number stored under `key`; throws std::invalid_argument naming the key when it is
/// missing or malformed.
inline double hyperparameterNumber(const std::map<std::string, std::string>& h, const std::string& key)
{
    auto it = h.find(key);
    if (it == h.end())
        throw std::invalid_argument("snapshot lacks hyperparameter '" + key + "'");
    double value = 0;
    const std::string& text = it->second;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        throw std::invalid_argument("hyperparameter '" + key + "' is not a number: '" + text + "'");
    return value;
}

/// "32,4" → {32, 4}; empty text → {}.
inline std::vector<int> hyperparameterList(const std::map<std::string, std::string>& h, const std::string& key)
{
    std::vector<int> values;
    auto it = h.find(key);
    if (it == h.end())
        return values;
    const std::string& text = it->second;
    const char* p = text.data();
    const char* last = text.data() + text.size();
    while (p < last) {
        int v = 0;
        auto [end, ec] = std::from_chars(p, last, v);
        if (ec != std::errc())
            throw std::invalid_argument("hyperparameter '" + key + "' is not a list of whole numbers: '" + text + "'");
        values.push_back(v);
        p = end;
        if (p < last && *p == ',')
            ++p;
    }
    return values;
}

} // namespace embex::core
