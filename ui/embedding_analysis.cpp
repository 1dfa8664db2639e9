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

std::optional<QPointF> placeQuery(const Projection& projection, const core::QueryVector& query,
                                  std::span<const core::Neighbour> nearest)
{
    if (projection.isEmpty())
        return std::nullopt;
    const core::PcaResult* pca = projection.pca.get();
    if (query.isInItemSpace && pca && pca->components.rows() == query.vector.size() && pca->components.cols() >= 2) {
        const Eigen::VectorXd centred = query.vector.cast<double>() - pca->mean;
        return QPointF(centred.dot(pca->components.col(0)), centred.dot(pca->components.col(1)));
    }
    double x = 0, y = 0, weights = 0;
    for (std::size_t rank = 0; rank < nearest.size(); ++rank) {
        const std::size_t item = nearest[rank].item;
        if (item >= projection.x.size())
            continue;
        const double w = 1.0 / static_cast<double>(rank + 1);
        x += w * projection.x[item];
        y += w * projection.y[item];
        weights += w;
    }
    if (weights == 0)
        return std::nullopt;
    return QPointF(x / weights, y / weights);
}

} // namespace embex::ui
