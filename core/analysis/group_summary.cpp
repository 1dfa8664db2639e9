// SPDX-License-Identifier: MIT
#include "core/analysis/group_summary.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace embex::core {
namespace {

    std::string decade(int year)
    {
        return std::to_string(year / 10 * 10) + "s";
    }

    std::string yearsText(int first, int last)
    {
        if (first == 0)
            return {};
        if (first / 10 == last / 10)
            return decade(first);
        return decade(first) + "\u2013" + decade(last);
    }

    double median(std::vector<std::uint32_t> values)
    {
        if (values.empty())
            return 0;
        const std::size_t mid = values.size() / 2;
        std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
        double m = values[mid];
        if (values.size() % 2 == 0)
            m = (m + *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid))) / 2;
        return m;
    }

    std::string labelOf(const GroupSummary& s, const ItemFacts& facts, const SummaryConfig& config)
    {
        std::string genres;
        for (std::size_t g = 0; g < s.overRepresented.size() && static_cast<int>(g) < config.labelGenres; ++g)
            genres += (g ? ", " : "") + s.overRepresented[g].name;
        std::string titles;
        for (std::size_t t = 0; t < s.bestKnown.size() && static_cast<int>(t) < config.labelTitles; ++t)
            titles += (t ? ", " : "") + facts.names[s.bestKnown[t]];
        std::string label;
        for (const std::string* part : std::initializer_list<const std::string*> { &genres, &s.years, &titles })
            if (!part->empty())
                label += (label.empty() ? "" : " \u00b7 ") + *part;
        return label;
    }

} // namespace

int yearInTitle(std::string_view title)
{
    while (!title.empty() && title.back() == ' ')
        title.remove_suffix(1);
    if (title.size() < 6 || title.back() != ')' || title[title.size() - 6] != '(')
        return 0;
    int year = 0;
    for (std::size_t i = title.size() - 5; i < title.size() - 1; ++i) {
        if (title[i] < '0' || title[i] > '9')
            return 0;
        year = year * 10 + (title[i] - '0');
    }
    return year >= 1800 && year <= 2200 ? year : 0;
}

ItemFacts gatherItemFacts(const RatingsTable& ratings, const IdMap& items, const ItemMetadata& metadata,
                          const RowMatrixXf* itemBiases)
{
    ItemFacts f;
    const std::size_t n = items.size();
    f.ratingCounts.assign(n, 0);
    f.ratingSums.assign(n, 0);
    for (std::size_t r = 0; r < ratings.size(); ++r)
        if (ratings.items[r] < n) {
            ++f.ratingCounts[ratings.items[r]];
            f.ratingSums[ratings.items[r]] += ratings.ratings[r];
        }
    f.genreNames = metadata.genreNames;
    f.genreShare.assign(f.genreNames.size(), 0);
    f.years.assign(n, 0);
    f.genres.resize(n);
    f.names.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::string& id = items.rawId(static_cast<std::uint32_t>(i));
        const ItemInfo* info = metadata.find(id);
        f.names[i] = info && !info->title.empty() ? info->title : id;
        if (!info)
            continue;
        f.years[i] = yearInTitle(info->title);
        f.genres[i] = info->genres;
        for (std::uint16_t g : info->genres)
            if (g < f.genreShare.size())
                f.genreShare[g] += 1;
    }
    for (double& share : f.genreShare)
        share /= std::max<double>(1, static_cast<double>(n));
    if (itemBiases && static_cast<std::size_t>(itemBiases->rows()) == n && itemBiases->cols() >= 1) {
        f.biases.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            f.biases[i] = (*itemBiases)(static_cast<Index>(i), 0);
    }
    return f;
}

