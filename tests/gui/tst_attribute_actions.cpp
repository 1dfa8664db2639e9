// SPDX-License-Identifier: MIT
// "Use side features" in the Model dock and File ▸ Open user/item attributes….
#include "core/data/attribute_table.h"
#include "core/data/demo_generator.h"
#include "core/models/model_registry.h"
#include "tests/support/temp_files.h"
#include "ui/data/attribute_actions.h"
#include "ui/data/workspace.h"
#include "ui/training/model_dock.h"

#include <QCheckBox>
#include <QSignalSpy>
#include <QtTest>

using namespace embex;

class TestAttributeActions : public QObject {
    Q_OBJECT

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

    void demoAttributesCheckTheBoxAndFilesJoinById()
    {
        QWidget window;
        ui::Workspace workspace;
        ui::ModelDock dock;
        ui::AttributeActions actions(&window, &workspace, &dock);
        QSignalSpy messages(&actions, &ui::AttributeActions::message);
        auto* box = dock.findChild<QCheckBox*>(QStringLiteral("sideFeatures"));
        dock.setConfig(core::defaultTrainConfig(core::ModelKind::Softmax));

        auto demo = core::generateDemo({ 30, 20, 3, 5, true, 1 });
        demo->userAttributes.reset();
        demo->metadata = {};
        workspace.setDataset(demo);
        actions.refresh();
        QVERIFY(!box->isEnabled());

        QTemporaryDir dir;
        const QString bad = QString::fromStdString(test::writeFile(dir, QStringLiteral("bad.csv"), "id\n1\n"));
        QVERIFY(!actions.openFile(bad, true));
        QCOMPARE(messages.count(), 1);
        QVERIFY(messages.at(0).at(0).toString().contains(QStringLiteral("bad.csv")));
        QVERIFY(messages.at(0).at(1).toBool());
        QVERIFY(!workspace.dataset()->userAttributes); // the open dataset is as it was

        const QString good = QString::fromStdString(
            test::writeFile(dir, QStringLiteral("users.csv"), "userId,age,job\n1,20,a\n2,x,b\n3,30,a\n99,40,c\n"));
        QVERIFY(actions.openFile(good, true));
        QVERIFY(workspace.dataset()->userAttributes);
        QVERIFY(box->isEnabled() && box->isChecked());
        QVERIFY(dock.config().useSideFeatures);
        const QString said = messages.last().at(0).toString();
        QVERIFY2(said.contains(QStringLiteral("3 of 30 users")), qPrintable(said));
        QVERIFY(!messages.last().at(1).toBool());
    }
};

QTEST_MAIN(TestAttributeActions)
#include "tst_attribute_actions.moc"
