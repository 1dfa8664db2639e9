// SPDX-License-Identifier: MIT
#include "core/io/session_sections.h"

#include "core/models/dot_bias_model.h"
#include "core/models/model_registry.h"

#include <algorithm>

namespace embex::core::session_sections {
namespace {

    constexpr const char* cutShort = "the section ends early";

    void writeStrings(ByteWriter& out, const std::vector<std::string>& strings)
    {
        out.put(static_cast<std::uint64_t>(strings.size()));
        for (const std::string& s : strings)
            out.putString(s);
    }

    std::vector<std::string> readStrings(ByteReader& in)
    {
        std::vector<std::string> strings(in.getCount(sizeof(std::uint32_t)));
        for (std::string& s : strings)
            s = in.getString();
        return strings;
    }

    std::string parameterRowsProblem(const EmbeddingSnapshot& s, const char* name, std::size_t expected,
                                     const char* what)
    {
        const RowMatrixXf* m = s.parameter(name);
        if (!m || static_cast<std::size_t>(m->rows()) == expected)
            return {};
        return std::string(name) + " has " + std::to_string(m->rows()) + " rows but the session has "
            + std::to_string(expected) + " " + what;
    }

    template <typename T>
    void writeOptional(ByteWriter& out, const std::optional<T>& value)
    {
        out.put(static_cast<std::uint8_t>(value.has_value()));
        out.put(value.value_or(T {}));
    }

    template <typename T>
    std::optional<T> readOptional(ByteReader& in)
    {
        const auto flag = in.get<std::uint8_t>();
        const T value = in.get<T>();
        if (flag > 1)
            in.fail();
        return flag == 1 ? std::optional<T>(value) : std::nullopt;
    }

    std::string genresProblem(const std::vector<std::uint16_t>& genres, std::size_t genreCount, const char* list)
    {
        for (std::uint16_t g : genres)
            if (g >= genreCount)
                return std::string("the filter's ") + list + " genre " + std::to_string(g)
                    + " is not one of the metadata's " + std::to_string(genreCount) + " genres";
        return {};
    }

} // namespace

void writeModel(ByteWriter& out, const EmbeddingSnapshot& snapshot)
{
    out.putString(snapshot.modelKind);
    out.put(static_cast<std::int32_t>(snapshot.epoch));
    out.put(static_cast<std::uint64_t>(snapshot.hyperparameters.size()));
    for (const auto& [key, value] : snapshot.hyperparameters) {
        out.putString(key);
        out.putString(value);
    }
}

std::string readModel(ByteReader& in, EmbeddingSnapshot& snapshot)
{
    snapshot.modelKind = in.getString();
    snapshot.epoch = in.get<std::int32_t>();
    const auto count = in.getCount(2 * sizeof(std::uint32_t));
    for (std::uint64_t i = 0; i < count && !in.failed(); ++i) {
        std::string key = in.getString();
        snapshot.hyperparameters[key] = in.getString();
    }
    if (in.failed())
        return cutShort;
    if (snapshot.modelKind != importedModelKind && !findModelKind(snapshot.modelKind))
        return "the model kind '" + snapshot.modelKind + "' is not one this version knows (" + modelNameList() + " or "
            + std::string(importedModelKind) + ")";
    return "";
}

void writeDataset(ByteWriter& out, const Dataset& dataset)
{
    out.putString(dataset.sourceFile);
    const FileFormat& f = dataset.format;
    out.putString(f.delimiter);
    out.put(static_cast<std::uint8_t>(f.hasHeader));
    for (int v : { f.fieldCount, f.userColumn, f.itemColumn, f.ratingColumn, f.timestampColumn })
        out.put(static_cast<std::int32_t>(v));
    writeStrings(out, f.headerNames);
    out.put(dataset.ratingMin);
    out.put(dataset.ratingMax);
}

std::string readDataset(ByteReader& in, Dataset& dataset)
{
    dataset.sourceFile = in.getString();
    dataset.isDemo = dataset.sourceFile == demoSourceLabel;
    FileFormat& f = dataset.format;
    f.delimiter = in.getString();
    f.hasHeader = in.get<std::uint8_t>() != 0;
    for (int* v : { &f.fieldCount, &f.userColumn, &f.itemColumn, &f.ratingColumn, &f.timestampColumn })
        *v = in.get<std::int32_t>();
    f.headerNames = readStrings(in);
    dataset.ratingMin = in.get<float>();
    dataset.ratingMax = in.get<float>();
    return in.failed() ? cutShort : "";
}

void writeIdMap(ByteWriter& out, const IdMap& ids)
{
    writeStrings(out, ids.rawIds());
}

std::string readIdMap(ByteReader& in, IdMap& ids)
{
    std::vector<std::string> raw = readStrings(in);
    if (in.failed())
        return cutShort;
    ids = IdMap::fromIds(raw);
    if (ids.rawIds() != raw)
        return "the ids are duplicated or out of order";
    return {};
}

void writeMetadata(ByteWriter& out, const ItemMetadata& metadata)
{
    out.putString(metadata.sourceFile);
    writeStrings(out, metadata.genreNames);
    std::vector<const std::pair<const std::string, ItemInfo>*> entries;
    for (const auto& entry : metadata.items)
        entries.push_back(&entry);
    std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->first < b->first; });
    out.put(static_cast<std::uint64_t>(entries.size()));
    for (const auto* entry : entries) {
        out.putString(entry->first);
        out.putString(entry->second.title);
        out.putArray(entry->second.genres);
    }
}

