// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace embex::core {

/// A problem found in an input file, written like a compiler message:
/// `ratings.csv:1234: rating 'abc' is not a number`. line 0 means "the file as a whole".
struct Issue {
    std::string file;
    long line = 0;
    std::string message;

    std::string toString() const
    {
        std::string text = file;
        if (line > 0)
            text += ':' + std::to_string(line);
        if (!text.empty())
            text += ": ";
        return text + message;
    }
};

} // namespace embex::core
