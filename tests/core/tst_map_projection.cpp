// SPDX-License-Identifier: MIT
// The map's projections as one table: every row places items, names itself, and is what the window
// and `embex-cli map` share; a new user's query lands where the map's own formula puts items.
#include "core/analysis/map_projection.h"
#include "core/data/random.h"

#include <QtTest>
#include <cmath>
#include <numeric>

using namespace embex;
using namespace embex::core;

namespace {

// items in four clusters of a 6-dimensional space
std::shared_ptr<const EmbeddingSnapshot> clusteredSnapshot(int items = 120)
{
    Rng rng(7);
    RowMatrixXf m(items, 6);
    for (int i = 0; i < items; ++i)
        for (int d = 0; d < 6; ++d)
            m(i, d) = static_cast<float>((d == i % 4 ? 3.0 : 0.0) + rng.normal() * 0.3);
    auto s = std::make_shared<EmbeddingSnapshot>();
    s->modelKind = "dotbias";
    s->epoch = 3;
    s->parameters.push_back({ "item_embedding", std::move(m) });
    return s;
}

ProjectionRequest requestOf(ProjectionKind kind, std::shared_ptr<const EmbeddingSnapshot> snapshot,
                            std::vector<int> items)
{
    ProjectionRequest r;
    r.snapshot = std::move(snapshot);
    r.kind = kind;
    r.items = std::move(items);
    r.threads = 2;
    return r;
}

std::vector<int> evenItems(int count)
{
    std::vector<int> items;
    for (int i = 0; i < count; i += 2)
        items.push_back(i);
    return items;
}

} // namespace

class TestMapProjection : public QObject {
    Q_OBJECT

private slots:
    void everyKindIsOneRowFoundByItsName()
    {
        QVERIFY(projectionKinds().size() >= 2);
        for (const ProjectionTraits& row : projectionKinds()) {
            QVERIFY(&traitsOf(row.kind) == &row);
            QCOMPARE(projectionKindFromName(row.name), std::optional<ProjectionKind>(row.kind));
            QVERIFY(QString::fromStdString(projectionNames()).contains(QLatin1String(row.name)));
            QVERIFY(row.place != nullptr);
            QVERIFY(row.minimumItems >= 2);
        }
        QCOMPARE(projectionKindFromName("tsne"), std::nullopt);
    }

    void everyKindPlacesTheItemsItSays()
    {
        const auto snapshot = clusteredSnapshot();
        const std::vector<int> half = evenItems(120);
        for (const ProjectionTraits& row : projectionKinds()) {
            const Projection p = projectMap(requestOf(row.kind, snapshot, half), nullptr);
            QVERIFY2(!p.isEmpty(), row.name);
            QCOMPARE(p.kind, row.kind);
            QCOMPARE(p.epoch, 3);
            QCOMPARE(p.x.size(), std::size_t(120));
            for (int item = 0; item < 120; ++item) {
                const bool requested = item % 2 == 0;
                QCOMPARE(p.isPlaced(item), requested || !row.placesOnlyRequestedItems);
            }
            QCOMPARE(p.pca != nullptr, row.hasMeaningfulAxes); // axes that mean something come with their formula
        }
    }

    void tooFewItemsGiveNoMap()
    {
        const auto snapshot = clusteredSnapshot();
        for (const ProjectionTraits& row : projectionKinds()) {
            if (!row.placesOnlyRequestedItems)
                continue; // places the whole catalogue, which has enough
            std::vector<int> few(static_cast<std::size_t>(row.minimumItems - 1));
            std::iota(few.begin(), few.end(), 0);
            QVERIFY2(projectMap(requestOf(row.kind, snapshot, few), nullptr).isEmpty(), row.name);
        }
    }

    void aViewIsTheSameAcrossSnapshotsOnly()
    {
        const auto a = clusteredSnapshot();
        for (const ProjectionTraits& row : projectionKinds()) {
            ProjectionRequest one = requestOf(row.kind, a, evenItems(120));
            ProjectionRequest other = one;
            other.snapshot = clusteredSnapshot(120);
            QVERIFY(one.isSameView(other));
            other.items = evenItems(100);
            QCOMPARE(one.isSameView(other), !row.placesOnlyRequestedItems);
            other = one;
            other.kind = row.kind == ProjectionKind::Pca ? ProjectionKind::Neighbourhoods : ProjectionKind::Pca;
            QVERIFY(!one.isSameView(other));
        }
    }

    void aQueryAtAnItemsVectorLandsOnThatItem()
    {
        const auto snapshot = clusteredSnapshot();
        const Projection pca = projectMap(requestOf(ProjectionKind::Pca, snapshot, evenItems(120)), nullptr);
        QueryVector query;
        query.vector = snapshot->itemEmbeddings().row(17).transpose();
        const auto at = placeQuery(pca, query, {});
        QVERIFY(at);
        QVERIFY(std::abs(at->x - pca.x[17]) < 1e-4);
        QVERIFY(std::abs(at->y - pca.y[17]) < 1e-4);
        // a layout has no formula: the query sits among its top items, the first weighing most
        const Projection layout = projectMap(requestOf(ProjectionKind::Neighbourhoods, snapshot, evenItems(120)),
                                             nullptr);
        const std::vector<Neighbour> top { { 4, 0.9f }, { 8, 0.8f } };
        const auto near = placeQuery(layout, query, top);
        QVERIFY(near);
        QVERIFY(std::abs(near->x - (layout.x[4] + 0.5 * layout.x[8]) / 1.5) < 1e-9);
        QCOMPARE(placeQuery(layout, query, {}), std::nullopt); // nothing to sit among
    }

    void aStopReturnsNoMap()
    {
        std::stop_source stop;
        stop.request_stop();
        LongWork work;
        work.stop = stop.get_token();
        const auto snapshot = clusteredSnapshot();
        std::vector<int> all(120);
        std::iota(all.begin(), all.end(), 0);
        for (const ProjectionTraits& row : projectionKinds())
            if (row.isIterative)
                QVERIFY2(projectMap(requestOf(row.kind, snapshot, all), nullptr, work).isEmpty(), row.name);
    }
};

QTEST_APPLESS_MAIN(TestMapProjection)
#include "tst_map_projection.moc"