GroupSummary summariseGroup(std::span<const std::uint32_t> items, const ItemFacts& facts, const SummaryConfig& config)
{
    GroupSummary s;
    s.size = items.size();
    std::vector<int> carriers(facts.genreNames.size(), 0);
    std::vector<int> years;
    std::vector<std::uint32_t> counts;
    double sum = 0, ratingCount = 0, biasSum = 0;
    for (std::uint32_t item : items) {
        for (std::uint16_t g : facts.genres[item])
            if (g < carriers.size())
                ++carriers[g];
        if (facts.years[item] > 0)
            years.push_back(facts.years[item]);
        counts.push_back(facts.ratingCounts[item]);
        sum += facts.ratingSums[item];
        ratingCount += facts.ratingCounts[item];
        if (!facts.biases.empty())
            biasSum += facts.biases[item];
    }
    s.meanRating = ratingCount > 0 ? sum / ratingCount : std::numeric_limits<double>::quiet_NaN();
    s.medianRatings = median(counts);
    if (!facts.biases.empty() && !items.empty())
        s.meanBias = biasSum / static_cast<double>(items.size());
    const double size = static_cast<double>(std::max<std::size_t>(1, items.size()));
    const double support = std::max(2.0, std::ceil(config.minimumSupport * size));
    for (std::size_t g = 0; g < carriers.size(); ++g) {
        if (carriers[g] == 0)
            continue;
        GenreLift lift;
        lift.genre = static_cast<std::uint16_t>(g);
        lift.name = facts.genreNames[g];
        lift.members = carriers[g];
        lift.share = carriers[g] / size;
        lift.lift = facts.genreShare[g] > 0 ? lift.share / facts.genreShare[g] : 0;
        s.genreMix.push_back(lift);
        if (lift.lift >= config.minimumLift && carriers[g] >= support)
            s.overRepresented.push_back(lift);
    }
    std::stable_sort(s.genreMix.begin(), s.genreMix.end(),
                     [](const GenreLift& a, const GenreLift& b) { return a.share > b.share; });
    std::stable_sort(s.overRepresented.begin(), s.overRepresented.end(),
                     [](const GenreLift& a, const GenreLift& b) { return a.lift > b.lift; });
    if (!years.empty()) {
        std::sort(years.begin(), years.end());
        const auto at = [&](double q) {
            return years[static_cast<std::size_t>(q * static_cast<double>(years.size() - 1))];
        };
        s.firstYear = at(0.1);
        s.lastYear = at(0.9);
        s.years = yearsText(s.firstYear, s.lastYear);
    }
    std::vector<std::uint32_t> byPopularity(items.begin(), items.end());
    const auto best = std::min<std::size_t>(static_cast<std::size_t>(config.bestKnown), byPopularity.size());
    std::partial_sort(byPopularity.begin(), byPopularity.begin() + static_cast<std::ptrdiff_t>(best),
                      byPopularity.end(), [&](std::uint32_t a, std::uint32_t b) {
                          return facts.ratingCounts[a] != facts.ratingCounts[b]
                              ? facts.ratingCounts[a] > facts.ratingCounts[b]
                              : a < b;
                      });
    s.bestKnown.assign(byPopularity.begin(), byPopularity.begin() + static_cast<std::ptrdiff_t>(best));
    s.label = labelOf(s, facts, config);
    return s;
}

std::vector<GroupSummary> summariseGroups(std::span<const int> groupOf, int count,
                                          std::span<const std::uint32_t> rowItems, const ItemFacts& facts,
                                          const SummaryConfig& config)
{
    std::vector<std::vector<std::uint32_t>> members(static_cast<std::size_t>(std::max(0, count)));
    for (std::size_t r = 0; r < groupOf.size() && r < rowItems.size(); ++r)
        if (groupOf[r] >= 0 && groupOf[r] < count)
            members[static_cast<std::size_t>(groupOf[r])].push_back(rowItems[r]);
    std::vector<GroupSummary> summaries;
    summaries.reserve(members.size());
    for (const auto& group : members)
        summaries.push_back(summariseGroup(group, facts, config));
    return summaries;
}

} // namespace embex::core
