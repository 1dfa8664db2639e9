// SPDX-License-Identifier: MIT
#include "core/io/session_file.h"

#include "core/io/atomic_file.h"
#include "core/io/crc32.h"
#include "core/io/session_sections.h"
#include "core/io/whole_file.h"
#include "core/util/progress_throttle.h"

#include <algorithm>
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

    std::string runSectionName(std::size_t index)
    {
        return "run " + std::to_string(index + 1);
    }

    // What saveSession refuses: a file that would not load again, or runs that lost the open one.
    void checkRuns(const Session& session)
    {
        const std::size_t items = session.dataset->items.size();
        for (std::size_t r = 0; r < session.runs.size(); ++r) {
            const TrainingRun& run = session.runs[r];
            if (!run.snapshot)
                throw std::invalid_argument("run " + std::to_string(r + 1) + " ('" + run.name + "') has no snapshot");
            if (static_cast<std::size_t>(run.snapshot->itemEmbeddings().rows()) != items)
                throw std::invalid_argument("run " + std::to_string(r + 1) + " ('" + run.name
                                            + "'): a run's item_embedding needs one row per dataset item");
        }
        if (!session.runs.empty()) {
            if (session.activeRun >= session.runs.size())
                throw std::invalid_argument("activeRun " + std::to_string(session.activeRun)
                                            + " is not an index of the session's " + std::to_string(session.runs.size())
                                            + " runs");
            if (session.runs[session.activeRun].snapshot != session.snapshot)
                throw std::invalid_argument("runs[activeRun].snapshot must be the session's snapshot");
        }
    }

    // A view whose genres the file's metadata does not have would not load again.
    void checkView(const Session& session)
    {
        if (!session.view)
            return;
        const std::size_t genres = session.dataset->metadata.genreNames.size();
        const ItemFilter& filter = session.view->itemFilter;
        for (const auto* list : { &filter.includeGenres, &filter.excludeGenres })
            for (std::uint16_t g : *list)
                if (g >= genres)
                    throw std::invalid_argument("the view's filter names genre " + std::to_string(g)
                                                + " but the dataset's metadata has " + std::to_string(genres)
                                                + " genres");
    }

    // Sections are summed and written in blocks of this size, so a large one moves the progress too.
    constexpr std::size_t blockBytes = std::size_t(8) << 20;

    // Turns bytes done into the rising fraction a SessionProgress reports, thinned here once.
    // The work comes in stages (reading the file, then parsing it), each a share of the whole.
    class ProgressMeter {
    public:
        explicit ProgressMeter(const SessionProgress& report)
            : m_report(report)
        {
        }
        ~ProgressMeter() // a failure still reports how far it got
        {
            if (m_report)
                m_throttle.flush(m_report);
        }
        ProgressMeter(const ProgressMeter&) = delete;
        ProgressMeter& operator=(const ProgressMeter&) = delete;

        /// What follows is `share` of the whole and about `bytes` of work.
        void beginStage(double share, double bytes)
        {
            m_stageStart += m_stageShare;
            m_stageShare = share;
            m_stageBytes = std::max(1.0, bytes);
            m_done = 0;
        }
        void advance(double bytes) { reach(m_done + bytes); }
        /// `bytes` of the stage's work are done in all.
        void reach(double bytes)
        {
            m_done = bytes;
            offer(std::min(0.99, m_stageStart + m_stageShare * std::min(1.0, m_done / m_stageBytes)));
        }
        void finish() { offer(1.0); }

    private:
        const SessionProgress& m_report;
        ProgressThrottle<double> m_throttle;
        double m_stageStart = 0, m_stageShare = 0, m_stageBytes = 1, m_done = 0, m_last = 0;

        void offer(double fraction)
        {
            if (!m_report || fraction <= m_last)
                return;
            m_last = fraction;
            m_throttle.offer(fraction, m_report);
        }
    };

    // About how many bytes saveSession writes: the ratings and the weights; the rest is small.
    double expectedBytes(const Session& session, const std::vector<TrainingRun>& runs, std::size_t activeRun)
    {
        auto weights = [](const EmbeddingSnapshot& snapshot) {
            double bytes = 0;
            for (const NamedMatrix& p : snapshot.parameters)
                bytes += static_cast<double>(p.value.size()) * sizeof(float) + 32.0;
            return bytes;
        };
        const Dataset& data = *session.dataset;
        double bytes = weights(*session.snapshot);
        for (std::size_t r = 0; r < runs.size(); ++r)
            if (r != activeRun)
                bytes += weights(*runs[r].snapshot);
        bytes += static_cast<double>(data.ratings.size()) * (2 * sizeof(std::uint32_t) + sizeof(float))
            + static_cast<double>(data.ratings.timestamps.size()) * sizeof(std::int64_t);
        bytes += static_cast<double>(data.users.size() + data.items.size()) * 8.0
            + static_cast<double>(data.metadata.items.size()) * 40.0;
        return bytes;
    }

    void writeSection(AtomicFile& file, std::string_view name, const ByteWriter& payload, ProgressMeter& meter)
    {
        ByteWriter head;
        head.put(static_cast<std::uint8_t>(name.size()));
        std::string framed = head.bytes();
        framed += name;
        ByteWriter size;
        size.put(static_cast<std::uint64_t>(payload.bytes().size()));
        framed += size.bytes();
        std::uint32_t crc = crc32(framed.data(), framed.size());
        file.write(framed);
        const std::string_view bytes = payload.bytes();
        for (std::size_t at = 0; at < bytes.size() && !file.hasFailed(); at += blockBytes) {
            const std::string_view block = bytes.substr(at, blockBytes);
            crc = crc32(block.data(), block.size(), crc);
            file.write(block);
            meter.advance(static_cast<double>(block.size()));
        }
        ByteWriter tail;
        tail.put(crc);
        file.write(tail.bytes());
    }

    // CRC-32 of bytes[start, end), in blocks that each count as done.
    std::uint32_t checksum(std::string_view bytes, std::size_t start, std::size_t end, ProgressMeter& meter)
    {
        std::uint32_t crc = 0;
        for (std::size_t at = start; at < end; at += blockBytes) {
            const std::size_t n = std::min(blockBytes, end - at);
            crc = crc32(bytes.data() + at, n, crc);
            meter.advance(static_cast<double>(n));
        }
        return crc;
    }

    SessionLoadOutcome parse(std::string_view bytes, const std::string& fileName, ProgressMeter& meter);

} // namespace

