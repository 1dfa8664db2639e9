// SPDX-License-Identifier: MIT
#include "ui/shared/job_runner.h"

#include <QSignalSpy>
#include <QtTest>

#include <atomic>
#include <latch>
#include <vector>

using namespace embex;

class TestJobRunner : public QObject {
    Q_OBJECT

private slots:
    void closuresRunOnThisThreadInOrder()
    {
        ui::JobRunner runner;
        std::vector<int> got;
        bool onThisThread = true;
        bool ended = false;
        QThread* gui = QThread::currentThread();
        const ui::JobId id = runner.start(
            "test-job",
            [&](const ui::JobContext& job) {
                for (int i = 0; i < 1000; ++i)
                    job.post([&, i] {
                        got.push_back(i);
                        onThisThread = onThisThread && QThread::currentThread() == gui;
                    });
            },
            [&] { ended = true; });
        QVERIFY(id > 0);
        QVERIFY(runner.isRunning(id));
        QTRY_VERIFY_WITH_TIMEOUT(ended, 10000);
        QVERIFY(!runner.isRunning(id));
        QCOMPARE(got.size(), std::size_t(1000));
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(got[static_cast<std::size_t>(i)], i);
        QVERIFY(onThisThread);
    }

    void aDiscardedJobDeliversNothingMoreButStillEnds()
    {
        ui::JobRunner runner;
        std::latch firstPosted(1);
        std::atomic<bool> sawStop { false };
        int delivered = 0;
        bool ended = false;
        const ui::JobId id = runner.start(
            "test-job",
            [&](const ui::JobContext& job) {
                job.post([&] { ++delivered; });
                firstPosted.count_down();
                while (!job.stopRequested())
                    std::this_thread::yield();
                sawStop = true;
                job.post([&] { ++delivered; }); // after the discard: dropped
            },
            [&] { ended = true; });
        firstPosted.wait();
        QTRY_COMPARE_WITH_TIMEOUT(delivered, 1, 10000);
        runner.discard(id);
        QTRY_VERIFY_WITH_TIMEOUT(ended, 10000);
        QVERIFY(sawStop);
        QCOMPARE(delivered, 1);
    }

    void requestStopStillDeliversTheLastWord()
    {
        ui::JobRunner runner;
        QString last;
        const ui::JobId id = runner.start("test-job", [&](const ui::JobContext& job) {
            while (!job.stopRequested())
                std::this_thread::yield();
            job.post([&] { last = QStringLiteral("stopped"); });
        });
        runner.requestStop(id);
        QTRY_COMPARE_WITH_TIMEOUT(last, QStringLiteral("stopped"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(runner.runningCount(), std::size_t(0), 10000);
    }

    void startingNeverWaitsForAnOlderJob()
    {
        // The first job runs until the second one has delivered: were start() to join it,
        // this would never end.
        ui::JobRunner runner;
        std::atomic<bool> release { false };
        bool secondDone = false;
        const ui::JobId first = runner.start("test-job", [&](const ui::JobContext& job) {
            while (!release && !job.stopRequested())
                std::this_thread::yield();
        });
        const ui::JobId second = runner.start("test-job",
                                              [&](const ui::JobContext& job) { job.post([&] { secondDone = true; }); });
        QVERIFY(second > first);
        QTRY_VERIFY_WITH_TIMEOUT(secondDone, 10000);
        QVERIFY(runner.isRunning(first));
        release = true;
        QTRY_COMPARE_WITH_TIMEOUT(runner.runningCount(), std::size_t(0), 10000);
    }

    void destroyingStopsAndJoinsWhatRuns()
    {
        std::atomic<bool> finished { false };
        {
            ui::JobRunner runner;
            runner.start("test-job", [&](const ui::JobContext& job) {
                while (!job.stopRequested())
                    std::this_thread::yield();
                job.post([] { QFAIL("a closure ran after its runner was destroyed"); });
                finished = true;
            });
        }
        QVERIFY(finished); // joined by the destructor
        QCoreApplication::processEvents();
    }
};

QTEST_MAIN(TestJobRunner)
#include "tst_job_runner.moc"
