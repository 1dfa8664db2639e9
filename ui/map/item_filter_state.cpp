// SPDX-License-Identifier: MIT
#include "ui/map/item_filter_state.h"

#include "ui/data/workspace.h"

#include <QLocale>
#include <algorithm>

namespace embex::ui {

ItemFilterState::ItemFilterState(Workspace* workspace, QObject* parent)
    : QObject(parent)
    , m_workspace(workspace)
{
    connect(workspace, &Workspace::datasetChanged, this, [this] {
        m_filter = {};
        gatherFacts();
        recompute();
    });
    connect(workspace, &Workspace::metadataChanged, this, &ItemFilterState::onMetadataChanged);
    gatherFacts();
    recompute();
}

void ItemFilterState::setFilter(core::ItemFilter filter)
{
    if (filter == m_filter)
        return;
    m_filter = std::move(filter);
    recompute();
}

bool ItemFilterState::passes(int item) const
{
    return m_mask.empty()
        || (item >= 0 && static_cast<std::size_t>(item) < m_mask.size() && m_mask[static_cast<std::size_t>(item)]);
}

int ItemFilterState::itemCount() const
{
    return static_cast<int>(m_facts.genres.size());
}

QString ItemFilterState::description() const
{
    return QString::fromStdString(core::describeItemFilter(m_filter, m_facts.genreNames));
}

QString ItemFilterState::caveats() const
{
    return QString::fromStdString(core::itemFilterCaveats(m_filter));
}

QString ItemFilterState::summary() const
{
    if (!isActive())
        return {};
    const QLocale locale;
    return tr("Filter: %1 — %2 of %3 items pass")
        .arg(description(), locale.toString(m_passing), locale.toString(itemCount()));
}

void ItemFilterState::gatherFacts()
{
    if (!m_workspace->hasDataset()) {
        m_facts = {};
        return;
    }
    const std::vector<int>& all = m_workspace->itemCounts().all;
    const std::vector<std::uint32_t> counts(all.begin(), all.end());
    m_facts = core::itemFilterFacts(m_workspace->dataset()->items, m_workspace->metadata(), counts);
}

void ItemFilterState::recompute()
{
    if (m_filter.isEmpty()) {
        m_mask.clear();
        m_passing = itemCount();
    } else {
        m_mask = core::itemFilterMask(m_filter, m_facts);
        m_passing = static_cast<int>(core::countPassing(m_mask));
    }
    emit changed();
}

void ItemFilterState::onMetadataChanged()
{
    // the filter's genres are indices into the old names: find each again by its name
    const std::vector<std::string> oldNames = m_facts.genreNames;
    gatherFacts();
    const auto remap = [&](const std::vector<std::uint16_t>& genres) {
        std::vector<std::uint16_t> kept;
        for (std::uint16_t g : genres) {
            if (g >= oldNames.size())
                continue;
            const auto it = std::find(m_facts.genreNames.begin(), m_facts.genreNames.end(), oldNames[g]);
            if (it != m_facts.genreNames.end())
                kept.push_back(static_cast<std::uint16_t>(it - m_facts.genreNames.begin()));
        }
        return kept;
    };
    m_filter.includeGenres = remap(m_filter.includeGenres);
    m_filter.excludeGenres = remap(m_filter.excludeGenres);
    recompute();
}

} // namespace embex::ui
