// SPDX-License-Identifier: MIT
#include "core/data/demo_generator.h"

#include "core/data/attribute_table.h"
#include "core/data/random.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace embex::core {
namespace {

    int circularDistance(int a, int b, int types)
    {
        const int d = std::abs(a - b) % types;
        return std::min(d, types - d);
    }

    // P(like) by distance between user type and item type: sharp near 0, low far away.
    double likeProbability(int distance)
    {
        static constexpr double byDistance[] = { 0.92, 0.45, 0.12 };
        return distance < 3 ? byDistance[distance] : 0.04;
    }

    /// Draws distinct items for one user: uniformly, or by popularity (Zipf) with rejection of
    /// repeats, falling back to uniform picks once the popular head is used up.
    class ItemSampler {
    public:
        ItemSampler(int items, bool zipf, Rng& rng)
            : m_catalogue(static_cast<std::size_t>(items))
            , m_taken(static_cast<std::size_t>(items), 0)
            , m_zipf(zipf)
        {
            for (std::uint32_t m = 0; m < m_catalogue.size(); ++m)
                m_catalogue[m] = m; // numeric ids "1".."items" sort so that dense m is id m+1
            if (!zipf)
                return;
            for (std::size_t k = m_catalogue.size(); k > 1; --k)
                std::swap(m_catalogue[k - 1], m_catalogue[rng.below(k)]);
            m_cumulative.resize(m_catalogue.size());
            double total = 0;
            for (std::size_t rank = 0; rank < m_catalogue.size(); ++rank)
                m_cumulative[rank] = total += 1.0 / static_cast<double>(rank + 1);
            for (double& c : m_cumulative)
                c /= total;
        }

        void sample(int count, Rng& rng, std::vector<std::uint32_t>& out)
        {
            out.clear();
            const auto n = m_catalogue.size();
            if (!m_zipf) {
                // Partial Fisher–Yates: the first `count` slots become a random sample.
                for (std::size_t k = 0; k < static_cast<std::size_t>(count); ++k) {
                    std::swap(m_catalogue[k], m_catalogue[k + rng.below(n - k)]);
                    out.push_back(m_catalogue[k]);
                }
                return;
            }
            int misses = 0;
            while (static_cast<int>(out.size()) < count) {
                std::uint32_t item;
                if (misses < 8 * count) {
                    const double u = rng.uniform();
                    const auto rank = static_cast<std::size_t>(
                        std::lower_bound(m_cumulative.begin(), m_cumulative.end(), u) - m_cumulative.begin());
                    item = m_catalogue[std::min(rank, n - 1)];
                } else {
                    item = static_cast<std::uint32_t>(rng.below(n));
                }
                if (m_taken[item]) {
                    ++misses;
                    continue;
                }
                m_taken[item] = 1;
                out.push_back(item);
            }
            for (std::uint32_t item : out)
                m_taken[item] = 0;
        }

    private:
        std::vector<std::uint32_t> m_catalogue;
        std::vector<std::uint8_t> m_taken;
        std::vector<double> m_cumulative;
        bool m_zipf;
    };

    int activity(const DemoConfig& config, Rng& rng)
    {
        if (!config.zipf)
            return config.ratingsPerUser;
        // Log-normal with sigma 1 has mean exp(mu + 1/2): centre it on ratingsPerUser.
        const double mu = std::log(static_cast<double>(config.ratingsPerUser)) - 0.5;
        const double drawn = std::exp(mu + rng.normal());
        const int floor = std::min(config.items, 5);
        return static_cast<int>(std::clamp(std::round(drawn), static_cast<double>(floor), config.items / 2.0 + floor));
    }

    const char* const educationLevels[] = { "none", "school", "bachelor", "master", "doctorate" };

    /// The notebook's planted attributes: age and education follow the user's hidden type.
    std::shared_ptr<const AttributeTable> plantUserAttributes(const DemoConfig& config, const std::vector<int>& types)
    {
        Rng rng(config.seed ^ 0x61747472ULL);
        constexpr auto levels = static_cast<std::uint64_t>(std::size(educationLevels));
        std::unordered_map<std::string, std::vector<std::string>> rows;
        for (std::size_t u = 0; u < types.size(); ++u) {
            const int age = static_cast<int>(std::lround(20.0 + 5.0 * types[u] + 2.5 * rng.normal()));
            const std::uint64_t level = rng.uniform() < 0.7 ? static_cast<std::uint64_t>(types[u]) % levels
                                                            : rng.below(levels);
            rows.emplace(std::to_string(u + 1),
                         std::vector<std::string> { std::to_string(age), educationLevels[level] });
        }
        return std::make_shared<AttributeTable>(
            attributeTableFromRows(demoSourceLabel, { "age", "education" }, std::move(rows)));
    }

} // namespace

int demoItemType(const std::string& rawItemId, int types)
{
    return (std::stoi(rawItemId) - 1) % types;
}

