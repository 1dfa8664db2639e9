// SPDX-License-Identifier: MIT
// previewImport: what each format shows before it is read in full, and that a large text file is
// only looked at (a problem near its end is the import's to find, not the preview's).
#include "core/io/embedding_import.h"
#include "core/io/import_preview.h"
#include "tests/support/keras_writer.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>

using namespace embex::core;
using namespace embex::test;

class TestImportPreview : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    std::string file(const std::string& name) const
    {
        return m_dir.filePath(QString::fromStdString(name)).toStdString();
    }

    std::string write(const std::string& name, const std::string& text) const
    {
        std::ofstream(file(name), std::ios::binary) << text;
        return file(name);
    }

    // rows × dims of "0.125\t-0.5\t…", every line the same length, `last` as the final line when given
    std::string tsv(int rows, int dims, const std::string& last = {}) const
    {
        std::string text;
        for (int r = 0; r < rows; ++r) {
            for (int j = 0; j < dims; ++j)
                text += (j ? "\t" : "") + std::string(r % 2 ? "0.125" : "-0.50");
            text += '\n';
        }
        return text + last;
    }

    static PreviewLimits small()
    {
        PreviewLimits limits;
        limits.fullReadBytes = 2048;
        limits.headBytes = 2048;
        return limits;
    }

