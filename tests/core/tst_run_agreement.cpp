// SPDX-License-Identifier: MIT
#include "core/analysis/run_agreement.h"
#include "core/data/random.h"
#include "core/training/training_run.h"
#include "tests/support/random_matrix.h"

#include <QTest>

#include <algorithm>
#include <numeric>

using namespace embex::core;

namespace {

// The same points with their rows shuffled: item i now has some other item's vector.
RowMatrixXf permutedRows(const RowMatrixXf& m, std::uint64_t seed)
{
    std::vector<Index> order(static_cast<std::size_t>(m.rows()));
    std::iota(order.begin(), order.end(), Index { 0 });
    Rng rng(seed);
    for (std::size_t i = order.size() - 1; i > 0; --i)
        std::swap(order[i], order[rng.below(i + 1)]);
    RowMatrixXf out(m.rows(), m.cols());
    for (Index i = 0; i < m.rows(); ++i)
        out.row(i) = m.row(order[static_cast<std::size_t>(i)]);
    return out;
}

} // namespace

class TestRunAgreement : public QObject {
    Q_OBJECT
private slots:
    void aRunAgreesWithItselfCompletely()
    {
        const RowMatrixXf a = embex::test::normalMatrix(300, 8, 1);
        const NeighbourAgreement same = neighbourAgreement(a, a, 10);
        QCOMPARE(same.items, std::size_t { 300 });
        QCOMPARE(same.meanOverlap, 1.0);
        // scaling every vector leaves cosine neighbours alone; another dimension is allowed
        RowMatrixXf wider(a.rows(), 16);
        wider << 3 * a, RowMatrixXf::Zero(a.rows(), 8);
        QCOMPARE(neighbourAgreement(a, wider, 10).meanOverlap, 1.0);
    }

    void shuffledRowsAgreeNoMoreThanChance()
    {
        const Index n = 400;
        const int k = 10;
        const RowMatrixXf a = embex::test::normalMatrix(n, 8, 2);
        const NeighbourAgreement shuffled = neighbourAgreement(a, permutedRows(a, 3), k);
        // by chance, each of the k neighbours is among the other run's k with probability k / (n − 1)
        const double chance = static_cast<double>(k) / static_cast<double>(n - 1);
        QVERIFY2(shuffled.meanOverlap < 3 * chance, qPrintable(QString::number(shuffled.meanOverlap)));
        QCOMPARE(shuffled.overlaps.size(), std::size_t(n));
    }

    void noiseLowersAgreementGradually()
    {
        const RowMatrixXf a = embex::test::normalMatrix(300, 8, 4);
        const RowMatrixXf noise = embex::test::normalMatrix(300, 8, 5);
        const double slight = neighbourAgreement(a, a + 0.1f * noise, 10).meanOverlap;
        const double strong = neighbourAgreement(a, a + 1.0f * noise, 10).meanOverlap;
        QVERIFY2(slight > 0.5 && slight < 1.0, qPrintable(QString::number(slight)));
        QVERIFY2(strong < slight, qPrintable(QString::number(strong)));
    }

    void thePopularityFloorChoosesTheComparedItems()
    {
        const RowMatrixXf a = embex::test::normalMatrix(100, 4, 6);
        std::vector<std::uint32_t> counts(100, 1);
        for (std::size_t i = 0; i < 100; i += 2)
            counts[i] = 20;
        const NeighbourAgreement floored = neighbourAgreement(a, a, 5, counts, 10);
        QCOMPARE(floored.items, std::size_t { 50 });
        QVERIFY(std::all_of(floored.comparedItems.begin(), floored.comparedItems.end(),
                            [](std::uint32_t i) { return i % 2 == 0; }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, neighbourAgreement(a, a, 5, counts, 30));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, neighbourAgreement(a, embex::test::normalMatrix(99, 4, 7), 5));
    }

    void overlapOfTwoLists()
    {
        const std::vector<Neighbour> a { { 1, 0.9f }, { 2, 0.8f }, { 3, 0.7f }, { 4, 0.6f } };
        const std::vector<Neighbour> b { { 4, 0.9f }, { 9, 0.8f }, { 1, 0.7f }, { 8, 0.6f } };
        QCOMPARE(neighbourOverlap(a, b), 0.5);
        QCOMPARE(neighbourOverlap(a, a), 1.0);
        QCOMPARE(neighbourOverlap({}, {}), 0.0);
    }

    void splitLabelsTellSplitsApart()
    {
        SplitSpec random;
        SplitSpec otherSeed = random;
        otherSeed.seed = 7;
        SplitSpec file;
        file.kind = SplitSpec::Kind::TestFile;
        file.testFile = "/data/ml-100k/u1.test";
        QCOMPARE(splitLabel(random), std::string("random 0.1 seed 42"));
        QVERIFY(splitLabel(otherSeed) != splitLabel(random));
        QCOMPARE(splitLabel(file), std::string("test file u1.test"));
    }
};

QTEST_APPLESS_MAIN(TestRunAgreement)
#include "tst_run_agreement.moc"
