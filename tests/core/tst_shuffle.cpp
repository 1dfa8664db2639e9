// SPDX-License-Identifier: MIT
#include "core/optim/shuffle.h"

#include <QtTest>
#include <numeric>

using namespace embex;

class TestShuffle : public QObject {
    Q_OBJECT

private slots:
    void bothMethodsGiveAPermutation_data()
    {
        QTest::addColumn<int>("directLimit");
        QTest::addRow("Fisher-Yates") << (1 << 20);
        QTest::addRow("buckets") << 0;
    }
    void bothMethodsGiveAPermutation()
    {
        QFETCH(int, directLimit);
        std::vector<std::uint32_t> values(5000);
        std::iota(values.begin(), values.end(), 0u);
        core::Rng rng(3);
        std::vector<std::uint32_t> scratch;
        core::shuffle(values, rng, scratch, static_cast<std::size_t>(directLimit));
        std::vector<std::uint32_t> sorted = values;
        std::sort(sorted.begin(), sorted.end());
        for (std::uint32_t k = 0; k < sorted.size(); ++k)
            QCOMPARE(sorted[k], k);
        int fixedPoints = 0;
        for (std::uint32_t k = 0; k < values.size(); ++k)
            fixedPoints += values[k] == k ? 1 : 0;
        QVERIFY2(fixedPoints < 10, qPrintable(QStringLiteral("%1 values stayed in place").arg(fixedPoints)));
    }

    // Each value must be equally likely at each position: 24,000 shuffles of 24 values through the
    // bucket path, every (value, position) count within 5 sigma of 1,000.
    void bucketShuffleIsUniform()
    {
        constexpr int n = 24, trials = 24000;
        std::vector<int> counts(n * n, 0);
        core::Rng rng(11);
        std::vector<std::uint32_t> values(n), scratch;
        for (int t = 0; t < trials; ++t) {
            std::iota(values.begin(), values.end(), 0u);
            core::shuffle(values, rng, scratch, 0);
            for (int p = 0; p < n; ++p)
                ++counts[static_cast<std::size_t>(values[static_cast<std::size_t>(p)] * n + p)];
        }
        const double expected = double(trials) / n, sigma = std::sqrt(expected * (1 - 1.0 / n));
        for (int c : counts)
            QVERIFY2(std::abs(c - expected) < 5 * sigma,
                     qPrintable(QStringLiteral("count %1, expected %2").arg(c).arg(expected)));
    }

    void sameSeedSameOrder()
    {
        std::vector<std::uint32_t> a(3000), b(3000);
        std::iota(a.begin(), a.end(), 0u);
        std::iota(b.begin(), b.end(), 0u);
        std::vector<std::uint32_t> scratch;
        core::Rng ra(5), rb(5);
        core::shuffle(a, ra, scratch, 0);
        core::shuffle(b, rb, scratch, 0);
        QCOMPARE(a, b);
    }
};

QTEST_APPLESS_MAIN(TestShuffle)
#include "tst_shuffle.moc"