private slots:
    void aProjectorPairShowsRowsDimensionsAndLabels()
    {
        QDir(m_dir.path()).mkdir(QStringLiteral("pair"));
        write("pair/vectors.tsv", "0.1\t0.2\t0.3\n0.4\t0.5\t0.6\n0.7\t0.8\t0.9\n");
        write("pair/metadata.tsv", "Heat\nFargo\nHeat\n");
        const ImportPreview p = previewImport(file("pair/vectors.tsv"));
        QVERIFY2(p.ok(), p.error.toString().c_str());
        QCOMPARE(p.format, std::string("TSV"));
        QCOMPARE(p.rows, 3u);
        QVERIFY(!p.isRowCountEstimated);
        QCOMPARE(p.dimensions, 3);
        QCOMPARE(p.firstRows.size(), 3u);
        QCOMPARE(p.firstRows[1], (std::vector<std::string> { "1", "0.4", "0.5", "0.6" }));
        QCOMPARE(p.idSource, std::string("no id column: rows numbered 0–2"));
        QCOMPARE(p.labelSource, std::string("labels from metadata.tsv, 1 column"));
        QCOMPARE(p.metadataPath, file("pair/metadata.tsv"));
        QCOMPARE(p.textColumns, 3u);
        QCOMPARE(p.statement, importEmbeddings(file("pair/vectors.tsv")).statement);
    }

    void aHeaderNamedIdColumnAndAChosenOne()
    {
        write("ids.csv", "movieId,a,b\n50,0.5,1\n172,0.25,2\n");
        ImportPreview p = previewImport(file("ids.csv"));
        QVERIFY2(p.ok(), p.error.toString().c_str());
        QCOMPARE(p.idSource, std::string("ids from column 1 ('movieId')"));
        QCOMPARE(p.dimensions, 2);
        QCOMPARE(p.textColumns, 3u);
        QCOMPARE(p.firstRows[0][0], std::string("50"));
        ImportOptions options;
        options.idColumn = "4";
        p = previewImport(file("ids.csv"), options);
        QCOMPARE(p.error.toString(), importEmbeddings(file("ids.csv"), options).error.toString());
        QVERIFY(p.error.message.find("the rows have 3 columns") != std::string::npos);
    }

    void aRaggedRowIsNamed()
    {
        write("ragged.tsv", "0.1\t0.2\n0.3\n");
        const ImportPreview p = previewImport(file("ragged.tsv"));
        QVERIFY(!p.ok());
        QCOMPARE(p.error.line, 2);
    }

    // The head alone is read: the rows are estimated, and a bad last line is the import's to find.
    void aLargeTsvIsEstimatedFromItsHead()
    {
        const std::string path = write("large.tsv", tsv(3000, 4, "nan\t0\t0\t0\n"));
        const ImportPreview p = previewImport(path, {}, small());
        QVERIFY2(p.ok(), p.error.toString().c_str());
        QVERIFY(p.isRowCountEstimated);
        QVERIFY2(p.rows > 2950 && p.rows < 3050, std::to_string(p.rows).c_str());
        QCOMPARE(p.dimensions, 4);
        QCOMPARE(p.firstRows.size(), 8u);
        QVERIFY2(p.statement.starts_with("about 3,0") || p.statement.starts_with("about 2,9"), p.statement.c_str());
        QVERIFY(p.idSource.starts_with("no id column: rows numbered 0–about "));
        const ImportOutcome full = importEmbeddings(path);
        QVERIFY(!full.ok());
        QCOMPARE(full.error.line, 3001);
    }

    void aLargeWord2vecTextTakesItsCountLine()
    {
        std::string text = "3000 4\n";
        for (int r = 0; r < 3000; ++r)
            text += "w" + std::to_string(r) + " 0.5 0.25 -1 2\n";
        const ImportPreview p = previewImport(write("large.vec", text), {}, small());
        QVERIFY2(p.ok(), p.error.toString().c_str());
        QCOMPARE(p.format, std::string("word2vec text"));
        QCOMPARE(p.rows, 3000u);
        QVERIFY(!p.isRowCountEstimated);
        QCOMPARE(p.firstRows[2][0], std::string("w2"));
        QCOMPARE(p.idSource, std::string("ids from the words"));
        QCOMPARE(p.textColumns, 0u);
    }

    void aKerasModelListsItsLayersAndChoosesItemsAndUsers()
    {
        QVERIFY(writeRecommenderKeras(file("rec.keras"), { "u1", "u2", "u3" }, { "m1", "m2", "m3", "m4" }, 5));
        ImportPreview p = previewImport(file("rec.keras"));
        QVERIFY2(p.ok(), p.error.toString().c_str());
        QCOMPARE(p.layers.size(), 2u);
        QCOMPARE(p.layers[0].name, std::string("user_embedding"));
        QCOMPARE(p.layers[0].shape, (std::vector<long long> { 4, 5 }));
        QCOMPARE(p.layers[1].shape, (std::vector<long long> { 5, 5 }));
        QCOMPARE(p.options.layer, std::string("movie_embedding"));
        QCOMPARE(p.options.userLayer, std::string("user_embedding"));
        QCOMPARE(p.rows, 5u);
        QCOMPARE(p.format, std::string("Keras .keras"));
        QCOMPARE(p.idSource, std::string("ids from StringLookup 'movie_lookup' (row 0: out of vocabulary)"));
        QVERIFY2(p.userSource.starts_with("4 user vectors from layer 'user_embedding' (4 × 5)"), p.userSource.c_str());

        ImportOptions swapped;
        swapped.layer = "user_embedding";
        swapped.userLayer = "movie_embedding";
        p = previewImport(file("rec.keras"), swapped);
        QVERIFY2(p.ok(), p.error.toString().c_str());
        QCOMPARE(p.rows, 4u);
        QCOMPARE(p.options.layer, std::string("user_embedding"));
    }

    void anNpzListsItsArrays()
    {
        QVERIFY(writeZip(file("emb.npz"), { { "items.npy", npyMatrix(3, 3, 4) }, { "users.npy", npyMatrix(5, 5, 4) } },
                         false));
        const ImportPreview p = previewImport(file("emb.npz"));
        QVERIFY2(p.ok(), p.error.toString().c_str());
        QCOMPARE(p.arrays.size(), 2u);
        QCOMPARE(p.arrays[1].name, std::string("users"));
        QCOMPARE(p.options.array, std::string("items"));
        QCOMPARE(p.options.userLayer, std::string("users"));
        QCOMPARE(p.rows, 3u);
        QCOMPARE(p.firstRows[0][1], std::string("37.5")); // kerasValue(3, 0, 0)
    }

    void aProjectorConfigListsItsEmbeddings()
    {
        QDir(m_dir.path()).mkdir(QStringLiteral("logs"));
        write("logs/a.tsv", "1\t2\n3\t4\n");
        write("logs/b.tsv", "1\t2\t3\n");
        write("logs/projector_config.pbtxt",
              "embeddings {\n  tensor_name: \"movies\"\n  tensor_path: \"a.tsv\"\n}\n"
              "embeddings {\n  tensor_name: \"users\"\n  tensor_path: \"b.tsv\"\n}\n");
        ImportPreview p = previewImport(file("logs"));
        QVERIFY2(p.ok(), p.error.toString().c_str());
        QCOMPARE(p.embeddings.size(), 2u);
        QCOMPARE(p.options.embedding, std::string("movies"));
        QCOMPARE(p.rows, 2u);
        ImportOptions options;
        options.embedding = "users";
        p = previewImport(file("logs"), options);
        QCOMPARE(p.rows, 1u);
        QCOMPARE(p.dimensions, 3);
    }
};

QTEST_APPLESS_MAIN(TestImportPreview)
#include "tst_import_preview.moc"
