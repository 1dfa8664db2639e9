// SPDX-License-Identifier: MIT
// The window's docks on a 1600 × 1000 screen: they keep their widths whatever the map shows, and
// their tables give the spare width to titles.
#include "tests/support/gui_training.h"
#include "ui/map/embedding_map.h"
#include "ui/map/map_projection_bar.h"
#include "ui/neighbours/id_mapping_dock.h"
#include "ui/neighbours/neighbours_dock.h"
#include "ui/training/model_dock.h"
#include "ui/window/main_window.h"

#include <QHeaderView>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QtTest>

using namespace embex;

namespace {

struct DockWidths {
    int model, neighbours, idMapping;
    bool operator==(const DockWidths&) const = default;
};

char* toString(const DockWidths& w)
{
    return QTest::toString(QStringLiteral("model %1, neighbours %2, id mapping %3")
                               .arg(w.model)
                               .arg(w.neighbours)
                               .arg(w.idMapping));
}

DockWidths dockWidths(const ui::MainWindow& window)
{
    return { window.modelDock()->width(), window.neighboursDock()->width(), window.idMappingDock()->width() };
}

} // namespace

class TestDockLayout : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    // the progress of a neighbour layout took more room than the measure it stands for, so the
    // map widened and the docks narrowed, and stayed narrow once it was gone
    void switchingTheProjectionKeepsTheDocksWidths()
    {
        ui::MainWindow window;
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(test::trainDemoDotBias(window));
        QTRY_VERIFY_WITH_TIMEOUT(window.isMapSettled(), 10000);
        QApplication::processEvents(); // the layouts the last epoch asked for
        const DockWidths pca = dockWidths(window);
        QVERIFY(pca.neighbours > 400);

        ui::MapProjectionBar* bar = window.map()->projectionBar();
        for (const ui::ProjectionKind kind : { ui::ProjectionKind::Neighbourhoods, ui::ProjectionKind::Pca }) {
            bar->setKind(kind);
            if (kind == ui::ProjectionKind::Neighbourhoods) {
                QVERIFY(bar->isShowingProgress());
                QApplication::processEvents();
                QCOMPARE(dockWidths(window), pca);
            }
            QTRY_VERIFY_WITH_TIMEOUT(window.isMapSettled(), 20000);
            QApplication::processEvents();
            QCOMPARE(dockWidths(window), pca);
        }
    }
};

QTEST_MAIN(TestDockLayout)
#include "tst_dock_layout.moc"
