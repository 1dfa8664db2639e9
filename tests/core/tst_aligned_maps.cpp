// SPDX-License-Identifier: MIT
#include "core/analysis/aligned_maps.h"
#include "tests/support/random_matrix.h"

#include <QTest>

#include <Eigen/LU>
#include <Eigen/QR>

#include <algorithm>
#include <cmath>
#include <memory>

using namespace embex::core;

namespace {

std::shared_ptr<EmbeddingSnapshot> snapshotOf(RowMatrixXf items, const std::string& kind = "dotbias")
{
    auto s = std::make_shared<EmbeddingSnapshot>();
    s->modelKind = kind;
    s->parameters.push_back({ "item_embedding", std::move(items) });
    return s;
}

/// Clustered points: `groups` centres with noise around them, so maps have shapes to align.
RowMatrixXf groupedPoints(Index rows, Index dim, int groups, std::uint64_t seed)
{
    const RowMatrixXf centres = 4 * embex::test::normalMatrix(groups, dim, seed);
    RowMatrixXf points = embex::test::normalMatrix(rows, dim, seed + 1);
    for (Index i = 0; i < rows; ++i)
        points.row(i) += centres.row(i % groups);
    return points;
}

/// A random d × d orthogonal matrix with determinant −1: a rotation and a reflection.
Eigen::MatrixXf reflectingRotation(Index dim, std::uint64_t seed)
{
    const Eigen::MatrixXf random = embex::test::normalMatrix(dim, dim, seed);
    Eigen::MatrixXf q = Eigen::HouseholderQR<Eigen::MatrixXf>(random).householderQ();
    if (q.determinant() > 0)
        q.col(0) = -q.col(0);
    return q;
}

std::vector<double> distances(const Projection& a, const Projection& b)
{
    std::vector<double> d;
    for (std::size_t i = 0; i < a.x.size(); ++i)
        if (a.isPlaced(static_cast<int>(i)))
            d.push_back(std::hypot(a.x[i] - b.x[i], a.y[i] - b.y[i]));
    std::sort(d.begin(), d.end());
    return d;
}

double largestDistance(const Projection& a, const Projection& b)
{
    const std::vector<double> d = distances(a, b);
    return d.empty() ? 0 : d.back();
}

/// The larger side of the map's bounding box, for tolerances relative to its size.
double extent(const Projection& p)
{
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    for (std::size_t i = 0; i < p.x.size(); ++i)
        if (p.isPlaced(static_cast<int>(i))) {
            x0 = std::min(x0, p.x[i]);
            x1 = std::max(x1, p.x[i]);
            y0 = std::min(y0, p.y[i]);
            y1 = std::max(y1, p.y[i]);
        }
    return std::max(x1 - x0, y1 - y0);
}

} // namespace

class TestAlignedMaps : public QObject {
    Q_OBJECT
private slots:
    void aTurnedCopyLandsOnTheFirst_data()
    {
        QTest::addColumn<int>("kind");
        // the largest distance allowed, as a share of the map's size; the median's is a third of it
        QTest::addColumn<double>("tolerance");
        // PCA of the turned vectors is the same picture up to a turn: only rounding differs
        QTest::addRow("PCA") << static_cast<int>(ProjectionKind::Pca) << 1e-4;
        // a layout started from the first's positions moves a little in its few epochs (here the
        // median item by 2 % of the map's size, the farthest by 7 %); laid out afresh, by 38 %
        QTest::addRow("Neighbourhoods") << static_cast<int>(ProjectionKind::Neighbourhoods) << 0.1;
    }

    void aTurnedCopyLandsOnTheFirst()
    {
        QFETCH(int, kind);
        QFETCH(double, tolerance);
        const RowMatrixXf a = groupedPoints(240, 6, 4, 11);
        const RowMatrixXf b = a * reflectingRotation(6, 12);
        AlignedMapsRequest request;
        request.first = snapshotOf(a);
        request.second = snapshotOf(b);
        request.kind = static_cast<ProjectionKind>(kind);
        const AlignedMaps maps = alignRunMaps(request);
        QVERIFY2(maps.isValid(), maps.problem.c_str());
        const double size = extent(maps.first);
        QVERIFY(size > 0);
        const double largest = largestDistance(maps.first, maps.second);
        QVERIFY2(largest <= tolerance * size, qPrintable(QStringLiteral("%1 of %2").arg(largest).arg(size)));
        const double median = distances(maps.first, maps.second)[120];
        QVERIFY2(median <= tolerance / 3 * size, qPrintable(QStringLiteral("%1 of %2").arg(median).arg(size)));

        // the same map unturned is far off: the test sees the turn
        ProjectionRequest plain;
        plain.snapshot = request.second;
        plain.kind = request.kind;
        for (int i = 0; i < 240; ++i)
            plain.items.push_back(i);
        const Projection unturned = projectMap(plain, nullptr);
        QVERIFY(largestDistance(maps.first, unturned) > 0.3 * size);
        QCOMPARE(std::count(maps.shared.begin(), maps.shared.end(), 10), std::ptrdiff_t { 240 });
    }

