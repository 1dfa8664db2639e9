// SPDX-License-Identifier: MIT
#include "core/io/mapped_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace embex::core {

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr))
    , m_size(std::exchange(other.m_size, 0))
{
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept
{
    if (this != &other) {
        if (m_data)
            ::munmap(m_data, m_size);
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

MappedFile::~MappedFile()
{
    if (m_data)
        ::munmap(m_data, m_size);
}

std::variant<MappedFile, Issue> MappedFile::open(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return Issue { path, 0, std::string("cannot open the file: ") + std::strerror(errno) };
    struct stat info { };
    const bool statted = ::fstat(fd, &info) == 0;
    const int statError = errno;
    MappedFile file;
    std::optional<Issue> problem;
    if (!statted)
        problem = Issue { path, 0, std::string("cannot read the file: ") + std::strerror(statError) };
    else if (S_ISDIR(info.st_mode))
        problem = Issue { path, 0, "is a folder, not a file" };
    else if (!S_ISREG(info.st_mode))
        problem = Issue { path, 0, "is not a regular file" };
    else if (info.st_size > 0) {
        file.m_size = static_cast<std::size_t>(info.st_size);
        // MAP_POPULATE maps the whole page cache now: one walk instead of a fault per page
        void* data = ::mmap(nullptr, file.m_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (data == MAP_FAILED) {
            file.m_size = 0;
            problem = Issue { path, 0, std::string("cannot read the file: ") + std::strerror(errno) };
        } else {
            file.m_data = data;
            ::madvise(data, file.m_size, MADV_SEQUENTIAL);
        }
    }
    ::close(fd);
    if (problem)
        return *problem;
    return file;
}

} // namespace embex::core