std::string readMetadata(ByteReader& in, ItemMetadata& metadata)
{
    metadata.sourceFile = in.getString();
    metadata.genreNames = readStrings(in);
    const auto count = in.getCount(2 * sizeof(std::uint32_t) + sizeof(std::uint64_t));
    metadata.items.reserve(count);
    for (std::uint64_t i = 0; i < count && !in.failed(); ++i) {
        std::string id = in.getString();
        ItemInfo info;
        info.title = in.getString();
        info.genres = in.getArray<std::uint16_t>();
        for (std::uint16_t g : info.genres)
            if (g >= metadata.genreNames.size())
                return "item '" + id + "' has genre " + std::to_string(g) + " but only "
                    + std::to_string(metadata.genreNames.size()) + " genres are named";
        metadata.items.emplace(std::move(id), std::move(info));
    }
    return in.failed() ? cutShort : "";
}

void writeRatings(ByteWriter& out, const RatingsTable& ratings)
{
    out.putArray(ratings.users);
    out.putArray(ratings.items);
    out.putArray(ratings.ratings);
    out.putArray(ratings.timestamps);
}

std::string readRatings(ByteReader& in, RatingsTable& ratings, std::size_t userCount, std::size_t itemCount)
{
    ratings.users = in.getArray<std::uint32_t, UninitialisedAllocator<std::uint32_t>>();
    ratings.items = in.getArray<std::uint32_t, UninitialisedAllocator<std::uint32_t>>();
    ratings.ratings = in.getArray<float, UninitialisedAllocator<float>>();
    ratings.timestamps = in.getArray<std::int64_t, UninitialisedAllocator<std::int64_t>>();
    if (in.failed())
        return cutShort;
    const std::size_t n = ratings.ratings.size();
    if (ratings.users.size() != n || ratings.items.size() != n
        || (ratings.hasTimestamps() && ratings.timestamps.size() != n))
        return "its columns differ in length";
    for (std::size_t r = 0; r < n; ++r)
        if (ratings.users[r] >= userCount || ratings.items[r] >= itemCount)
            return "rating " + std::to_string(r) + " refers to a user or item the session does not have";
    return {};
}

