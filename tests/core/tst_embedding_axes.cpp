// SPDX-License-Identifier: MIT
// What the axes of an item space mean: the items at the ends of each principal component, the
// items with extreme biases, and whether vector length tracks popularity — on constructed
// spaces whose answers are known, and on a model trained on ml-100k.
#include "core/analysis/embedding_axes.h"
#include "core/analysis/item_popularity.h"
#include "core/data/random.h"
#include "core/data/ratings_loader.h"
#include "core/training/trainer.h"
#include "tests/core/train_test_support.h"
#include "tests/support/temp_files.h"

#include <Eigen/QR>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace embex::core;

namespace {

// Items on a full grid of three uncorrelated coordinates (a, b, c) with spreads 21 × 7 × 2
// values, plus a fourth coordinate that is always 0, turned by a random rotation of R⁴. The
// covariance of a full grid is exactly diagonal, so the principal axes are the rotated
// coordinate axes, their variances the grid's, and PC1's ends the items with a = ±10.
struct Grid {
    RowMatrixXf items;
    std::vector<Eigen::Vector4d> plain; // each item before the rotation
    std::vector<std::uint32_t> counts;
    Eigen::Matrix4d rotation;
};

Grid makeGrid()
{
    Grid g;
    Rng rng(3);
    Eigen::Matrix4d random;
    for (Index k = 0; k < 16; ++k)
        random.data()[k] = rng.normal();
    g.rotation = Eigen::HouseholderQR<Eigen::Matrix4d>(random).householderQ() * Eigen::Matrix4d::Identity();
    for (int a = -10; a <= 10; ++a)
        for (int b = -3; b <= 3; ++b)
            for (int c : { -1, 1 }) {
                g.plain.emplace_back(a, b, c, 0);
                // the rare items at the ends of PC1: the floor must keep them off its lists
                g.counts.push_back(std::abs(a) == 10 && b < 0 ? 3 : 40 + static_cast<std::uint32_t>(b + 3));
            }
    g.items.resize(static_cast<Index>(g.plain.size()), 4);
    for (std::size_t i = 0; i < g.plain.size(); ++i)
        g.items.row(static_cast<Index>(i))
            = (g.rotation * g.plain[i] + Eigen::Vector4d(1, 2, 3, 4)).cast<float>().transpose();
    return g;
}

double gridVariance(int half) // population variance of the integers -half..half
{
    const double m = 2.0 * half + 1;
    return (m * m - 1) / 12;
}

} // namespace

