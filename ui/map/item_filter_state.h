// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/item_filter.h"

#include <QObject>
#include <QString>
#include <cstdint>
#include <span>
#include <vector>

namespace embex::ui {

class Workspace;

/// The map's item filter (genres, years, popularity) and which of the open dataset's items pass
/// it. The map greys the items that fail; the neighbour and recommendation lists may search among
/// the passing ones. A new dataset clears it; a new model keeps it (it reads only the data); new
/// metadata keeps the genres it can find again by name.
class ItemFilterState : public QObject {
    Q_OBJECT
public:
    explicit ItemFilterState(Workspace* workspace, QObject* parent = nullptr);

    const core::ItemFilter& filter() const { return m_filter; }
    void setFilter(core::ItemFilter filter);
    void clear() { setFilter({}); }
    bool isActive() const { return !m_filter.isEmpty(); }
    /// One entry per item (1: passes), or empty while no filter is set: every item passes.
    std::span<const std::uint8_t> mask() const { return m_mask; }
    bool passes(int item) const;
    /// Items passing (every item while no filter is set).
    int passingCount() const { return m_passing; }
    int itemCount() const;
    /// "Comedy, not Horror · 1980–1999"; empty while no filter is set.
    QString description() const;
    /// Which items a part fails without saying so ("Items with no year … fail a year range.").
    QString caveats() const;
    /// "Filter: Comedy · 1980–1999 — 312 of 1,682 items pass"; empty while no filter is set.
    QString summary() const;
    /// Genres, years and rating counts of the open dataset's items.
    const core::ItemFacts& facts() const { return m_facts; }

signals:
    /// The filter, or the items it applies to, changed.
    void changed();

private:
    Workspace* m_workspace;
    core::ItemFilter m_filter;
    core::ItemFacts m_facts;
    std::vector<std::uint8_t> m_mask;
    int m_passing = 0;

    void gatherFacts();
    void recompute();
    void onMetadataChanged();
};

} // namespace embex::ui