void writeWeights(ByteWriter& out, const EmbeddingSnapshot& snapshot)
{
    out.put(static_cast<std::uint64_t>(snapshot.parameters.size()));
    for (const NamedMatrix& p : snapshot.parameters) {
        out.putString(p.name);
        out.put(static_cast<std::uint64_t>(p.value.rows()));
        out.put(static_cast<std::uint64_t>(p.value.cols()));
        out.putArray(p.value.data(), static_cast<std::size_t>(p.value.size()));
    }
}

std::string readWeights(ByteReader& in, EmbeddingSnapshot& snapshot, std::size_t userCount, std::size_t itemCount)
{
    const auto count = in.getCount(sizeof(std::uint32_t) + 3 * sizeof(std::uint64_t));
    for (std::uint64_t i = 0; i < count && !in.failed(); ++i) {
        NamedMatrix p;
        p.name = in.getString();
        const auto rows = in.get<std::uint64_t>();
        const auto cols = in.get<std::uint64_t>();
        const auto size = in.get<std::uint64_t>();
        if (in.failed())
            break;
        if (cols != 0 && rows > size / cols)
            return "parameter '" + p.name + "' claims more values than it holds";
        if (rows * cols != size || size > in.remaining() / sizeof(float)) {
            in.fail();
            break;
        }
        p.value.resize(static_cast<Index>(rows), static_cast<Index>(cols));
        in.getRaw(p.value.data(), size);
        snapshot.parameters.push_back(std::move(p));
    }
    if (in.failed())
        return cutShort;
    if (!snapshot.parameter("item_embedding"))
        return "there is no item_embedding";
    for (const std::string& problem :
         { parameterRowsProblem(snapshot, "item_embedding", itemCount, "items"),
           parameterRowsProblem(snapshot, "item_bias", itemCount, "items"),
           parameterRowsProblem(snapshot, "user_embedding", userCount, "users"),
           parameterRowsProblem(snapshot, "user_bias", userCount, "users"),
           parameterRowsProblem(snapshot, DotBiasModel::implicitItemParameter, itemCount, "items") })
        if (!problem.empty())
            return problem;
    // A new user's SVD++ term is a sum of these rows, added to an item-space vector.
    if (const RowMatrixXf* y = snapshot.parameter(DotBiasModel::implicitItemParameter);
        y && y->cols() != snapshot.parameter("item_embedding")->cols())
        return std::string(DotBiasModel::implicitItemParameter) + " has " + std::to_string(y->cols())
            + " columns but item_embedding has " + std::to_string(snapshot.parameter("item_embedding")->cols());
    return {};
}

void writeHistory(ByteWriter& out, const std::vector<EpochReport>& history)
{
    out.put(static_cast<std::uint64_t>(history.size()));
    for (const EpochReport& e : history) {
        out.put(static_cast<std::int32_t>(e.epoch));
        for (double v : { e.trainLoss, e.validationLoss, e.seconds, e.ratingsPerSecond })
            out.put(v);
        out.put(static_cast<std::uint64_t>(e.metrics.size()));
        for (const auto& [name, value] : e.metrics) {
            out.putString(name);
            out.put(value);
        }
    }
}

std::string readHistory(ByteReader& in, std::vector<EpochReport>& history)
{
    history.resize(in.getCount(sizeof(std::int32_t) + 4 * sizeof(double) + sizeof(std::uint64_t)));
    for (EpochReport& e : history) {
        e.epoch = in.get<std::int32_t>();
        for (double* v : { &e.trainLoss, &e.validationLoss, &e.seconds, &e.ratingsPerSecond })
            *v = in.get<double>();
        const auto metrics = in.getCount(sizeof(std::uint32_t) + sizeof(double));
        for (std::uint64_t m = 0; m < metrics && !in.failed(); ++m) {
            std::string name = in.getString();
            e.metrics[name] = in.get<double>();
        }
        if (in.failed())
            break;
    }
    return in.failed() ? cutShort : "";
}

void writeRunList(ByteWriter& out, std::size_t runCount, std::size_t activeRun)
{
    out.put(static_cast<std::uint64_t>(runCount));
    out.put(static_cast<std::uint64_t>(activeRun));
}

