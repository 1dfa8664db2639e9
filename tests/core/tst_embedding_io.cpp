// SPDX-License-Identifier: MIT
#include "core/analysis/neighbor_index.h"
#include "core/data/demo_generator.h"
#include "core/io/embedding_export.h"
#include "core/io/embedding_import.h"
#include "core/io/npy_format.h"

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>

using namespace embex::core;

namespace {

struct ExportedModel {
    std::shared_ptr<Dataset> data;
    std::shared_ptr<EmbeddingSnapshot> snapshot;
};

// Ids that stress every format: numeric ones, and ones with a comma, a quote, a tab-free space.
ExportedModel makeModel(bool stringIds)
{
    ExportedModel m;
    m.data = generateDemo({ .users = 40, .items = 30, .types = 3, .ratingsPerUser = 6, .implicit = false, .seed = 5 });
    if (stringIds) {
        std::vector<std::string> ids;
        ItemMetadata metadata;
        for (int i = 0; i < 30; ++i) {
            ids.push_back(i == 3 ? "a,b" : i == 4 ? "say \"hi\"" : "tt" + std::to_string(1000 + i));
            metadata.items[ids.back()].title = "Title\twith tab " + std::to_string(i);
        }
        m.data->items = IdMap::fromIds(ids);
        m.data->metadata = metadata;
    }
    m.data->metadata.items[m.data->items.rawId(0)].title = "\xc3\x81 k\xc3\xb6ldum klaka";
    m.snapshot = std::make_shared<EmbeddingSnapshot>();
    m.snapshot->modelKind = "dotbias";
    RowMatrixXf items(30, 5);
    for (Index i = 0; i < items.size(); ++i)
        items.data()[i] = std::sin(0.7f * static_cast<float>(i)) / 3.0f; // digits a short format would lose
    m.snapshot->parameters.push_back({ "item_embedding", items });
    return m;
}

std::string readText(const QString& path)
{
    std::ifstream in(path.toStdString(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeText(const QString& path, const std::string& text)
{
    std::ofstream(path.toStdString(), std::ios::binary | std::ios::trunc) << text;
}

} // namespace

class TestEmbeddingIo : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    std::string file(const char* name) const { return path(QString::fromUtf8(name)).toStdString(); }

private slots:
    void roundTripsExactly_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("stringIds");
        for (const char* format : { "csv", "npy", "tsv" })
            for (bool stringIds : { false, true })
                QTest::addRow("%s, %s ids", format, stringIds ? "string" : "numeric")
                    << QString::fromUtf8(format) << stringIds;
    }
    void roundTripsExactly()
    {
        QFETCH(QString, format);
        QFETCH(bool, stringIds);
        const ExportedModel model = makeModel(stringIds);
        const QString out = path(QStringLiteral("export-") + format + (format == u"tsv" ? QString() : u'.' + format));
        const ExportOutcome exported = exportEmbeddings(*model.data, *model.snapshot,
                                                        *exportFormatFromName(format.toStdString()), out.toStdString());
        QVERIFY2(exported.ok(), exported.error ? exported.error->toString().c_str() : "");

        ImportOptions options;
        options.metadata = model.data->metadata;
        std::string source = out.toStdString();
        if (format == u"tsv") {
            source = exported.files.at(0);
            options.idsPath = exported.files.at(1); // the projector's metadata.tsv carries the ids
        }
        const ImportOutcome imported = importEmbeddings(source, options);
        QVERIFY2(imported.ok(), imported.error.toString().c_str());
        QCOMPARE(imported.snapshot->modelKind, std::string("imported"));
        QCOMPARE(imported.dataset->items.rawIds(), model.data->items.rawIds());
        QVERIFY(imported.snapshot->itemEmbeddings() == model.snapshot->itemEmbeddings());
        QCOMPARE(imported.dataset->metadata.title("say \"hi\""), model.data->metadata.title("say \"hi\""));

        const NeighborIndex before { std::shared_ptr<const EmbeddingSnapshot>(model.snapshot) };
        const NeighborIndex after { std::shared_ptr<const EmbeddingSnapshot>(imported.snapshot) };
        for (Metric metric : { Metric::Cosine, Metric::Dot, Metric::Euclidean })
            for (std::uint32_t item : { 0u, 7u, 29u }) {
                const auto a = before.neighbours(item, { .metric = metric, .k = 10 });
                const auto b = after.neighbours(item, { .metric = metric, .k = 10 });
                for (std::size_t r = 0; r < a.size(); ++r) {
                    QCOMPARE(b[r].item, a[r].item);
                    QCOMPARE(b[r].score, a[r].score);
                }
            }
    }

    void writesAValidNpyHeader()
    {
        const ExportedModel model = makeModel(false);
        const std::string out = file("layout.npy");
        QVERIFY(exportEmbeddings(*model.data, *model.snapshot, ExportFormat::Npy, out).ok());
        const std::string bytes = readText(QString::fromStdString(out));
        QVERIFY(bytes.starts_with(std::string("\x93NUMPY\x01\x00", 8)));
        const std::size_t headerLength = static_cast<unsigned char>(bytes[8])
            | (static_cast<unsigned char>(bytes[9]) << 8);
        QCOMPARE((10 + headerLength) % 64, std::size_t(0));
        QCOMPARE(bytes[10 + headerLength - 1], '\n');
        QVERIFY(bytes.find("{'descr': '<f4', 'fortran_order': False, 'shape': (30, 5), }") == 10);
        QCOMPARE(bytes.size(), 10 + headerLength + 30 * 5 * sizeof(float));
        QCOMPARE(readText(QString::fromStdString(npyIdsPath(out))).substr(0, 5), std::string("1\n2\n3"));
    }

    void numpyLoadsTheNpy()
    {
        QString python; // the first python3 on PATH may be a virtualenv without numpy: try the system one too
        for (const QString& candidate :
             { QStandardPaths::findExecutable(QStringLiteral("python3")), QStringLiteral("/usr/bin/python3") }) {
            QProcess probe;
            probe.start(candidate, { QStringLiteral("-c"), QStringLiteral("import numpy") });
            if (!candidate.isEmpty() && probe.waitForFinished(30000) && probe.exitStatus() == QProcess::NormalExit
                && probe.exitCode() == 0) {
                python = candidate;
                break;
            }
        }
        if (python.isEmpty())
            QSKIP("python3 with numpy is not installed: numpy.load is not checked (the header test still runs)");
        const ExportedModel model = makeModel(false);
        const std::string out = file("numpy.npy");
        QVERIFY(exportEmbeddings(*model.data, *model.snapshot, ExportFormat::Npy, out).ok());
        QProcess process;
        process.start(
            python,
            { QStringLiteral("-c"),
              QStringLiteral(
                  "import numpy, sys; a = numpy.load(sys.argv[1]); print(a.shape, a.dtype, repr(float(a[2, 3])))"),
              QString::fromStdString(out) });
        QVERIFY(process.waitForFinished(30000));
        const QString printed = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
        QVERIFY2(printed.startsWith(QStringLiteral("(30, 5) float32 ")), qPrintable(printed));
        QCOMPARE(printed.section(u' ', 3).toFloat(), model.snapshot->itemEmbeddings()(2, 3));
    }

    void writesProjectorTsv()
    {
        const ExportedModel model = makeModel(true);
        const std::string dir = file("projector");
        QVERIFY(exportEmbeddings(*model.data, *model.snapshot, ExportFormat::Projector, dir).ok());
        const QStringList vectors = QString::fromStdString(readText(path(QStringLiteral("projector/vectors.tsv"))))
                                        .split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(vectors.size(), 30); // no header
        QCOMPARE(vectors[0].split(u'\t').size(), 5);
        const QStringList metadata = QString::fromStdString(readText(path(QStringLiteral("projector/metadata.tsv"))))
                                         .split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(metadata.size(), 31);
        QCOMPARE(metadata[0], QStringLiteral("id\ttitle\tgenres\tratings"));
        for (const QString& line : metadata)
            QCOMPARE(line.count(u'\t'), 3); // tabs inside titles became spaces
    }

    void importsSparkJsonLines()
    {
        const QString dir = path(QStringLiteral("itemFactors"));
        QDir().mkpath(dir);
        writeText(
            dir + QStringLiteral("/part-00000-abc.json"),
            "{\"id\":12,\"features\":[0.5,-1.25e-1,2]}\n{\"id\":3,\"features\":[1,2,3],\"extra\":{\"a\":[1,\"x\"]}}\n");
        writeText(dir + QStringLiteral("/part-00001-abc.json"), "{\"features\": [4, 5, 6], \"id\": 7}\n");
        writeText(dir + QStringLiteral("/_SUCCESS"), "");
        const ImportOutcome folder = importEmbeddings(dir.toStdString());
        QVERIFY2(folder.ok(), folder.error.toString().c_str());
        QCOMPARE(folder.dataset->items.rawIds(), (std::vector<std::string> { "3", "7", "12" }));
        QCOMPARE(folder.snapshot->itemEmbeddings().row(2), (RowVectorXf(3) << 0.5f, -0.125f, 2.0f).finished());
        QVERIFY(folder.dataset->ratings.empty() && folder.dataset->users.empty());

        const QString one = path(QStringLiteral("strings.jsonl"));
        writeText(one, "{\"id\": \"tt01\", \"features\": [1.5, 2]}\n\n{\"id\": \"tt\\u00e9\", \"features\": [3, 4]}\n");
        const ImportOutcome strings = importEmbeddings(one.toStdString());
        QVERIFY2(strings.ok(), strings.error.toString().c_str());
        QCOMPARE(strings.dataset->items.rawIds(), (std::vector<std::string> { "tt01", "tt\xc3\xa9" }));
    }

    // Big files are parsed in chunks of lines at once: rows keep the file's order, and a problem
    // is the first one reading from the top meets, also when it sits on a chunk's first line.
    void importsLargeJsonLinesInFileOrder()
    {
        auto file = [](int lines, int shortLine) {
            std::string text;
            for (int i = 1; i <= lines; ++i)
                text += "{\"id\": \"r" + std::to_string(i) + "\", \"features\": [" + std::to_string(i)
                    + (i == shortLine ? "" : ", 0.5") + "]}\n";
            return text;
        };
        const QString good = path(QStringLiteral("large.jsonl"));
        writeText(good, file(10000, 0));
        const ImportOutcome outcome = importEmbeddings(good.toStdString());
        QVERIFY2(outcome.ok(), outcome.error.toString().c_str());
        QCOMPARE(outcome.dataset->items.size(), std::size_t(10000));
        for (int i : { 1, 2048, 2049, 5000, 10000 }) {
            const auto index = outcome.dataset->items.indexOf("r" + std::to_string(i));
            QVERIFY(index.has_value());
            QCOMPARE(outcome.snapshot->itemEmbeddings()(*index, 0), float(i));
        }
        for (int shortLine : { 5001, 7777 }) { // 5001 starts the third of four chunks
            const QString bad = path(QStringLiteral("short.jsonl"));
            writeText(bad, file(10000, shortLine));
            const ImportOutcome failed = importEmbeddings(bad.toStdString());
            QVERIFY(!failed.ok());
            QCOMPARE(failed.error.line, long(shortLine));
            QCOMPARE(failed.error.message, std::string("1 features where earlier rows have 2"));
        }
    }

    void importsTextWithAnIdColumn()
    {
        const QString csv = path(QStringLiteral("named.csv"));
        writeText(csv, "f1,movieId,f2\r\n0.5,10,1\r\n2,9,3\r\n");
        const ImportOutcome named = importEmbeddings(csv.toStdString());
        QVERIFY2(named.ok(), named.error.toString().c_str());
        QCOMPARE(named.dataset->items.rawIds(), (std::vector<std::string> { "9", "10" }));
        QCOMPARE(named.snapshot->itemEmbeddings()(1, 0), 0.5f);
        const QString tsv = path(QStringLiteral("plain.tsv"));
        writeText(tsv, "b\t1\t2\na\t3\t4\n");
        const ImportOutcome plain = importEmbeddings(tsv.toStdString());
        QVERIFY2(plain.ok(), plain.error.toString().c_str());
        QCOMPARE(plain.snapshot->itemEmbeddings()(0, 1), 4.0f); // "a" sorts first
    }

    void readsOtherNpyLayouts()
    {
        // float64 in Fortran order, as numpy.save(np.asfortranarray(x)) writes it.
        std::string dict = "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }";
        dict.append(128 - 10 - dict.size() - 1, ' ');
        dict += '\n';
        // appended piece by piece: GCC 12 at -O1 misreads a chain of operator+ (-Warray-bounds)
        std::string bytes("\x93NUMPY\x01\x00", 8);
        bytes += static_cast<char>(dict.size());
        bytes += '\0';
        bytes += dict;
        for (double v : { 1.0, 4.0, 2.0, 5.0, 3.0, 6.0 })
            bytes.append(reinterpret_cast<const char*>(&v), sizeof v);
        const auto parsed = parseNpy(bytes, "f.npy");
        QVERIFY(std::holds_alternative<RowMatrixXf>(parsed));
        QCOMPARE(std::get<RowMatrixXf>(parsed), (RowMatrixXf(2, 3) << 1, 2, 3, 4, 5, 6).finished());
    }

    void reportsBadInput_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("ids");
        QTest::addColumn<QString>("message");
        QTest::addRow("not a number") << "a.csv" << QByteArray("1,0.5\n2,abc\n") << ""
                                      << "a.csv:2: 'abc' in column 2 is not a finite number";
        QTest::addRow("wrong width") << "b.tsv" << QByteArray("1\t2\t3\n2\t4\n") << ""
                                     << "b.tsv:2: expected 3 fields, found 2";
        QTest::addRow("duplicate id") << "c.csv" << QByteArray("id,x\n5,1\n6,2\n5,3\n") << ""
                                      << "c.csv:4: id '5' appears twice (first at line 2)";
        QTest::addRow("nan") << "d.csv" << QByteArray("1,nan\n") << ""
                             << "d.csv:1: 'nan' in column 2 is not a finite number";
        QTest::addRow("json") << "e.jsonl"
                              << QByteArray("{\"id\": 1, \"features\": [1, 2]}\n{\"id\": 2, \"features\": [1, x]}\n")
                              << ""
                              << "e.jsonl:2: column 27: expected a number";
        QTest::addRow("json escape") << "j.jsonl" << QByteArray("{\"id\": \"\\uZZZZ\", \"features\": [1]}\n") << ""
                                     << "j.jsonl:1: column 8: the id is not a valid JSON string";
        QTest::addRow("json trailing") << "t.jsonl" << QByteArray("{\"id\": 1, \"features\": [1]} {\"id\": 2}\n") << ""
                                       << "t.jsonl:1: column 28: unexpected text after the object";
        // Lines with the rest of the file after them are parsed where they lie, not copied.
        QByteArray many;
        for (int i = 1; i <= 100; ++i)
            many += "{\"id\": " + QByteArray::number(i) + ", \"features\": [1, 2]}\n";
        many += "{\"id\": 101, \"features\": [1, x]}\n";
        for (int i = 102; i <= 110; ++i)
            many += "{\"id\": " + QByteArray::number(i) + ", \"features\": [1, 2]}\n";
        QTest::addRow("json mid-file") << "m.jsonl" << many << ""
                                       << "m.jsonl:101: column 29: expected a number in \"features\"";
        QTest::addRow("npy shape")
            << "k.npy"
            << QByteArray("\x93NUMPY\x01\x00"
                          "\x4f\x00{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999, 1), }\n",
                          89)
            << ""
            << "k.npy: shape (99999999999999999999, 1) is too large";
        QTest::addRow("json width") << "f.jsonl"
                                    << QByteArray("{\"id\": 1, \"features\": [1, 2]}\n{\"id\": 2, \"features\": [1]}\n")
                                    << ""
                                    << "f.jsonl:2: 1 features where earlier rows have 2";
        QTest::addRow("ids count") << "g.tsv" << QByteArray("1\t2\n3\t4\n") << "one-id.txt"
                                   << "one-id.txt: 1 ids for 2 vectors in ";
        QTest::addRow("npy dtype")
            << "h.npy"
            << QByteArray("\x93NUMPY\x01\x00\x36\x00{'descr': '<i8', 'fortran_order': False, 'shape': (1, 1), }\n", 64)
            << ""
            << "h.npy: dtype '<i8' is not a little-endian float array (<f4 or <f8)";
        QTest::addRow("empty") << "i.csv" << QByteArray("\n\n") << ""
                               << "i.csv: the file has no rows";
    }
    void reportsBadInput()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QString, ids);
        QFETCH(QString, message);
        writeText(path(name), content.toStdString());
        ImportOptions options;
        if (!ids.isEmpty()) {
            writeText(path(ids), "7\n");
            options.idsPath = ids.toStdString();
        }
        QDir::setCurrent(m_dir.path()); // so messages carry the short names
        const ImportOutcome outcome = importEmbeddings(name.toStdString(), options);
        QVERIFY(!outcome.ok());
        QVERIFY2(QString::fromStdString(outcome.error.toString()).startsWith(message),
                 outcome.error.toString().c_str());
    }
};

QTEST_APPLESS_MAIN(TestEmbeddingIo)
#include "tst_embedding_io.moc"
