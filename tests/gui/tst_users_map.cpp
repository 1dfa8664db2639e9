// SPDX-License-Identifier: MIT
// The Users tab: one point a user, coloured by activity or an attribute (missing values grey and
// counted), a click lists the nearest users and rings the user's rated items on the items' map,
// and a model without users says why instead of showing nothing.
#include "core/data/attribute_table.h"
#include "core/data/demo_generator.h"
#include "tests/support/gui_training.h"
#include "ui/data/workspace.h"
#include "ui/map/embedding_map.h"
#include "ui/users/nearest_users_model.h"
#include "ui/users/users_pane.h"
#include "ui/users/users_scatter.h"
#include "ui/window/main_window.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTabWidget>
#include <QtTest>
#include <qcustomplot.h>

using namespace embex;

namespace {

bool showUsers(ui::MainWindow& window)
{
    window.views()->setCurrentWidget(window.usersPane());
    ui::UsersPane* pane = window.usersPane();
    return QTest::qWaitFor(
        [&] { return pane->isSettled() && (pane->scatter()->pointCount() > 0 || !pane->noticeText().isEmpty()); },
        60000);
}

// The demo in `window` and an ALS model trained on it: its user vectors carry the planted types
// (dot+bias's, on the demo's 32 training ratings a user, stay mostly noise by cosine).
bool trainDemoAls(ui::MainWindow& window)
{
    window.openDemo();
    core::TrainConfig config = core::defaultTrainConfig("als");
    config.epochs = 6;
    config.dimension = 16;
    window.modelDock()->setConfig(config);
    QSignalSpy done(window.trainingController(), &ui::TrainingController::finished);
    return window.startTraining() && QTest::qWaitFor([&] { return done.count() == 1; }, 30000);
}

} // namespace

