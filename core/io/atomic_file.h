// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/issue.h"

#include <optional>
#include <string>
#include <string_view>

namespace embex::core {

/// Writes a file so that readers see the old content or the complete new one, never a torn
/// mix: bytes go to a temporary file in the same directory, which commit() fsyncs and renames
/// over the target (core's QSaveFile). A failure (disk full, unwritable directory) leaves the
/// old file untouched and the temporary removed; the reason names the target path.
/// A symbolic link is followed (the file it names is replaced, the link kept). A target that is
/// not a regular file (/dev/stdout, /dev/full, a pipe) cannot be renamed over and is written in
/// place, so /dev/full reports "No space left on device" instead of losing the device node.
/// Not copyable; one writer per file.
class AtomicFile {
public:
    explicit AtomicFile(std::string path);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    /// Creates the temporary file. False (see error()) when the directory is missing or unwritable.
    bool open();
    /// Buffered; false once anything failed. Later writes are ignored after a failure.
    bool write(std::string_view bytes);
    /// Flushes, fsyncs, renames over the target. nullopt on success, else what went wrong.
    std::optional<Issue> commit();

    bool hasFailed() const { return !m_error.message.empty(); }
    const Issue& error() const { return m_error; }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    std::string m_targetPath; ///< m_path with symbolic links resolved
    std::string m_tempPath;
    std::string m_buffer;
    int m_fd = -1;
    bool m_inPlace = false; ///< writing straight into a device or pipe
    Issue m_error;

    bool flushBuffer();
    bool openInPlace();
    void failWithErrno(const std::string& what);
    void discard();
};

} // namespace embex::core
