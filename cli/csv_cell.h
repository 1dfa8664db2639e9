// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace embex::cli {

/// `text` as one CSV cell: quoted, with quotes doubled, when it holds a comma, quote or line break.
inline std::string csvCell(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string cell(1, '"');
    for (char c : text) {
        if (c == '"')
            cell += '"';
        cell += c;
    }
    return cell + '"';
}

} // namespace embex::cli
