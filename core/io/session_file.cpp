// SPDX-License-Identifier: MIT
#include "core/io/session_file.h"

#include "core/io/atomic_file.h"
#include "core/io/crc32.h"
#include "core/io/session_sections.h"
#include "core/io/whole_file.h"

#include <bit>
#include <cstring>
#include <functional>
#include <map>
#include <stdexcept>
#include <variant>

namespace embex::core {

static_assert(std::endian::native == std::endian::little, ".embex files are read and written as little-endian memory");

namespace {

    constexpr std::string_view magic { "\x89"
                                       "EMBEX\r\n",
                                       8 };
    constexpr std::size_t headerSize = 20;
    const char* const sectionOrder[] = { "model",    "dataset", "users",   "items",
                                         "metadata", "ratings", "weights", "history" };

    template <typename T>
    T readAt(std::string_view bytes, std::size_t offset)
    {
        T value {};
        std::memcpy(&value, bytes.data() + offset, sizeof(T));
        return value;
    }

    std::string quoted(std::string_view name)
    {
        return "section \"" + std::string(name) + "\"";
    }

    void writeSection(AtomicFile& file, std::string_view name, const ByteWriter& payload)
    {
        ByteWriter head;
        head.put(static_cast<std::uint8_t>(name.size()));
        std::string framed = head.bytes();
        framed += name;
        ByteWriter size;
        size.put(static_cast<std::uint64_t>(payload.bytes().size()));
        framed += size.bytes();
        std::uint32_t crc = crc32(framed.data(), framed.size());
        crc = crc32(payload.bytes().data(), payload.bytes().size(), crc);
        ByteWriter tail;
        tail.put(crc);
        file.write(framed);
        file.write(payload.bytes());
        file.write(tail.bytes());
    }

} // namespace

std::optional<Issue> saveSession(const Session& session, const std::string& path)
{
    using namespace session_sections;
    if (!session.dataset || !session.snapshot)
        throw std::invalid_argument("a session needs a dataset and a snapshot");
    const Dataset& data = *session.dataset;
    const EmbeddingSnapshot& snapshot = *session.snapshot;
    if (static_cast<std::size_t>(snapshot.itemEmbeddings().rows()) != data.items.size())
        throw std::invalid_argument("a session's item_embedding needs one row per dataset item");

    AtomicFile file(path);
    if (!file.open())
        return file.error();
    ByteWriter header;
    header.put(static_cast<std::uint32_t>(sessionFormatVersion));
    header.put(static_cast<std::uint32_t>(std::size(sectionOrder)));
    std::string head = std::string(magic) + header.bytes();
    ByteWriter headCrc;
    headCrc.put(crc32(head.data(), head.size()));
    file.write(head + headCrc.bytes());

    const std::map<std::string_view, std::function<void(ByteWriter&)>> writers = {
        { "model", [&](ByteWriter& out) { writeModel(out, snapshot); } },
        { "dataset", [&](ByteWriter& out) { writeDataset(out, data); } },
        { "users", [&](ByteWriter& out) { writeIdMap(out, data.users); } },
        { "items", [&](ByteWriter& out) { writeIdMap(out, data.items); } },
        { "metadata", [&](ByteWriter& out) { writeMetadata(out, data.metadata); } },
        { "ratings", [&](ByteWriter& out) { writeRatings(out, data.ratings); } },
        { "weights", [&](ByteWriter& out) { writeWeights(out, snapshot); } },
        { "history", [&](ByteWriter& out) { writeHistory(out, session.history); } },
    };
    for (const char* name : sectionOrder) {
        ByteWriter payload; // one section in memory at a time
        writers.at(name)(payload);
        writeSection(file, name, payload);
        if (file.hasFailed())
            break;
    }
    return file.commit();
}

SessionLoadOutcome parseSession(std::string_view bytes, const std::string& fileName)
{
    using namespace session_sections;
    SessionLoadOutcome outcome;
    auto fail = [&](std::string message) {
        outcome.error = Issue { fileName, 0, std::move(message) };
        return outcome;
    };
    if (bytes.empty())
        return fail("the file is empty, not an Embex session");
    if (bytes.substr(0, magic.size()) != magic.substr(0, std::min(bytes.size(), magic.size())))
        return fail("not an Embex session file");
    if (bytes.size() < headerSize)
        return fail("truncated at offset " + std::to_string(bytes.size()) + " (the header needs "
                    + std::to_string(headerSize) + " bytes)");
    const auto version = readAt<std::uint32_t>(bytes, 8);
    if (version > sessionFormatVersion)
        return fail("format version " + std::to_string(version) + " is newer than this Embex supports ("
                    + std::to_string(sessionFormatVersion) + ")");
    if (version == 0)
        return fail("format version 0 is not a valid Embex version");
    if (readAt<std::uint32_t>(bytes, 16) != crc32(bytes.data(), 16))
        return fail("checksum mismatch in the file header");
    const auto sectionCount = readAt<std::uint32_t>(bytes, 12);

    std::map<std::string, std::pair<std::string_view, std::size_t>> sections; // name → payload, its offset
    std::size_t pos = headerSize;
    for (std::uint32_t s = 0; s < sectionCount; ++s) {
        if (pos >= bytes.size())
            return fail("truncated at offset " + std::to_string(pos) + " (" + std::to_string(sectionCount - s) + " of "
                        + std::to_string(sectionCount) + " sections missing)");
        const std::size_t start = pos;
        const auto nameLength = static_cast<std::size_t>(static_cast<unsigned char>(bytes[pos]));
        if (bytes.size() - pos < 1 + nameLength + 8)
            return fail("truncated at offset " + std::to_string(bytes.size()) + " (a section header is cut short)");
        const std::string name(bytes.substr(pos + 1, nameLength));
        const auto size = readAt<std::uint64_t>(bytes, pos + 1 + nameLength);
        pos += 1 + nameLength + 8;
        if (size > bytes.size() - pos || bytes.size() - pos - size < 4)
            return fail("truncated at offset " + std::to_string(bytes.size()) + " (" + quoted(name) + " needs "
                        + std::to_string(size + 4) + " bytes, " + std::to_string(bytes.size() - pos) + " remain)");
        const std::string_view payload = bytes.substr(pos, size);
        pos += size;
        if (readAt<std::uint32_t>(bytes, pos) != crc32(bytes.data() + start, pos - start))
            return fail("checksum mismatch in " + quoted(name) + " (the file is damaged)");
        pos += 4;
        sections.emplace(name, std::make_pair(payload, start));
    }
    if (pos != bytes.size())
        return fail("unexpected " + std::to_string(bytes.size() - pos) + " bytes after the last section at offset "
                    + std::to_string(pos));

    auto data = std::make_shared<Dataset>();
    auto snapshot = std::make_shared<EmbeddingSnapshot>();
    std::vector<EpochReport> history;
    const std::map<std::string_view, std::function<std::string(ByteReader&)>> readers = {
        { "model", [&](ByteReader& in) { return readModel(in, *snapshot); } },
        { "dataset", [&](ByteReader& in) { return readDataset(in, *data); } },
        { "users", [&](ByteReader& in) { return readIdMap(in, data->users); } },
        { "items", [&](ByteReader& in) { return readIdMap(in, data->items); } },
        { "metadata", [&](ByteReader& in) { return readMetadata(in, data->metadata); } },
        { "ratings",
          [&](ByteReader& in) { return readRatings(in, data->ratings, data->users.size(), data->items.size()); } },
        { "weights",
          [&](ByteReader& in) { return readWeights(in, *snapshot, data->users.size(), data->items.size()); } },
        { "history", [&](ByteReader& in) { return readHistory(in, history); } },
    };
    for (const char* name : sectionOrder) { // users and items come before the sections checked against them
        auto it = sections.find(name);
        if (it == sections.end())
            return fail(quoted(name) + " is missing");
        ByteReader in(it->second.first, it->second.second);
        std::string problem = readers.at(name)(in);
        if (problem.empty() && in.remaining() > 0)
            problem = std::to_string(in.remaining()) + " unread bytes at its end";
        if (!problem.empty())
            return fail(quoted(name) + " at offset " + std::to_string(it->second.second) + ": " + problem);
    }
    outcome.session = Session { std::move(data), std::move(snapshot), std::move(history) };
    return outcome;
}

SessionLoadOutcome loadSession(const std::string& path)
{
    auto read = readWholeFile(path);
    if (auto* issue = std::get_if<Issue>(&read)) {
        SessionLoadOutcome outcome;
        outcome.error = std::move(*issue);
        return outcome;
    }
    return parseSession(std::get<std::string>(read), path);
}

} // namespace embex::core
