// SPDX-License-Identifier: MIT
// The formats other programs write embeddings in, each file written here byte for byte as its
// producer writes it (the TensorFlow Projector tutorial, TensorBoard's projector plugin, the
// standalone projector, word2vec's C tool, gensim, GloVe, pandas), and the rule that no text
// file is read with a guessed id column.
#include "core/data/demo_generator.h"
#include "core/io/embedding_export.h"
#include "core/io/embedding_import.h"

#include <QDir>
#include <QTemporaryDir>

#include <QTest>
#include <stop_token>

#include <cmath>
#include <cstring>
#include <fstream>

using namespace embex::core;

namespace {

void write(const QString& path, const std::string& bytes)
{
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << bytes;
}

std::string floats(std::initializer_list<float> values)
{
    std::string bytes;
    for (float v : values)
        bytes.append(reinterpret_cast<const char*>(&v), sizeof v);
    return bytes;
}

// Python's str() of a float64, as the Projector tutorial writes each number.
std::string pythonFloat(double v)
{
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

// n rows × d numbers, tab-separated, no header and no id: the tutorial's vectors.tsv.
std::string projectorVectors(int n, int d)
{
    std::string text;
    for (int r = 0; r < n; ++r) {
        for (int j = 0; j < d; ++j)
            text += (j ? "\t" : "") + pythonFloat(std::sin(0.37 * (r * d + j + 1)));
        text += '\n';
    }
    return text;
}

} // namespace

class TestEmbeddingFormats : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }
    std::string file(const char* name) const { return path(QString::fromUtf8(name)).toStdString(); }

    ImportOutcome importOk(const std::string& source, const ImportOptions& options = {})
    {
        ImportOutcome outcome = importEmbeddings(source, options);
        if (!outcome.ok())
            qWarning("%s", outcome.error.toString().c_str());
        return outcome;
    }

    std::string failure(const std::string& source, const ImportOptions& options = {})
    {
        const ImportOutcome outcome = importEmbeddings(source, options);
        return outcome.ok() ? std::string("(imported: ") + outcome.statement + ")" : outcome.error.toString();
    }

