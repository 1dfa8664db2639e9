// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace embex::cli {

/// `--name value`, `--name=value`, `-k 10` and bare `--flag`s, plus positionals.
/// Each command states which options take a value and which are flags, so a typo is an error
/// rather than a silently ignored word.
class Arguments {
public:
    Arguments(const std::vector<std::string>& words, const std::set<std::string>& valueOptions,
              const std::set<std::string>& flags);

    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }
    const std::vector<std::string>& positionals() const { return m_positionals; }

    bool has(const std::string& name) const { return m_values.count(name) || m_flags.count(name); }
    std::optional<std::string> value(const std::string& name) const;
    std::string value(const std::string& name, const std::string& fallback) const;
    /// Parses an integer or number option; records an error and returns the fallback when malformed.
    long long integer(const std::string& name, long long fallback);
    double number(const std::string& name, double fallback);

private:
    std::vector<std::string> m_positionals;
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_flags;
    std::string m_error;
};

} // namespace embex::cli
