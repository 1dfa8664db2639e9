// SPDX-License-Identifier: MIT
// The import dialog: what it detects, each edit previewed again, Import on a worker, Esc stopping
// it, and a failure that hands nothing on.
//
// With EMBEX_IMPORT_DIALOG_SHOT=FILE.png set (and a display, -platform xcb), the last test writes
// a MovieLens-sized Keras recommender and saves the dialog on it as the README shows it, titles
// from ml-100k's u.item (or EMBEX_IMPORT_DIALOG_LABELS) when there.
#include "core/data/metadata_loader.h"
#include "tests/support/keras_writer.h"
#include "tests/support/temp_files.h"
#include "ui/data/import_embeddings_dialog.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

#include <fstream>

using namespace embex;

class TestImportDialog : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    std::string file(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)).toStdString(); }

    std::string write(const char* name, const std::string& text) const
    {
        std::ofstream(file(name), std::ios::binary) << text;
        return file(name);
    }

    // Waits for the preview of the fields as they are now.
    static bool previewed(ui::ImportEmbeddingsDialog& dialog, QSignalSpy& shown)
    {
        if (!dialog.isPreviewing())
            return true;
        const auto before = shown.count();
        return QTest::qWaitFor([&] { return shown.count() > before && !dialog.isPreviewing(); }, 20000);
    }

    static bool chooseData(QComboBox* box, const QString& data)
    {
        const int index = box->findData(data);
        box->setCurrentIndex(index);
        return index >= 0;
    }

