// SPDX-License-Identifier: MIT
#pragma once

#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <charconv>
#include <cmath>
#include <iosfwd>
#include <optional>
#include <string>
#include <type_traits>

namespace embex::cli {

/// One command's options, parsed by CLI11: `--name value`, `--name=value`, `-k 10`, bare flags
/// and positionals, with `--help` for the usage. A malformed number names its option and the
/// text ("--dim expects a whole number, got 'ten'"), since CLI11's own conversion message does
/// not say what was expected.
class CommandLine {
public:
    explicit CommandLine(const std::string& command);

    CLI::App& app() { return m_app; }

    /// A whole-number or number option; `target` keeps its value when the option is absent.
    template <typename T>
    CLI::Option* addNumber(const std::string& name, T& target, const std::string& help)
    {
        CLI::Option* option = addParsed<T>(name, help, [&target](T v) { target = v; });
        if constexpr (std::is_integral_v<T>)
            option->default_str(std::to_string(target));
        else
            option->default_str(CLI::detail::to_string(target));
        return option;
    }
    /// The same for an option whose default is decided later (e.g. by the chosen model).
    template <typename T>
    CLI::Option* addNumber(const std::string& name, std::optional<T>& target, const std::string& help)
    {
        return addParsed<T>(name, help, [&target](T v) { target = v; });
    }

    /// Parses the words after the command's name. Returns the exit code to stop with when the
    /// words asked for help (usage on `out`, 0) or were wrong (the problem and the usage on
    /// `err`, 2); nullopt when the command should run.
    std::optional<int> parse(const CommandArgs& words, std::ostream& out, std::ostream& err);

    /// "embex-cli COMMAND: message" and the usage on `err`; returns 2, the usage exit code.
    int usageError(const std::string& message, std::ostream& err);

private:
    std::string m_command;
    CLI::App m_app;

    template <typename T, typename Store>
    CLI::Option* addParsed(const std::string& name, const std::string& help, Store store)
    {
        CLI::Option* option = m_app.add_option_function<std::string>(
            name,
            [name, store](const std::string& text) {
                T value {};
                if (!parseNumber(text, value))
                    throw CLI::ValidationError(
                        name + (std::is_integral_v<T> ? " expects a whole number" : " expects a number") + ", got '"
                        + text + "'");
                store(value);
            },
            help);
        option->type_name(std::is_integral_v<T> ? "INT" : "NUMBER");
        return option;
    }

    template <typename T>
    static bool parseNumber(const std::string& text, T& value)
    {
        const char* end = text.data() + text.size();
        auto [ptr, ec] = std::from_chars(text.data(), end, value);
        if constexpr (std::is_floating_point_v<T>)
            return ec == std::errc() && ptr == end && std::isfinite(value);
        else
            return ec == std::errc() && ptr == end;
    }
};

} // namespace embex::cli
