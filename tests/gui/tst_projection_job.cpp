// SPDX-License-Identifier: MIT
#include "core/data/random.h"
#include "ui/map/projection_job.h"

#include <QSignalSpy>
#include <QtTest>
#include <cmath>
#include <numeric>

using namespace embex;

namespace {

// items in four clusters of a 6-dimensional space, as one epoch's snapshot
std::shared_ptr<const core::EmbeddingSnapshot> clusteredSnapshot(int epoch, int items = 240)
{
    core::Rng rng(static_cast<std::uint64_t>(5 + epoch));
    core::RowMatrixXf m(items, 6);
    for (int i = 0; i < items; ++i)
        for (int d = 0; d < 6; ++d)
            m(i, d) = static_cast<float>((d == i % 4 ? 3.0 : 0.0) + rng.normal() * 0.3);
    auto s = std::make_shared<core::EmbeddingSnapshot>();
    s->modelKind = "dotbias";
    s->epoch = epoch;
    s->parameters.push_back({ "item_embedding", std::move(m) });
    return s;
}

core::ProjectionRequest layoutRequest(std::shared_ptr<const core::EmbeddingSnapshot> snapshot,
                                      core::Metric metric = core::Metric::Cosine)
{
    core::ProjectionRequest r;
    r.kind = core::ProjectionKind::Neighbourhoods;
    r.items.resize(static_cast<std::size_t>(snapshot->itemEmbeddings().rows()));
    std::iota(r.items.begin(), r.items.end(), 0);
    r.snapshot = std::move(snapshot);
    r.metric = metric;
    r.threads = 2;
    return r;
}

} // namespace

class TestProjectionJob : public QObject {
    Q_OBJECT

private slots:
    void aNewPictureReplacesTheRunningOne()
    {
        ui::ProjectionJob job;
        QSignalSpy projected(&job, &ui::ProjectionJob::projected), settled(&job, &ui::ProjectionJob::settled);
        const auto snapshot = clusteredSnapshot(1);
        job.request(layoutRequest(snapshot, core::Metric::Cosine));
        job.request(layoutRequest(snapshot, core::Metric::Euclidean)); // another metric: the first is dropped
        QTRY_VERIFY_WITH_TIMEOUT(settled.count() >= 1 && job.isSettled(), 30000);
        QCOMPARE(projected.count(), 1);
        const auto p = projected.first().first().value<core::Projection>();
        QCOMPARE(p.kind, core::ProjectionKind::Neighbourhoods);
        QCOMPARE(p.metric, core::Metric::Euclidean);
        for (int i = 0; i < 240; ++i)
            QVERIFY(p.isPlaced(i));
    }

