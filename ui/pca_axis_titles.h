// SPDX-License-Identifier: MIT
#pragma once

#include "core/analysis/pca.h"

#include <QString>

namespace embex::ui {

class Workspace;

/// A map axis title for a PCA projection that names what lies at the axis's ends in short form:
/// "PC1 12.3% — Star Wars, Raiders ↔ Gigi, Emma" (low end first, like the axis). The ends are the
/// `perEnd` most extreme items among those with at least max(minRatings, the neighbours list's
/// default floor) ratings, since rarely rated items are extreme by noise; no floor for a dataset
/// without ratings. Empty when `pca` has no such axis.
QString pcaAxisTitle(const core::PcaResult& pca, int axis, const Workspace& workspace, int minRatings, int perEnd = 2);

} // namespace embex::ui
