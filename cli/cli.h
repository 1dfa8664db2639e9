// SPDX-License-Identifier: MIT
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace embex::cli {

/// Runs one embex-cli command. Results go to `out` (one JSON object with --json), progress
/// and errors to `err`. Returns the process exit code: 0 success, 1 failure, 2 usage error.
int run(int argc, char* argv[], std::ostream& out, std::ostream& err);
int run(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);

} // namespace embex::cli
