// SPDX-License-Identifier: MIT
// Colour by cluster: groups found in the full space colour the map and name its regions, the same
// groups on every projection, found again for a new model.
#include "core/data/demo_generator.h"
#include "tests/support/gui_training.h"
#include "ui/data/workspace.h"
#include "ui/map/embedding_map.h"
#include "ui/map/map_pane.h"
#include "ui/map/map_projection_bar.h"
#include "ui/window/main_window.h"

#include <QSignalSpy>
#include <QtTest>
#include <map>

using namespace embex;

class TestMapClusters : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void clustersColourTheMapAndNameItsRegions()
    {
        ui::MainWindow window;
        window.resize(1500, 950);
        window.show();
        QVERIFY(test::trainDemoDotBias(window, 12, 16));
        QVERIFY(QTest::qWaitFor([&] { return window.isMapSettled(); }, 60000));
        ui::EmbeddingMap* map = window.map();
        QVERIFY(map->clusters().isEmpty()); // nothing is grouped until asked
        QSignalSpy shown(window.mapPane(), &ui::MapPane::clustersShown);
        map->setColourBy(ui::ColourBy::Cluster);
        QVERIFY(shown.wait(30000));
        const ui::MapClusters clusters = map->clusters();
        QVERIFY2(clusters.count >= 2, qPrintable(QString::number(clusters.count)));
        QCOMPARE(clusters.labels.size(), clusters.count);
        // most groups are one planted type, and their names say which
        const ui::Workspace& workspace = *window.workspace();
        int namedByTheirType = 0;
        for (int k = 0; k < clusters.count; ++k) {
            std::map<int, int> types;
            for (int i = 0; i < workspace.itemCount(); ++i)
                if (clusters.clusterOf[static_cast<std::size_t>(i)] == k)
                    ++types[core::demoItemType(workspace.itemRawId(i).toStdString(), 8)];
            const int most = std::max_element(types.begin(), types.end(), [](auto a, auto b) {
                                 return a.second < b.second;
                             })->first;
            namedByTheirType += clusters.labels[k].startsWith(QStringLiteral("type %1").arg(most)) ? 1 : 0;
        }
        QVERIFY2(namedByTheirType * 2 >= clusters.count, qPrintable(clusters.labels.join(QLatin1Char('\n'))));
        // the legend lists the groups; their names sit on the map, none covering another
        map->redrawNow();
        const QStringList onMap = map->regionLabelsShown();
        QVERIFY(!onMap.isEmpty());
        QVERIFY(onMap.size() <= clusters.count);
        QVERIFY(onMap.first().startsWith(QLatin1String("1 ")));

        // the groups are the full space's: another projection shows the same ones
        const auto kind = map->projectionBar()->kind();
        map->projectionBar()->setKind(kind == core::ProjectionKind::Pca ? core::ProjectionKind::Neighbourhoods
                                                                        : core::ProjectionKind::Pca);
        QVERIFY(QTest::qWaitFor([&] { return window.isMapSettled() && map->projection().kind != kind; }, 60000));
        QCOMPARE(map->clusters().clusterOf, clusters.clusterOf);
        map->redrawNow();
        QVERIFY(!map->regionLabelsShown().isEmpty());

        // the resolution trades fewer, larger groups for more, smaller ones
        shown.clear();
        map->setClusterResolution(3.0);
        QVERIFY(shown.wait(30000));
        const int fine = map->clusters().count;
        shown.clear();
        map->setClusterResolution(0.3);
        QVERIFY(shown.wait(30000));
        QVERIFY2(map->clusters().count < fine,
                 qPrintable(QStringLiteral("%1 at 0.3 against %2 at 3").arg(map->clusters().count).arg(fine)));
        shown.clear();
        map->setClusterResolution(1.0);
        QVERIFY(shown.wait(30000));
        QCOMPARE(map->clusters().clusterOf, clusters.clusterOf); // the same seed, the same groups

        // a filter groups the items it leaves, and only those
        shown.clear();
        std::vector<int> counts = workspace.itemCounts().all;
        std::nth_element(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(counts.size() / 2), counts.end());
        const int median = counts[counts.size() / 2];
        map->setMinimumRatings(median);
        QVERIFY(shown.wait(30000));
        int ungrouped = 0;
        for (int i = 0; i < workspace.itemCount(); ++i)
            if (workspace.itemCounts().all[static_cast<std::size_t>(i)] < median)
                ungrouped += map->clusters().clusterOf[static_cast<std::size_t>(i)] == -1 ? 1 : 0;
            else
                QVERIFY(map->clusters().clusterOf[static_cast<std::size_t>(i)] >= 0);
        QVERIFY(ungrouped > 0);

        // the groups follow the model: each new snapshot is grouped again
        shown.clear();
        QSignalSpy done(window.trainingController(), &ui::TrainingController::finished);
        QVERIFY(window.startTraining());
        QVERIFY(done.wait(30000));
        QVERIFY(QTest::qWaitFor([&] { return !window.mapPane()->isClustering() && shown.count() > 0; }, 30000));
        QCOMPARE(map->clusters().epoch, window.workspace()->snapshot()->epoch);
    }

    void tooFewItemsSayWhy()
    {
        ui::MainWindow window;
        QVERIFY(test::trainDemoDotBias(window, 2, 8));
        QVERIFY(QTest::qWaitFor([&] { return window.isMapSettled(); }, 60000));
        ui::EmbeddingMap* map = window.map();
        map->setMinimumRatings(100000); // nothing passes
        QVERIFY(QTest::qWaitFor([&] { return window.isMapSettled(); }, 60000));
        QSignalSpy status(window.mapPane(), &ui::MapPane::statusMessage);
        map->setColourBy(ui::ColourBy::Cluster);
        QVERIFY(status.wait(30000));
        QVERIFY2(status.last().first().toString().contains(QLatin1String("at least 3 items")),
                 qPrintable(status.last().first().toString()));
        QVERIFY(map->clusters().isEmpty());
        map->redrawNow();
        QVERIFY(map->regionLabelsShown().isEmpty());
    }
};

QTEST_MAIN(TestMapClusters)
#include "tst_map_clusters.moc"