    void identicalRunsShareEveryNeighbour()
    {
        const RowMatrixXf a = embex::test::normalMatrix(200, 8, 3);
        AlignedMapsRequest request;
        request.first = snapshotOf(a);
        request.second = snapshotOf(a, "als");
        const AlignedMaps maps = alignRunMaps(request);
        QVERIFY2(maps.isValid(), maps.problem.c_str());
        QCOMPARE(maps.shared.size(), std::size_t { 200 });
        QVERIFY(std::all_of(maps.shared.begin(), maps.shared.end(), [](int s) { return s == 10; }));
        QCOMPARE(maps.agreement.meanOverlap, 1.0);
        QVERIFY(largestDistance(maps.first, maps.second) <= 1e-4 * extent(maps.first));
    }

    void theFloorChoosesWhatIsDrawnAndCompared()
    {
        const RowMatrixXf a = embex::test::normalMatrix(100, 8, 4);
        const RowMatrixXf b = embex::test::normalMatrix(100, 8, 5);
        AlignedMapsRequest request;
        request.first = snapshotOf(a);
        request.second = snapshotOf(b);
        for (std::uint32_t i = 0; i < 100; ++i)
            request.ratingCounts.push_back(i);
        request.minRatings = 40;
        for (const ProjectionKind kind : { ProjectionKind::Pca, ProjectionKind::Neighbourhoods }) {
            request.kind = kind;
            const AlignedMaps maps = alignRunMaps(request);
            QVERIFY2(maps.isValid(), maps.problem.c_str());
            QCOMPARE(maps.agreement.items, std::size_t { 60 });
            for (int i = 0; i < 100; ++i) {
                QCOMPARE(maps.first.isPlaced(i), i >= 40);
                QCOMPARE(maps.second.isPlaced(i), i >= 40);
                QCOMPARE(maps.shared[static_cast<std::size_t>(i)] >= 0, i >= 40);
            }
        }
    }

    void theMostDifferentComeFirst()
    {
        AlignedMaps maps;
        maps.agreement.comparedItems = { 0, 1, 2, 3, 4 };
        maps.shared = { 5, 2, 9, 2, 0 };
        const std::vector<std::uint32_t> counts { 10, 20, 30, 50, 1 };
        QCOMPARE(mostDifferentItems(maps, counts), (std::vector<std::uint32_t> { 4, 3, 1, 0, 2 }));
    }

    void whatCannotBeComparedSaysWhy()
    {
        AlignedMapsRequest request;
        request.first = snapshotOf(embex::test::normalMatrix(50, 4, 6));
        request.second = snapshotOf(embex::test::normalMatrix(40, 4, 7));
        QVERIFY(alignRunMaps(request).problem.find("50 and 40 items") != std::string::npos);

        request.second = snapshotOf(RowMatrixXf(), "mlp");
        QVERIFY(alignRunMaps(request).problem.find("mlp run has no item vectors") != std::string::npos);

        request.second = snapshotOf(embex::test::normalMatrix(50, 4, 7));
        request.ratingCounts.assign(50, 1);
        std::fill(request.ratingCounts.begin(), request.ratingCounts.begin() + 10, 30);
        request.minRatings = 20;
        const AlignedMaps few = alignRunMaps(request);
        QVERIFY2(few.problem.find("10 items have at least 20 ratings") != std::string::npos, few.problem.c_str());
        request.minRatings = 0;
        QVERIFY(alignRunMaps(request).isValid());

        request.first = snapshotOf(embex::test::normalMatrix(50, 1, 8));
        QVERIFY(alignRunMaps(request).problem.find("PCA needs at least 2 dimensions") != std::string::npos);
    }

    void aStopIsNotAProblem()
    {
        std::stop_source source;
        source.request_stop();
        LongWork work;
        work.stop = source.get_token();
        AlignedMapsRequest request;
        request.first = snapshotOf(embex::test::normalMatrix(60, 4, 9));
        request.second = request.first;
        request.kind = ProjectionKind::Neighbourhoods;
        const AlignedMaps maps = alignRunMaps(request, work);
        QVERIFY(maps.cancelled);
        QVERIFY(maps.problem.empty());
    }
};

QTEST_APPLESS_MAIN(TestAlignedMaps)
#include "tst_aligned_maps.moc"