std::optional<Issue> saveSession(const Session& session, const std::string& path, const SessionProgress& progress)
{
    using namespace session_sections;
    if (!session.dataset || !session.snapshot)
        throw std::invalid_argument("a session needs a dataset and a snapshot");
    const Dataset& data = *session.dataset;
    const EmbeddingSnapshot& snapshot = *session.snapshot;
    if (static_cast<std::size_t>(snapshot.itemEmbeddings().rows()) != data.items.size())
        throw std::invalid_argument("a session's item_embedding needs one row per dataset item");
    checkRuns(session);
    checkView(session);

    AtomicFile file(path);
    if (!file.open())
        return file.error();
    ByteWriter header;
    header.put(static_cast<std::uint32_t>(sessionFormatVersion));
    const std::vector<TrainingRun> runs = sessionRuns(session);
    const std::size_t activeRun = session.runs.empty() ? 0 : session.activeRun;
    ProgressMeter meter(progress);
    meter.beginStage(1.0, expectedBytes(session, runs, activeRun));
    header.put(static_cast<std::uint32_t>(std::size(sectionOrder) + 1 + runs.size() + 1));
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
        writeSection(file, name, payload, meter);
        if (file.hasFailed())
            return file.commit();
    }
    ByteWriter list;
    writeRunList(list, runs.size(), activeRun);
    writeSection(file, "runs", list, meter);
    for (std::size_t r = 0; r < runs.size() && !file.hasFailed(); ++r) {
        ByteWriter payload; // one run's weights in memory at a time
        writeRun(payload, runs[r], r != activeRun);
        writeSection(file, runSectionName(r), payload, meter);
    }
    if (!file.hasFailed()) {
        ByteWriter view;
        writeView(view, session.view);
        writeSection(file, "view", view, meter);
    }
    std::optional<Issue> problem = file.commit();
    if (!problem)
        meter.finish();
    return problem;
}

SessionLoadOutcome parseSession(std::string_view bytes, const std::string& fileName, const SessionProgress& progress)
{
    ProgressMeter meter(progress);
    meter.beginStage(1.0, 2.0 * static_cast<double>(bytes.size())); // checksums, then sections
    SessionLoadOutcome outcome = parse(bytes, fileName, meter);
    if (outcome.ok())
        meter.finish();
    return outcome;
}

namespace {