class TestEmbeddingAxes : public QObject {
    Q_OBJECT
private slots:
    void endsAndSharesOfPlantedAxes()
    {
        const Grid g = makeGrid();
        AxesConfig config;
        config.itemsPerEnd = 5;
        config.ratingCounts = g.counts;
        const EmbeddingAxes axes = computeEmbeddingAxes(g.items, config);
        QVERIFY2(axes.isValid(), axes.problem.c_str());
        QCOMPARE(axes.components.size(), std::size_t(4)); // 5 asked, d = 4
        QCOMPARE(axes.minRatings, defaultNeighbourMinRatings);
        const auto rare = std::count(g.counts.begin(), g.counts.end(), 3u);
        QCOMPARE(axes.eligible, static_cast<Index>(g.counts.size()) - rare);

        // c is ±1, half and half: variance 1; the fourth coordinate none
        const double va = gridVariance(10), vb = gridVariance(3), vc = 1.0, total = va + vb + vc;
        const double expected[] = { va / total, vb / total, vc / total, 0.0 };
        for (std::size_t j = 0; j < 4; ++j) {
            QCOMPARE(axes.components[j].index, int(j + 1));
            QVERIFY2(std::abs(axes.components[j].explainedVarianceRatio - expected[j]) < 1e-6,
                     qPrintable(QString::number(axes.components[j].explainedVarianceRatio)));
        }

        // PC1's ends: items with a = -10 at one end and a = +10 at the other, scored ∓10, none rare
        for (std::size_t j = 0; j < 2; ++j) {
            const PrincipalAxis& axis = axes.components[j];
            const int half = j == 0 ? 10 : 3;
            QCOMPARE(axis.ends.low.size(), std::size_t(5));
            QCOMPARE(axis.ends.high.size(), std::size_t(5));
            const double lowValue = g.plain[axis.ends.low.front().item](static_cast<Index>(j));
            QCOMPARE(std::abs(lowValue), double(half));
            for (const ScoredItem& s : axis.ends.low) {
                QCOMPARE(g.plain[s.item](static_cast<Index>(j)), lowValue);
                QVERIFY(std::abs(s.score + half) < 1e-4);
                QVERIFY(g.counts[s.item] >= defaultNeighbourMinRatings);
            }
            for (const ScoredItem& s : axis.ends.high) {
                QCOMPARE(g.plain[s.item](static_cast<Index>(j)), -lowValue);
                QVERIFY(std::abs(s.score - half) < 1e-4);
                QVERIFY(g.counts[s.item] >= defaultNeighbourMinRatings);
            }
        }
        QVERIFY(!axes.bias); // no biases given

        // Without the floor the rare items are back among PC1's ends.
        config.minRatings = 0;
        const EmbeddingAxes all = computeEmbeddingAxes(g.items, config);
        QCOMPARE(all.eligible, static_cast<Index>(g.counts.size()));
        bool rareListed = false;
        for (const ScoredItem& s : all.components[0].ends.low)
            rareListed = rareListed || g.counts[s.item] < defaultNeighbourMinRatings;
        for (const ScoredItem& s : all.components[0].ends.high)
            rareListed = rareListed || g.counts[s.item] < defaultNeighbourMinRatings;
        QVERIFY(rareListed);
    }

    void sameEndsWhenAlignedAfterASignFlip()
    {
        const Grid g = makeGrid();
        AxesConfig config;
        config.itemsPerEnd = 5;
        config.ratingCounts = g.counts;
        const EmbeddingAxes first = computeEmbeddingAxes(g.items, config);
        const RowMatrixXf mirrored = -g.items; // the same space, every axis reversed
        config.alignWith = &first.pca;
        const EmbeddingAxes second = computeEmbeddingAxes(mirrored, config);
        // items tie on the grid, so compare the grid value at each end rather than the items
        for (std::size_t j = 0; j < 3; ++j) {
            const double high = g.plain[first.components[j].ends.high.front().item](static_cast<Index>(j));
            QVERIFY(high != 0);
            for (const ScoredItem& s : second.components[j].ends.high)
                QCOMPARE(g.plain[s.item](static_cast<Index>(j)), high);
            for (const ScoredItem& s : second.components[j].ends.low)
                QCOMPARE(g.plain[s.item](static_cast<Index>(j)), -high);
        }
    }

    void biasListsObeyTheFloor()
    {
        const Index n = 50;
        RowMatrixXf items = RowMatrixXf::Random(n, 3);
        RowMatrixXf bias(n, 1);
        std::vector<std::uint32_t> counts(static_cast<std::size_t>(n), 25);
        for (Index i = 0; i < n; ++i)
            bias(i, 0) = static_cast<float>((i * 17) % n) - 25.0f; // a permutation of -25..24
        bias(7, 0) = 100;                                          // the highest bias, but rated twice: noise
        counts[7] = 2;
        bias(8, 0) = -100;
        counts[8] = 1;
        AxesConfig config;
        config.itemsPerEnd = 4;
        config.ratingCounts = counts;
        config.itemBias = &bias;
        const EmbeddingAxes axes = computeEmbeddingAxes(items, config);
        QVERIFY(axes.bias);
        const std::vector<float> expectHigh { 24, 23, 22, 21 }, expectLow { -25, -24, -23, -22 };
        QCOMPARE(axes.bias->high.size(), std::size_t(4));
        QCOMPARE(axes.bias->low.size(), std::size_t(4));
        for (std::size_t k = 0; k < 4; ++k) {
            QCOMPARE(axes.bias->high[k].score, double(expectHigh[k]));
            QCOMPARE(bias(axes.bias->high[k].item, 0), expectHigh[k]);
            QCOMPARE(axes.bias->low[k].score, double(expectLow[k]));
            QCOMPARE(bias(axes.bias->low[k].item, 0), expectLow[k]);
        }
        config.minRatings = 0;
        const EmbeddingAxes all = computeEmbeddingAxes(items, config);
        QCOMPARE(all.bias->high.front().item, 7u);
        QCOMPARE(all.bias->low.front().item, 8u);

        // A snapshot brings its own "item_bias"; one without has no bias lists.
        EmbeddingSnapshot snapshot;
        snapshot.parameters = { { "item_embedding", items }, { "item_bias", bias } };
        config.itemBias = nullptr;
        QVERIFY(computeEmbeddingAxes(snapshot, config).bias);
        snapshot.parameters.pop_back();
        QVERIFY(!computeEmbeddingAxes(snapshot, config).bias);
    }

