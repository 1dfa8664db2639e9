// SPDX-License-Identifier: MIT
// Helpers shared by the model and trainer tests: demo data as TrainData, planted-type checks,
// gradients against central finite differences.
#pragma once

#include "core/data/dataset.h"
#include "core/data/demo_generator.h"
#include "core/data/ratings_loader.h"
#include "core/data/split.h"
#include "core/models/embedding_snapshot.h"
#include "core/models/model.h"
#include "core/training/trainer.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <numeric>
#include <span>
#include <string>
#include <vector>

namespace embex::test {

inline std::shared_ptr<core::TrainData> demoTrainData(const core::DemoConfig& demoConfig = {}, double holdout = 0)
{
    auto demo = core::generateDemo(demoConfig);
    core::SplitSpec spec;
    spec.kind = holdout > 0 ? core::SplitSpec::Kind::RandomHoldout : core::SplitSpec::Kind::None;
    spec.fraction = holdout;
    spec.seed = 7;
    return core::splitForTraining(*demo, spec).data;
}

/// The whole of a dataset as TrainData (no validation), as `embex-cli train --test` on the
/// training file itself gives: what the ml-100k figures in docs/guide/map.md are measured on.
inline core::TrainData allRatingsOf(const core::Dataset& data)
{
    core::TrainData train;
    train.train = data.ratings;
    train.userCount = data.users.size();
    train.itemCount = data.items.size();
    train.ratingMin = data.ratingMin;
    train.ratingMax = data.ratingMax;
    return train;
}

/// All of a ratings file and the default dot+bias model trained on it (2 threads): the setting of
/// the ml-100k map and axes figures in docs/guide/map.md. dataset is null when the file does not load.
struct TrainedOnAll {
    std::shared_ptr<const core::Dataset> dataset;
    core::TrainOutcome outcome;
};

inline TrainedOnAll trainDotBiasOnAll(const std::string& ratingsPath)
{
    TrainedOnAll result;
    core::LoadOutcome loaded = core::loadRatings(ratingsPath);
    if (!loaded.ok())
        return result;
    result.dataset = std::move(loaded.dataset);
    core::TrainConfig config = core::defaultTrainConfig("dotbias");
    config.threads = 2;
    result.outcome = core::train(allRatingsOf(*result.dataset), config);
    return result;
}

/// Fraction of items for which at least `need` of their 10 cosine neighbours share the item's
/// planted type (demo item m has type m mod types).
inline double plantedTypeAgreement(const core::RowMatrixXf& items, int types, int need = 8)
{
    const core::Index n = items.rows();
    core::RowMatrixXf unit = items;
    for (core::Index i = 0; i < n; ++i)
        unit.row(i) /= std::max(1e-12f, unit.row(i).norm());
    const core::RowMatrixXf cosine = unit * unit.transpose();
    int good = 0;
    std::vector<core::Index> order(static_cast<std::size_t>(n));
    for (core::Index i = 0; i < n; ++i) {
        std::iota(order.begin(), order.end(), core::Index(0));
        std::partial_sort(order.begin(), order.begin() + 11, order.end(),
                          [&](core::Index a, core::Index b) { return cosine(i, a) > cosine(i, b); });
        int same = 0, taken = 0;
        for (core::Index j : order) {
            if (j == i)
                continue;
            same += (j % types) == (i % types) ? 1 : 0;
            if (++taken == 10)
                break;
        }
        good += same >= need ? 1 : 0;
    }
    return static_cast<double>(good) / static_cast<double>(n);
}

/// Largest relative error between a model's analytic gradient (float, the training path) and
/// central differences of its loss computed in double, over up to `samples` entries with a
/// non-zero gradient per table plus a few with none. Leaves the gradients cleared.
inline double modelGradientError(core::Model& model, std::span<const std::uint32_t> examples, int samples = 16,
                                 float h = 1e-4f)
{
    const auto tables = model.trainableTables();
    for (core::SparseTable* t : tables)
        t->clearGradient();
    model.accumulateGradients(examples, 1.0f);
    double worst = 0;
    for (core::SparseTable* t : tables) {
        const core::RowMatrixXf analytic = t->gradientMatrix();
        std::vector<core::Index> nonZero, zero;
        for (core::Index k = 0; k < analytic.size(); ++k)
            (analytic.data()[k] != 0 ? nonZero : zero).push_back(k);
        std::vector<core::Index> picked;
        for (int s = 0; s < samples && !nonZero.empty(); ++s)
            picked.push_back(nonZero[static_cast<std::size_t>(s) * nonZero.size() / static_cast<std::size_t>(samples)]);
        for (std::size_t s = 0; s < std::min<std::size_t>(2, zero.size()); ++s)
            picked.push_back(zero[s * zero.size() / 2]);
        for (core::Index k : picked) {
            float* w = t->value.data() + k;
            const float saved = *w;
            const double loss = model.exactLoss(examples);
            *w = saved + h;
            const float up = *w;
            const double lossUp = model.exactLoss(examples);
            *w = saved - h;
            const float down = *w;
            const double lossDown = model.exactLoss(examples);
            *w = saved;
            const double exact = analytic.data()[k];
            auto relative = [&](double numeric) {
                return std::abs(numeric - exact) / std::max(1e-3, std::abs(numeric) + std::abs(exact));
            };
            // A ReLU kink inside [w − h, w + h] spoils the central difference; the analytic
            // (sub)gradient then matches one of the one-sided ones.
            const double error = std::min({ relative((lossUp - lossDown) / static_cast<double>(up - down)),
                                            relative((lossUp - loss) / static_cast<double>(up - saved)),
                                            relative((loss - lossDown) / static_cast<double>(saved - down)) });
            worst = std::max(worst, error);
        }
    }
    for (core::SparseTable* t : tables)
        t->clearGradient();
    return worst;
}

/// For models that split a batch over threads: after[0] is a one-thread run, after[t] the same
/// steps on more threads. Every parameter must have moved from `before` (else the check says
/// nothing) and match the one-thread run to within 1e-5. Returns what failed, or "".
inline std::string threadedStepMismatch(const core::EmbeddingSnapshot& before,
                                        const std::vector<std::shared_ptr<core::EmbeddingSnapshot>>& after)
{
    for (std::size_t p = 0; p < before.parameters.size(); ++p) {
        const auto& [name, initial] = before.parameters[p];
        const core::RowMatrixXf& one = after[0]->parameters[p].value;
        if ((one - initial).cwiseAbs().maxCoeff() <= 1e-4f)
            return name + " did not move";
        for (std::size_t t = 1; t < after.size(); ++t) {
            const float difference = (after[t]->parameters[p].value - one).cwiseAbs().maxCoeff();
            if (!(difference < 1e-5f))
                return name + " of run " + std::to_string(t) + " differs by " + std::to_string(difference);
        }
    }
    return {};
}

} // namespace embex::test
