// SPDX-License-Identifier: MIT
#include "cli/command_line.h"

#include <algorithm>
#include <ostream>

namespace embex::cli {

CommandLine::CommandLine(const std::string& command)
    : m_command(command)
    , m_app(commandSummary(command), "embex-cli " + command)
{
    // As most Unix tools do: an option given twice keeps its last value rather than failing.
    m_app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

std::optional<int> CommandLine::parse(const CommandArgs& words, std::ostream& out, std::ostream& err)
{
    std::vector<std::string> reversed(words.rbegin(), words.rend()); // CLI11 takes them last first
    try {
        m_app.parse(reversed);
    } catch (const CLI::Success&) { // --help
        out << m_app.help();
        return 0;
    } catch (const CLI::ArgumentMismatch& e) {
        // CLI11 says "--dim: 1 required INT missing" for an option given last without its value.
        std::string message = e.what();
        if (const auto colon = message.find(": "); colon != std::string::npos && message.ends_with(" missing"))
            message = message.substr(0, colon) + " needs a value";
        return usageError(message, err);
    } catch (const CLI::ParseError& e) {
        return usageError(e.what(), err);
    }
    return std::nullopt;
}

int CommandLine::usageError(const std::string& message, std::ostream& err)
{
    err << "embex-cli " << m_command << ": " << message << "\n\n" << m_app.help();
    return 2;
}

} // namespace embex::cli
