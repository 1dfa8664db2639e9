// SPDX-License-Identifier: MIT
#pragma once

#include "core/models/scorer.h"

namespace embex::core {

/// A new user of a dot-product model (dot+bias, ALS, imported item vectors), folded in with the
/// item vectors held fixed (ModelScorer::queryVector of the dot-product scorer):
///   the [p; b] minimising Σ_picked (r̂ − r)² + λ·n·(‖p‖² + β·b²), λ under rule.regularizationKey
///     and β the training ones; unsquashed it is one linear solve, with y_squash it is
///     Gauss–Newton steps on the squashed residuals (the model's own loss); on implicit data
///     every other item is a target-0 example weighted so they add up to
///     rule.implicitNegatives per positive;
///   confidence-weighted on implicit data (implicit ALS): Hu–Koren–Volinsky's fold-in
///     (QᵀQ + Qᵀ(C−I)Q + λI)⁻¹ QᵀC·1.
/// A snapshot with SVD++'s DotBiasModel::implicitItemParameter (Y) returns p + z, z = |N|^-½·Σ y_j
/// over the picked items, with p fitted as above with z·q_i held in each prediction.
/// No picks give the zero user (or the confidence solve's). b is set only when the snapshot has
/// user biases. Picks must be in range.
QueryVector dotProductFoldIn(const EmbeddingSnapshot& s, const DotFoldIn& rule, std::span<const PickedItem> picks,
                             bool implicitData);

} // namespace embex::core
