// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/attribute_table.h"
#include "core/data/id_map.h"

#include <QColor>
#include <QStringList>
#include <cstdint>
#include <vector>

namespace embex::ui {

/// The users' map's colours: one bucket a user, one legend entry a bucket. Numbers (activity, an
/// age) go into steps of one sequential scale, categories into their most common values and
/// "other"; users with no value are grey and counted in the legend.
struct UserColouring {
    std::vector<int> bucketOfUser;
    std::vector<QColor> colours;
    QStringList names; ///< per bucket, with how many of the users shown it holds
    int missing = 0;   ///< users shown with no value
    QString title;     ///< what the colours say ("ratings (log scale)", "age")
};

/// By ratings count on a log scale. `shown`: the users drawn, whom the legend counts.
UserColouring colourUsersByActivity(const std::vector<std::uint32_t>& ratings, const std::vector<int>& shown);
/// By column `column` of `table` (rows keyed by the users' raw ids).
UserColouring colourUsersByAttribute(const core::AttributeTable& table, std::size_t column, const core::IdMap& users,
                                     const std::vector<int>& shown);

} // namespace embex::ui
