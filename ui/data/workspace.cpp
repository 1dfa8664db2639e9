// SPDX-License-Identifier: MIT
#include "ui/data/workspace.h"

#include <algorithm>

namespace embex::ui {
namespace {

    void resizeCounts(RatingCounts& counts, std::size_t n)
    {
        counts.all.assign(n, 0);
        counts.train.assign(n, 0);
        counts.validation.assign(n, 0);
        counts.mean.assign(n, 0.0F);
    }

} // namespace

Workspace::Workspace(QObject* parent)
    : QObject(parent)
{
}

void Workspace::setDataset(std::shared_ptr<const core::Dataset> dataset)
{
    m_dataset = std::move(dataset);
    m_sides = {};
    if (m_dataset) // the dataset's own, shared with it rather than copied
        m_sides = { std::shared_ptr<const core::ItemMetadata>(m_dataset, &m_dataset->metadata),
                    m_dataset->userAttributes, m_dataset->itemAttributes };
    m_trainData.reset();
    m_splitDataset.reset();
    m_splitLabel.clear();
    m_splitBase.clear();
    m_snapshot.reset();
    m_history.clear();
    m_runs.clear(); // runs learned another dataset's items
    m_activeRun = -1;
    m_selectedItem = -1;
    countRatings();
    indexTitles();
    emit datasetChanged();
    emit trainDataChanged();
    emit snapshotChanged();
    emit runsChanged();
    emit activeRunChanged(-1);
    emit itemSelected(-1);
}

const core::ItemMetadata& Workspace::metadata() const
{
    static const core::ItemMetadata none;
    return m_sides.metadata ? *m_sides.metadata : none;
}

void Workspace::setMetadata(std::shared_ptr<const core::ItemMetadata> metadata)
{
    if (!m_dataset || !metadata)
        return;
    m_sides.metadata = std::move(metadata);
    m_splitHasSides = false; // items without attributes of their own take genres from it
    indexTitles();
    emit metadataChanged();
}

void Workspace::setUserAttributes(std::shared_ptr<const core::AttributeTable> table)
{
    if (!m_dataset)
        return;
    m_sides.userAttributes = std::move(table);
    m_splitHasSides = false;
    emit attributesChanged();
}

void Workspace::setItemAttributes(std::shared_ptr<const core::AttributeTable> table)
{
    if (!m_dataset)
        return;
    m_sides.itemAttributes = std::move(table);
    m_splitHasSides = false;
    emit attributesChanged();
}

void Workspace::indexTitles()
{
    m_titles.clear();
    m_lookup.reset();
    m_hasTitles = false;
    if (!m_dataset)
        return;
    m_titles.reserve(m_dataset->items.size());
    for (std::size_t i = 0; i < m_dataset->items.size(); ++i) {
        QString title = QString::fromStdString(metadata().title(m_dataset->items.rawId(static_cast<std::uint32_t>(i))));
        m_hasTitles = m_hasTitles || !title.isEmpty();
        m_titles.push_back(std::move(title));
    }
    m_lookup = std::make_unique<core::ItemLookup>(m_dataset, metadata());
}

void Workspace::setTrainData(std::shared_ptr<const core::TrainData> data)
{
    m_trainData = std::move(data);
    m_splitDataset.reset();
    m_splitLabel.clear();
    countSplit();
    emit trainDataChanged();
}

void Workspace::setTrainData(std::shared_ptr<const core::TrainData> data, const core::SplitSpec& spec)
{
    m_trainData = std::move(data);
    m_splitSpec = spec;
    m_splitDataset.reset();
    if (m_trainData)
        m_splitDataset = m_dataset;
    m_splitHasSides = m_trainData != nullptr;
    m_splitLabel = core::splitLabel(spec);
    if (!m_splitBase.empty())
        m_splitLabel += " of [" + m_splitBase + "]";
    countSplit();
    emit trainDataChanged();
}

std::shared_ptr<const core::TrainData> Workspace::trainDataFor(const core::SplitSpec& spec) const
{
    // the label holds every setting that decides the ratings of its kind; the full test path too
    // other attributes or metadata are encoded anew
    const bool same = m_trainData && m_dataset && m_splitDataset.lock() == m_dataset && m_splitHasSides
        && core::splitLabel(spec) == core::splitLabel(m_splitSpec) && spec.testFile == m_splitSpec.testFile;
    return same ? m_trainData : nullptr;
}

void Workspace::setSnapshot(std::shared_ptr<const core::EmbeddingSnapshot> snapshot)
{
    if (snapshot == m_snapshot)
        return;
    m_snapshot = std::move(snapshot);
    emit snapshotChanged();
}

core::Session Workspace::SessionParts::build() const
{
    core::Session session;
    const bool ownSides = dataset && sides.metadata.get() == &dataset->metadata
        && sides.userAttributes == dataset->userAttributes && sides.itemAttributes == dataset->itemAttributes;
    if (dataset && (trainData || !ownSides)) {
        auto saved = std::make_shared<core::Dataset>();
        saved->sourceFile = dataset->sourceFile;
        saved->isDemo = dataset->isDemo;
        saved->format = dataset->format;
        saved->ratings = trainData ? trainData->train : dataset->ratings; // what the model learned from
        saved->users = dataset->users;
        saved->items = dataset->items;
        saved->metadata = *sides.metadata;
        saved->userAttributes = sides.userAttributes;
        saved->itemAttributes = sides.itemAttributes;
        saved->ratingMin = dataset->ratingMin;
        saved->ratingMax = dataset->ratingMax;
        session.dataset = std::move(saved);
    } else {
        session.dataset = dataset;
    }
    session.snapshot = snapshot;
    session.history = history;
    session.runs = runs;
    session.activeRun = static_cast<std::size_t>(std::max(0, activeRun));
    const bool isKept = activeRun >= 0 && static_cast<std::size_t>(activeRun) < runs.size()
        && runs[static_cast<std::size_t>(activeRun)].snapshot == snapshot;
    if (snapshot && !runs.empty() && !isKept) { // saved while training: the live model is a run too
        core::TrainingRun open;
        open.name = "open model";
        open.snapshot = snapshot;
        open.history = history;
        session.runs.push_back(std::move(open));
        session.activeRun = session.runs.size() - 1;
    }
    return session;
}

bool Workspace::hasEmbeddings() const
{
    return m_snapshot && m_snapshot->itemEmbeddings().rows() == itemCount() && itemCount() > 0;
}

void Workspace::selectItem(int item)
{
    if (item < -1 || item >= itemCount())
        item = -1;
    if (item == m_selectedItem)
        return;
    m_selectedItem = item;
    emit itemSelected(item);
}

int Workspace::itemCount() const
{
    return m_dataset ? static_cast<int>(m_dataset->items.size()) : 0;
}

int Workspace::userCount() const
{
    return m_dataset ? static_cast<int>(m_dataset->users.size()) : 0;
}

QString Workspace::itemRawId(int item) const
{
    return QString::fromStdString(m_dataset->items.rawId(static_cast<std::uint32_t>(item)));
}

QString Workspace::userRawId(int user) const
{
    return QString::fromStdString(m_dataset->users.rawId(static_cast<std::uint32_t>(user)));
}

QString Workspace::itemTitle(int item) const
{
    const QString& title = m_titles.at(static_cast<std::size_t>(item));
    return title.isEmpty() ? tr("item %1").arg(itemRawId(item)) : title;
}

QString Workspace::itemGenres(int item) const
{
    const std::string& raw = m_dataset->items.rawId(static_cast<std::uint32_t>(item));
    return QString::fromStdString(metadata().genresText(raw, '|')).replace(QLatin1Char('|'), QStringLiteral(", "));
}

int Workspace::primaryGenre(int item) const
{
    const core::ItemInfo* info = metadata().find(m_dataset->items.rawId(static_cast<std::uint32_t>(item)));
    return info && !info->genres.empty() ? info->genres.front() : -1;
}

QStringList Workspace::genreNames() const
{
    QStringList names;
    if (m_dataset)
        for (const std::string& name : metadata().genreNames)
            names << QString::fromStdString(name);
    return names;
}

std::optional<int> Workspace::findItem(const QString& idOrTitle) const
{
    if (!m_lookup || idOrTitle.trimmed().isEmpty())
        return std::nullopt;
    if (auto index = m_lookup->resolve(idOrTitle.trimmed().toStdString()))
        return static_cast<int>(*index);
    return std::nullopt;
}

std::optional<int> Workspace::findUser(const QString& rawId) const
{
    if (!m_dataset)
        return std::nullopt;
    if (auto index = m_dataset->users.indexOf(rawId.trimmed().toStdString()))
        return static_cast<int>(*index);
    return std::nullopt;
}

std::vector<std::uint32_t> Workspace::trainItemsOfUser(int user) const
{
    std::vector<std::uint32_t> items;
    if (!m_dataset)
        return items;
    const core::RatingsTable& table = m_trainData ? m_trainData->train : m_dataset->ratings;
    const auto u = static_cast<std::uint32_t>(user);
    for (std::size_t r = 0; r < table.size(); ++r)
        if (table.users[r] == u)
            items.push_back(table.items[r]);
    return items;
}

void Workspace::countRatings()
{
    resizeCounts(m_itemCounts, m_dataset ? m_dataset->items.size() : 0);
    resizeCounts(m_userCounts, m_dataset ? m_dataset->users.size() : 0);
    if (!m_dataset)
        return;
    const core::RatingsTable& table = m_dataset->ratings;
    std::vector<double> itemSum(m_itemCounts.all.size(), 0.0);
    std::vector<double> userSum(m_userCounts.all.size(), 0.0);
    for (std::size_t r = 0; r < table.size(); ++r) {
        ++m_itemCounts.all[table.items[r]];
        ++m_userCounts.all[table.users[r]];
        itemSum[table.items[r]] += table.ratings[r];
        userSum[table.users[r]] += table.ratings[r];
    }
    for (std::size_t i = 0; i < itemSum.size(); ++i)
        m_itemCounts.mean[i] = m_itemCounts.all[i] ? static_cast<float>(itemSum[i] / m_itemCounts.all[i]) : 0.0F;
    for (std::size_t u = 0; u < userSum.size(); ++u)
        m_userCounts.mean[u] = m_userCounts.all[u] ? static_cast<float>(userSum[u] / m_userCounts.all[u]) : 0.0F;
    m_itemCounts.train = m_itemCounts.all;
    m_userCounts.train = m_userCounts.all;
}

void Workspace::countSplit()
{
    if (!m_dataset || !m_trainData) {
        m_itemCounts.train = m_itemCounts.all;
        m_userCounts.train = m_userCounts.all;
        std::fill(m_itemCounts.validation.begin(), m_itemCounts.validation.end(), 0);
        std::fill(m_userCounts.validation.begin(), m_userCounts.validation.end(), 0);
        return;
    }
    auto count = [](const core::RatingsTable& table, RatingCounts& items, RatingCounts& users, bool train) {
        auto& itemTarget = train ? items.train : items.validation;
        auto& userTarget = train ? users.train : users.validation;
        std::fill(itemTarget.begin(), itemTarget.end(), 0);
        std::fill(userTarget.begin(), userTarget.end(), 0);
        for (std::size_t r = 0; r < table.size(); ++r) {
            if (table.items[r] < itemTarget.size())
                ++itemTarget[table.items[r]];
            if (table.users[r] < userTarget.size())
                ++userTarget[table.users[r]];
        }
    };
    count(m_trainData->train, m_itemCounts, m_userCounts, true);
    count(m_trainData->validation, m_itemCounts, m_userCounts, false);
}

} // namespace embex::ui
