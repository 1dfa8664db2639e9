// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/issue.h"

#include <string>
#include <string_view>
#include <variant>

namespace embex::core {

/// A file's bytes mapped read-only into memory: parsing reads the page cache where it lies, with
/// no copy and no zeroed buffer (reading a 700 MB vectors.tsv into a string spends more time on
/// those than on the numbers). The view stays valid while the object lives; a file truncated by
/// another program while mapped is the caller's risk, as with any reader of a file being rewritten.
class MappedFile {
public:
    MappedFile() = default;
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    std::string_view bytes() const { return { static_cast<const char*>(m_data), m_size }; }

    /// The Issues are readWholeFile's: "cannot open the file: …", "is a folder, not a file".
    static std::variant<MappedFile, Issue> open(const std::string& path);

private:
    void* m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace embex::core
