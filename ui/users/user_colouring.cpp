// SPDX-License-Identifier: MIT
#include "ui/users/user_colouring.h"

#include "ui/map/map_colouring.h"

#include <QLocale>
#include <QObject>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace embex::ui {
namespace {

    constexpr int userScaleSteps = 7;
    constexpr int userTopCategories = 8;
    const QColor userMissingColour(205, 205, 205);
    const QColor userOtherColour(110, 110, 110);

    QString userNumberText(double v, bool integral)
    {
        return integral ? QLocale().toString(static_cast<qlonglong>(std::llround(v))) : QLocale().toString(v, 'g', 3);
    }

    // Steps of one sequential scale over the values of the users shown; NaN is missing.
    UserColouring userScaleOf(const std::vector<double>& values, bool logarithmic, const std::vector<int>& shown,
                              const QString& title)
    {
        UserColouring c;
        c.title = title;
        auto transform = [logarithmic](double v) { return logarithmic ? std::log10(std::max(v, 1.0)) : v; };
        double low = std::numeric_limits<double>::infinity(), high = -low;
        bool integral = true;
        for (int u : shown) {
            const double v = values[static_cast<std::size_t>(u)];
            if (!std::isfinite(v))
                continue;
            low = std::min(low, transform(v));
            high = std::max(high, transform(v));
            integral = integral && v == std::round(v);
        }
        const bool any = low <= high;
        const int steps = !any ? 0 : high > low ? userScaleSteps : 1;
        for (int s = 0; s < steps; ++s)
            c.colours.push_back(scaleColour(steps == 1 ? 0.5 : (s + 0.5) / steps));
        c.colours.push_back(userMissingColour);
        c.bucketOfUser.assign(values.size(), steps);
        for (std::size_t u = 0; u < values.size(); ++u)
            if (any && std::isfinite(values[u])) {
                const double f = steps == 1 ? 0 : (transform(values[u]) - low) / (high - low);
                c.bucketOfUser[u] = std::clamp(static_cast<int>(f * steps), 0, steps - 1);
            }
        std::vector<int> counts(static_cast<std::size_t>(steps + 1), 0);
        for (int u : shown)
            ++counts[static_cast<std::size_t>(c.bucketOfUser[static_cast<std::size_t>(u)])];
        auto back = [&](double t) { return logarithmic ? std::pow(10.0, t) : t; };
        for (int s = 0; s < steps; ++s) {
            const double from = back(low + (high - low) * s / steps), to = back(low + (high - low) * (s + 1) / steps);
            const QString range = steps == 1
                ? userNumberText(from, integral)
                : QStringLiteral("%1 – %2").arg(userNumberText(from, integral), userNumberText(to, integral));
            c.names << QStringLiteral("%1 (%2)").arg(range).arg(counts[static_cast<std::size_t>(s)]);
        }
        c.missing = counts.back();
        c.names << QObject::tr("missing (%1)").arg(c.missing);
        return c;
    }

    // The text of a user's value in `column`, empty when the table lacks it.
    std::string userValueText(const core::AttributeTable& table, std::size_t column, const std::string& rawId)
    {
        const auto row = table.rows.find(rawId);
        if (row == table.rows.end() || column >= row->second.size())
            return {};
        return row->second[column];
    }

} // namespace

UserColouring colourUsersByActivity(const std::vector<std::uint32_t>& ratings, const std::vector<int>& shown)
{
    std::vector<double> values(ratings.begin(), ratings.end());
    return userScaleOf(values, true, shown, QObject::tr("ratings (log scale)"));
}

UserColouring colourUsersByAttribute(const core::AttributeTable& table, std::size_t column, const core::IdMap& users,
                                     const std::vector<int>& shown)
{
    const core::AttributeColumn& spec = table.encoding.columns.at(column);
    const QString title = QString::fromStdString(spec.name);
    const std::size_t n = users.size();
    if (spec.kind == core::AttributeColumn::Kind::Number) {
        std::vector<double> values(n, std::numeric_limits<double>::quiet_NaN());
        for (std::size_t u = 0; u < n; ++u)
            if (const auto v = core::attributeNumber(
                    userValueText(table, column, users.rawId(static_cast<std::uint32_t>(u)))))
                values[u] = *v;
        return userScaleOf(values, false, shown, title);
    }
    // categories: the most common values among the users shown, then "other" and "missing"
    std::vector<std::string> valueOf(n);
    for (std::size_t u = 0; u < n; ++u) {
        const std::string text = userValueText(table, column, users.rawId(static_cast<std::uint32_t>(u)));
        const auto values = core::splitAttributeValues(text);
        valueOf[u] = values.empty() ? std::string() : std::string(values.front());
    }
    std::map<std::string, int> counts;
    for (int u : shown)
        if (const std::string& v = valueOf[static_cast<std::size_t>(u)]; !v.empty())
            ++counts[v];
    std::vector<std::pair<std::string, int>> ranked(counts.begin(), counts.end());
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    const int top = std::min<int>(userTopCategories, static_cast<int>(ranked.size()));
    UserColouring c;
    c.title = title;
    std::map<std::string, int> bucketOfValue;
    for (int k = 0; k < top; ++k) {
        bucketOfValue[ranked[static_cast<std::size_t>(k)].first] = k;
        c.colours.push_back(categoryColour(k));
        c.names << QStringLiteral("%1 (%2)")
                       .arg(QString::fromStdString(ranked[static_cast<std::size_t>(k)].first))
                       .arg(ranked[static_cast<std::size_t>(k)].second);
    }
    const int other = top, missing = top + 1;
    int otherCount = 0;
    for (std::size_t k = static_cast<std::size_t>(top); k < ranked.size(); ++k)
        otherCount += ranked[k].second;
    c.colours.push_back(userOtherColour);
    c.names << QObject::tr("other (%1)").arg(otherCount);
    c.colours.push_back(userMissingColour);
    c.bucketOfUser.assign(n, missing);
    for (std::size_t u = 0; u < n; ++u)
        if (!valueOf[u].empty()) {
            const auto b = bucketOfValue.find(valueOf[u]);
            c.bucketOfUser[u] = b == bucketOfValue.end() ? other : b->second;
        }
    for (int u : shown)
        c.missing += c.bucketOfUser[static_cast<std::size_t>(u)] == missing ? 1 : 0;
    c.names << QObject::tr("missing (%1)").arg(c.missing);
    return c;
}

} // namespace embex::ui
