// SPDX-License-Identifier: MIT
// The Tune… dialog: trials appear as runs while it works, the best is retrained and opened, and
// Cancel keeps the trials that finished.
#include "core/models/model_registry.h"
#include "ui/data/workspace.h"
#include "ui/runs/runs_dock.h"
#include "ui/runs/tune_dialog.h"
#include "ui/training/model_dock.h"
#include "ui/window/main_window.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

using namespace embex;

namespace {

/// The demo dataset open, ALS (quick, and sure to prefer a small reg on it) in the model dock,
/// and the dialog opened from the Runs tab's button.
ui::TuneDialog* openDialog(ui::MainWindow& window)
{
    window.openDemo();
    core::TrainConfig config = core::defaultTrainConfig("als");
    config.epochs = 2;
    config.dimension = 8;
    window.modelDock()->setConfig(config);
    auto* button = window.runsDock()->findChild<QPushButton*>(QStringLiteral("tune"));
    if (!button)
        return nullptr;
    button->click();
    return window.findChild<ui::TuneDialog*>();
}

} // namespace

class TestTuneDialog : public QObject {
    Q_OBJECT

private slots:
    void trialsBecomeRunsAndTheBestOpens()
    {
        ui::MainWindow window;
        ui::TuneDialog* dialog = openDialog(window);
        QVERIFY(dialog);
        QCOMPARE(dialog->modelBox()->currentData().toInt(), int(core::ModelKind::Als));
        dialog->gridEdit()->setText(QStringLiteral("reg=1000,0.1;dim=4,8"));
        QSignalSpy trials(dialog, &ui::TuneDialog::trialFinished), done(dialog, &ui::TuneDialog::finished);
        QVERIFY(dialog->start());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 60000);
        QCOMPARE(trials.count(), 4);
        const auto& runs = window.workspace()->runs();
        QCOMPARE(runs.size(), std::size_t(5)); // four trials and the retrained best
        QCOMPARE(runs[0].name, std::string("als trial 1: reg=1000 dim=4"));
        QVERIFY2(runs[0].split.find("random 0.1 seed") == 0, runs[0].split.c_str());
        QVERIFY(runs[4].name.starts_with("als best: reg=0.1"));
        QCOMPARE(runs[4].split, window.workspace()->splitLabel());
        QCOMPARE(window.workspace()->activeRun(), 4);
        QCOMPARE(dialog->plots().size(), std::size_t(2));
        QVERIFY2(dialog->statusLabel()->text().startsWith(QStringLiteral("Best: reg=0.1")),
                 qPrintable(dialog->statusLabel()->text()));
    }

    void badGridSaysWhy()
    {
        ui::MainWindow window;
        ui::TuneDialog* dialog = openDialog(window);
        QVERIFY(dialog);
        dialog->gridEdit()->setText(QStringLiteral("lr=0.1"));
        QVERIFY(!dialog->start());
        QVERIFY2(dialog->statusLabel()->text().contains(QStringLiteral("unknown parameter 'lr' for als")),
                 qPrintable(dialog->statusLabel()->text()));
        QVERIFY(window.workspace()->runs().empty());
    }

    void cancelKeepsFinishedTrials()
    {
        ui::MainWindow window;
        ui::TuneDialog* dialog = openDialog(window);
        QVERIFY(dialog);
        dialog->gridEdit()->setText(QStringLiteral("reg=0.01,0.02,0.05,0.1,0.2,0.5,1,2,5,10,20,50;dim=8,16"));
        QSignalSpy trials(dialog, &ui::TuneDialog::trialFinished), done(dialog, &ui::TuneDialog::finished);
        QVERIFY(dialog->start());
        QTRY_VERIFY_WITH_TIMEOUT(trials.count() >= 1, 30000);
        dialog->cancel();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 30000);
        const auto& runs = window.workspace()->runs();
        QVERIFY(trials.count() < 24);
        QCOMPARE(runs.size(), std::size_t(trials.count())); // every finished trial, no best
        for (const auto& run : runs)
            QVERIFY2(run.name.find(" trial ") != std::string::npos, run.name.c_str());
        QVERIFY2(dialog->statusLabel()->text().startsWith(QStringLiteral("Cancelled")),
                 qPrintable(dialog->statusLabel()->text()));
        QVERIFY(!dialog->isRunning());
    }
};

QTEST_MAIN(TestTuneDialog)
#include "tst_tune_dialog.moc"
