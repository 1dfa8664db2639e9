// SPDX-License-Identifier: MIT
// The .embex reader. Random bytes rarely pass the CRC-32 checks, so when the first byte is odd the
// checksums are rewritten first and the section parsers see the mutated payloads.
#include "core/io/crc32.h"
#include "core/io/session_file.h"
#include "core/models/scorer.h"

#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

using namespace embex::core;

namespace {

void putCrc(std::string& bytes, std::size_t at, std::size_t from)
{
    const std::uint32_t crc = crc32(bytes.data() + from, at - from);
    std::memcpy(bytes.data() + at, &crc, 4);
}

// Walks the layout saveSession documents and makes every checksum match what it covers.
void fixChecksums(std::string& bytes)
{
    if (bytes.size() < 20)
        return;
    putCrc(bytes, 16, 0);
    std::size_t pos = 20;
    while (pos < bytes.size()) {
        const std::size_t start = pos;
        const std::size_t nameLength = static_cast<unsigned char>(bytes[pos]);
        if (bytes.size() - pos < 1 + nameLength + 8)
            return;
        std::uint64_t size = 0;
        std::memcpy(&size, bytes.data() + pos + 1 + nameLength, 8);
        pos += 1 + nameLength + 8;
        if (size > bytes.size() - pos || bytes.size() - pos - size < 4)
            return;
        pos += size;
        putCrc(bytes, pos, start);
        pos += 4;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (data[0] & 1)
        fixChecksums(bytes);
    const SessionLoadOutcome outcome = parseSession(bytes, "fuzz.embex");
    if (!outcome.ok()) {
        if (outcome.error.message.empty())
            __builtin_trap(); // a failure must say why
        return 0;
    }
    // What the reader accepts, the rest of Embex may rely on.
    const Session& session = *outcome.session;
    const Dataset& d = *session.dataset;
    if (static_cast<std::size_t>(session.snapshot->itemEmbeddings().rows()) != d.items.size())
        __builtin_trap();
    if (session.runs.empty() || session.activeRun >= session.runs.size()
        || session.runs[session.activeRun].snapshot != session.snapshot)
        __builtin_trap();
    for (const TrainingRun& run : session.runs)
        if (!run.snapshot || static_cast<std::size_t>(run.snapshot->itemEmbeddings().rows()) != d.items.size())
            __builtin_trap();
    for (std::size_t r = 0; r < d.ratings.size(); ++r)
        if (d.ratings.users[r] >= d.users.size() || d.ratings.items[r] >= d.items.size())
            __builtin_trap();
    try {
        const auto scorer = makeScorer(session.snapshot);
        if (scorer->canScoreUsers() && d.users.size() > 0) {
            std::vector<float> scores(d.items.size());
            scorer->scoreItems(0, {}, scores);
        }
    } catch (const std::invalid_argument&) {
        // documented: a snapshot lacking what its model kind needs
    }
    return 0;
}