    SessionLoadOutcome parse(std::string_view bytes, const std::string& fileName, ProgressMeter& meter)
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
                return fail("truncated at offset " + std::to_string(pos) + " (" + std::to_string(sectionCount - s)
                            + " of " + std::to_string(sectionCount) + " sections missing)");
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
            if (readAt<std::uint32_t>(bytes, pos) != checksum(bytes, start, pos, meter))
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
        // Runs `read` on the payload of section `name`; the complete problem, or empty.
        auto readSection = [&](const std::string& name, const std::function<std::string(ByteReader&)>& read) {
            auto it = sections.find(name);
            if (it == sections.end())
                return quoted(name) + " is missing";
            ByteReader in(it->second.first, it->second.second);
            std::string problem = read(in);
            meter.advance(static_cast<double>(it->second.first.size()));
            if (problem.empty() && in.remaining() > 0)
                problem = std::to_string(in.remaining()) + " unread bytes at its end";
            if (!problem.empty())
                return quoted(name) + " at offset " + std::to_string(it->second.second) + ": " + problem;
            return std::string();
        };
        for (const char* name : sectionOrder) // users and items come before the sections checked against them
            if (std::string problem = readSection(name, readers.at(name)); !problem.empty())
                return fail(problem);

        Session session { std::move(data), std::move(snapshot), std::move(history) };
        if (version >= 2) {
            std::uint64_t runCount = 0, activeRun = 0;
            if (std::string problem = readSection("runs",
                                                  [&](ByteReader& in) { return readRunList(in, runCount, activeRun); });
                !problem.empty())
                return fail(problem);
            if (runCount > sections.size())
                return fail(quoted("runs") + " lists " + std::to_string(runCount) + " runs but the file has only "
                            + std::to_string(sections.size()) + " sections");
            std::vector<TrainingRun> runs(runCount);
            const std::size_t users = session.dataset->users.size(), items = session.dataset->items.size();
            for (std::size_t r = 0; r < runs.size(); ++r) {
                const bool ownWeights = r != activeRun;
                if (std::string problem = readSection(
                        runSectionName(r),
                        [&](ByteReader& in) { return readRun(in, runs[r], ownWeights, users, items); });
                    !problem.empty())
                    return fail(problem);
                if (!ownWeights)
                    runs[r].snapshot = session.snapshot;
            }
            session.runs = std::move(runs);
            session.activeRun = static_cast<std::size_t>(activeRun);
        }
        if (session.runs.empty()) {
            session.runs = sessionRuns(session);
            session.activeRun = 0;
        }
        if (version >= 3) {
            const std::size_t genres = session.dataset->metadata.genreNames.size();
            if (std::string problem = readSection("view",
                                                  [&](ByteReader& in) { return readView(in, session.view, genres); });
                !problem.empty())
                return fail(problem);
        }
        outcome.session = std::move(session);
        return outcome;
    }

} // namespace

std::vector<TrainingRun> sessionRuns(const Session& session)
{
    if (!session.runs.empty())
        return session.runs;
    TrainingRun run;
    run.name = "run 1";
    run.snapshot = session.snapshot;
    run.history = session.history;
    return { std::move(run) };
}

SessionLoadOutcome loadSession(const std::string& path, const SessionProgress& progress, std::stop_token stop)
{
    // a third for reading the file, two for checking and parsing it, as each touches every byte
    ProgressMeter meter(progress);
    meter.beginStage(1.0 / 3, 1);
    auto read = readWholeFile(
        path,
        [&](std::uint64_t done, std::uint64_t total) {
            meter.reach(static_cast<double>(done) / static_cast<double>(std::max<std::uint64_t>(total, 1)));
        },
        stop);
    if (stop.stop_requested())
        return SessionLoadOutcome { std::nullopt, {}, true };
    if (auto* issue = std::get_if<Issue>(&read))
        return SessionLoadOutcome { std::nullopt, std::move(*issue), false };
    const std::string& bytes = std::get<std::string>(read);
    meter.beginStage(2.0 / 3, 2.0 * static_cast<double>(bytes.size()));
    // parse's outcome is returned as it is, never moved into a default-made one: GCC 12 reads that
    // move of a std::optional<Session> as using the unset payload (GCC bug 80635, -Wmaybe-uninitialized)
    SessionLoadOutcome outcome = parse(bytes, path, meter);
    if (stop.stop_requested()) {
        outcome.session.reset();
        outcome.error = {};
        outcome.stopped = true;
    } else if (outcome.ok()) {
        meter.finish();
    }
    return outcome;
}

} // namespace embex::core
