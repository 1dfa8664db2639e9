// SPDX-License-Identifier: MIT
// For user › New user: picks on demo data after training give recommendations that leave the
// picks out, follow a removal, and put the query on the map; a softmax trained with the demo's
// planted attributes recommends from attributes alone, and a rating model disables them.
#include "core/models/model_registry.h"
#include "tests/support/gui_training.h"
#include "ui/data/workspace.h"
#include "ui/map/embedding_map.h"
#include "ui/neighbours/neighbours_dock.h"
#include "ui/neighbours/neighbours_model.h"
#include "ui/neighbours/new_user_panel.h"
#include "ui/training/model_dock.h"
#include "ui/training/training_controller.h"
#include "ui/window/main_window.h"

#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace embex;

namespace {

std::vector<int> listedItems(const ui::NeighboursModel& model)
{
    std::vector<int> items;
    for (const ui::NeighbourRow& row : model.rows())
        items.push_back(row.item);
    return items;
}

std::vector<double> listedScores(const ui::NeighboursModel& model)
{
    std::vector<double> scores;
    for (const ui::NeighbourRow& row : model.rows())
        scores.push_back(row.raw);
    return scores;
}

} // namespace

class TestNewUser : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void newUserRecommendationsFollowThePicks()
    {
        ui::MainWindow window;
        QVERIFY(test::trainDemoDotBias(window));
        QTRY_VERIFY_WITH_TIMEOUT(!window.isProjecting() && !window.map()->projection().isEmpty(), 10000);

        ui::NeighboursDock* dock = window.neighboursDock();
        dock->userMode()->setCurrentIndex(1);
        ui::NewUserPanel* panel = dock->newUserPanel();
        const ui::Workspace& ws = *window.workspace();
        QVERIFY(!window.map()->queryPoint());
        // Typed in the lookup as a person would: by id, then by title.
        panel->lookup()->setText(ws.itemRawId(0));
        QTest::keyClick(panel->lookup(), Qt::Key_Return);
        QVERIFY(panel->lookup()->text().isEmpty());
        QVERIFY(panel->addItem(ws.itemTitle(1), 5));
        QVERIFY(panel->addItem(ws.itemRawId(2), 4));
        QVERIFY(!panel->addItem(ws.itemRawId(2), 4)); // already picked
        QVERIFY(!panel->addItem(QStringLiteral("no such item at all"), 4));
        QCOMPARE(panel->pickList()->count(), 3);

        const QTableView* table = panel->findChild<QTableView*>(); // the panel's recommendations
        QVERIFY(table);
        auto* recommendations = qobject_cast<const QSortFilterProxyModel*>(table->model());
        QVERIFY(recommendations);
        auto* rows = qobject_cast<ui::NeighboursModel*>(recommendations->sourceModel());
        QVERIFY(rows);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isComputing() && panel->result() && rows->rowCount() == 10, 10000);
        const std::vector<int> before = listedItems(*rows);
        const std::vector<double> scoresBefore = listedScores(*rows);
        for (int picked : { 0, 1, 2 })
            QVERIFY(std::find(before.begin(), before.end(), picked) == before.end());
        // Scores shown are predicted ratings on the demo's scale; the raw one is kept.
        const core::Dataset& data = *ws.dataset();
        for (const ui::NeighbourRow& row : rows->rows()) {
            QVERIFY(row.similarity >= data.ratingMin && row.similarity <= data.ratingMax);
            QVERIFY(!std::isnan(row.raw));
            QVERIFY(row.ratings >= dock->minRatings()); // the neighbours list's popularity floor
        }
        QTRY_VERIFY(window.map()->queryPoint().has_value());
        const QPointF withThree = *window.map()->queryPoint();

        panel->removeItem(1);
        QCOMPARE(panel->pickList()->count(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isComputing() && panel->result() && panel->picks().size() == 2, 10000);
        // A different user: other items, or the same ones scored otherwise.
        QVERIFY(listedItems(*rows) != before || listedScores(*rows) != scoresBefore);
        QVERIFY(*window.map()->queryPoint() != withThree);

        // Back to a known user: the new user's point leaves the map.
        dock->userMode()->setCurrentIndex(0);
        QVERIFY(!window.map()->queryPoint());
    }

    void attributesAloneGiveRecommendations()
    {
        ui::MainWindow window;
        window.openDemo();
        core::TrainConfig config = core::defaultTrainConfig("softmax");
        config.epochs = 3;
        config.useSideFeatures = true;
        window.modelDock()->setConfig(config);
        QSignalSpy done(window.trainingController(), &ui::TrainingController::finished);
        QVERIFY(window.startTraining());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 30000);

        ui::NeighboursDock* dock = window.neighboursDock();
        dock->userMode()->setCurrentIndex(1);
        ui::NewUserPanel* panel = dock->newUserPanel();
        QVERIFY(panel->attributeBox()->isEnabled());
        // The demo's users carry age (a number: a line edit) and education (categories: a combo).
        const auto edits = panel->attributeBox()->findChildren<QLineEdit*>();
        const auto combos = panel->attributeBox()->findChildren<QComboBox*>();
        QCOMPARE(edits.size(), 1);
        QCOMPARE(combos.size(), 1);
        const QTableView* table = panel->findChild<QTableView*>();
        auto* rows = qobject_cast<ui::NeighboursModel*>(
            qobject_cast<const QSortFilterProxyModel*>(table->model())->sourceModel());
        QVERIFY(rows);
        QTRY_VERIFY(!panel->isComputing());
        QCOMPARE(rows->rowCount(), 0); // no items, no attributes: nobody to recommend for

        QTest::keyClicks(edits.front(), QStringLiteral("22"));
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isComputing() && panel->result() && rows->rowCount() == 10, 10000);
        QVERIFY(panel->picks().empty());
        QCOMPARE(panel->attributes(), (std::map<std::string, std::string> { { "age", "22" } }));
        QVERIFY(!panel->result()->query.userFeatures.empty());
        QTRY_VERIFY(window.map()->queryPoint().has_value());
        const std::vector<double> young = listedScores(*rows);

        edits.front()->clear();
        QTest::keyClicks(edits.front(), QStringLiteral("55"));
        combos.front()->setCurrentIndex(combos.front()->count() - 1);
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isComputing() && panel->attributes().size() == 2 && rows->rowCount() == 10,
                                 10000);
        QTRY_VERIFY(listedScores(*rows) != young); // another age and education: another user
        QVERIFY(!panel->setAttribute(QStringLiteral("shoe size"), QStringLiteral("44")));
        QVERIFY(!panel->setAttribute(QStringLiteral("education"), QStringLiteral("wizardry")));

        // A rating model has no attribute input: the fields go, disabled, saying why.
        config = core::defaultTrainConfig("dotbias");
        config.epochs = 1;
        window.modelDock()->setConfig(config);
        QVERIFY(window.startTraining());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, 30000);
        QTRY_VERIFY(!panel->attributeBox()->isEnabled());
        QVERIFY2(panel->attributeBox()->toolTip().contains(QStringLiteral("no input for a user's attributes")),
                 qPrintable(panel->attributeBox()->toolTip()));
        QVERIFY(panel->attributes().empty());
        QTRY_VERIFY(!panel->isComputing());
        QCOMPARE(rows->rowCount(), 0);
    }
};

QTEST_MAIN(TestNewUser)
#include "tst_new_user.moc"
