// SPDX-License-Identifier: MIT
#include "core/util/progress_throttle.h"

#include <QtTest>

#include <memory>
#include <vector>

using embex::core::ProgressThrottle;
using namespace std::chrono_literals;

class TestProgressThrottle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void firstGoesOutThenOnePerInterval()
    {
        ProgressThrottle<int> throttle(50ms);
        std::vector<int> sent;
        auto send = [&](int v) { sent.push_back(v); };
        const auto t0 = ProgressThrottle<int>::Clock::time_point {} + 1h;
        throttle.offer(1, send, t0);
        throttle.offer(2, send, t0 + 10ms);
        throttle.offer(3, send, t0 + 49ms);
        QCOMPARE(sent, std::vector<int>({ 1 }));
        QVERIFY(throttle.hasPending());
        throttle.offer(4, send, t0 + 50ms); // the latest, not the one held longest
        QCOMPARE(sent, std::vector<int>({ 1, 4 }));
        QVERIFY(!throttle.hasPending());
        throttle.offer(5, send, t0 + 60ms);
        throttle.offer(6, send, t0 + 70ms);
        throttle.flush(send, t0 + 71ms); // the last report is never lost
        QCOMPARE(sent, std::vector<int>({ 1, 4, 6 }));
        throttle.flush(send, t0 + 200ms); // nothing held: nothing sent twice
        QCOMPARE(sent, std::vector<int>({ 1, 4, 6 }));
        throttle.offer(7, send, t0 + 90ms); // 19 ms after the flush sent 6
        QCOMPARE(sent, std::vector<int>({ 1, 4, 6 }));
    }

    void discardDropsWhatIsHeldBack()
    {
        ProgressThrottle<int> throttle(50ms);
        std::vector<int> sent;
        auto send = [&](int v) { sent.push_back(v); };
        const auto t0 = ProgressThrottle<int>::Clock::time_point {} + 1h;
        throttle.offer(1, send, t0);
        throttle.offer(2, send, t0 + 10ms);
        throttle.discard();
        QVERIFY(!throttle.hasPending());
        throttle.flush(send, t0 + 100ms);
        QCOMPARE(sent, std::vector<int>({ 1 }));
    }

    void movesValuesItCannotCopy()
    {
        ProgressThrottle<std::unique_ptr<int>> throttle(100ms);
        int got = 0;
        auto send = [&](std::unique_ptr<int> v) { got = *v; };
        throttle.offer(std::make_unique<int>(7), send);
        QCOMPARE(got, 7);
        throttle.offer(std::make_unique<int>(8), send);
        throttle.flush(send);
        QCOMPARE(got, 8);
    }
};

QTEST_MAIN(TestProgressThrottle)
#include "tst_progress_throttle.moc"
