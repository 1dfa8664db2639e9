// SPDX-License-Identifier: MIT
#include "core/data/timestamp.h"

#include <charconv>
#include <cstdio>

namespace embex::core {
namespace {

    // Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
    {
        y -= m <= 2;
        const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
        const auto yoe = static_cast<unsigned>(y - era * 400);
        const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
        const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
    }

    struct Civil {
        std::int64_t year;
        unsigned month, day;
    };

    Civil civilFromDays(std::int64_t z)
    {
        z += 719468;
        const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
        const auto doe = static_cast<unsigned>(z - era * 146097);
        const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        const unsigned mp = (5 * doy + 2) / 153;
        const unsigned d = doy - (153 * mp + 2) / 5 + 1;
        const unsigned m = mp < 10 ? mp + 3 : mp - 9;
        return { static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d };
    }

    bool isLeap(std::int64_t y)
    {
        return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    }

    unsigned daysInMonth(std::int64_t y, unsigned m)
    {
        static constexpr unsigned days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
        return m == 2 && isLeap(y) ? 29 : days[m - 1];
    }

    /// Reads exactly `count` digits at `at`, advancing it.
    bool digits(std::string_view text, std::size_t& at, std::size_t count, unsigned& value)
    {
        if (at + count > text.size())
            return false;
        value = 0;
        for (std::size_t k = 0; k < count; ++k) {
            const char c = text[at + k];
            if (c < '0' || c > '9')
                return false;
            value = value * 10 + static_cast<unsigned>(c - '0');
        }
        at += count;
        return true;
    }

    bool next(std::string_view text, std::size_t at, char c)
    {
        return at < text.size() && text[at] == c;
    }

} // namespace

const char* timestampFormLabel(TimestampForm form)
{
    switch (form) {
    case TimestampForm::None: return "none";
    case TimestampForm::UnixSeconds: return "Unix seconds";
    case TimestampForm::UnixMilliseconds: return "Unix milliseconds";
    case TimestampForm::Iso8601: return "ISO 8601 dates";
    }
    return "none";
}

const char* timestampFormName(TimestampForm form)
{
    switch (form) {
    case TimestampForm::None: return "none";
    case TimestampForm::UnixSeconds: return "unix_seconds";
    case TimestampForm::UnixMilliseconds: return "unix_milliseconds";
    case TimestampForm::Iso8601: return "iso8601";
    }
    return "none";
}

std::optional<std::int64_t> parseIsoTimestamp(std::string_view text)
{
    std::size_t at = 0;
    unsigned year = 0, month = 0, day = 0;
    if (!digits(text, at, 4, year) || !next(text, at++, '-') || !digits(text, at, 2, month) || !next(text, at++, '-')
        || !digits(text, at, 2, day))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
        return std::nullopt;
    std::int64_t seconds = daysFromCivil(year, month, day) * 86400;
    if (at == text.size())
        return seconds;
    if (text[at] != 'T' && text[at] != 't' && text[at] != ' ')
        return std::nullopt;
    ++at;
    unsigned hour = 0, minute = 0, second = 0;
    if (!digits(text, at, 2, hour) || !next(text, at++, ':') || !digits(text, at, 2, minute))
        return std::nullopt;
    if (next(text, at, ':')) {
        ++at;
        if (!digits(text, at, 2, second))
            return std::nullopt;
        if (next(text, at, '.') || next(text, at, ',')) {
            const std::size_t first = ++at;
            while (at < text.size() && text[at] >= '0' && text[at] <= '9')
                ++at;
            if (at == first)
                return std::nullopt;
        }
    }
    if (hour > 23 || minute > 59 || second > 60) // 60: a leap second
        return std::nullopt;
    seconds += hour * 3600 + minute * 60 + second;
    if (at == text.size() || ((text[at] == 'Z' || text[at] == 'z') && at + 1 == text.size()))
        return seconds;
    if (text[at] != '+' && text[at] != '-')
        return std::nullopt;
    const int sign = text[at++] == '-' ? -1 : 1;
    unsigned offsetHours = 0, offsetMinutes = 0;
    if (!digits(text, at, 2, offsetHours))
        return std::nullopt;
    if (at < text.size()) {
        if (text[at] == ':')
            ++at;
        if (!digits(text, at, 2, offsetMinutes) || at != text.size())
            return std::nullopt;
    }
    if (offsetHours > 23 || offsetMinutes > 59)
        return std::nullopt;
    // 12:00+02:00 is 10:00 UTC
    return seconds - sign * static_cast<std::int64_t>(offsetHours * 3600 + offsetMinutes * 60);
}

std::optional<std::int64_t> parseUnixTimestamp(std::string_view text)
{
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::optional<std::int64_t> parseTimePoint(std::string_view text)
{
    if (auto iso = parseIsoTimestamp(text))
        return iso;
    return parseUnixTimestamp(text);
}

std::string formatDate(std::int64_t unixSeconds)
{
    const std::int64_t days = unixSeconds >= 0 ? unixSeconds / 86400 : -((-unixSeconds + 86399) / 86400);
    const Civil c = civilFromDays(days);
    char text[32];
    std::snprintf(text, sizeof text, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month, c.day);
    return text;
}

std::string formatTimePoint(std::int64_t unixSeconds)
{
    const std::int64_t days = unixSeconds >= 0 ? unixSeconds / 86400 : -((-unixSeconds + 86399) / 86400);
    const std::int64_t inDay = unixSeconds - days * 86400;
    if (inDay == 0)
        return formatDate(unixSeconds);
    char text[16];
    std::snprintf(text, sizeof text, "T%02d:%02d:%02dZ", static_cast<int>(inDay / 3600),
                  static_cast<int>(inDay / 60 % 60), static_cast<int>(inDay % 60));
    return formatDate(unixSeconds) + text;
}

} // namespace embex::core
