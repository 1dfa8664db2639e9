// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/item_filter.h"
#include "core/analysis/map_projection.h"
#include "core/data/dataset.h"
#include "core/data/issue.h"
#include "core/models/embedding_snapshot.h"
#include "core/training/epoch_report.h"
#include "core/training/training_run.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace embex::core {

/// What the window showed of a session, so that it reopens looking the same: the map's item filter
/// and the Users tab's choices. The filter's genres are indices into the dataset's
/// metadata.genreNames.
struct SessionView {
    ItemFilter itemFilter;
    ProjectionKind usersProjection = ProjectionKind::Pca;
    std::string usersColourBy = "activity"; ///< "activity" or the name of a user attribute column
    std::uint32_t usersMinRatings = 0;

    bool operator==(const SessionView&) const = default;
};

/// Everything needed to explore a trained (or imported) model again: the dataset it was trained
/// on, its weights and how training went. dataset->ratings are the ratings the model learned
/// from; recommendations leave those items out.
///
/// `snapshot` and `history` are the open run's, which is what every reader of one model uses.
/// `runs` keeps every run of the session for comparison, the open one included as
/// runs[activeRun] (with the same snapshot); it may be empty, which means just the one run.
/// `view` is null when no window recorded one (embex-cli, imported vectors, format 1 and 2 files).
struct Session {
    std::shared_ptr<const Dataset> dataset;
    std::shared_ptr<const EmbeddingSnapshot> snapshot;
    std::vector<EpochReport> history;
    std::vector<TrainingRun> runs {};
    std::size_t activeRun = 0;
    std::optional<SessionView> view {};
};

struct SessionLoadOutcome {
    std::optional<Session> session; ///< set on success
    Issue error;                    ///< set on failure: the file, and what is wrong where
    bool stopped = false;           ///< a stop was requested: neither a session nor an error

    bool ok() const { return session.has_value(); }
};

/// How far a session read or write is, as the fraction done from 0 to 1, never falling. Called on
/// the thread that reads or writes, at most once in 50 ms (core/util/progress_throttle.h); the
/// last call is 1 when it succeeded, and a failure sends what was reached.
using SessionProgress = std::function<void(double fraction)>;

/// The .embex format version this build writes and the newest it reads. Version 1 files (one
/// run, no "runs" section) and version 2 files (no "view" section) still open.
inline constexpr std::uint32_t sessionFormatVersion = 3;

/// Writes `session` to `path` atomically (temporary file, fsync, rename): on failure the old
/// file is intact and the Issue names the path and the reason ("No space left on device").
/// nullopt on success. Throws std::invalid_argument for a session without dataset or snapshot,
/// whose item_embedding rows (its own or any run's) differ from the dataset's item count, or
/// whose runs do not hold the open snapshot as runs[activeRun].
///
/// Layout, little-endian:
///   0   8 bytes  magic 89 45 4D 42 45 58 0D 0A ("\x89EMBEX\r\n": binary, not text)
///   8   u32      format version
///   12  u32      section count
///   16  u32      CRC-32 of bytes 0..15
///   20  sections, each: u8 name length, name, u64 payload size, payload,
///                       u32 CRC-32 of everything from the name length to the payload's end
/// Sections, in this order: "model" (kind, epoch, hyperparameters), "dataset" (source file,
/// format, rating range), "users" and "items" (raw ids in dense order), "metadata" (genre names,
/// titles, genres), "ratings" (the training table), "weights" (named row-major float matrices),
/// "history" (one EpochReport per epoch): these are the open run's, so one model reads as before.
/// Since version 2 they are followed by "runs" (u64 run count, u64 index of the open run; a
/// session with an empty `runs` is written as its sessionRuns(), one run) and "run 1" … "run N":
/// name, split label, seconds, outcome, history, a u8 that is 0 for the open run (its model and
/// weights are the sections above, not repeated) and 1 for any other, then that run's model and
/// weights payloads. Since version 3 the last section is "view": a u8 that is 0 for a session
/// without a view, or 1 followed by the item filter (include and exclude genre lists as u16
/// indices, then the year and rating-count bounds, each a u8 presence flag and its value) and the
/// Users tab's projection name, colour choice and minimum rating count. Readers skip sections
/// they do not know.
std::optional<Issue> saveSession(const Session& session, const std::string& path, const SessionProgress& progress = {});

/// Reads a session into fresh objects; nothing outside the outcome changes, so a failed load
/// leaves the open session as it was. Errors name the problem: "not an Embex session file",
/// "truncated at offset 1234 (section "weights" needs 5000 bytes, 812 remain)", "checksum
/// mismatch in section "weights"", "format version 7 is newer than this Embex supports (3)".
///
/// The loaded session always lists its runs: those of the file, or for a file that kept none (a
/// version 1 file) the one run sessionRuns() makes of its snapshot and history.
///
/// A stop (`stop`) ends the reading early with `stopped` set; one that comes after the last byte
/// was read still wins, so a reader that asked to stop never receives the session.
SessionLoadOutcome loadSession(const std::string& path, const SessionProgress& progress = {},
                               std::stop_token stop = {});
/// The same from bytes in memory; `fileName` only labels errors.
SessionLoadOutcome parseSession(std::string_view bytes, const std::string& fileName,
                                const SessionProgress& progress = {});

/// The runs of `session`: its `runs`, or when that is empty one run named "run 1" of its snapshot
/// and history (split and outcome unknown, so empty). The active one is runs[session.activeRun]
/// (index 0 for the made-up run).
std::vector<TrainingRun> sessionRuns(const Session& session);

} // namespace embex::core
