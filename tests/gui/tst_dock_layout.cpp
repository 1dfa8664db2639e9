// SPDX-License-Identifier: MIT
// The window's docks on a 1600 × 1000 screen: they keep their widths whatever the map shows, their
// tables give the spare width to titles, and the Data dock shows its figures and choices uncut.
#include "tests/support/gui_training.h"
#include "tests/support/temp_files.h"
#include "ui/data/data_dock.h"
#include "ui/map/embedding_map.h"
#include "ui/map/map_projection_bar.h"
#include "ui/neighbours/id_mapping_dock.h"
#include "ui/neighbours/id_mapping_model.h"
#include "ui/neighbours/neighbours_dock.h"
#include "ui/neighbours/neighbours_model.h"
#include "ui/training/model_dock.h"
#include "ui/window/main_window.h"

#include <QAbstractSpinBox>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStyle>
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
    return QTest::toString(
        QStringLiteral("model %1, neighbours %2, id mapping %3").arg(w.model).arg(w.neighbours).arg(w.idMapping));
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
        for (const core::ProjectionKind kind : { core::ProjectionKind::Neighbourhoods, core::ProjectionKind::Pca }) {
            bar->setKind(kind);
            if (kind == core::ProjectionKind::Neighbourhoods) {
                QVERIFY(bar->isShowingProgress());
                QApplication::processEvents();
                QCOMPARE(dockWidths(window), pca);
            }
            QTRY_VERIFY_WITH_TIMEOUT(window.isMapSettled(), 20000);
            QApplication::processEvents();
            QCOMPARE(dockWidths(window), pca);
        }
    }

    // Similar items, For user and Id mapping: the title takes what the other columns leave, and
    // those are as wide as their header (its sort arrow only where sorted) and their values
    void titlesGetTheSpareWidth()
    {
        ui::MainWindow window; // its own size, which fits a 1600 × 1000 screen
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.width() <= 1600 && window.height() <= 1000);
        QVERIFY(test::trainDemoDotBias(window));
        QVERIFY(window.selectItem(QStringLiteral("5")));
        window.neighboursDock()->showUser(QStringLiteral("1"));
        QTRY_VERIFY_WITH_TIMEOUT(window.isMapSettled(), 10000);
        QApplication::processEvents();
        const std::pair<QTableView*, int> tables[] = {
            { window.neighboursDock()->table(), ui::NeighboursModel::Title },
            { window.neighboursDock()->recommendationsTable(), ui::NeighboursModel::Title },
            { window.idMappingDock()->itemTable(), ui::IdMappingModel::Title },
        };
        for (const auto& [table, title] : tables) {
            QVERIFY(table->model()->rowCount() > 0);
            const QHeaderView* header = table->horizontalHeader();
            QFont bold = header->font();
            bold.setBold(true);
            const int margin = header->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header);
            const auto* view = static_cast<const QAbstractItemView*>(table); // sizeHintForColumn is public there
            for (int column = 0; column < header->count(); ++column) {
                const QString name = table->model()->headerData(column, Qt::Horizontal).toString();
                const int width = header->sectionSize(column);
                QVERIFY2(width >= view->sizeHintForColumn(column), qPrintable(name)); // values in full
                if (column == title)
                    continue;
                QVERIFY2(width >= QFontMetrics(bold).horizontalAdvance(name) + 2 * margin, qPrintable(name));
                QVERIFY2(width < header->sectionSize(title), qPrintable(name));
            }
            // about 30 characters: most titles whole (each demo title is), the longest elided
            QVERIFY2(header->sectionSize(title) >= 180, qPrintable(QString::number(header->sectionSize(title))));
        }
        // sorting by another column makes room for the arrow there
        QTableView* table = window.neighboursDock()->table();
        const int ratings = table->horizontalHeader()->sectionSize(ui::NeighboursModel::Ratings);
        table->sortByColumn(ui::NeighboursModel::Ratings, Qt::DescendingOrder);
        QApplication::processEvents();
        QVERIFY(table->horizontalHeader()->sectionSize(ui::NeighboursModel::Ratings) > ratings);
    }

    // figures like ml-100k's (its times are the longest line) and the six split choices with their
    // fields: the dock scrolls up and down, never sideways, so anything wider than it is cut off
    void theDataDockFitsItsDefaultWidth()
    {
        QTemporaryDir dir;
        QByteArray ratings;
        for (int user = 1; user <= 40; ++user)
            for (int item = 1; item <= 30; item += 1 + user % 3)
                ratings += QByteArray::number(user) + '\t' + QByteArray::number(item) + '\t'
                    + QByteArray::number(1 + (user * item) % 5) + '\t'
                    + QByteArray::number(874724710 + 9000 * user + 1700 * item) + '\n';
        const QString path = QString::fromStdString(test::writeFile(dir, QStringLiteral("u.data"), ratings));
        ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy loaded(&window, &ui::MainWindow::datasetLoaded);
        QVERIFY(window.loadRatings(path));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 20000);
        QApplication::processEvents();
        QVERIFY(window.width() <= 1600 && window.height() <= 1000);
        const auto* scroll = qobject_cast<const QScrollArea*>(window.dataDock()->widget());
        QVERIFY(scroll);
        const QWidget* body = scroll->widget();
        QVERIFY2(body->width() <= scroll->viewport()->width(),
                 qPrintable(QStringLiteral("contents %1 px wide in a %2 px dock")
                                .arg(body->width())
                                .arg(scroll->viewport()->width())));
        for (const QWidget* child : body->findChildren<QWidget*>()) {
            if (!child->isVisible())
                continue;
            const QRect inBody(child->mapTo(body, QPoint(0, 0)), child->size());
            QVERIFY2(inBody.right() < scroll->viewport()->width(),
                     qPrintable(QString::fromLatin1(child->metaObject()->className()) + QStringLiteral(" ends at x = ")
                                + QString::number(inBody.right())));
            if (const auto* label = qobject_cast<const QLabel*>(child); label && label->wordWrap())
                QVERIFY2(label->heightForWidth(label->width()) <= label->height(), qPrintable(label->text()));
            if (const auto* field = qobject_cast<const QAbstractSpinBox*>(child))
                QVERIFY2(field->width() >= field->minimumSizeHint().width(), qPrintable(field->text()));
        }
    }
};

QTEST_MAIN(TestDockLayout)
#include "tst_dock_layout.moc"