std::shared_ptr<Dataset> generateDemo(const DemoConfig& config, std::vector<int>* userTypes)
{
    if (config.users < 1 || config.items < 1 || config.types < 1 || config.ratingsPerUser < 1)
        throw std::invalid_argument("demo: users, items, types and ratings per user must each be at least 1");
    if (config.ratingsPerUser > config.items)
        throw std::invalid_argument("demo: ratings per user cannot exceed the number of items");

    Rng rng(config.seed);
    auto demo = std::make_shared<Dataset>();
    demo->sourceFile = demoSourceLabel;
    demo->isDemo = true;
    demo->format = FileFormat {
        ",", true, 4, 0, 1, config.implicit ? -1 : 2, 3, { "userId", "itemId", "rating", "timestamp" }
    };
    if (config.implicit)
        demo->format = FileFormat { ",", true, 3, 0, 1, -1, 2, { "userId", "itemId", "timestamp" } };

    std::vector<std::string> ids;
    for (int u = 1; u <= config.users; ++u)
        ids.push_back(std::to_string(u));
    demo->users = IdMap::fromIds(ids);
    ids.clear();
    for (int m = 1; m <= config.items; ++m)
        ids.push_back(std::to_string(m));
    demo->items = IdMap::fromIds(std::move(ids));

    RatingsTable& table = demo->ratings;
    const auto expected = static_cast<std::size_t>(config.users) * static_cast<std::size_t>(config.ratingsPerUser);
    table.reserve(expected + expected / 16);
    table.timestamps.reserve(expected + expected / 16);
    ItemSampler sampler(config.items, config.zipf, rng);
    std::vector<std::uint32_t> picked;
    std::int64_t clock = 1'000'000'000;
    std::vector<int> types(static_cast<std::size_t>(config.users));
    for (int u = 0; u < config.users; ++u) {
        const int userType = static_cast<int>(rng.below(static_cast<std::uint64_t>(config.types)));
        types[static_cast<std::size_t>(u)] = userType;
        const double userBias = rng.normal() * 0.3;
        sampler.sample(activity(config, rng), rng, picked);
        for (std::uint32_t item : picked) {
            const int distance = circularDistance(userType, static_cast<int>(item) % config.types, config.types);
            const bool liked = rng.uniform() < likeProbability(distance);
            float rating = 1.0f;
            if (config.implicit) {
                if (!liked)
                    continue;
            } else {
                const double mean = (liked ? 4.3 : 1.9) - 0.25 * distance + userBias;
                rating = static_cast<float>(std::clamp(std::round(mean + rng.normal() * 0.5), 1.0, 5.0));
            }
            table.users.push_back(static_cast<std::uint32_t>(u));
            table.items.push_back(item);
            table.ratings.push_back(rating);
            table.timestamps.push_back(clock += 1 + static_cast<std::int64_t>(rng.below(600)));
        }
    }
    auto [lo, hi] = std::minmax_element(table.ratings.begin(), table.ratings.end());
    demo->ratingMin = table.empty() ? 0 : *lo;
    demo->ratingMax = table.empty() ? 0 : *hi;

    demo->metadata.sourceFile = demoSourceLabel;
    for (int t = 0; t < config.types; ++t)
        demo->metadata.genreIndex("type " + std::to_string(t));
    for (int m = 1; m <= config.items; ++m) {
        const int type = (m - 1) % config.types;
        demo->metadata.items.emplace(std::to_string(m),
                                     ItemInfo { "Item " + std::to_string(m) + " (type " + std::to_string(type) + ")",
                                                { static_cast<std::uint16_t>(type) } });
    }
    demo->userAttributes = plantUserAttributes(config, types);
    if (userTypes)
        *userTypes = std::move(types);
    return demo;
}

std::string writeDemoCsv(const Dataset& demo, const std::string& path)
{
    const std::filesystem::path target(path);
    const std::filesystem::path itemsPath = target.parent_path() / (target.stem().string() + ".items.csv");
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        if (!out)
            return path + ": cannot open for writing";
        const RatingsTable& t = demo.ratings;
        out << (demo.isImplicit() ? "userId,itemId,timestamp\n" : "userId,itemId,rating,timestamp\n");
        char line[128];
        for (std::size_t r = 0; r < t.size(); ++r) {
            const std::string& u = demo.users.rawId(t.users[r]);
            const std::string& i = demo.items.rawId(t.items[r]);
            const long long ts = t.hasTimestamps() ? static_cast<long long>(t.timestamps[r]) : 0;
            if (demo.isImplicit())
                std::snprintf(line, sizeof line, "%s,%s,%lld\n", u.c_str(), i.c_str(), ts);
            else
                std::snprintf(line, sizeof line, "%s,%s,%g,%lld\n", u.c_str(), i.c_str(),
                              static_cast<double>(t.ratings[r]), ts);
            out << line;
        }
        if (!out.flush())
            return path + ": write failed (disk full?)";
    }
    if (const AttributeTable* attributes = demo.userAttributes.get()) {
        const std::filesystem::path usersPath = target.parent_path() / (target.stem().string() + ".users.csv");
        std::ofstream users(usersPath, std::ios::binary | std::ios::trunc);
        if (!users)
            return usersPath.string() + ": cannot open for writing";
        users << "userId";
        for (const AttributeColumn& c : attributes->encoding.columns)
            users << ',' << c.name;
        users << '\n';
        for (const std::string& id : demo.users.rawIds()) {
            users << id;
            const auto it = attributes->rows.find(id);
            for (std::size_t c = 0; c < attributes->encoding.columns.size(); ++c)
                users << ',' << (it != attributes->rows.end() ? it->second[c] : std::string());
            users << '\n';
        }
        if (!users.flush())
            return usersPath.string() + ": write failed (disk full?)";
    }
    std::ofstream items(itemsPath, std::ios::binary | std::ios::trunc);
    if (!items)
        return itemsPath.string() + ": cannot open for writing";
    items << "itemId,title,genres\n";
    for (const std::string& id : demo.items.rawIds())
        items << id << ",\"" << demo.metadata.title(id) << "\"," << demo.metadata.genresText(id) << '\n';
    if (!items.flush())
        return itemsPath.string() + ": write failed (disk full?)";
    return {};
}

} // namespace embex::core
