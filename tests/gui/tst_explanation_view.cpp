// SPDX-License-Identifier: MIT
// Selecting a recommended item shows how its score is made: the terms shown add up to the
// score the recommendations table shows, for every model kind.
#include "core/data/demo_generator.h"
#include "core/data/split.h"
#include "core/models/model_registry.h"
#include "core/training/trainer.h"
#include "tests/support/temp_files.h"
#include "ui/data/session_actions.h"
#include "ui/data/workspace.h"
#include "ui/neighbours/explanation_view.h"
#include "ui/neighbours/neighbours_dock.h"
#include "ui/neighbours/neighbours_model.h"
#include "ui/window/main_window.h"

#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>

using namespace embex;

class TestExplanationView : public QObject {
    Q_OBJECT
private slots:
    void selectingARecommendationExplainsItsScore_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("squash");
        for (const core::ModelTraits& row : core::modelRegistry())
            QTest::addRow("%s", std::string(row.name).c_str()) << static_cast<int>(row.kind) << false;
        QTest::addRow("dotbias, y_squash") << static_cast<int>(core::ModelKind::DotBias) << true;
    }
    void selectingARecommendationExplainsItsScore()
    {
        QFETCH(int, kind);
        QFETCH(bool, squash);
        const auto demo = core::generateDemo({ 150, 60, 4, 15 });
        const auto data = core::splitForTraining(*demo, {}).data;
        core::TrainConfig config = core::defaultTrainConfig(static_cast<core::ModelKind>(kind));
        config.dimension = 12;
        config.epochs = 3;
        config.ySquash = squash;
        config.negativeSamples = 0;
        const core::TrainOutcome trained = core::train(*data, config);
        QVERIFY(trained.snapshot);

        ui::Workspace workspace;
        workspace.setDataset(demo);
        workspace.setSnapshot(trained.snapshot);
        ui::NeighboursDock dock(&workspace);
        dock.resize(700, 900);
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        dock.findChild<QTabWidget*>()->setCurrentIndex(1); // "For user"
        ui::ExplanationView* view = dock.explanation();
        QVERIFY(!view->terms()->isVisible()); // nothing to explain yet

        QTest::keyClicks(dock.userLookup(), QStringLiteral("7"));
        QTest::keyClick(dock.userLookup(), Qt::Key_Return);
        QTableView* table = dock.recommendationsTable();
        QCOMPARE(table->model()->rowCount(), 10);
        const int row = 2;
        const QModelIndex scoreCell = table->model()->index(row, ui::NeighboursModel::Similarity);
        table->scrollTo(scoreCell);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::NoModifier, table->visualRect(scoreCell).center());
        QTRY_VERIFY(view->terms()->isVisible());

        const QLocale locale;
        bool ok = false;
        const double shownScore = locale.toDouble(scoreCell.data().toString(), &ok);
        QVERIFY(ok);
        double sum = 0, sumShown = 0, result = 0;
        int termCount = 0, sums = 0, results = 0;
        QTableWidget* terms = view->terms();
        for (int r = 0; r < terms->rowCount(); ++r) {
            const QTableWidgetItem* value = terms->item(r, ui::ExplanationView::Value);
            const double v = locale.toDouble(value->text(), &ok);
            QVERIFY2(ok, qPrintable(value->text()));
            switch (value->data(ui::ExplanationView::RowKindRole).toInt()) {
            case ui::ExplanationView::Term:
                sum += v;
                ++termCount;
                break;
            case ui::ExplanationView::Sum:
                sumShown = v;
                ++sums;
                break;
            default: result = v; ++results;
            }
        }
        // five dimensions and the rest beside the biases; the MLP: its output unit's bias and inputs
        QVERIFY(termCount >= (kind == static_cast<int>(core::ModelKind::Mlp) ? 5 : 6));
        QCOMPARE(results, 1);
        QCOMPARE(sums, squash ? 1 : 0);
        // Values are shown to 4 decimals: each rounds by at most 5e-5.
        const double rounding = 5e-5 * (termCount + 1);
        QVERIFY2(
            std::abs(sum - (squash ? sumShown : result)) <= rounding,
            qPrintable(
                QStringLiteral("terms add up to %1, the sum shown is %2").arg(sum).arg(squash ? sumShown : result)));
        // The table shows the score to 3 decimals.
        QVERIFY2(std::abs(result - shownScore) <= 5e-4 + 5e-5,
                 qPrintable(QStringLiteral("explained %1, the table shows %2").arg(result).arg(shownScore)));
        const QString item = table->model()->index(row, ui::NeighboursModel::Id).data().toString();
        QVERIFY2(view->findChild<QLabel*>()->text().contains(QStringLiteral("item id ") + item), "raw id shown");
        QVERIFY(view->summary()->text().contains(QStringLiteral("rank")));

        // "Because you rated": the rated items by name, at most ten, the rest in one row, adding up
        // to the same score; only for the kinds whose score splits over the rated items.
        const auto modelKind = static_cast<core::ModelKind>(kind);
        const bool splits = modelKind == core::ModelKind::Als || modelKind == core::ModelKind::Softmax
            || modelKind == core::ModelKind::Autoencoder;
        QCOMPARE(view->because()->isVisible(), splits);
        if (splits) {
            QTableWidget* because = view->because();
            QVERIFY(view->becauseMeaning()->text().contains(QStringLiteral("Because you rated")));
            double shares = 0, total = 0;
            int named = 0, rows = 0;
            QStringList titles;
            for (int r = 0; r < because->rowCount(); ++r) {
                const QTableWidgetItem* value = because->item(r, ui::ExplanationView::BecauseShare);
                const double v = locale.toDouble(value->text(), &ok);
                QVERIFY2(ok, qPrintable(value->text()));
                const int rowKind = value->data(ui::ExplanationView::RowKindRole).toInt();
                if (rowKind == ui::ExplanationView::Result) {
                    total = v;
                    continue;
                }
                shares += v;
                ++rows;
                if (rowKind == ui::ExplanationView::Term) {
                    ++named;
                    titles << because->item(r, ui::ExplanationView::BecauseItem)->text();
                }
            }
            // the workspace has no split here: the user is their ratings in the dataset
            const core::RatingsTable& ratings = demo->ratings;
            const std::uint32_t user = *demo->users.indexOf("7");
            int ratedCount = 0;
            for (std::size_t r = 0; r < ratings.size(); ++r)
                ratedCount += ratings.users[r] == user;
            QCOMPARE(named, std::min(ratedCount, int(ui::ExplanationView::namedRatedItems)));
            for (const QString& title : titles) {
                bool isRated = false;
                for (std::size_t r = 0; r < ratings.size(); ++r)
                    isRated = isRated
                        || (ratings.users[r] == user
                            && workspace.itemTitle(static_cast<int>(ratings.items[r])) == title);
                QVERIFY2(isRated, qPrintable(title + QStringLiteral(" is not one of the user's rated items")));
            }
            QVERIFY2(std::abs(shares - result) <= 5e-5 * (rows + 2),
                     qPrintable(QStringLiteral("the shares add up to %1, the score is %2").arg(shares).arg(result)));
            QVERIFY(std::abs(total - result) <= 1e-4);
        }

        // Another user's recommendations: nothing selected, nothing explained.
        dock.userLookup()->clear();
        QTest::keyClicks(dock.userLookup(), QStringLiteral("8"));
        QTest::keyClick(dock.userLookup(), Qt::Key_Return);
        QVERIFY(!view->terms()->isVisible());
    }

    // A softmax trained with the demo's planted ages and education, and its items' genres: the
    // explanation names the attributes it took in. showUser opens For user › Known user itself.
    void showsTheAttributeInputsOfASideFeatureModel()
    {
        const auto demo = core::generateDemo({ 150, 60, 4, 15 });
        const auto data = core::splitForTraining(*demo, {}).data;
        core::TrainConfig config = core::defaultTrainConfig(core::ModelKind::Softmax);
        config.dimension = 12;
        config.epochs = 2;
        config.useSideFeatures = true;
        const core::TrainOutcome trained = core::train(*data, config);
        QVERIFY(trained.snapshot && trained.snapshot->parameter("user_features"));

        ui::Workspace workspace;
        workspace.setDataset(demo);
        workspace.setSnapshot(trained.snapshot);
        ui::NeighboursDock dock(&workspace);
        dock.resize(700, 900);
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        ui::ExplanationView* view = dock.explanation();
        dock.showUser(QStringLiteral("7"));
        QCOMPARE(dock.findChild<QTabWidget*>()->currentIndex(), 1);
        QTRY_VERIFY(view->terms()->isVisible());
        QVERIFY(view->inputs()->isVisible());
        const QString inputs = view->inputs()->text();
        QVERIFY2(inputs.contains(u"u, the user's attributes: ") && inputs.contains(u"education=")
                     && inputs.contains(u"age"),
                 qPrintable(inputs));
        QVERIFY2(inputs.contains(u"x_G, mean item features") && inputs.contains(u"genres="), qPrintable(inputs));

        // A model without side features has no attribute inputs to name.
        config.useSideFeatures = false;
        workspace.setSnapshot(core::train(*data, config).snapshot);
        dock.showUser(QStringLiteral("7"));
        QTRY_VERIFY(view->terms()->isVisible());
        QVERIFY(!view->inputs()->isVisible());
    }

    // Item and user vectors from elsewhere: the window recommends for an imported user and
    // explains the score as the plain dot product p_u·q_i.
    void importedUserVectorsAreRecommendedAndExplained()
    {
        QTemporaryDir dir;
        const QString items = QString::fromStdString(
            test::writeFile(dir, QStringLiteral("items.csv"), "id,a,b\n10,1,0\n11,0,1\n12,2,2\n13,-1,0\n"));
        const QString users = QString::fromStdString(
            test::writeFile(dir, QStringLiteral("users.json"),
                            "{\"id\": 5, \"features\": [1, 0.5]}\n{\"id\": 6, \"features\": [0, 1]}\n"));
        ui::MainWindow window;
        QSignalSpy done(window.sessionActions(), &ui::SessionActions::done);
        QVERIFY(window.sessionActions()->importEmbeddingsFile(items, users));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(done.first().first().toBool(), true);
        QCOMPARE(window.workspace()->userCount(), 2);

        ui::NeighboursDock* dock = window.neighboursDock();
        dock->recommendForUser(QStringLiteral("5"));
        QTableView* table = dock->recommendationsTable();
        QCOMPARE(table->model()->rowCount(), 4);
        // 12 scores 2·1 + 2·0.5 = 3, then 10 (1), 11 (0.5), 13 (−1)
        QCOMPARE(table->model()->index(0, ui::NeighboursModel::Id).data().toString(), QStringLiteral("12"));
        table->setCurrentIndex(table->model()->index(0, ui::NeighboursModel::Title));
        QTableWidget* terms = dock->explanation()->terms();
        QCOMPARE(terms->rowCount(), 3); // two dimensions, then the result
        QCOMPARE(terms->item(2, ui::ExplanationView::Value)->text(), QLocale().toString(3.0, 'f', 4));
    }
};

QTEST_MAIN(TestExplanationView)
#include "tst_explanation_view.moc"