class TestUsersMap : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void drawsEveryUserColouredByActivityOrAttribute()
    {
        ui::MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(test::trainDemoDotBias(window, 3, 8));
        QVERIFY(showUsers(window));
        ui::UsersPane* pane = window.usersPane();
        ui::Workspace& workspace = *window.workspace();
        QCOMPARE(pane->scatter()->pointCount(), workspace.userCount()); // one point a user, not an item
        QCOMPARE(pane->userSpace()->vectors.get(), workspace.snapshot()->userEmbeddings());
        QVERIFY(pane->noticeText().isEmpty());

        // the demo plants ages and education levels on its users: both are colour choices
        QCOMPARE(pane->colourChoices(),
                 QStringList({ QStringLiteral("activity"), QStringLiteral("age"), QStringLiteral("education") }));
        QVERIFY(pane->setColourBy(QStringLiteral("age")));
        QVERIFY(pane->scatter()->legendNames().size() >= 2);

        // a table that lists some users, one without an age: the rest are missing, grey and counted
        std::unordered_map<std::string, std::vector<std::string>> rows;
        for (int u = 1; u <= 100; ++u)
            rows[std::to_string(u)] = { u == 7 ? "" : std::to_string(20 + u % 30), u % 3 == 0 ? "nurse" : "writer" };
        workspace.setUserAttributes(std::make_shared<core::AttributeTable>(
            core::attributeTableFromRows("people.csv", { "age", "job" }, std::move(rows))));
        QCOMPARE(pane->colourChoices(),
                 QStringList({ QStringLiteral("activity"), QStringLiteral("age"), QStringLiteral("job") }));
        QVERIFY(pane->setColourBy(QStringLiteral("age")));
        const int missing = workspace.userCount() - 99;
        QVERIFY2(pane->scatter()->legendNames().contains(QStringLiteral("missing (%1)").arg(missing)),
                 qPrintable(pane->scatter()->legendNames().join(u'|')));
        QVERIFY2(pane->captionText().contains(QStringLiteral("%1 without a value").arg(missing)),
                 qPrintable(pane->captionText()));
        const ui::UserColouring& byAge = pane->scatter()->colouring();
        const auto grey = byAge.bucketOfUser[static_cast<std::size_t>(*workspace.findUser(QStringLiteral("500")))];
        QCOMPARE(grey, byAge.bucketOfUser[static_cast<std::size_t>(*workspace.findUser(QStringLiteral("7")))]);
        QVERIFY(grey != byAge.bucketOfUser[static_cast<std::size_t>(*workspace.findUser(QStringLiteral("8")))]);
        QVERIFY(pane->setColourBy(QStringLiteral("job")));
        const QStringList jobs = pane->scatter()->legendNames();
        QVERIFY2(jobs.contains(QStringLiteral("writer (67)")) && jobs.contains(QStringLiteral("nurse (33)"))
                     && jobs.contains(QStringLiteral("missing (%1)").arg(workspace.userCount() - 100)),
                 qPrintable(jobs.join(u'|')));
        QCOMPARE(pane->scatter()->pointCount(), workspace.userCount());

        // no table: activity alone, and where to get one
        workspace.setUserAttributes(nullptr);
        QCOMPARE(pane->colourChoices(), QStringList({ QStringLiteral("activity") }));
        QVERIFY2(pane->captionText().contains(QStringLiteral("File › Open user attributes")),
                 qPrintable(pane->captionText()));
        QVERIFY(!pane->scatter()->legendNames().isEmpty());

        // the ratings floor (on the training ratings the vectors came from) hides the least active users
        std::vector<std::uint32_t> counts = pane->userSpace()->ratings;
        std::sort(counts.begin(), counts.end());
        const auto floor = counts[counts.size() / 2];
        const auto passing = counts.end() - std::lower_bound(counts.begin(), counts.end(), floor);
        QVERIFY(passing < workspace.userCount());
        pane->setMinimumRatings(static_cast<int>(floor));
        QVERIFY(QTest::qWaitFor([&] { return pane->isSettled(); }, 60000));
        QCOMPARE(pane->scatter()->pointCount(), static_cast<int>(passing));
    }

    void aClickListsNearestUsersAndRingsTheirItemsOnTheMap()
    {
        ui::MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(trainDemoAls(window));
        QVERIFY(showUsers(window));
        ui::UsersPane* pane = window.usersPane();
        ui::Workspace& workspace = *window.workspace();
        QAbstractItemModelTester tester(pane->nearestUsers(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy selected(pane, &ui::UsersPane::userSelected);
        pane->scatter()->plot()->replot(QCustomPlot::rpImmediateRefresh);
        const QPoint at = pane->scatter()->pixelOf(42);
        QTest::mouseClick(pane->scatter()->plot(), Qt::LeftButton, {}, at);
        QCOMPARE(selected.count(), 1);
        const int user = pane->selectedUser();
        QVERIFY(user >= 0);
        QCOMPARE(pane->scatter()->pixelOf(user), at);

        const auto& rows = pane->nearestUsers()->rows();
        QCOMPARE(rows.size(), std::size_t(10));
        for (std::size_t r = 0; r < rows.size(); ++r) {
            QVERIFY(rows[r].user != user);
            if (r > 0)
                QVERIFY(rows[r].similarity <= rows[r - 1].similarity);
        }
        // the user's training items are the items' map's region, and the pane says where they are
        std::vector<int> rated;
        for (std::uint32_t item : workspace.trainItemsOfUser(user))
            rated.push_back(static_cast<int>(item));
        std::sort(rated.begin(), rated.end());
        QVERIFY(!rated.empty());
        QCOMPARE(window.map()->region(), rated);
        QVERIFY2(pane->selectionText().contains(QStringLiteral("rated %1 items").arg(rated.size()))
                     && pane->selectionText().contains(QStringLiteral("Map")),
                 qPrintable(pane->selectionText()));

        // nearest users share the taste type the demo planted on them far more than by chance (1 in 8)
        std::vector<int> typeOf;
        core::generateDemo({}, &typeOf);
        int shared = 0, listed = 0;
        for (int u = 0; u < 40; ++u) {
            pane->selectUser(u);
            for (const ui::NearestUserRow& row : pane->nearestUsers()->rows()) {
                shared += typeOf[static_cast<std::size_t>(row.user)] == typeOf[static_cast<std::size_t>(u)] ? 1 : 0;
                ++listed;
            }
        }
        QVERIFY2(shared * 2 > listed, qPrintable(QStringLiteral("%1 of %2").arg(shared).arg(listed)));
    }

    void aModelWithoutUsersSaysWhy()
    {
        ui::MainWindow window;
        window.resize(1400, 900);
        window.show();
        // a trained model's users first: the model that replaces it leaves none of them drawn
        QVERIFY(test::trainDemoDotBias(window, 2, 8));
        QVERIFY(showUsers(window));
        QVERIFY(window.usersPane()->scatter()->pointCount() > 0);
        // two newer models in a row: the users shown are the last one's
        ui::Workspace& workspace = *window.workspace();
        std::shared_ptr<const core::EmbeddingSnapshot> newer[2];
        for (int k = 0; k < 2; ++k) {
            auto s = std::make_shared<core::EmbeddingSnapshot>(*workspace.snapshot());
            for (core::NamedMatrix& p : s->parameters)
                if (p.name == "user_embedding")
                    p.value *= static_cast<float>(k + 2);
            newer[k] = s;
        }
        workspace.setSnapshot(newer[0]);
        workspace.setSnapshot(newer[1]);
        QVERIFY(QTest::qWaitFor([&] { return window.usersPane()->isSettled(); }, 30000));
        QCOMPARE(window.usersPane()->userSpace()->vectors.get(), newer[1]->userEmbeddings());
        auto demo = core::generateDemo({ .users = 50, .items = 40, .types = 4, .ratingsPerUser = 8 });
        auto snapshot = std::make_shared<core::EmbeddingSnapshot>();
        snapshot->modelKind = std::string(core::importedModelKind);
        snapshot->parameters = { { "item_embedding", core::RowMatrixXf::Random(40, 4) } };
        window.adoptSession(core::Session { demo, snapshot, {} }, QStringLiteral("items.npy"));
        QVERIFY(QTest::qWaitFor([&] { return !window.usersPane()->noticeText().isEmpty(); }, 30000));
        const QString notice = window.usersPane()->noticeText();
        QVERIFY2(notice.contains(QStringLiteral("no users to place"))
                     && notice.contains(QStringLiteral("dot+bias, ALS and the MLP")),
                 qPrintable(notice));
        QCOMPARE(window.usersPane()->scatter()->pointCount(), 0);
    }
};

QTEST_MAIN(TestUsersMap)
#include "tst_users_map.moc"
