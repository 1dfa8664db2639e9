// SPDX-License-Identifier: MIT
#include "core/analysis/aligned_maps.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace embex::core {
namespace {

    /// `work`'s stop, with its progress mapped from [0, 1] onto [from, to].
    LongWork partOf(const LongWork& work, double from, double to)
    {
        LongWork part;
        part.stop = work.stop;
        if (work.progress)
            part.progress = [progress = work.progress, from, to](double f) { progress(from + f * (to - from)); };
        return part;
    }

    std::vector<int> itemsAtFloor(const AlignedMapsRequest& request, Index rows)
    {
        std::vector<int> items;
        for (Index i = 0; i < rows; ++i)
            if (request.ratingCounts.empty() || request.ratingCounts[static_cast<std::size_t>(i)] >= request.minRatings)
                items.push_back(static_cast<int>(i));
        return items;
    }

    /// Leaves placed only the items listed (ascending), so that both maps show the same ones.
    void keepOnly(Projection& p, const std::vector<int>& items)
    {
        std::vector<bool> kept(p.x.size(), false);
        for (int item : items)
            if (static_cast<std::size_t>(item) < kept.size())
                kept[static_cast<std::size_t>(item)] = true;
        for (std::size_t i = 0; i < kept.size(); ++i)
            if (!kept[i])
                p.x[i] = p.y[i] = std::numeric_limits<double>::quiet_NaN();
    }

    void turnOnto(Projection& p, const Projection& reference, const std::vector<int>& items)
    {
        const auto rows = static_cast<Index>(items.size());
        RowMatrixXf layout(rows, 2), target(rows, 2);
        const float nan = std::numeric_limits<float>::quiet_NaN();
        for (Index r = 0; r < rows; ++r) {
            const int item = items[static_cast<std::size_t>(r)];
            const auto i = static_cast<std::size_t>(item);
            const bool inBoth = p.isPlaced(item) && reference.isPlaced(item);
            layout(r, 0) = p.isPlaced(item) ? static_cast<float>(p.x[i]) : nan;
            layout(r, 1) = p.isPlaced(item) ? static_cast<float>(p.y[i]) : nan;
            target(r, 0) = inBoth ? static_cast<float>(reference.x[i]) : nan;
            target(r, 1) = inBoth ? static_cast<float>(reference.y[i]) : nan;
        }
        alignLayout(layout, target);
        for (Index r = 0; r < rows; ++r) {
            const auto i = static_cast<std::size_t>(items[static_cast<std::size_t>(r)]);
            if (p.isPlaced(static_cast<int>(i))) {
                p.x[i] = layout(r, 0);
                p.y[i] = layout(r, 1);
            }
        }
    }

} // namespace

std::string alignedMapsProblem(const AlignedMapsRequest& request)
{
    if (!request.first || !request.second)
        return "two runs are needed";
    const RowMatrixXf& a = request.first->itemEmbeddings();
    const RowMatrixXf& b = request.second->itemEmbeddings();
    if (a.rows() == 0 || b.rows() == 0)
        return "the " + (a.rows() == 0 ? request.first->modelKind : request.second->modelKind)
            + " run has no item vectors to place";
    if (a.rows() != b.rows())
        return "the runs have " + std::to_string(a.rows()) + " and " + std::to_string(b.rows())
            + " items: only runs of the same dataset and items compare";
    if (!request.ratingCounts.empty() && request.ratingCounts.size() != static_cast<std::size_t>(a.rows()))
        return "rating counts for " + std::to_string(request.ratingCounts.size()) + " items, not "
            + std::to_string(a.rows());
    if (request.k < 1)
        return "k must be at least 1";
    const std::size_t items = itemsAtFloor(request, a.rows()).size();
    if (items < static_cast<std::size_t>(request.k) + 1)
        return std::to_string(items) + " items have at least " + std::to_string(request.minRatings)
            + " ratings: comparing " + std::to_string(request.k) + " neighbours needs " + std::to_string(request.k + 1);
    if (request.kind == ProjectionKind::Pca && std::min(a.cols(), b.cols()) < 2)
        return "PCA needs at least 2 dimensions; one run has " + std::to_string(std::min(a.cols(), b.cols()));
    return {};
}

