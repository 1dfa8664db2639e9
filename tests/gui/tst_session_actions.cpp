// SPDX-License-Identifier: MIT
#include "core/data/demo_generator.h"
#include "tests/support/gui_training.h"
#include "tests/support/temp_files.h"
#include "ui/data/session_actions.h"
#include "ui/data/workspace.h"
#include "ui/map/embedding_map.h"
#include "ui/shared/notice_bar.h"
#include "ui/training/model_dock.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_plot.h"
#include "ui/window/main_window.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

using namespace embex;

namespace {

/// The percentages a spy caught never fall and end at 100.
bool risesTo100(const QSignalSpy& spy)
{
    int last = -1;
    for (const QList<QVariant>& args : spy) {
        if (args.at(0).toInt() < last)
            return false;
        last = args.at(0).toInt();
    }
    return last == 100;
}

} // namespace

class TestSessionActions : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void saveThenOpenRestoresModelAndDamageLosesNothing()
    {
        const QString path = m_dir.filePath(QStringLiteral("demo.embex"));
        std::shared_ptr<const core::EmbeddingSnapshot> trained;
        {
            ui::MainWindow window;
            QVERIFY(test::trainDemoDotBias(window));
            trained = window.workspace()->snapshot();
            ui::SessionActions* actions = window.sessionActions();
            QSignalSpy saved(actions, &ui::SessionActions::done);
            QSignalSpy percents(actions, &ui::SessionActions::progressChanged);
            QVERIFY(actions->saveSessionFile(path));
            QVERIFY(actions->isBusy());
            QVERIFY(!actions->saveSessionFile(path)); // one session job at a time
            QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 20000);
            QCOMPARE(saved.first().first().toBool(), true);
            QVERIFY(!actions->isBusy());
            QVERIFY(risesTo100(percents));
        }

        ui::MainWindow window;
        ui::SessionActions& actions = *window.sessionActions();
        QSignalSpy projected(&window, &ui::MainWindow::projectionUpdated);
        QSignalSpy done(&actions, &ui::SessionActions::done);
        QSignalSpy percents(&actions, &ui::SessionActions::progressChanged);
        QVERIFY(actions.openSessionFile(path));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(done.takeFirst().first().toBool(), true);
        QVERIFY(risesTo100(percents));
        QVERIFY(window.workspace()->dataset()->isDemo); // the map still colours by planted type
        QCOMPARE(window.workspace()->itemCount(), static_cast<int>(trained->itemEmbeddings().rows()));
        QVERIFY(window.workspace()->snapshot()->itemEmbeddings().isApprox(trained->itemEmbeddings(), 0.0F));
        QCOMPARE(window.trainingPlot()->epochPointCount(), 3);
        QCOMPARE(window.modelDock()->config().dimension, 8); // the panel shows what was trained
        QCOMPARE(window.modelDock()->config().epochs, 3);
        QTRY_VERIFY_WITH_TIMEOUT(projected.count() >= 1, 10000);
        QCOMPARE(window.map()->pointCount(), window.workspace()->itemCount());

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const QByteArray bytes = file.readAll();
        const QString damaged = QString::fromStdString(
            test::writeFile(m_dir, QStringLiteral("damaged.embex"), bytes.left(bytes.size() / 2)));
        const auto before = window.workspace()->dataset();
        QVERIFY(actions.openSessionFile(damaged));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(done.first().first().toBool(), false);
        QCOMPARE(window.workspace()->dataset(), before);
        QVERIFY(window.noticeBar()->text().contains(QStringLiteral("damaged.embex")));
    }

    void importRunsAsAJobAndAFailedOneKeepsTheSession()
    {
        ui::MainWindow window;
        window.openDemo();
        const auto before = window.workspace()->dataset();
        ui::SessionActions& actions = *window.sessionActions();
        QSignalSpy done(&actions, &ui::SessionActions::done);
        const QString ragged = QString::fromStdString(
            test::writeFile(m_dir, QStringLiteral("ragged.csv"), "a,1,2\nb,3\nc,5,6\n"));
        QVERIFY(actions.importEmbeddingsFile(ragged));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(done.takeFirst().first().toBool(), false);
        QCOMPARE(window.workspace()->dataset(), before);
        QVERIFY2(window.noticeBar()->text().contains(QStringLiteral("ragged.csv")),
                 qPrintable(window.noticeBar()->text()));

        const QString good = QString::fromStdString(
            test::writeFile(m_dir, QStringLiteral("items.csv"), "a,1,2\nb,3,4\nc,5,6\n"));
        QVERIFY(actions.importEmbeddingsFile(good));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(done.first().first().toBool(), true);
        QCOMPARE(window.workspace()->itemCount(), 3);
        QVERIFY(window.workspace()->hasEmbeddings());
        QVERIFY(!window.workspace()->dataset()->isDemo);
        // what was read and assumed stays in view, not a passing status line
        QVERIFY2(
            window.noticeBar()->text().contains(QStringLiteral("3 vectors × 2 dimensions from items.csv (CSV); ids "
                                                               "from column 1, which holds words")),
            qPrintable(window.noticeBar()->text()));

        // numbered rows never take the open dataset's titles by id
        window.openDemo();
        done.clear();
        const QString numbered = QString::fromStdString(
            test::writeFile(m_dir, QStringLiteral("vectors.tsv"), "0.5\t1\n0.25\t2\n"));
        QVERIFY(actions.importEmbeddingsFile(numbered));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(window.workspace()->dataset()->metadata.items.size(), 0u);
        QVERIFY(window.noticeBar()->text().contains(QStringLiteral("no id column: rows numbered 0–1")));
    }

    // No window needed: every outcome arrives by signal, and export runs as a job.
    void reportsBySignalAndExportsAsAJob()
    {
        QWidget parent;
        ui::Workspace workspace;
        ui::SessionActions actions(&parent, &workspace);
        QSignalSpy done(&actions, &ui::SessionActions::done);
        QSignalSpy messages(&actions, &ui::SessionActions::message);
        QSignalSpy read(&actions, &ui::SessionActions::sessionRead);
        QVERIFY(!actions.saveSessionFile(m_dir.filePath(QStringLiteral("none.embex"))));
        QVERIFY(messages.last().at(1).toBool()); // nothing to save, said as an error

        auto demo = core::generateDemo({ 30, 20, 3, 5, false, 1 });
        workspace.setDataset(demo);
        auto snapshot = std::make_shared<core::EmbeddingSnapshot>();
        snapshot->modelKind = "imported";
        snapshot->parameters.push_back({ "item_embedding", core::RowMatrixXf::Random(20, 4) });
        workspace.setSnapshot(snapshot);

        const QString csv = m_dir.filePath(QStringLiteral("items.csv"));
        QVERIFY(actions.exportEmbeddingsFile(csv, core::ExportFormat::Csv));
        QVERIFY(actions.isBusy());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(done.takeFirst().at(0).toBool(), true);
        QVERIFY(QFile::exists(csv));
        QVERIFY(messages.last().at(0).toString().contains(QStringLiteral("items.csv")));
        QVERIFY(!messages.last().at(1).toBool());

        const QString nowhere = m_dir.filePath(QStringLiteral("no/such/folder/items.csv"));
        QVERIFY(actions.exportEmbeddingsFile(nowhere, core::ExportFormat::Csv));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(done.takeFirst().at(0).toBool(), false);
        QVERIFY2(messages.last().at(0).toString().contains(QStringLiteral("no/such/folder")),
                 qPrintable(messages.last().at(0).toString()));
        QVERIFY(messages.last().at(1).toBool());

        const QString saved = m_dir.filePath(QStringLiteral("plain.embex"));
        QVERIFY(actions.saveSessionFile(saved));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(done.takeFirst().at(0).toBool(), true);
        QVERIFY(actions.openSessionFile(saved));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(done.takeFirst().at(0).toBool(), true);
        QCOMPARE(read.count(), 1);
        const auto session = read.first().at(0).value<std::shared_ptr<const core::Session>>();
        QVERIFY(session->snapshot->itemEmbeddings().isApprox(snapshot->itemEmbeddings(), 0.0F));
        QCOMPARE(read.first().at(1).toString(), QStringLiteral("plain.embex"));
        QCOMPARE(workspace.snapshot(), snapshot); // adopting it is the window's business

        // a cancel wins even when the file is read before it arrives
        QVERIFY(actions.openSessionFile(saved));
        actions.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 20000);
        QCOMPARE(done.takeFirst().at(0).toBool(), false);
        QCOMPARE(read.count(), 1);
        QVERIFY(!messages.last().at(1).toBool()); // a stop is not a failure
        QVERIFY(messages.last().at(0).toString().contains(QStringLiteral("cancelled")));
        QVERIFY(!actions.isBusy());
    }
};

QTEST_MAIN(TestSessionActions)
#include "tst_session_actions.moc"
