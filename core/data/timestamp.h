// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace embex::core {

/// How a ratings file writes its times. Every form is stored as Unix seconds (UTC).
enum class TimestampForm {
    None,             ///< no timestamp column
    UnixSeconds,      ///< whole seconds since 1970-01-01 UTC
    UnixMilliseconds, ///< whole milliseconds: most of the column's values are ≥ 10^11 (13 digits today)
    Iso8601,          ///< 2021-03-01, 2021-03-01T12:00:00Z, 2021-03-01 12:00:00.250+02:00; no zone is UTC
};

/// "Unix seconds", "Unix milliseconds", "ISO 8601 dates", "none": what inspect and the window say.
const char* timestampFormLabel(TimestampForm form);
/// "unix_seconds", "unix_milliseconds", "iso8601", "none": inspect --json's names.
const char* timestampFormName(TimestampForm form);

/// A Unix value at or past this (year 5138 in seconds, 1973-03-03 in milliseconds) is milliseconds.
inline constexpr std::int64_t firstMillisecondValue = 100'000'000'000;

/// An ISO 8601 date or date and time in Unix seconds: YYYY-MM-DD, optionally followed by 'T' (or a
/// space) and hh:mm[:ss[.fraction]] and a zone (Z, ±hh:mm, ±hhmm, ±hh). Fractions are dropped; a
/// time without a zone is UTC. nullopt for anything else, an impossible day (02-30) included.
std::optional<std::int64_t> parseIsoTimestamp(std::string_view text);
/// A whole number, optionally signed: a Unix time in seconds or milliseconds.
std::optional<std::int64_t> parseUnixTimestamp(std::string_view text);
/// What `--before` and the window take: an ISO 8601 date or time, or Unix seconds.
std::optional<std::int64_t> parseTimePoint(std::string_view text);

/// "1997-09-20" (UTC).
std::string formatDate(std::int64_t unixSeconds);
/// "1997-09-20" at midnight UTC, else "1997-09-20T12:34:56Z".
std::string formatTimePoint(std::int64_t unixSeconds);

} // namespace embex::core