private slots:
    void aKerasModelShowsItsLayersAndFollowsTheChoice()
    {
        QVERIFY(test::writeRecommenderKeras(file("rec.keras"), { "u1", "u2", "u3" }, { "m1", "m2", "m3", "m4" }, 5));
        ui::ImportEmbeddingsDialog dialog(QString::fromStdString(file("rec.keras")), nullptr);
        QSignalSpy shown(&dialog, &ui::ImportEmbeddingsDialog::previewShown);
        dialog.show(); // Enter presses the default button of a dialog on screen
        QVERIFY(previewed(dialog, shown));
        QCOMPARE(dialog.choiceBox()->count(), 2);
        QCOMPARE(dialog.choiceBox()->currentData().toString(), QStringLiteral("movie_embedding"));
        QCOMPARE(dialog.usersBox()->currentData().toString(), QStringLiteral("user_embedding"));
        QVERIFY(dialog.choiceBox()->currentText().contains(QStringLiteral("5 × 5")));
        QCOMPARE(dialog.rowsTable()->rowCount(), 5);
        QCOMPARE(dialog.rowsTable()->item(0, 0)->text(), QStringLiteral("[OOV]")); // the file's order
        QCOMPARE(dialog.rowsTable()->item(2, 0)->text(), QStringLiteral("m2"));
        QVERIFY(dialog.statementLabel()->text().contains(QStringLiteral("4 user vectors")));

        QVERIFY(chooseData(dialog.choiceBox(), QStringLiteral("user_embedding")));
        QVERIFY(chooseData(dialog.usersBox(), QString()));
        QVERIFY(previewed(dialog, shown));
        QCOMPARE(dialog.rowsTable()->rowCount(), 4);
        QCOMPARE(dialog.rowsTable()->item(1, 0)->text(), QStringLiteral("u1"));
        QVERIFY(dialog.statementLabel()->text().contains(QStringLiteral("layer 'user_embedding'")));
        QVERIFY2(!dialog.statementLabel()->text().contains(QStringLiteral("user vectors")),
                 qPrintable(dialog.statementLabel()->text()));

        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QTest::keyClick(&dialog, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, 20000);
        QVERIFY(dialog.session());
        QCOMPARE(dialog.session()->dataset->items.size(), 4u);
        QVERIFY(dialog.session()->dataset->users.size() == 0);
        QVERIFY(dialog.statement().contains(QStringLiteral("4 vectors × 5 dimensions")));
    }

    void anNpzArrayIsChosen()
    {
        QVERIFY(test::writeZip(file("emb.npz"),
                               { { "items.npy", test::npyMatrix(3, 3, 4) }, { "more.npy", test::npyMatrix(6, 6, 4) } },
                               false));
        ui::ImportEmbeddingsDialog dialog(QString::fromStdString(file("emb.npz")), nullptr);
        QSignalSpy shown(&dialog, &ui::ImportEmbeddingsDialog::previewShown);
        QVERIFY(previewed(dialog, shown));
        QCOMPARE(dialog.choiceBox()->currentData().toString(), QStringLiteral("items"));
        QCOMPARE(dialog.usersBox()->currentData().toString(), QString());
        QCOMPARE(dialog.rowsTable()->rowCount(), 3);
        QVERIFY(chooseData(dialog.choiceBox(), QStringLiteral("more")));
        QVERIFY(previewed(dialog, shown));
        QCOMPARE(dialog.rowsTable()->rowCount(), 6);
        QCOMPARE(dialog.options().array, std::string("more"));
    }

    void theIdColumnAndTheLabelsAreEditable()
    {
        write("vectors.csv", "a,b,c\n7,0.5,0.25\n9,1.5,2.25\n");
        write("labels.tsv", "Heat\nFargo\n");
        ui::ImportEmbeddingsDialog dialog(QString::fromStdString(file("vectors.csv")), nullptr);
        QSignalSpy shown(&dialog, &ui::ImportEmbeddingsDialog::previewShown);
        QVERIFY(previewed(dialog, shown));
        QCOMPARE(dialog.idColumnBox()->count(), 4); // as detected, then columns 1–3
        QCOMPARE(dialog.preview().dimensions, 3);
        QCOMPARE(dialog.rowsTable()->item(1, 0)->text(), QStringLiteral("1")); // numbered

        QVERIFY(chooseData(dialog.idColumnBox(), QStringLiteral("1")));
        QVERIFY(previewed(dialog, shown));
        QCOMPARE(dialog.preview().dimensions, 2);
        QCOMPARE(dialog.rowsTable()->item(1, 0)->text(), QStringLiteral("9"));
        QVERIFY(dialog.statementLabel()->text().contains(QStringLiteral("column 1 ('a'), as asked")));

        QVERIFY(chooseData(dialog.idColumnBox(), QString()));
        QVERIFY(previewed(dialog, shown));
        dialog.metadataEdit()->setFocus();
        QTest::keyClicks(dialog.metadataEdit(), QString::fromStdString(file("labels.tsv")));
        QVERIFY(QMetaObject::invokeMethod(dialog.metadataEdit(), "editingFinished"));
        QVERIFY(previewed(dialog, shown));
        QVERIFY2(dialog.statementLabel()->text().contains(QStringLiteral("labels from labels.tsv, 1 column")),
                 qPrintable(dialog.statementLabel()->text()));
    }

    // Esc while importing stops the import and keeps the dialog; Esc again closes it.
    void escapeStopsTheImportThenCloses()
    {
        write("small.tsv", "0.1\t0.2\n0.3\t0.4\n");
        ui::ImportEmbeddingsDialog dialog(QString::fromStdString(file("small.tsv")), nullptr);
        QSignalSpy shown(&dialog, &ui::ImportEmbeddingsDialog::previewShown);
        QSignalSpy cancelled(&dialog, &ui::ImportEmbeddingsDialog::importCancelled);
        QSignalSpy accepted(&dialog, &QDialog::accepted), rejected(&dialog, &QDialog::rejected);
        dialog.show();
        QVERIFY(previewed(dialog, shown));
        QTest::keyClick(&dialog, Qt::Key_Return);
        QVERIFY(dialog.isImporting());
        QTest::keyClick(&dialog, Qt::Key_Escape); // before the import's result can arrive
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(!dialog.isImporting());
        QVERIFY(dialog.isVisible());
        QCoreApplication::processEvents(); // anything the stopped import posted would arrive now
        QCOMPARE(accepted.count(), 0);
        QVERIFY(!dialog.session());
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QCOMPARE(rejected.count(), 1);
    }

    // The bar shows the reader's stage and percentage, rising to 100 % before the dialog closes.
    void theBarShowsTheStageAndPercentage()
    {
        std::string text;
        for (int r = 0; r < 120000; ++r) // about 2.6 MB: runs of a megabyte, each counted
            text += "0.125\t-0.5\t0.25\t" + std::to_string(r % 97) + ".5\n";
        write("runs.tsv", text);
        ui::ImportEmbeddingsDialog dialog(QString::fromStdString(file("runs.tsv")), nullptr);
        QSignalSpy shown(&dialog, &ui::ImportEmbeddingsDialog::previewShown);
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        QSignalSpy moved(dialog.progressBar(), &QProgressBar::valueChanged);
        dialog.show();
        QVERIFY(previewed(dialog, shown));
        QTest::keyClick(&dialog, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(accepted.count(), 1, 20000);
        QVERIFY2(moved.count() >= 2, qPrintable(QString::number(moved.count())));
        QCOMPARE(moved.first().at(0).toInt(), 0);
        for (qsizetype i = 1; i < moved.count(); ++i)
            QVERIFY(moved.at(i).at(0).toInt() > moved.at(i - 1).at(0).toInt());
        QCOMPARE(moved.last().at(0).toInt(), 100);
        QCOMPARE(dialog.progressBar()->format(), QStringLiteral("reading runs.tsv: 100 %"));
    }

    // The preview reads a large file's head only; the import meets the bad line and says where.
    void aFailureIsShownAndHandsNothingOn()
    {
        std::string text;
        for (int r = 0; r < 3000; ++r)
            text += "0.125\t-0.5\t0.25\n";
        write("large.tsv", text + "0.125\tnan\t0.25\n");
        ui::ImportEmbeddingsDialog dialog(QString::fromStdString(file("large.tsv")), nullptr);
        QSignalSpy shown(&dialog, &ui::ImportEmbeddingsDialog::previewShown);
        QSignalSpy failed(&dialog, &ui::ImportEmbeddingsDialog::importFailed);
        core::PreviewLimits limits;
        limits.fullReadBytes = 4096;
        limits.headBytes = 4096;
        dialog.setPreviewLimits(limits);
        dialog.show();
        QVERIFY(previewed(dialog, shown));
        QVERIFY(dialog.preview().ok());
        QVERIFY(dialog.preview().isRowCountEstimated);
        QTest::keyClick(&dialog, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        QVERIFY2(failed.at(0).at(0).toString().contains(QStringLiteral("large.tsv:3001")),
                 qPrintable(failed.at(0).at(0).toString()));
        QVERIFY(dialog.statementLabel()->text().contains(QStringLiteral("large.tsv:3001")));
        QVERIFY(!dialog.session());
        QCOMPARE(dialog.result(), 0);
    }

    void writeTheReadmeScreenshot()
    {
        const QString shot = qEnvironmentVariable("EMBEX_IMPORT_DIALOG_SHOT");
        if (shot.isEmpty())
            QSKIP("set EMBEX_IMPORT_DIALOG_SHOT=FILE.png to write the README's screenshot");
        const QString ml = test::ml100kDir();
        const QString labels = qEnvironmentVariable("EMBEX_IMPORT_DIALOG_LABELS",
                                                    ml.isEmpty() ? QString() : ml + QStringLiteral("/u.item"));
        std::vector<std::string> users, movies;
        for (int u = 1; u <= 943; ++u)
            users.push_back(std::to_string(u));
        for (int m = 1; m <= 1682; ++m)
            movies.push_back(std::to_string(m));
        const QString model = QFileInfo(shot).dir().filePath(QStringLiteral("movielens_recommender.keras"));
        QVERIFY(test::writeRecommenderKeras(model.toStdString(), users, movies, 32));
        ui::ImportEmbeddingsDialog dialog(model, nullptr);
        QSignalSpy shown(&dialog, &ui::ImportEmbeddingsDialog::previewShown);
        dialog.resize(800, 600);
        dialog.show();
        QVERIFY(previewed(dialog, shown));
        if (!labels.isEmpty()) {
            dialog.metadataEdit()->setText(labels);
            dialog.metadataEdit()->setModified(true);
            QVERIFY(QMetaObject::invokeMethod(dialog.metadataEdit(), "editingFinished"));
            QVERIFY(previewed(dialog, shown));
        }
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCoreApplication::sendPostedEvents(); // the layout follows the last preview's text
        QVERIFY(dialog.grab().save(shot));
    }
};

QTEST_MAIN(TestImportDialog)
#include "tst_import_dialog.moc"
