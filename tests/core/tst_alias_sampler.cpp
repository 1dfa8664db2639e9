// SPDX-License-Identifier: MIT
// The sampled softmax corrects each logit by log(S·q): q must be what the sampler really draws.
#include "core/optim/alias_sampler.h"

#include <QtTest>
#include <cmath>

using namespace embex;

class TestAliasSampler : public QObject {
    Q_OBJECT

private slots:
    void drawsInProportionToTheWeights()
    {
        // Zipf-like weights with zeros and one dominant item, as item popularity looks.
        std::vector<double> weights { 0, 40, 1, 0.5, 3, 0, 7, 0.01, 2, 1 };
        for (int i = 1; i <= 40; ++i)
            weights.push_back(1.0 / i);
        const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
        const core::AliasSampler sampler(weights);
        QCOMPARE(sampler.size(), weights.size());
        core::Rng rng(11);
        constexpr int draws = 2'000'000;
        std::vector<int> seen(weights.size(), 0);
        for (int k = 0; k < draws; ++k)
            ++seen[sampler.draw(rng)];
        for (std::size_t i = 0; i < weights.size(); ++i) {
            const double p = weights[i] / total;
            QVERIFY(std::abs(sampler.probability(i) - p) < 1e-12);
            const double sigma = std::sqrt(draws * p * (1 - p));
            QVERIFY2(std::abs(seen[i] - draws * p) <= 6 * sigma + 1e-9,
                     qPrintable(QStringLiteral("item %1: %2 draws, expected %3").arg(i).arg(seen[i]).arg(draws * p)));
        }
    }

    void oneWeightAlwaysDrawsIt()
    {
        const std::vector<double> weights { 0, 0, 5, 0 };
        const core::AliasSampler sampler(weights);
        core::Rng rng(2);
        for (int k = 0; k < 1000; ++k)
            QCOMPARE(sampler.draw(rng), 2u);
    }

    void noPositiveWeightIsAnError()
    {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::AliasSampler(std::vector<double> {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::AliasSampler(std::vector<double> { 0, 0 }));
    }
};

QTEST_APPLESS_MAIN(TestAliasSampler)
#include "tst_alias_sampler.moc"
