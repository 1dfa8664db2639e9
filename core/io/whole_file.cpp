// SPDX-License-Identifier: MIT
#include "core/io/whole_file.h"

#include "core/util/physical_memory.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace embex::core {
namespace {

    class Descriptor {
    public:
        explicit Descriptor(int fd)
            : m_fd(fd)
        {
        }
        ~Descriptor()
        {
            if (m_fd >= 0)
                ::close(m_fd);
        }
        Descriptor(const Descriptor&) = delete;
        Descriptor& operator=(const Descriptor&) = delete;
        int get() const { return m_fd; }

    private:
        int m_fd;
    };

    // read() until `size` bytes or the end; returns how many arrived, or -1 on an error.
    long long readFully(int fd, char* out, std::size_t size)
    {
        std::size_t done = 0;
        while (done < size) {
            const ssize_t n = ::read(fd, out + done, size - done);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                return -1;
            if (n == 0)
                break;
            done += static_cast<std::size_t>(n);
        }
        return static_cast<long long>(done);
    }

} // namespace

std::variant<std::string, Issue> readWholeFile(const std::string& path, const ReadProgress& progress,
                                               std::stop_token stop)
{
    auto fail = [&](std::string message) { return Issue { path, 0, std::move(message) }; };
    const Descriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (file.get() < 0)
        return fail(std::string("cannot open the file: ") + std::strerror(errno));
    struct stat info { };
    if (::fstat(file.get(), &info) != 0)
        return fail(std::string("cannot read the file: ") + std::strerror(errno));
    if (S_ISDIR(info.st_mode))
        return fail("is a folder, not a file");
    const std::uint64_t memory = physicalMemoryBytes();
    std::string bytes;
    if (S_ISREG(info.st_mode)) {
        const auto expected = static_cast<std::uint64_t>(info.st_size);
        if (expected >= memory)
            return fail("the file is " + gigabytesText(static_cast<double>(expected))
                        + ", more than this computer's memory (" + gigabytesText(static_cast<double>(memory)) + ")");
        bytes.resize(static_cast<std::size_t>(expected));
        constexpr std::size_t blockBytes = std::size_t(16) << 20; // a progress report per block
        long long got = 0;
        while (static_cast<std::size_t>(got) < bytes.size()) {
            const std::size_t want = std::min(blockBytes, bytes.size() - static_cast<std::size_t>(got));
            const long long part = readFully(file.get(), bytes.data() + got, want);
            if (part < 0) {
                got = -1;
                break;
            }
            got += part;
            if (progress)
                progress(static_cast<std::uint64_t>(got), expected);
            if (stop.stop_requested())
                return fail("reading stopped");
            if (static_cast<std::size_t>(part) < want)
                break;
        }
        char extra = 0;
        const long long more = got == static_cast<long long>(expected) ? readFully(file.get(), &extra, 1) : 0;
        if (got < 0 || more < 0)
            return fail(std::string("read error: ") + std::strerror(errno));
        if (got != static_cast<long long>(expected) || more != 0)
            return fail("the file changed while it was being read (" + std::to_string(expected) + " bytes expected, "
                        + std::to_string(got + more) + (more ? " or more" : "") + " read)");
        return bytes;
    }
    // A pipe or device: no size to check up front, so grow until the end (or the memory limit).
    char chunk[1 << 16];
    while (true) {
        const long long got = readFully(file.get(), chunk, sizeof chunk);
        if (got < 0)
            return fail(std::string("read error: ") + std::strerror(errno));
        if (got == 0)
            return bytes;
        if (bytes.size() + static_cast<std::size_t>(got) >= memory)
            return fail("the input is larger than this computer's memory (" + gigabytesText(static_cast<double>(memory))
                        + ")");
        bytes.append(chunk, static_cast<std::size_t>(got));
    }
}

} // namespace embex::core
