// SPDX-License-Identifier: MIT
#include "core/data/random.h"
#include "core/optim/sgd_kernel.h"
#include "core/training/trainer.h"
#include "train_test_support.h"

#include <QtTest>
#include <cstring>

using namespace embex;

namespace {

std::vector<float> randomRow(core::Index d, core::Rng& rng)
{
    std::vector<float> v(static_cast<std::size_t>(d));
    for (float& x : v)
        x = static_cast<float>(rng.normal());
    return v;
}

bool sameBits(const std::vector<float>& a, const std::vector<float>& b)
{
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

template <int D>
void checkFixedMatchesGeneric()
{
    core::Rng rng(D);
    for (int trial = 0; trial < 50; ++trial) {
        const auto p = randomRow(D, rng), q = randomRow(D, rng);
        const float fixed = core::sgd::dot<D>(p.data(), q.data(), D);
        const float generic = core::sgd::dot<0>(p.data(), q.data(), D);
        QCOMPARE(std::memcmp(&fixed, &generic, sizeof(float)), 0);

        auto pFixed = p, qFixed = q, pGeneric = p, qGeneric = q;
        core::sgd::update<D>(pFixed.data(), qFixed.data(), D, 0.01f, fixed, 0.05f);
        core::sgd::update<0>(pGeneric.data(), qGeneric.data(), D, 0.01f, generic, 0.05f);
        QVERIFY(sameBits(pFixed, pGeneric));
        QVERIFY(sameBits(qFixed, qGeneric));
    }
}

} // namespace

class TestSgdKernel : public QObject {
    Q_OBJECT

private slots:
    // The trainer picks the k = 32 and 64 kernels by size: they must be the generic one, unrolled.
    void fixedSizeKernelsMatchTheGenericOneBitForBit()
    {
        checkFixedMatchesGeneric<32>();
        checkFixedMatchesGeneric<64>();
    }

    void dotMatchesDoublePrecision_data()
    {
        QTest::addColumn<int>("d");
        for (int d : { 1, 3, 7, 8, 9, 31, 32, 33, 64, 100 })
            QTest::addRow("d = %d", d) << d;
    }
    void dotMatchesDoublePrecision()
    {
        QFETCH(int, d);
        core::Rng rng(static_cast<std::uint64_t>(d));
        const auto p = randomRow(d, rng), q = randomRow(d, rng);
        double exact = 0, scale = 0;
        for (int k = 0; k < d; ++k) {
            exact += static_cast<double>(p[static_cast<std::size_t>(k)]) * q[static_cast<std::size_t>(k)];
            scale += std::abs(static_cast<double>(p[static_cast<std::size_t>(k)]) * q[static_cast<std::size_t>(k)]);
        }
        const double got = core::sgd::dot<0>(p.data(), q.data(), d);
        QVERIFY2(std::abs(got - exact) <= 1e-6 * scale, qPrintable(QStringLiteral("%1 vs %2").arg(got).arg(exact)));
    }

    void updateIsTheSgdStep()
    {
        std::vector<float> p { 1.0f, -2.0f, 0.5f }, q { 0.25f, 1.0f, -1.0f };
        const float lr = 0.1f, g = 2.0f, reg = 0.5f;
        const auto p0 = p, q0 = q;
        core::sgd::update<0>(p.data(), q.data(), 3, lr, g, reg);
        for (std::size_t k = 0; k < 3; ++k) {
            QCOMPARE(p[k], p0[k] - lr * (g * q0[k] + reg * p0[k]));
            QCOMPARE(q[k], q0[k] - lr * (g * p0[k] + reg * q0[k]));
        }
    }

    // One thread, same seed: the same weights to the bit, on the unrolled (32) and generic (20) paths.
    void oneThreadRunsRepeatExactly_data()
    {
        QTest::addColumn<int>("dimension");
        QTest::addRow("k = 32, unrolled") << 32;
        QTest::addRow("k = 20, generic") << 20;
    }
    void oneThreadRunsRepeatExactly()
    {
        QFETCH(int, dimension);
        auto data = test::demoTrainData();
        core::TrainConfig config = core::defaultTrainConfig("dotbias");
        config.dimension = dimension;
        config.epochs = 3;
        const auto a = core::train(*data, config), b = core::train(*data, config);
        QCOMPARE(a.status, core::TrainOutcome::Status::Finished);
        QCOMPARE(a.snapshot->parameters.size(), b.snapshot->parameters.size());
        for (std::size_t t = 0; t < a.snapshot->parameters.size(); ++t)
            QVERIFY(a.snapshot->parameters[t].value == b.snapshot->parameters[t].value);
    }
};

QTEST_APPLESS_MAIN(TestSgdKernel)
#include "tst_sgd_kernel.moc"
