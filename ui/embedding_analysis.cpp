// SPDX-License-Identifier: MIT
#include "ui/embedding_analysis.h"

namespace embex::ui {

Projection projectItems(const core::RowMatrixXf& items, const Projection* previous)
{
    Projection p;
    if (items.rows() < 2 || items.cols() < 2)
        return p;
    core::PcaConfig config;
    config.alignWith = previous && previous->pca ? previous->pca.get() : nullptr;
    auto pca = std::make_shared<core::PcaResult>(core::computePca(items, config));
    if (!pca->isValid())
        return p;
    const auto n = static_cast<std::size_t>(items.rows());
    p.x.resize(n);
    p.y.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        p.x[i] = pca->coordinates(static_cast<core::Index>(i), 0);
        p.y[i] = pca->coordinates(static_cast<core::Index>(i), 1);
    }
    p.explained[0] = pca->explainedVarianceRatio.at(0);
    p.explained[1] = pca->explainedVarianceRatio.at(1);
    p.pca = std::move(pca);
    return p;
}

} // namespace embex::ui
