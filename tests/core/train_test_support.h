// SPDX-License-Identifier: MIT
// Helpers shared by the model and trainer tests: demo data as TrainData, planted-type checks,
// central finite differences.
#pragma once

#include "core/data/demo_generator.h"
#include "core/data/split.h"
#include "core/training/trainer.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <numeric>
#include <vector>

namespace embex::test {

inline std::shared_ptr<core::TrainData> demoTrainData(const core::DemoConfig& demoConfig = {}, double holdout = 0)
{
    auto demo = core::generateDemo(demoConfig);
    auto data = std::make_shared<core::TrainData>();
    if (holdout > 0) {
        core::Split split = core::randomHoldout(demo->ratings, holdout, 7);
        data->train = std::move(split.train);
        data->validation = std::move(split.test);
    } else {
        data->train = demo->ratings;
    }
    data->userCount = demo->users.size();
    data->itemCount = demo->items.size();
    data->ratingMin = demo->ratingMin;
    data->ratingMax = demo->ratingMax;
    data->implicit = demo->isImplicit();
    return data;
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

/// Largest relative error between an analytic gradient and central differences of `loss`
/// over a few entries of `parameter` (picked by stride so every block is touched).
inline double finiteDifferenceError(core::RowMatrixXf& parameter, const core::RowMatrixXf& analytic,
                                    const std::function<double()>& loss, int samples = 12, float h = 1e-2f)
{
    double worst = 0;
    const core::Index size = parameter.size();
    const core::Index stride = std::max<core::Index>(1, size / samples);
    for (core::Index k = 0; k < size; k += stride) {
        float* w = parameter.data() + k;
        const float saved = *w;
        *w = saved + h;
        const float up = *w;
        const double lossUp = loss();
        *w = saved - h;
        const float down = *w;
        const double lossDown = loss();
        *w = saved;
        const double numeric = (lossUp - lossDown) / static_cast<double>(up - down);
        const double exact = analytic.data()[k];
        const double error = std::abs(numeric - exact) / std::max(1e-2, std::abs(numeric) + std::abs(exact));
        worst = std::max(worst, error);
    }
    return worst;
}

} // namespace embex::test
