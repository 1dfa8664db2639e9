// SPDX-License-Identifier: MIT
// "Use side features" in the Model dock and File ▸ Open item metadata / user / item attributes….
#include "core/data/attribute_table.h"
#include "core/data/demo_generator.h"
#include "core/models/model_registry.h"
#include "tests/support/temp_files.h"
#include "ui/data/attribute_actions.h"
#include "ui/data/data_dock.h"
#include "ui/data/workspace.h"
#include "ui/training/model_dock.h"

#include <QCheckBox>
#include <QLabel>
#include <QSignalSpy>
#include <QtTest>

using namespace embex;

namespace {

/// Whether any label of `widget` says `text`.
bool showsText(const QWidget& widget, const QString& text)
{
    const auto labels = widget.findChildren<QLabel*>();
    return std::any_of(labels.begin(), labels.end(), [&](const QLabel* l) { return l->text().contains(text); });
}

} // namespace

class TestAttributeActions : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void checkboxFollowsModelAndAttributes()
    {
        ui::ModelDock dock;
        auto* box = dock.findChild<QCheckBox*>(QStringLiteral("sideFeatures"));
        QVERIFY(box);
        dock.setConfig(core::defaultTrainConfig(core::ModelKind::Softmax));
        QVERIFY(!box->isEnabled()); // nothing loaded
        QVERIFY(!dock.config().useSideFeatures);
        dock.setSideFeatures(true, true, QStringLiteral("Users: age"));
        QVERIFY(box->isEnabled() && box->isChecked());
        QVERIFY(dock.config().useSideFeatures);
        dock.setConfig(core::defaultTrainConfig(core::ModelKind::DotBias)); // takes no attributes
        QVERIFY(!box->isEnabled());
        QVERIFY(!dock.config().useSideFeatures);
        dock.setConfig(core::defaultTrainConfig(core::ModelKind::Autoencoder));
        QVERIFY(dock.config().useSideFeatures);
        box->setChecked(false);
        QVERIFY(!dock.config().useSideFeatures);
    }

    // Attributes are read by a job and replace the workspace's table, not the dataset: the
    // ratings stay the very same object, and attributesChanged tells the Model dock.
    void demoAttributesCheckTheBoxAndFilesJoinById()
    {
        QWidget window;
        ui::Workspace workspace;
        ui::ModelDock dock;
        ui::AttributeActions actions(&window, &workspace, &dock);
        QSignalSpy messages(&actions, &ui::AttributeActions::message);
        QSignalSpy finished(&actions, &ui::AttributeActions::finished);
        QSignalSpy changed(&workspace, &ui::Workspace::attributesChanged);
        auto* box = dock.findChild<QCheckBox*>(QStringLiteral("sideFeatures"));
        dock.setConfig(core::defaultTrainConfig(core::ModelKind::Softmax));

        auto demo = core::generateDemo({ 30, 20, 3, 5, true, 1 });
        demo->userAttributes.reset();
        demo->metadata = {};
        workspace.setDataset(demo);
        actions.refresh();
        QVERIFY(!box->isEnabled());
        const auto dataset = workspace.dataset();

        const QString bad = QString::fromStdString(test::writeFile(m_dir, QStringLiteral("bad.csv"), "id\n1\n"));
        QVERIFY(actions.openFile(bad, true));
        QVERIFY(actions.isBusy());
        QVERIFY(!actions.openFile(bad, true)); // one file at a time
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(finished.takeFirst().at(0).toBool(), false);
        QVERIFY(messages.last().at(0).toString().contains(QStringLiteral("bad.csv")));
        QVERIFY(messages.last().at(1).toBool());
        QVERIFY(!workspace.sides().userAttributes); // the open dataset is as it was
        QCOMPARE(changed.count(), 0);

        const QString good = QString::fromStdString(
            test::writeFile(m_dir, QStringLiteral("users.csv"), "userId,age,job\n1,20,a\n2,x,b\n3,30,a\n99,40,c\n"));
        QVERIFY(actions.openFile(good, true));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(finished.takeFirst().at(0).toBool(), true);
        QCOMPARE(changed.count(), 1);
        QVERIFY(workspace.sides().userAttributes);
        QCOMPARE(workspace.dataset(), dataset); // the same ratings, not a copy
        QVERIFY(box->isEnabled() && box->isChecked());
        QVERIFY(dock.config().useSideFeatures);
        const QString said = messages.last().at(0).toString();
        QVERIFY2(said.contains(QStringLiteral("3 of 30 users")), qPrintable(said));
        QVERIFY(!messages.last().at(1).toBool());
    }

    // Metadata too: a job reads it, the titles change everywhere on metadataChanged, the
    // ratings are not copied, and a file that does not load changes nothing.
    void metadataJoinsWithoutCopyingTheRatings()
    {
        QWidget window;
        ui::Workspace workspace;
        ui::ModelDock modelDock;
        ui::DataDock dataDock(&workspace);
        ui::AttributeActions actions(&window, &workspace, &modelDock);
        QSignalSpy finished(&actions, &ui::AttributeActions::finished);
        QSignalSpy messages(&actions, &ui::AttributeActions::message);
        QSignalSpy changed(&workspace, &ui::Workspace::metadataChanged);
        auto demo = core::generateDemo({ 30, 20, 3, 5, false, 1 });
        workspace.setDataset(demo);
        const auto dataset = workspace.dataset();
        const core::RatingsTable* ratings = &dataset->ratings;
        const auto before = workspace.sides().metadata;

        const QString missing = m_dir.filePath(QStringLiteral("nothing-here.csv"));
        QVERIFY(actions.openMetadataFile(missing));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(finished.takeFirst().at(0).toBool(), false);
        QVERIFY(messages.last().at(0).toString().contains(QStringLiteral("nothing-here.csv")));
        QCOMPARE(workspace.sides().metadata, before);
        QCOMPARE(changed.count(), 0);

        const QString movies = QString::fromStdString(test::writeFile(
            m_dir, QStringLiteral("movies.csv"),
            "movieId,title,genres\n1,Alpha (1990),Drama\n2,Beta (1991),Comedy|Drama\n3,Gamma (1992),Horror\n"));
        QVERIFY(actions.openMetadataFile(movies));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(finished.takeFirst().at(0).toBool(), true);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(workspace.dataset(), dataset);
        QCOMPARE(&workspace.dataset()->ratings, ratings);
        const int beta = *workspace.findItem(QStringLiteral("2"));
        QCOMPARE(workspace.itemTitle(beta), QStringLiteral("Beta (1991)"));
        QCOMPARE(workspace.findItem(QStringLiteral("gamma")), workspace.findItem(QStringLiteral("3")));
        QVERIFY(showsText(dataDock, QStringLiteral("from movies.csv")));
        QVERIFY2(messages.last().at(0).toString().startsWith(QStringLiteral("3 titles")),
                 qPrintable(messages.last().at(0).toString()));
    }
};

QTEST_MAIN(TestAttributeActions)
#include "tst_attribute_actions.moc"
