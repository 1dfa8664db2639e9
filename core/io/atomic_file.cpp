// SPDX-License-Identifier: MIT
#include "core/io/atomic_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace embex::core {
namespace {

    constexpr std::size_t bufferSize = 1 << 20;

    std::string directoryOf(const std::string& path)
    {
        const std::filesystem::path parent = std::filesystem::path(path).parent_path();
        return parent.empty() ? std::string(".") : parent.string();
    }

    // The file a chain of symbolic links ends at, existing or not (a dangling link is kept too).
    std::string followLinks(const std::string& path)
    {
        std::filesystem::path current(path);
        for (int hop = 0; hop < 40; ++hop) { // 40: the kernel's own limit (ELOOP)
            std::error_code ec;
            if (!std::filesystem::is_symlink(current, ec))
                break;
            const std::filesystem::path target = std::filesystem::read_symlink(current, ec);
            if (ec)
                break;
            current = target.is_absolute() ? target : current.parent_path() / target;
        }
        return current.string();
    }

} // namespace

AtomicFile::AtomicFile(std::string path)
    : m_path(std::move(path))
{
    m_error.file = m_path;
}

AtomicFile::~AtomicFile()
{
    discard();
}

bool AtomicFile::open()
{
    if (m_path.empty()) {
        m_error.message = "no file name given";
        return false;
    }
    m_targetPath = followLinks(m_path);
    struct stat info { };
    if (::stat(m_targetPath.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
        if (S_ISDIR(info.st_mode)) {
            m_error.message = "is a folder, not a file";
            return false;
        }
        return openInPlace();
    }
    const std::filesystem::path target(m_targetPath);
    std::string hidden(1, '.'); // GCC 12 warns falsely (-Wrestrict) about "." + std::string
    hidden += target.filename().string();
    hidden += ".XXXXXX";
    std::string pattern = (std::filesystem::path(directoryOf(m_targetPath)) / hidden).string();
    m_fd = ::mkstemp(pattern.data());
    if (m_fd < 0) {
        failWithErrno("cannot create a file in " + directoryOf(m_targetPath));
        return false;
    }
    m_tempPath = pattern;
    ::fchmod(m_fd, 0644); // mkstemp makes 0600; a saved file should read like any other
    m_buffer.reserve(bufferSize);
    return true;
}

bool AtomicFile::openInPlace()
{
    m_fd = ::open(m_targetPath.c_str(), O_WRONLY | O_CLOEXEC);
    if (m_fd < 0) {
        failWithErrno("cannot open for writing");
        return false;
    }
    m_inPlace = true;
    m_buffer.reserve(bufferSize);
    return true;
}

bool AtomicFile::write(std::string_view bytes)
{
    if (hasFailed() || m_fd < 0)
        return false;
    if (m_buffer.size() + bytes.size() > bufferSize && !flushBuffer())
        return false;
    if (bytes.size() >= bufferSize) {
        m_buffer.assign(bytes); // one big block: write it straight through
        return flushBuffer();
    }
    m_buffer.append(bytes);
    return true;
}

bool AtomicFile::flushBuffer()
{
    std::size_t done = 0;
    while (done < m_buffer.size()) {
        const ssize_t n = ::write(m_fd, m_buffer.data() + done, m_buffer.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            failWithErrno("write failed");
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    m_buffer.clear();
    return true;
}

std::optional<Issue> AtomicFile::commit()
{
    if (m_fd < 0 && !hasFailed())
        m_error.message = "the file was never opened";
    if (m_inPlace) {
        if (!hasFailed() && flushBuffer()) {
            const int fd = std::exchange(m_fd, -1);
            if (::close(fd) != 0)
                failWithErrno("write failed");
        }
        discard();
        if (hasFailed())
            return m_error;
        return std::nullopt;
    }
    if (!hasFailed() && flushBuffer()) {
        if (::fsync(m_fd) != 0) {
            failWithErrno("cannot flush to disk");
        } else {
            const int fd = m_fd;
            m_fd = -1;
            if (::close(fd) != 0)
                failWithErrno("write failed");
            else if (::rename(m_tempPath.c_str(), m_targetPath.c_str()) != 0)
                failWithErrno("cannot replace the file");
        }
    }
    if (hasFailed()) {
        discard();
        return m_error;
    }
    m_tempPath.clear();
    // The rename lives in the directory: sync it too so a crash cannot bring the old file back.
    const int dir = ::open(directoryOf(m_targetPath).c_str(), O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return std::nullopt;
}

void AtomicFile::failWithErrno(const std::string& what)
{
    if (!hasFailed())
        m_error.message = what + ": " + std::strerror(errno);
}

void AtomicFile::discard()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    if (!m_tempPath.empty()) {
        ::unlink(m_tempPath.c_str());
        m_tempPath.clear();
    }
}

} // namespace embex::core
