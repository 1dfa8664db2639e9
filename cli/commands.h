// SPDX-License-Identifier: MIT
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace embex::cli {

/// Every command takes the words after its name and the two streams; returns an exit code.
using CommandArgs = std::vector<std::string>;

/// The one-line description `embex-cli --help` lists for a command, and its own --help starts with.
std::string commandSummary(const std::string& name);

int inspectCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
int demoCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
int trainCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
int neighborsCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
int recommendCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
int explainCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
int exportCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
int importCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
int pcaCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
int axesCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
int clustersCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
int mapCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
int compareCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
int tuneCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);
int agreementCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);

} // namespace embex::cli