Projection projectAligned(const ProjectionRequest& request, const Projection& reference, const LongWork& work)
{
    Projection p;
    if (traitsOf(request.kind).isIterative) {
        // The warm start of a live layout is the start we want: the reference's positions. Its
        // k-NN graph is of the other run's space, so it must not be refined into this one's.
        Projection start;
        start.kind = reference.kind;
        start.metric = reference.metric;
        start.x = reference.x;
        start.y = reference.y;
        ProjectionRequest continued = request;
        continued.isLive = true;
        p = projectMap(continued, &start, work);
    } else {
        // PCA's own alignment (sign-matching components) needs the same space: not across runs
        p = projectMap(request, nullptr, work);
    }
    if (p.isEmpty())
        return p;
    keepOnly(p, request.items);
    turnOnto(p, reference, request.items);
    return p;
}

AlignedMaps alignRunMaps(const AlignedMapsRequest& request, const LongWork& work)
{
    AlignedMaps maps;
    maps.problem = alignedMapsProblem(request);
    if (!maps.problem.empty())
        return maps;
    const RowMatrixXf& a = request.first->itemEmbeddings();
    ProjectionRequest view;
    view.kind = request.kind;
    view.metric = request.metric;
    view.items = itemsAtFloor(request, a.rows());
    view.minRatings = static_cast<int>(request.minRatings);
    view.seed = request.seed;
    view.threads = request.threads;
    // a layout is most of the work, the agreement's two all-pairs searches the rest
    const bool isIterative = traitsOf(request.kind).isIterative;
    const double firstEnds = isIterative ? 0.45 : 0.1, secondEnds = isIterative ? 0.9 : 0.2;

    ProjectionRequest first = view;
    first.snapshot = request.first;
    maps.first = projectMap(first, nullptr, partOf(work, 0, firstEnds));
    if (!work.cancelled() && !maps.first.isEmpty()) {
        keepOnly(maps.first, view.items);
        ProjectionRequest second = view;
        second.snapshot = request.second;
        maps.second = projectAligned(second, maps.first, partOf(work, firstEnds, secondEnds));
    }
    if (work.cancelled()) {
        maps.cancelled = true;
        return maps;
    }
    if (maps.first.isEmpty() || maps.second.isEmpty()) {
        maps.problem = std::string("the ") + traitsOf(request.kind).label + " map could not place these items";
        return maps;
    }
    maps.agreement = neighbourAgreement(a, request.second->itemEmbeddings(), request.k, request.ratingCounts,
                                        request.minRatings, request.threads);
    if (work.cancelled()) {
        maps.cancelled = true;
        return maps;
    }
    maps.shared.assign(static_cast<std::size_t>(a.rows()), -1);
    for (std::size_t r = 0; r < maps.agreement.comparedItems.size(); ++r)
        maps.shared[maps.agreement.comparedItems[r]] = static_cast<int>(
            std::lround(maps.agreement.overlaps[r] * static_cast<float>(request.k)));
    if (work.progress)
        work.progress(1);
    return maps;
}

std::vector<std::uint32_t> mostDifferentItems(const AlignedMaps& maps, std::span<const std::uint32_t> ratingCounts)
{
    std::vector<std::uint32_t> items = maps.agreement.comparedItems;
    const auto ratingsOf = [&](std::uint32_t i) { return i < ratingCounts.size() ? ratingCounts[i] : 0u; };
    std::sort(items.begin(), items.end(), [&](std::uint32_t l, std::uint32_t r) {
        const int sl = maps.shared[l], sr = maps.shared[r];
        if (sl != sr)
            return sl < sr;
        if (ratingsOf(l) != ratingsOf(r))
            return ratingsOf(l) > ratingsOf(r);
        return l < r;
    });
    return items;
}

} // namespace embex::core
