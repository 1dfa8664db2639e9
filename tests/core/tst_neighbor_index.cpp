// SPDX-License-Identifier: MIT
#include "core/analysis/neighbor_index.h"
#include "tests/support/random_matrix.h"

#include <QTest>

#include <algorithm>
#include <numeric>

using namespace embex::core;

namespace {

std::shared_ptr<RowMatrixXf> randomItems(Index rows, Index cols, std::uint64_t seed)
{
    return std::make_shared<RowMatrixXf>(embex::test::normalMatrix(rows, cols, seed));
}

// Every score in double, fully sorted: the reference the index must reproduce.
std::vector<Neighbour> bruteForce(const RowMatrixXf& items, std::uint32_t query, Metric metric, int k,
                                  std::uint32_t minRatings = 0, const std::vector<std::uint32_t>& counts = {})
{
    const Eigen::VectorXd q = items.row(query).cast<double>().transpose();
    std::vector<std::pair<double, std::uint32_t>> all;
    for (std::uint32_t i = 0; i < items.rows(); ++i) {
        if (i == query || (minRatings > 0 && counts[i] < minRatings))
            continue;
        const Eigen::VectorXd x = items.row(i).cast<double>().transpose();
        double s = metric == Metric::Dot ? q.dot(x)
            : metric == Metric::Cosine   ? q.dot(x) / (q.norm() * x.norm())
                                         : -(q - x).norm();
        all.emplace_back(-s, i);
    }
    std::sort(all.begin(), all.end());
    std::vector<Neighbour> out;
    for (int r = 0; r < k && r < static_cast<int>(all.size()); ++r)
        out.push_back({ all[static_cast<std::size_t>(r)].second,
                        static_cast<float>(metric == Metric::Euclidean ? all[static_cast<std::size_t>(r)].first
                                                                       : -all[static_cast<std::size_t>(r)].first) });
    return out;
}

void compareNeighbours(const std::vector<Neighbour>& got, const std::vector<Neighbour>& expected, float tolerance)
{
    QCOMPARE(got.size(), expected.size());
    for (std::size_t r = 0; r < got.size(); ++r) {
        QCOMPARE(got[r].item, expected[r].item);
        QVERIFY2(std::abs(got[r].score - expected[r].score) <= tolerance * std::max(1.0f, std::abs(expected[r].score)),
                 qPrintable(QStringLiteral("rank %1: %2 vs %3").arg(r).arg(got[r].score).arg(expected[r].score)));
    }
}

} // namespace

Q_DECLARE_METATYPE(Metric)

class TestNeighborIndex : public QObject {
    Q_OBJECT
private slots:
    void matchesBruteForce_data()
    {
        QTest::addColumn<Metric>("metric");
        QTest::addColumn<int>("items");
        QTest::addRow("cosine, small") << Metric::Cosine << 300;
        QTest::addRow("dot, small") << Metric::Dot << 300;
        QTest::addRow("euclidean, small") << Metric::Euclidean << 300;
        QTest::addRow("cosine, parallel") << Metric::Cosine << 40000;
        QTest::addRow("euclidean, parallel") << Metric::Euclidean << 40000;
    }
    void matchesBruteForce()
    {
        QFETCH(Metric, metric);
        QFETCH(int, items);
        auto matrix = randomItems(items, 16, 21);
        const NeighborIndex index(matrix);
        for (std::uint32_t query : { 0u, 17u, static_cast<std::uint32_t>(items - 1) }) {
            const auto got = index.neighbours(query, { .metric = metric, .k = 10 });
            compareNeighbours(got, bruteForce(*matrix, query, metric, 10), 1e-4f);
        }
    }

    void excludesSelfButKeepsDuplicates()
    {
        auto matrix = randomItems(50, 4, 3);
        matrix->row(7) = matrix->row(3);
        const NeighborIndex index(matrix);
        const auto hits = index.neighbours(3, { .k = 5 });
        QCOMPARE(hits.size(), std::size_t(5));
        QCOMPARE(hits[0].item, 7u);
        QVERIFY(std::abs(hits[0].score - 1.0f) < 1e-6f);
        for (const Neighbour& n : hits)
            QVERIFY(n.item != 3u);
        QVERIFY(std::is_sorted(hits.begin(), hits.end(), [](auto a, auto b) { return a.score > b.score; }));
    }

    void filtersByPopularity()
    {
        auto matrix = randomItems(400, 8, 5);
        std::vector<std::uint32_t> counts(400);
        for (std::uint32_t i = 0; i < 400; ++i)
            counts[i] = (i * 37) % 100;
        const NeighborIndex index(matrix, counts);
        const auto hits = index.neighbours(12, { .k = 10, .minRatings = 60 });
        compareNeighbours(hits, bruteForce(*matrix, 12, Metric::Cosine, 10, 60, counts), 1e-5f);
        for (const Neighbour& n : hits)
            QVERIFY(index.ratingCount(n.item) >= 60);
        // Fewer candidates than k: all of them, no padding.
        QCOMPARE(index.neighbours(12, { .k = 300, .minRatings = 99 }).size(), std::size_t(4));
    }

    void searchesByVectorAndSharesTheSnapshot()
    {
        auto snapshot = std::make_shared<EmbeddingSnapshot>();
        snapshot->parameters.push_back({ "item_embedding", *randomItems(100, 6, 8) });
        const NeighborIndex index { std::shared_ptr<const EmbeddingSnapshot>(snapshot) };
        QCOMPARE(&index.items(), snapshot->parameter("item_embedding"));
        const VectorXf q = index.items().row(42).transpose();
        const auto hits = index.nearest(q, { .metric = Metric::Euclidean, .k = 3 });
        QCOMPARE(hits[0].item, 42u);
        QCOMPARE(hits[0].score, 0.0f);
    }

    void namesMetrics()
    {
        for (Metric m : { Metric::Cosine, Metric::Dot, Metric::Euclidean })
            QCOMPARE(metricFromName(metricName(m)), std::optional<Metric>(m));
        QVERIFY(!metricFromName("manhattan"));
    }

    void rejectsMisuse()
    {
        auto matrix = randomItems(20, 4, 1);
        const NeighborIndex index(matrix);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, index.neighbours(20));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, index.neighbours(0, { .k = 0 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, index.neighbours(0, { .k = 20 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, index.neighbours(0, { .minRatings = 1 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, NeighborIndex(matrix, std::vector<std::uint32_t>(3)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, NeighborIndex(std::make_shared<EmbeddingSnapshot>()));
    }
};

QTEST_APPLESS_MAIN(TestNeighborIndex)
#include "tst_neighbor_index.moc"