    void aNewerSnapshotWaitsAndReplacesTheWaitingOne()
    {
        ui::ProjectionJob job;
        QSignalSpy projected(&job, &ui::ProjectionJob::projected), measured(&job, &ui::ProjectionJob::measured);
        auto live = [](int epoch) {
            core::ProjectionRequest r = layoutRequest(clusteredSnapshot(epoch));
            r.isLive = true; // training runs
            return r;
        };
        job.request(live(1));
        job.request(live(2)); // waits …
        job.request(live(3)); // … and is replaced by this one
        QVERIFY(job.isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(job.isSettled(), 30000);
        QCOMPARE(projected.count(), 2);
        QCOMPARE(projected.at(0).first().value<core::Projection>().epoch, 1);
        const auto last = projected.at(1).first().value<core::Projection>();
        QCOMPARE(last.epoch, 3);
        QVERIFY(last.warmStarted); // continued from epoch 1's layout …
        QVERIFY(!projected.at(0).first().value<core::Projection>().graph->approximate);
        QVERIFY(last.graph->approximate); // … and its exact graph refined, not searched again
        // the measure of the map drawn last arrives; one of a map already replaced may not
        QVERIFY(measured.count() >= 1);
        const auto kept = measured.last().first().value<core::MapFaithfulness>();
        QCOMPARE(kept.k, 10);
        QCOMPARE(kept.kept.measured, 240);
        QVERIFY(!kept.kept.sampled);
        QVERIFY(kept.kept.share > 0 && kept.kept.share <= 1);
    }

    void aLayoutOutsideTrainingStartsAfresh()
    {
        // the map of a model must not depend on which epochs were drawn before it
        ui::ProjectionJob job;
        QSignalSpy projected(&job, &ui::ProjectionJob::projected);
        core::ProjectionRequest live = layoutRequest(clusteredSnapshot(1));
        live.isLive = true;
        job.request(live);
        const auto last = clusteredSnapshot(2);
        job.request(layoutRequest(last));
        QTRY_VERIFY_WITH_TIMEOUT(job.isSettled(), 30000);
        QCOMPARE(projected.count(), 2);
        const auto afterEpochs = projected.at(1).first().value<core::Projection>();
        QVERIFY(!afterEpochs.warmStarted);
        QVERIFY(!afterEpochs.graph->approximate);

        ui::ProjectionJob fresh;
        QSignalSpy freshProjected(&fresh, &ui::ProjectionJob::projected);
        fresh.request(layoutRequest(last));
        QTRY_VERIFY_WITH_TIMEOUT(fresh.isSettled(), 30000);
        QCOMPARE(freshProjected.count(), 1);
        const auto alone = freshProjected.first().first().value<core::Projection>();
        // the same layout, up to the rotation/reflection that turns it to face the previous one:
        // every pairwise distance agrees
        for (int i = 0; i < 240; i += 7)
            for (int j = i + 1; j < 240; j += 11) {
                const auto a = static_cast<std::size_t>(i), b = static_cast<std::size_t>(j);
                const double d1 = std::hypot(afterEpochs.x[a] - afterEpochs.x[b], afterEpochs.y[a] - afterEpochs.y[b]);
                const double d2 = std::hypot(alone.x[a] - alone.x[b], alone.y[a] - alone.y[b]);
                QVERIFY2(std::abs(d1 - d2) <= 1e-3 * (1 + d2), qPrintable(QStringLiteral("%1 vs %2").arg(d1).arg(d2)));
            }
    }

    void cancelDeliversNothing()
    {
        ui::ProjectionJob job;
        QSignalSpy projected(&job, &ui::ProjectionJob::projected), stopped(&job, &ui::ProjectionJob::stopped),
            started(&job, &ui::ProjectionJob::layoutStarted);
        job.request(layoutRequest(clusteredSnapshot(1)));
        QCOMPARE(started.count(), 1);
        QCOMPARE(started.first().first().toInt(), 240);
        QVERIFY(job.isLayingOut());
        job.request(layoutRequest(clusteredSnapshot(2)));
        job.cancel();
        QCOMPARE(stopped.count(), 1);
        QCOMPARE(stopped.first().first().toString(), QString()); // cancelled, not failed
        QVERIFY(!job.isBusy());                                  // the waiting snapshot went too
        QTest::qWait(0);
        QTRY_VERIFY_WITH_TIMEOUT(job.isSettled(), 30000);
        // give a thread that had already finished every chance to deliver: it must not
        QSignalSpy settled(&job, &ui::ProjectionJob::settled);
        job.request(layoutRequest(clusteredSnapshot(4)));
        QTRY_VERIFY_WITH_TIMEOUT(settled.count() >= 1 && job.isSettled(), 30000);
        QCOMPARE(projected.count(), 1);
        QCOMPARE(projected.first().first().value<core::Projection>().epoch, 4);
    }

    void pcaPlacesEveryItemWhateverTheFilter()
    {
        ui::ProjectionJob job;
        QSignalSpy projected(&job, &ui::ProjectionJob::projected), measured(&job, &ui::ProjectionJob::measured);
        core::ProjectionRequest r = layoutRequest(clusteredSnapshot(1));
        r.kind = core::ProjectionKind::Pca;
        r.items = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19 };
        job.request(r);
        QTRY_VERIFY_WITH_TIMEOUT(job.isSettled(), 30000);
        QCOMPARE(projected.count(), 1);
        const auto p = projected.first().first().value<core::Projection>();
        QCOMPARE(p.kind, core::ProjectionKind::Pca);
        QCOMPARE(static_cast<int>(p.x.size()), 240);
        QVERIFY(p.isPlaced(200));
        // the measure covers the items shown: those passing the filter
        QCOMPARE(measured.count(), 1);
        QCOMPARE(measured.first().first().value<core::MapFaithfulness>().kept.measured, 20);
    }

    void layoutOfTheFilteredItemsOnly()
    {
        ui::ProjectionJob job;
        QSignalSpy projected(&job, &ui::ProjectionJob::projected);
        core::ProjectionRequest r = layoutRequest(clusteredSnapshot(1));
        r.items.clear();
        for (int i = 0; i < 240; i += 2)
            r.items.push_back(i);
        job.request(r);
        QTRY_VERIFY_WITH_TIMEOUT(job.isSettled(), 30000);
        QCOMPARE(projected.count(), 1);
        const auto p = projected.first().first().value<core::Projection>();
        for (int i = 0; i < 240; ++i)
            QCOMPARE(p.isPlaced(i), i % 2 == 0);
    }
};

QTEST_MAIN(TestProjectionJob)
#include "tst_projection_job.moc"
