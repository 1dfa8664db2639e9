// SPDX-License-Identifier: MIT
// The Axes tab after training on the demo data: five components with ten items at each end,
// the bias lists, the length/popularity scatter; a click on a listed item selects it; a model
// without biases says so; the map's axis titles name the items at their ends.
#include "core/analysis/embedding_axes.h"
#include "core/models/model_registry.h"
#include "tests/support/gui_training.h"
#include "ui/data/workspace.h"
#include "ui/map/axes_view.h"
#include "ui/map/embedding_map.h"
#include "ui/training/model_dock.h"
#include "ui/training/training_controller.h"
#include "ui/window/main_window.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTreeWidget>
#include <QtTest>
#include <qcustomplot.h>

using namespace embex;

namespace {

constexpr int lowTitle = 0, highTitle = 2; // the tree's title columns

} // namespace

class TestAxesView : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void fillsAfterTrainingAndClicksSelect()
    {
        ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(test::trainDemoDotBias(window));
        ui::AxesView* view = window.axesView();
        QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy() && view->axes() && !window.isProjecting(), 10000);
        QCOMPARE(view->axes()->pca.coordinates.rows(), window.workspace()->itemCount());

        window.views()->setCurrentWidget(view);
        QTreeWidget* tree = view->tree();
        QCOMPARE(tree->topLevelItemCount(), 6); // PC1..PC5 and the bias group
        const std::vector<int>& counts = window.workspace()->itemCounts().all;
        double previousShare = 1;
        for (int c = 0; c < 6; ++c) {
            QTreeWidgetItem* group = tree->topLevelItem(c);
            QCOMPARE(group->childCount(), 10);
            if (c < 5) {
                QVERIFY2(group->text(0).startsWith(QStringLiteral("PC%1 · ").arg(c + 1)), qPrintable(group->text(0)));
                const double share = view->axes()->components[static_cast<std::size_t>(c)].explainedVarianceRatio;
                QVERIFY(share <= previousShare && share > 0);
                previousShare = share;
            } else {
                QCOMPARE(group, view->biasGroup());
            }
            for (int r = 0; r < 10; ++r)
                for (int column : { lowTitle, highTitle }) {
                    const int item = group->child(r)->data(column, Qt::UserRole).toInt();
                    QCOMPARE(group->child(r)->text(column), window.workspace()->itemTitle(item));
                    QVERIFY(counts[static_cast<std::size_t>(item)]
                            >= static_cast<int>(core::defaultNeighbourMinRatings));
                }
        }
        // every demo item is rated: each is a point of the scatter
        QCOMPARE(view->scatter()->graph(0)->dataCount(), window.workspace()->itemCount());

        // a click on a listed title selects that item
        QTreeWidgetItem* pc2 = tree->topLevelItem(1);
        pc2->setExpanded(true);
        tree->scrollToItem(pc2->child(3));
        const QModelIndex cell = tree->model()->index(3, highTitle, tree->model()->index(1, 0));
        const QRect rect = tree->visualRect(cell);
        QVERIFY(!rect.isEmpty());
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, Qt::NoModifier, rect.center());
        QCOMPARE(window.workspace()->selectedItem(), pc2->child(3)->data(highTitle, Qt::UserRole).toInt());
        const QModelIndex low = tree->model()->index(0, lowTitle, tree->model()->index(1, 0));
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, Qt::NoModifier, tree->visualRect(low).center());
        QCOMPARE(window.workspace()->selectedItem(), pc2->child(0)->data(lowTitle, Qt::UserRole).toInt());

        // the map's axis titles name the most extreme well-rated item at each end of PC1
        const auto& pca = *window.map()->projection().pca;
        const std::vector<std::uint32_t> unsignedCounts(counts.begin(), counts.end());
        const core::ItemEnds ends = core::extremeItems(pca.coordinates.col(0), 1, unsignedCounts,
                                                       core::defaultNeighbourMinRatings);
        const QString xTitle = window.map()->plot()->xAxis->label();
        auto shortName = [&](std::uint32_t item) {
            return QString::fromStdString(
                core::shortTitle(window.workspace()->itemTitle(static_cast<int>(item)).toStdString(), 18));
        };
        QVERIFY2(xTitle.startsWith(u"PC1 ") && xTitle.contains(u"↔"), qPrintable(xTitle));
        QVERIFY2(xTitle.indexOf(shortName(ends.low[0].item)) < xTitle.indexOf(u"↔"), qPrintable(xTitle));
        QVERIFY2(xTitle.indexOf(shortName(ends.high[0].item)) > xTitle.indexOf(u"↔"), qPrintable(xTitle));
        QVERIFY2(window.map()->plot()->yAxis->label().startsWith(u"PC2 "),
                 qPrintable(window.map()->plot()->yAxis->label()));

        // a model without biases: the view follows the new snapshot and says there are none
        auto unbiased = std::make_shared<core::EmbeddingSnapshot>(*window.workspace()->snapshot());
        unbiased->modelKind = "mlp";
        std::erase_if(unbiased->parameters, [](const core::NamedMatrix& p) { return p.name == "item_bias"; });
        QSignalSpy updated(view, &ui::AxesView::updated);
        window.workspace()->setSnapshot(unbiased);
        QTRY_VERIFY_WITH_TIMEOUT(updated.count() >= 1 && !view->isBusy(), 10000);
        QVERIFY(!view->axes()->bias);
        QCOMPARE(view->biasGroup()->childCount(), 0);
        QVERIFY2(view->biasGroup()->toolTip(0).contains(u"none in this model"),
                 qPrintable(view->biasGroup()->toolTip(0)));
        QCOMPARE(tree->topLevelItemCount(), 6);
    }
};

QTEST_MAIN(TestAxesView)
#include "tst_axes_view.moc"
