// SPDX-License-Identifier: MIT
// The Model dock shows what an opened session's model was trained with, and offers SVD++'s
// implicit term for dot+bias alone.
#include "core/models/dot_bias_model.h"
#include "core/models/model_registry.h"
#include "ui/data/session_actions.h"
#include "ui/data/workspace.h"
#include "ui/training/model_dock.h"
#include "ui/training/training_controller.h"
#include "ui/window/main_window.h"

#include <QCheckBox>
#include <QComboBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace embex;

class TestModelDock : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void anOpenedSessionTicksTheSideFeaturesItsModelUsed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("side-features.embex"));
        {
            ui::MainWindow window;
            window.openDemo(); // its users carry attributes
            core::TrainConfig config = core::defaultTrainConfig("softmax");
            config.epochs = 2;
            config.dimension = 8;
            config.useSideFeatures = true;
            window.modelDock()->setConfig(config);
            QVERIFY(window.modelDock()->config().useSideFeatures);
            QSignalSpy trained(window.trainingController(), &ui::TrainingController::finished);
            QVERIFY(window.startTraining());
            QTRY_COMPARE_WITH_TIMEOUT(trained.count(), 1, 30000);
            QCOMPARE(window.workspace()->snapshot()->hyperparameters.at("side_features"), std::string("true"));
            QSignalSpy saved(window.sessionActions(), &ui::SessionActions::done);
            QVERIFY(window.sessionActions()->saveSessionFile(path));
            QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 20000);
            QVERIFY(saved.first().first().toBool());
        }

        ui::MainWindow window;
        QSignalSpy opened(window.sessionActions(), &ui::SessionActions::done);
        QVERIFY(window.sessionActions()->openSessionFile(path));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        QVERIFY(opened.first().first().toBool());
        auto* box = window.modelDock()->findChild<QCheckBox*>(QStringLiteral("sideFeatures"));
        QVERIFY(box);
        QCOMPARE(window.modelDock()->config().model, core::ModelKind::Softmax);
        QVERIFY(box->isEnabled()); // the session keeps the titles and genres: item attributes
        QVERIFY(box->isChecked());
        QVERIFY(window.modelDock()->config().useSideFeatures); // Train continues as the model was made
    }

    void theImplicitTermBoxAppliesToDotBiasAlone()
    {
        ui::ModelDock dock;
        auto* box = dock.findChild<QCheckBox*>(QStringLiteral("implicitTerm"));
        auto* kind = dock.findChild<QComboBox*>(QStringLiteral("modelKind"));
        QVERIFY(box && kind);
        QCOMPARE(dock.config().model, core::ModelKind::DotBias);
        QVERIFY(box->isEnabled());
        QVERIFY(!box->isChecked()); // the plain model is the default
        QVERIFY(!dock.config().implicitTerm);
        box->setChecked(true);
        QVERIFY(dock.config().implicitTerm);

        kind->setCurrentIndex(kind->findData(static_cast<int>(core::ModelKind::Mlp)));
        QVERIFY(!box->isEnabled() || !dock.config().implicitTerm);
        core::TrainConfig mlp = core::defaultTrainConfig("mlp");
        mlp.implicitTerm = true; // a stray flag in a config never reaches a model without the term
        dock.setConfig(mlp);
        QVERIFY(!box->isEnabled());
        QVERIFY(!dock.config().implicitTerm);
    }

    void aRunTrainedWithTheImplicitTermReopensWithTheBoxTicked()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("svdpp.embex"));
        {
            ui::MainWindow window;
            window.openDemo();
            core::TrainConfig config = core::defaultTrainConfig("dotbias");
            config.epochs = 2;
            config.dimension = 8;
            window.modelDock()->setConfig(config);
            auto* box = window.modelDock()->findChild<QCheckBox*>(QStringLiteral("implicitTerm"));
            QVERIFY(box);
            QVERIFY(!window.modelDock()->config().implicitTerm);
            box->click(); // as a person ticks it
            QVERIFY(box->isChecked());
            QSignalSpy trained(window.trainingController(), &ui::TrainingController::finished);
            QVERIFY(window.startTraining());
            QTRY_COMPARE_WITH_TIMEOUT(trained.count(), 1, 30000);
            const auto snapshot = window.workspace()->snapshot();
            QCOMPARE(snapshot->hyperparameters.at("implicit_term"), std::string("true"));
            QVERIFY(snapshot->parameter(core::DotBiasModel::implicitItemParameter)); // the model did use Y
            QSignalSpy saved(window.sessionActions(), &ui::SessionActions::done);
            QVERIFY(window.sessionActions()->saveSessionFile(path));
            QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 20000);
            QVERIFY(saved.first().first().toBool());
        }

        ui::MainWindow window;
        auto* box = window.modelDock()->findChild<QCheckBox*>(QStringLiteral("implicitTerm"));
        QVERIFY(box);
        QVERIFY(!box->isChecked());
        QSignalSpy opened(window.sessionActions(), &ui::SessionActions::done);
        QVERIFY(window.sessionActions()->openSessionFile(path));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 20000);
        QVERIFY(opened.first().first().toBool());
        QCOMPARE(window.modelDock()->config().model, core::ModelKind::DotBias);
        QVERIFY(box->isEnabled());
        QVERIFY(box->isChecked());
        QVERIFY(window.modelDock()->config().implicitTerm); // Train continues as the model was made
    }
};

QTEST_MAIN(TestModelDock)
#include "tst_model_dock.moc"