private slots:
    void initTestCase() { QDir::setCurrent(m_dir.path()); } // messages name the short paths

    void projectorVectorsHaveNoIdColumnAndLabelsRepeat()
    {
        write(path("vecs.tsv"), projectorVectors(6, 15));
        // the tutorial's metadata: one label a line, no header; repeats and an empty label are normal
        write(path("meta.tsv"), "Not in English\nHarry Potter\nNot in English\n\nDune\nEmma\n");
        ImportOptions options;
        options.metadataPath = "meta.tsv";
        const ImportOutcome o = importOk("vecs.tsv", options);
        QVERIFY(o.ok());
        QCOMPARE(o.snapshot->itemEmbeddings().cols(), 15); // the first number is a dimension, not an id
        QCOMPARE(o.dataset->items.size(), 6u);
        QCOMPARE(o.dataset->metadata.title("2"), std::string("Not in English"));
        QCOMPARE(o.dataset->metadata.title("3"), std::string()); // keeps its place
        QCOMPARE(o.dataset->metadata.title("5"), std::string("Emma"));
        const auto row = o.dataset->items.indexOf("0");
        QVERIFY(row.has_value());
        QCOMPARE(o.snapshot->itemEmbeddings()(*row, 0), static_cast<float>(std::sin(0.37)));
        QCOMPARE(o.statement,
                 std::string("6 vectors × 15 dimensions from vecs.tsv (TSV); no id column: rows numbered "
                             "0–5; labels from meta.tsv, 1 column"));
    }

    // File › Import's Esc: a stop asked for fails the read instead of letting it run to its end
    void aStoppedImportFailsAndSaysSo()
    {
        write(path("stop.tsv"), projectorVectors(2000, 8));
        std::stop_source stop;
        ImportOptions options;
        options.stop = stop.get_token();
        QVERIFY(importEmbeddings("stop.tsv", options).ok()); // not asked: reads as usual
        stop.request_stop();
        const ImportOutcome o = importEmbeddings("stop.tsv", options);
        QVERIFY(!o.ok());
        QVERIFY2(o.error.message.find("stopped") != std::string::npos, o.error.message.c_str());
    }
    void aFirstColumnOfWholeNumbersIsStillADimension()
    {
        write(path("ints.csv"), "1,0.5,0.25\n2,0.75,1\n3,1,2\n");
        const ImportOutcome o = importOk("ints.csv");
        QVERIFY(o.ok());
        QCOMPARE(o.snapshot->itemEmbeddings().cols(), 3);
        QVERIFY(o.statement.find("no id column") != std::string::npos);
        ImportOptions byNumber;
        byNumber.idColumn = "1";
        const ImportOutcome asked = importOk("ints.csv", byNumber);
        QVERIFY(asked.ok());
        QCOMPARE(asked.snapshot->itemEmbeddings().cols(), 2);
        QCOMPARE(asked.dataset->items.rawIds(), (std::vector<std::string> { "1", "2", "3" }));
        QVERIFY(asked.statement.find("ids from column 1, as asked") != std::string::npos);
    }

    void aHeaderNamesTheIdColumnOrTheUserDoes()
    {
        write(path("named.csv"), "e0,book_id,e1\n0.5,b7,1\n2,b9,3\n");
        const ImportOutcome o = importOk("named.csv");
        QVERIFY(o.ok());
        QCOMPARE(o.dataset->items.rawIds(), (std::vector<std::string> { "b7", "b9" }));
        QVERIFY(o.statement.find("ids from column 2 ('book_id')") != std::string::npos);
        write(path("code.csv"), "code,x,y\nA1,1,2\nB2,3,4\n");
        ImportOptions byName;
        byName.idColumn = "CODE";
        QVERIFY(importOk("code.csv", byName).ok());
        byName.idColumn = "isbn";
        QCOMPARE(failure("code.csv", byName),
                 std::string("code.csv:1: --id-column isbn: no column has that name (code, x, y)"));
        QCOMPARE(failure("code.csv"),
                 std::string("code.csv:2: 'A1' in column 1 ('code') is not a finite number; if this "
                             "column holds the ids, name it with --id-column 1"));
    }

    void pandasHeadersOfColumnNumbers()
    {
        // DataFrame(matrix).to_csv(index=False), and with its index (an empty first name)
        write(path("plain.csv"), "0,1,2\n0.5,1.5,2.5\n1e-05,-0.,0\n");
        const ImportOutcome plain = importOk("plain.csv");
        QVERIFY(plain.ok());
        QCOMPARE(plain.snapshot->itemEmbeddings().rows(), 2);
        QCOMPARE(plain.snapshot->itemEmbeddings()(1, 0), 1e-05f);
        QVERIFY(std::signbit(plain.snapshot->itemEmbeddings()(1, 1)));
        QVERIFY(plain.statement.find("line 1 (0, …, 2) read as a header of column numbers") != std::string::npos);
        write(path("indexed.csv"), ",0,1\n17,0.5,1.5\n42,2.5,3.5\n");
        const ImportOutcome indexed = importOk("indexed.csv");
        QVERIFY(indexed.ok());
        QCOMPARE(indexed.dataset->items.rawIds(), (std::vector<std::string> { "17", "42" }));
        QCOMPARE(indexed.snapshot->itemEmbeddings().cols(), 2);
    }

    void numbersInEveryWrittenFormAndLineEnds()
    {
        // %.18e (numpy.savetxt's default), CRLF and a trailing tab on every line
        write(path("savetxt.tsv"),
              "1.000000000000000000e+00\t-2.500000000000000000e-01\t\r\n"
              "3.000000000000000062e-01\t0.000000000000000000e+00\t\r\n");
        const ImportOutcome o = importOk("savetxt.tsv");
        QVERIFY(o.ok());
        QCOMPARE(o.snapshot->itemEmbeddings().cols(), 2);
        QCOMPARE(o.snapshot->itemEmbeddings()(1, 0), 0.3f);
        write(path("nan.tsv"), "1\t2\n3\tnan\n");
        QCOMPARE(failure("nan.tsv"), std::string("nan.tsv:2: 'nan' in column 2 is not a finite number"));
        write(path("inf.tsv"), "1\t-inf\n");
        QCOMPARE(failure("inf.tsv"), std::string("inf.tsv:1: '-inf' in column 2 is not a finite number"));
        write(path("ragged.tsv"), "1\t2\t3\n4\t5\t6\n7\t8\n");
        QCOMPARE(failure("ragged.tsv"), std::string("ragged.tsv:3: expected 3 fields, found 2"));
    }

    void labelCountsMustAgreeWithTheVectors()
    {
        write(path("v4.tsv"), projectorVectors(4, 3));
        ImportOptions options;
        options.metadataPath = "m3.tsv";
        write(path("m3.tsv"), "a\nb\nc\n");
        QCOMPARE(failure("v4.tsv", options), std::string("m3.tsv: 3 labels for 4 vectors in v4.tsv"));
        options.metadataPath = "trailing.tsv"; // a trailing empty line is not a label
        write(path("trailing.tsv"), "a\nb\nc\nd\n\n");
        QVERIFY(importOk("v4.tsv", options).ok());
        options.metadataPath = "headed.tsv"; // one line more than the vectors: a header
        write(path("headed.tsv"), "title\na\nb\nc\nd\n");
        const ImportOutcome headed = importOk("v4.tsv", options);
        QVERIFY(headed.ok());
        QCOMPARE(headed.dataset->metadata.title("0"), std::string("a"));
        QVERIFY(headed.statement.find("line 1 of headed.tsv ('title') read as a header") != std::string::npos);
        options.metadataPath = "empty.tsv";
        write(path("empty.tsv"), "");
        QCOMPARE(failure("v4.tsv", options),
                 std::string("empty.tsv: the metadata file is empty; v4.tsv has 4 vectors to label"));
    }

    void windows1252LabelsAreReadAndSaidSo()
    {
        write(path("v2.tsv"), projectorVectors(2, 3));
        write(path("cp1252.tsv"), "\x93Quoted\x94 \x96 caf\xe9\nplain\n");
        ImportOptions options;
        options.metadataPath = "cp1252.tsv";
        const ImportOutcome o = importOk("v2.tsv", options);
        QVERIFY(o.ok());
        QCOMPARE(o.dataset->metadata.title("0"), std::string("\u201cQuoted\u201d \u2013 caf\u00e9"));
        QVERIFY(o.statement.find("cp1252.tsv read as Windows-1252") != std::string::npos);
    }

    void severalLabelColumnsUnderAHeader()
    {
        write(path("v3.tsv"), projectorVectors(3, 2));
        write(path("multi.tsv"), "movieId\tName\tgenres\n10\tAlien\tHorror|Sci-Fi\n11\tHeat\tCrime\n12\tAlien\t\n");
        ImportOptions options;
        options.metadataPath = "multi.tsv";
        const ImportOutcome o = importOk("v3.tsv", options);
        QVERIFY(o.ok());
        QCOMPARE(o.dataset->items.rawIds(), (std::vector<std::string> { "10", "11", "12" }));
        QCOMPARE(o.dataset->metadata.title("12"), std::string("Alien"));
        QCOMPARE(o.dataset->metadata.genresText("10"), std::string("Horror|Sci-Fi"));
        QVERIFY(o.statement.find("ids from multi.tsv's column 'movieId'") != std::string::npos);
    }

    void embexsOwnProjectorExportRoundTrips()
    {
        auto data = generateDemo(
            { .users = 30, .items = 25, .types = 3, .ratingsPerUser = 5, .implicit = false, .seed = 2 });
        EmbeddingSnapshot snapshot;
        snapshot.modelKind = "dotbias";
        RowMatrixXf items(25, 4);
        for (Index i = 0; i < items.size(); ++i)
            items.data()[i] = std::sin(0.7f * static_cast<float>(i)) / 3.0f;
        snapshot.parameters.push_back({ "item_embedding", items });
        const ExportOutcome exported = exportEmbeddings(*data, snapshot, ExportFormat::Projector, file("proj"));
        QVERIFY(exported.ok());
        const ImportOutcome o = importOk(file("proj"));
        QVERIFY(o.ok());
        QCOMPARE(o.dataset->items.rawIds(), data->items.rawIds());
        QVERIFY(o.snapshot->itemEmbeddings() == items);
        for (const std::string& id : data->items.rawIds()) {
            QCOMPARE(o.dataset->metadata.title(id), data->metadata.title(id));
            QCOMPARE(o.dataset->metadata.genresText(id), data->metadata.genresText(id));
        }
        QVERIFY(o.statement.find("(Projector folder, TSV)") != std::string::npos);
    }

    void word2vecTextGloveAndFastText()
    {
        // gensim's save_word2vec_format(binary=False) and fastText's .vec: a count line first
        write(path("w.vec"), "3 2\nthe 0.1 0.2\n, -0.3 0.4\n1995 0.5 0.6\n");
        const ImportOutcome o = importOk("w.vec");
        QVERIFY(o.ok());
        QCOMPARE(o.dataset->items.size(), 3u);
        QVERIFY(o.dataset->items.indexOf("1995").has_value()); // a number, but in the word's place
        QVERIFY(o.statement.find("(word2vec text); ids from the words") != std::string::npos);
        write(path("lieN.vec"), "4 2\nthe 0.1 0.2\nof 0.3 0.4\n");
        QCOMPARE(failure("lieN.vec"), std::string("lieN.vec:1: line 1 announces 4 vectors; the file holds 2"));
        write(path("lieD.vec"), "2 3\nthe 0.1 0.2\nof 0.3 0.4\n");
        QCOMPARE(failure("lieD.vec"),
                 std::string("lieD.vec:2: expected 4 fields, found 3 (line 1 announces 3 numbers after each word)"));
        // the word2vec C tool's text output ends every line with a space
        write(path("c.txt"), "2 2\nthe 0.1 0.2 \nof 0.3 0.4 \n");
        QVERIFY(importOk("c.txt").ok());
        // GloVe: no count line
        write(path("glove.txt"), "the 0.418 0.24968\n, 0.013441 0.23682\n");
        const ImportOutcome glove = importOk("glove.txt");
        QVERIFY(glove.ok());
        QCOMPARE(glove.snapshot->itemEmbeddings().cols(), 2);
        QVERIFY(glove.statement.find("(GloVe text); ids from column 1, which holds words") != std::string::npos);
    }

    void word2vecBinaryFromTheCToolAndGensim()
    {
        // the C tool: "N D\n", then word, space, D float32 and '\n'; gensim: no '\n'
        const std::string cTool = "2 3\n" + std::string("king ") + floats({ 1, 2, 3 }) + "\n" + "queen "
            + floats({ 4, 5, 6 }) + "\n";
        write(path("c.bin"), cTool);
        const ImportOutcome c = importOk("c.bin");
        QVERIFY(c.ok());
        QCOMPARE(c.snapshot->itemEmbeddings().row(*c.dataset->items.indexOf("queen")),
                 (RowVectorXf(3) << 4, 5, 6).finished());
        write(path("g.bin"), "2 3\nking " + floats({ 1, 2, 3 }) + "queen " + floats({ 4, 5, 6 }));
        QVERIFY(importOk("g.bin").ok());
        write(path("short.bin"), cTool.substr(0, cTool.size() - 6));
        QCOMPARE(failure("short.bin"),
                 std::string("short.bin: the file ends inside vector 2 of 2 ('queen'): is it cut short?"));
        write(path("more.bin"),
              "1 3\n" + std::string("king ") + floats({ 1, 2, 3 }) + "\nqueen " + floats({ 4, 5, 6 }));
        QVERIFY(failure("more.bin").find("more bytes follow the 1 vectors line 1 announces") != std::string::npos);
    }

    void picklesAndOtherFilesAreRefusedNeverRun()
    {
        write(path("model.emb"), std::string("\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00", 11) + "cnumpy");
        QVERIFY(failure("model.emb").starts_with("model.emb: this is a Python pickle, which Embex never runs"));
        write(path("model.h5"), std::string("\x89HDF\r\n\x1a\n", 8) + std::string(32, '\0'));
        QVERIFY(failure("model.h5").starts_with("model.h5: an HDF5 file that HDF5 cannot open"));
    }

    void tensorBoardConfigsListTheirEmbeddings()
    {
        QDir(m_dir.path()).mkpath("logs");
        QDir(m_dir.path()).mkpath("logs2");
        write(path("logs/words.tsv"), projectorVectors(3, 2));
        write(path("logs/words_meta.tsv"), "alpha\nbeta\ngamma\n");
        // as projector.visualize_embeddings writes it: the first entry lives in the checkpoint
        write(path("logs/projector_config.pbtxt"),
              "embeddings {\n"
              "  tensor_name: \"embedding/.ATTRIBUTES/VARIABLE_VALUE\"\n"
              "  metadata_path: \"metadata.tsv\"\n"
              "}\n"
              "embeddings {\n"
              "  tensor_name: \"words\"\n"
              "  tensor_path: \"words.tsv\"\n"
              "  metadata_path: \"words_meta.tsv\"\n"
              "  sprite {\n    image_path: \"sprite.png\"\n    single_image_dim: 28\n  }\n"
              "}\n"
              "model_checkpoint_path: \"embedding.ckpt-1\"\n");
        QCOMPARE(failure("logs"),
                 std::string("logs/projector_config.pbtxt: the config lists 2 embeddings; choose one with --embedding "
                             "NAME: 'embedding/.ATTRIBUTES/VARIABLE_VALUE', 'words'"));
        ImportOptions options;
        options.embedding = "words";
        const ImportOutcome o = importOk("logs", options);
        QVERIFY(o.ok());
        QCOMPARE(o.dataset->metadata.title("1"), std::string("beta"));
        // TensorBoard reads every tensor_path as TSV, whatever its name ends with
        write(path("logs2/projector_config.pbtxt"),
              "embeddings {\n  tensor_name: \"w\"\n  tensor_path: \"w.txt\"\n}\n");
        write(path("logs2/w.txt"), projectorVectors(2, 3));
        const ImportOutcome txt = importOk("logs2");
        QVERIFY(txt.ok());
        QCOMPARE(txt.snapshot->itemEmbeddings().cols(), 3);
        options.embedding = "embedding/.ATTRIBUTES/VARIABLE_VALUE";
        const std::string checkpoint = failure("logs", options);
        QVERIFY2(checkpoint.find("lives in a TensorFlow checkpoint (logs/embedding.ckpt-1), which Embex does not "
                                 "read; write it as a TSV")
                     != std::string::npos,
                 checkpoint.c_str());
    }

    // TensorFlow's word2vec tutorial: the config names no checkpoint, TensorBoard takes the latest
    // in its folder (the "checkpoint" state file says which); the one line to run must say so too.
    void aConfigWithoutACheckpointPathNamesItsFolder()
    {
        QDir(m_dir.path()).mkpath("w2v_logs");
        write(path("w2v_logs/projector_config.pbtxt"),
              "embeddings {\n  tensor_name: \"embedding/.ATTRIBUTES/VARIABLE_VALUE\"\n"
              "  metadata_path: \"metadata.tsv\"\n}\n");
        write(path("w2v_logs/checkpoint"),
              "model_checkpoint_path: \"embedding.ckpt-1\"\n"
              "all_model_checkpoint_paths: \"embedding.ckpt-1\"\n");
        const std::string message = failure("w2v_logs");
        QVERIFY2(message.find("tf.train.load_variable('w2v_logs', 'embedding/.ATTRIBUTES/VARIABLE_VALUE')")
                     != std::string::npos,
                 message.c_str());
    }

    void theStandaloneProjectorsJsonConfig()
    {
        // a binary float32 tensor, and a stated shape that disagrees with a TSV's data
        write(path("t.bytes"), floats({ 1, 2, 3, 4, 5, 6 }));
        write(path("t.tsv"), projectorVectors(4, 2));
        write(path("oss.json"),
              "{\n  \"embeddings\": [\n    {\n      \"tensorName\": \"bytes\",\n"
              "      \"tensorShape\": [3, 2],\n      \"tensorPath\": \"t.bytes\"\n    },\n"
              "    {\n      \"tensorName\": \"text\",\n      \"tensorShape\": [5, 2],\n"
              "      \"tensorPath\": \"t.tsv\"\n    }\n  ],\n"
              "  \"modelCheckpointPath\": \"Demo datasets\"\n}\n");
        ImportOptions options;
        options.embedding = "bytes";
        const ImportOutcome bytes = importOk("oss.json", options);
        QVERIFY(bytes.ok());
        QCOMPARE(bytes.snapshot->itemEmbeddings().rows(), 3);
        QCOMPARE(bytes.snapshot->itemEmbeddings()(*bytes.dataset->items.indexOf("2"), 1), 6.0f);
        options.embedding = "text";
        const ImportOutcome text = importOk("oss.json", options);
        QVERIFY(text.ok());
        QCOMPARE(text.snapshot->itemEmbeddings().rows(), 4);
        QVERIFY(text.statement.find("the config's shape (5 × 2) disagrees with the data: the data is used")
                != std::string::npos);
    }

    void idsMustBeUniqueButLabelsNeedNot()
    {
        write(path("v2b.tsv"), projectorVectors(2, 2));
        write(path("dup.tsv"), "Not in English\nNot in English\n");
        ImportOptions options;
        options.idsPath = "dup.tsv";
        QVERIFY(failure("v2b.tsv", options)
                    .find("appears twice (first at line 1); ids name one row each — labels that "
                          "repeat belong in the metadata (--metadata)")
                != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestEmbeddingFormats)
#include "tst_embedding_formats.moc"