    void normAgainstPopularity()
    {
        const Index n = 3000;
        Rng rng(11);
        std::vector<std::uint32_t> counts(static_cast<std::size_t>(n));
        RowMatrixXf exact(n, 2), reversed(n, 2), independent(n, 2);
        for (Index i = 0; i < n; ++i) {
            const auto c = static_cast<std::uint32_t>(std::exp(rng.uniform() * 7.0)); // 1 … 1,096, log-uniform
            counts[static_cast<std::size_t>(i)] = c;
            const auto l = static_cast<float>(std::log(static_cast<double>(c)));
            // split over two coordinates so the norm, not one coordinate, carries it
            exact.row(i) << 0.6f * l, 0.8f * l;
            reversed.row(i) << 0.6f * (10 - l), 0.8f * (10 - l);
            independent.row(i) << static_cast<float>(rng.normal()), static_cast<float>(rng.normal());
        }
        // an unrated item is left out: with a huge vector it would pull r away from 1
        counts[0] = 0;
        exact.row(0) << 1e3f, 1e3f;
        const NormPopularity one = normPopularity(exact, counts);
        QVERIFY2(std::abs(one.correlation - 1.0) < 1e-6, qPrintable(QString::number(one.correlation)));
        QCOMPARE(one.items, n - 1);
        QCOMPARE(one.points.size(), std::size_t(n - 1));
        QVERIFY(std::abs(normPopularity(reversed, counts).correlation + 1.0) < 1e-6);
        const NormPopularity none = normPopularity(independent, counts, 100);
        QVERIFY2(std::abs(none.correlation) < 0.06, qPrintable(QString::number(none.correlation)));
        QCOMPARE(none.points.size(), std::size_t(100)); // an even spread for the scatter
        for (const NormPopularity::Point& p : none.points) {
            QVERIFY(p.ratings >= 1);
            QCOMPARE(p.norm, independent.row(p.item).norm());
        }
        // constant popularity: no correlation to give
        const std::vector<std::uint32_t> same(static_cast<std::size_t>(n), 5);
        QVERIFY(!normPopularity(independent, same).hasCorrelation());
        // without counts (imported vectors): no floor and no correlation
        const EmbeddingAxes imported = computeEmbeddingAxes(independent, {});
        QCOMPARE(imported.minRatings, 0u);
        QVERIFY(!imported.normPopularity.hasCorrelation());
        QCOMPARE(imported.components.size(), std::size_t(2));
    }