std::string readRunList(ByteReader& in, std::uint64_t& runCount, std::uint64_t& activeRun)
{
    runCount = in.get<std::uint64_t>();
    activeRun = in.get<std::uint64_t>();
    if (in.failed())
        return cutShort;
    if (activeRun >= std::max<std::uint64_t>(runCount, 1))
        return "the open run " + std::to_string(activeRun + 1) + " is not one of its " + std::to_string(runCount)
            + " runs";
    return {};
}

void writeRun(ByteWriter& out, const TrainingRun& run, bool ownWeights)
{
    out.putString(run.name);
    out.putString(run.split);
    out.put(run.seconds);
    out.putString(run.outcome);
    writeHistory(out, run.history);
    out.put(static_cast<std::uint8_t>(ownWeights));
    if (ownWeights) {
        writeModel(out, *run.snapshot);
        writeWeights(out, *run.snapshot);
    }
}

std::string readRun(ByteReader& in, TrainingRun& run, bool ownWeights, std::size_t userCount, std::size_t itemCount)
{
    run.name = in.getString();
    run.split = in.getString();
    run.seconds = in.get<double>();
    run.outcome = in.getString();
    if (std::string problem = readHistory(in, run.history); !problem.empty())
        return problem;
    const auto flag = in.get<std::uint8_t>();
    if (in.failed())
        return cutShort;
    if (flag > 1 || (flag == 1) != ownWeights)
        return ownWeights ? "a run other than the open one has no weights of its own"
                          : "the open run has weights of its own besides the \"weights\" section";
    if (!ownWeights)
        return {};
    auto snapshot = std::make_shared<EmbeddingSnapshot>();
    if (std::string problem = readModel(in, *snapshot); !problem.empty())
        return problem;
    if (std::string problem = readWeights(in, *snapshot, userCount, itemCount); !problem.empty())
        return problem;
    run.snapshot = std::move(snapshot);
    return {};
}

void writeView(ByteWriter& out, const std::optional<SessionView>& view)
{
    out.put(static_cast<std::uint8_t>(view.has_value()));
    if (!view)
        return;
    const ItemFilter& f = view->itemFilter;
    out.putArray(f.includeGenres);
    out.putArray(f.excludeGenres);
    writeOptional(out, f.fromYear);
    writeOptional(out, f.toYear);
    writeOptional(out, f.minRatings);
    writeOptional(out, f.maxRatings);
    out.putString(traitsOf(view->usersProjection).name);
    out.putString(view->usersColourBy);
    out.put(view->usersMinRatings);
}

std::string readView(ByteReader& in, std::optional<SessionView>& view, std::size_t genreCount)
{
    const auto flag = in.get<std::uint8_t>();
    if (in.failed())
        return cutShort;
    if (flag > 1)
        return "the view flag is " + std::to_string(flag) + ", not 0 or 1";
    if (flag == 0)
        return {};
    SessionView v;
    ItemFilter& f = v.itemFilter;
    f.includeGenres = in.getArray<std::uint16_t>();
    f.excludeGenres = in.getArray<std::uint16_t>();
    f.fromYear = readOptional<int>(in);
    f.toYear = readOptional<int>(in);
    f.minRatings = readOptional<std::uint32_t>(in);
    f.maxRatings = readOptional<std::uint32_t>(in);
    const std::string projection = in.getString();
    v.usersColourBy = in.getString();
    v.usersMinRatings = in.get<std::uint32_t>();
    if (in.failed())
        return cutShort;
    if (std::string problem = genresProblem(f.includeGenres, genreCount, "included"); !problem.empty())
        return problem;
    if (std::string problem = genresProblem(f.excludeGenres, genreCount, "excluded"); !problem.empty())
        return problem;
    const std::optional<ProjectionKind> kind = projectionKindFromName(projection);
    if (!kind)
        return "the Users projection '" + projection + "' is not one this version knows";
    v.usersProjection = *kind;
    view = std::move(v);
    return {};
}

} // namespace embex::core::session_sections