    void shortTitlesForAxisLabels_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<int>("max");
        QTest::addColumn<QString>("expected");
        QTest::addRow("year dropped") << "Star Wars (1977)" << 20 << "Star Wars";
        QTest::addRow("article dropped") << "Clockwork Orange, A (1971)" << 20 << "Clockwork Orange";
        QTest::addRow("cut at a word, small words dropped") << "Raiders of the Lost Ark (1981)" << 16 << "Raiders…";
        QTest::addRow("cut at a word") << "Three Colors: Blue (1993)" << 15 << "Three Colors…";
        QTest::addRow("one long word") << "Supercalifragilistic" << 8 << "Supercal…";
        QTest::addRow("not inside a character") << "Gödelgödelgödel" << 2 << "G…";
        QTest::addRow("parentheses that are not a year") << "Item 5 (type 0)" << 20 << "Item 5 (type 0)";
        QTest::addRow("short stays") << "Emma" << 20 << "Emma";
    }
    void shortTitlesForAxisLabels()
    {
        QFETCH(QString, title);
        QFETCH(int, max);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(shortTitle(title.toStdString(), static_cast<std::size_t>(max))), expected);
    }

    void rejectsMisuse()
    {
        const RowMatrixXf items = RowMatrixXf::Random(10, 3);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeEmbeddingAxes(items, { .components = 0 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeEmbeddingAxes(items, { .itemsPerEnd = 0 }));
        const std::vector<std::uint32_t> counts(4, 1);
        AxesConfig config;
        config.ratingCounts = counts;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, computeEmbeddingAxes(items, config));
        const RowMatrixXf one = RowMatrixXf::Random(1, 3);
        QVERIFY(!computeEmbeddingAxes(one, {}).isValid());
    }

    // On real data the bias means what the issue says: the items with the highest bias (among
    // those rated at least 20 times) are rated above the global mean, those with the lowest below.
    void ml100kBiasesMatchMeanRatings()
    {
        EMBEX_REQUIRE_ML100K(dir);
        const auto trained = embex::test::trainDotBiasOnAll((dir + QStringLiteral("/u.data")).toStdString());
        QVERIFY(trained.dataset && trained.outcome.snapshot);
        const Dataset& data = *trained.dataset;
        const TrainOutcome& outcome = trained.outcome;

        const std::vector<std::uint32_t> counts = itemRatingCounts(data.ratings, data.items.size());
        std::vector<double> sum(data.items.size(), 0.0);
        double global = 0;
        for (std::size_t r = 0; r < data.ratings.size(); ++r) {
            sum[data.ratings.items[r]] += data.ratings.ratings[r];
            global += data.ratings.ratings[r];
        }
        global /= static_cast<double>(data.ratings.size());
        auto mean = [&](std::uint32_t i) { return sum[i] / counts[i]; };
        auto title = [&](std::uint32_t i) { return data.metadata.title(data.items.rawId(i)); };

        AxesConfig config;
        config.minRatings = 20;
        config.ratingCounts = counts;
        const EmbeddingAxes axes = computeEmbeddingAxes(*outcome.snapshot, config);
        QVERIFY2(axes.isValid(), axes.problem.c_str());
        QVERIFY(axes.bias);
        QCOMPARE(axes.bias->high.size(), std::size_t(10));
        for (const ScoredItem& s : axes.bias->high) {
            QVERIFY(counts[s.item] >= 20);
            QVERIFY2(mean(s.item) > global,
                     qPrintable(QStringLiteral("%1: mean %2, global %3")
                                    .arg(QString::fromStdString(title(s.item)))
                                    .arg(mean(s.item))
                                    .arg(global)));
        }
        for (const ScoredItem& s : axes.bias->low)
            QVERIFY2(mean(s.item) < global, title(s.item).c_str());
        QString pc1;
        for (const ScoredItem& s : axes.components[0].ends.low)
            pc1 += QString::fromStdString(title(s.item)) + QStringLiteral("; ");
        pc1 += QStringLiteral(" <-> ");
        for (const ScoredItem& s : axes.components[0].ends.high)
            pc1 += QString::fromStdString(title(s.item)) + QStringLiteral("; ");
        qInfo("PC1 (%.1f%%): %s", 100 * axes.components[0].explainedVarianceRatio, qPrintable(pc1));
        qInfo("highest bias: %s; lowest bias: %s; norm/log(ratings) r = %.3f",
              title(axes.bias->high.front().item).c_str(), title(axes.bias->low.front().item).c_str(),
              axes.normPopularity.correlation);
    }
};

QTEST_APPLESS_MAIN(TestEmbeddingAxes)
#include "tst_embedding_axes.moc"
