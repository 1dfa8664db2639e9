// SPDX-License-Identifier: MIT
// Keras models and NumPy .npz archives, each written here in the layout its producer writes:
// Keras 3's .keras zip (config.json, model.weights.h5 with "layers/embedding/vars/0", metadata.json),
// Keras 2's .h5 model (root attribute "model_config", "model_weights/<layer>/<layer>/embeddings:0")
// and weights file (layer groups at the root), through the HDF5 and libzip APIs as h5py and
// Python's zipfile write them; numpy.savez (stored) and savez_compressed (deflated).
#include "core/io/embedding_import.h"
#include "tests/support/keras_writer.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace embex::core;
using namespace embex::test;

namespace {

float value(int table, int r, int j)
{
    return kerasValue(table, r, j);
}

std::vector<float> table(int id, int rows, int cols)
{
    return kerasTable(id, rows, cols);
}

} // namespace

class TestKerasImport : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::string file(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)).toStdString(); }

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

    // model.weights.h5 as Keras 3 writes it (keras_writer.h), each table of the same width.
    std::string keras3Weights(const std::vector<std::pair<std::string, int>>& tables, int cols)
    {
        std::vector<KerasTable> written;
        for (const auto& [group, rows] : tables)
            written.push_back({ group, rows, cols, {} });
        return embex::test::keras3Weights(written, file("weights.h5"));
    }

private slots:
    void initTestCase() { QDir::setCurrent(m_dir.path()); }

    void aKeras3ModelWithAStringLookupMarksTheOovRow()
    {
        const std::string lookup = keras3Layer(
            "StringLookup", "movie_lookup",
            R"("invert": false, "max_tokens": null, "num_oov_indices": 1, "oov_token": "[UNK]", "mask_token": null, )"
            R"("output_mode": "int", "sparse": false, "pad_to_max_tokens": false, "vocabulary_dtype": "string", )"
            R"("idf_weights": null, "vocabulary": ["Star Wars", "Fargo", "Heat"], "encoding": "utf-8")",
            "movie_id");
        const std::string config = keras3Model(
            { keras3Layer("InputLayer", "movie_id", "", ""), lookup,
              keras3Layer("Embedding", "movie_embedding", embeddingConfig(4, 3), "movie_lookup") });
        QVERIFY(writeZip(file("model.keras"),
                         { { "metadata.json", R"({"keras_version": "3.3.3", "date_saved": "2024-05-01@10:00:00"})" },
                           { "config.json", config },
                           { "model.weights.h5", keras3Weights({ { "embedding", 4 } }, 3) } },
                         false));
        const ImportOutcome o = importOk("model.keras");
        QVERIFY(o.ok());
        QCOMPARE(o.dataset->items.size(), 4u);
        QCOMPARE(o.snapshot->itemEmbeddings().cols(), 3);
        // row 0 is out of vocabulary; "Fargo" is vocabulary word 2, row 2 — not an optimizer moment
        QCOMPARE(o.snapshot->itemEmbeddings()(*o.dataset->items.indexOf("Fargo"), 1), value(4, 2, 1));
        QCOMPARE(o.snapshot->itemEmbeddings()(*o.dataset->items.indexOf("[OOV]"), 0), value(4, 0, 0));
        QCOMPARE(o.statement,
                 std::string("4 vectors × 3 dimensions from model.keras (Keras .keras); layer "
                             "'movie_embedding' (4 × 3) of model.keras; ids from StringLookup "
                             "'movie_lookup' (row 0: out of vocabulary)"));
    }

    void anAdaptedLookupKeepsItsVocabularyInTheAssets()
    {
        const std::string lookup = keras3Layer("StringLookup", "movie_lookup",
                                               R"("num_oov_indices": 1, "mask_token": null, "vocabulary": null)",
                                               "movie_id");
        const std::string config = keras3Model(
            { lookup, keras3Layer("Embedding", "movie_embedding", embeddingConfig(3, 2), "movie_lookup") });
        QVERIFY(writeZip(file("adapted.keras"),
                         { { "config.json", config },
                           { "model.weights.h5", keras3Weights({ { "embedding", 3 } }, 2) },
                           { "assets/layers/string_lookup/vocabulary.txt", "[UNK]\nHeat\nAlien" } },
                         true));
        const ImportOutcome o = importOk("adapted.keras");
        QVERIFY(o.ok());
        QCOMPARE(o.snapshot->itemEmbeddings()(*o.dataset->items.indexOf("Alien"), 1), value(3, 2, 1));
        QVERIFY(o.dataset->items.indexOf("[OOV]").has_value());
    }

    // A Sequential tower inside a Functional model: its layers have no inbound_nodes (each feeds the
    // next) and their weights sit under the tower's own group, layers/sequential/layers/embedding.
    void aSequentialTowerNestsItsWeights()
    {
        const std::string sequentialLayers = keras3Layer("InputLayer", "movie_id", "", "") + ", "
            + keras3Layer("StringLookup", "movie_lookup",
                          R"("num_oov_indices": 1, "mask_token": null, "vocabulary": ["Heat", "Alien", "Brazil"])", "")
            + ", " + keras3Layer("Embedding", "movie_embedding", embeddingConfig(4, 2), "");
        const std::string tower
            = R"({"module": "keras", "class_name": "Sequential", "config": {"name": "movie_model", )"
              R"("trainable": true, "layers": [)"
            + sequentialLayers + R"(]}, "registered_name": null, "name": "movie_model", "inbound_nodes": [])" + "}";
        const std::string config = keras3Model(
            { keras3Layer("Embedding", "genre_embedding", embeddingConfig(6, 2), ""), tower });
        const std::string path = file("weights.h5");
        const hid_t h5 = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        floatDataset(h5, "layers/embedding/vars/0", 6, 2, table(6, 6, 2));
        floatDataset(h5, "layers/sequential/layers/embedding/vars/0", 4, 2, table(4, 4, 2));
        H5Fclose(h5);
        QVERIFY(
            writeZip(file("tower.keras"), { { "config.json", config }, { "model.weights.h5", readFile(path) } }, true));
        ImportOptions options;
        options.layer = "movie_embedding";
        const ImportOutcome o = importOk("tower.keras", options);
        QVERIFY(o.ok());
        QCOMPARE(o.snapshot->itemEmbeddings()(*o.dataset->items.indexOf("Brazil"), 1), value(4, 3, 1));
        QVERIFY(o.statement.find("ids from StringLookup 'movie_lookup' (row 0: out of vocabulary)")
                != std::string::npos);
    }

    void severalEmbeddingLayersAreListedThenChosen()
    {
        const std::string config = keras3Model(
            { keras3Layer("Embedding", "user_embedding", embeddingConfig(5, 2), "user_id"),
              keras3Layer("Embedding", "movie_embedding", embeddingConfig(4, 2), "movie_id"),
              keras3Layer("Dot", "score", R"("axes": 1, "normalize": false)", "movie_embedding") });
        QVERIFY(writeZip(file("two.keras"),
                         { { "config.json", config },
                           { "model.weights.h5", keras3Weights({ { "embedding", 5 }, { "embedding_1", 4 } }, 2) } },
                         true));
        QCOMPARE(failure("two.keras"),
                 std::string("two.keras: the model has 2 Embedding layers: 'user_embedding' (5 × 2), "
                             "'movie_embedding' (4 × 2); choose the items' with --layer (and the users' with "
                             "--user-layer)"));
        ImportOptions options;
        options.layer = "movie_embedding";
        options.userLayer = "user_embedding";
        const ImportOutcome o = importOk("two.keras", options);
        QVERIFY(o.ok());
        QCOMPARE(o.dataset->items.size(), 4u);
        QCOMPARE(o.dataset->users.size(), 5u);
        QCOMPARE(o.snapshot->itemEmbeddings()(*o.dataset->items.indexOf("3"), 1), value(4, 3, 1));
        QVERIFY(o.statement.find("5 user vectors from layer 'user_embedding' (5 × 2)") != std::string::npos);
        options.layer = "genre_embedding";
        QVERIFY(failure("two.keras", options).find("no Embedding layer 'genre_embedding'") != std::string::npos);
    }

    void aZipWithoutAnEmbeddingLayerSaysSo()
    {
        const std::string config = keras3Model({ keras3Layer("Dense", "dense", R"("units": 2)", "") });
        QVERIFY(writeZip(file("dense.keras"),
                         { { "config.json", config }, { "model.weights.h5", keras3Weights({}, 2) } }, false));
        QCOMPARE(failure("dense.keras"),
                 std::string("dense.keras: the model has no Embedding layer (config.json names none)"));
    }

    // keras.io's RecommenderNet, a subclassed model, saved with model.save("x.keras") by Keras 3:
    // config.json holds only the constructor's arguments, so the weights' groups, named after
    // their class (embedding, embedding_1, …), are the only names its Embedding layers have.
    void aSubclassedKeras3ModelGoesByItsWeightGroups()
    {
        const std::string config
            = R"({"module": null, "class_name": "RecommenderNet", "config": {"num_users": 4, "num_place": 5, )"
              R"("embedding_size": 3}, "registered_name": "RecommenderNet", "build_config": {"input_shape": )"
              R"([null, 2]}, "compile_config": {"optimizer": {"module": "keras.optimizers", "class_name": "Adam", )"
              R"("config": {"name": "adam", "learning_rate": 0.001}, "registered_name": null}, "loss": null, )"
              R"("loss_weights": null, "metrics": null, "weighted_metrics": null, "run_eagerly": false, )"
              R"("steps_per_execution": 1, "jit_compile": false}})";
        const std::string weights = embex::test::keras3Weights({ { "embedding", 4, 3, {} },
                                                                 { "embedding_1", 4, 1, {} },
                                                                 { "embedding_2", 5, 3, {} },
                                                                 { "embedding_3", 5, 1, {} } },
                                                               file("subclassed.weights.h5"));
        QVERIFY(writeZip(file("subclassed.keras"),
                         { { "metadata.json", R"({"keras_version": "3.6.0", "date_saved": "2024-12-13@20:35:37"})" },
                           { "config.json", config },
                           { "model.weights.h5", weights } },
                         false));
        QCOMPARE(failure("subclassed.keras"),
                 std::string("subclassed.keras: the model has 4 Embedding layers: 'embedding' (4 × 3), 'embedding_1' "
                             "(4 × 1), 'embedding_2' (5 × 3), 'embedding_3' (5 × 1); choose the items' with --layer "
                             "(and the users' with --user-layer)"));
        ImportOptions options;
        options.layer = "embedding_2";
        options.userLayer = "embedding";
        const ImportOutcome o = importOk("subclassed.keras", options);
        QVERIFY(o.ok());
        QCOMPARE(o.dataset->items.size(), 5u);
        QCOMPARE(o.dataset->users.size(), 4u);
        QCOMPARE(o.snapshot->itemEmbeddings()(*o.dataset->items.indexOf("4"), 2), value(5, 4, 2));
        QVERIFY2(o.statement.find("layer 'embedding_2' (5 × 3) of subclassed.keras") != std::string::npos,
                 o.statement.c_str());
        QVERIFY2(o.statement.find("a subclassed model") != std::string::npos, o.statement.c_str());
    }

    // The same model saved by Keras 3 as model.save("x.h5") (its legacy format): the model_config
    // names no layers; model_weights' layer_names and weight_names do, without Keras 2's ":0".
    void aSubclassedLegacyH5GoesByItsLayerNames()
    {
        hid_t h5 = H5Fcreate(file("subclassed.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        stringAttribute(h5, "backend", { "tensorflow" });
        stringAttribute(h5, "keras_version", { "3.9.2" });
        stringAttribute(h5, "model_config",
                        { R"({"class_name": "RecommenderNet", "config": {"name": "recommender_net", "trainable": )"
                          R"(true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": )"
                          R"("float32"}, "registered_name": null}}})" });
        group(h5, "model_weights");
        const std::vector<std::pair<std::string, std::pair<int, int>>> layers = { { "embedding", { 4, 3 } },
                                                                                  { "embedding_1", { 4, 1 } },
                                                                                  { "embedding_2", { 6, 3 } },
                                                                                  { "embedding_3", { 6, 1 } } };
        const hid_t weights = H5Gopen2(h5, "model_weights", H5P_DEFAULT);
        stringAttribute(weights, "backend", { "tensorflow" });
        stringAttribute(weights, "keras_version", { "3.9.2" });
        stringAttribute(weights, "layer_names", { "embedding", "embedding_1", "embedding_2", "embedding_3" }, true);
        H5Gclose(weights);
        int id = 20;
        for (const auto& [name, shape] : layers) {
            const std::string weight = "recommender_net/" + name + "/embeddings";
            floatDataset(h5, "model_weights/" + name + "/" + weight, shape.first, shape.second,
                         table(id++, shape.first, shape.second));
            const hid_t layer = H5Gopen2(h5, ("model_weights/" + name).c_str(), H5P_DEFAULT);
            stringAttribute(layer, "weight_names", { weight }, true);
            H5Gclose(layer);
            floatDataset(h5, "optimizer_weights/adam/recommender_net_" + name + "_embeddings_momentum", shape.first,
                         shape.second, table(id++, shape.first, shape.second));
        }
        H5Fclose(h5);
        QVERIFY(failure("subclassed.h5").find("the model has 4 Embedding layers: 'embedding' (4 × 3)")
                != std::string::npos);
        ImportOptions options;
        options.layer = "embedding_2";
        const ImportOutcome o = importOk("subclassed.h5", options);
        QVERIFY(o.ok());
        QCOMPARE(o.dataset->items.size(), 6u);
        QCOMPARE(o.snapshot->itemEmbeddings()(*o.dataset->items.indexOf("5"), 1), value(24, 5, 1));
    }

    // Keras 2's model.save("model.h5"): the config as a root attribute, the weights under
    // model_weights/<layer>/<layer>/embeddings:0, the optimizer's under optimizer_weights.
    void aKeras2ModelAndWeightsFile()
    {
        const std::string config = R"({"class_name": "Functional", "config": {"name": "model", "layers": [)"
            + keras2Layer("InputLayer", "movie_id", R"("batch_input_shape": [null], "sparse": false)", "") + ", "
            + keras2Layer("IntegerLookup", "movie_lookup",
                          R"("num_oov_indices": 1, "mask_token": null, "oov_token": -1, "vocabulary": [50, 172, 181])",
                          "movie_id")
            + ", " + keras2Layer("Embedding", "movie_embedding", embeddingConfig(4, 3), "movie_lookup")
            + R"(], "input_layers": [["movie_id", 0, 0]], "output_layers": [["movie_embedding", 0, 0]]}})";
        hid_t h5 = H5Fcreate(file("model.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        stringAttribute(h5, "backend", { "tensorflow" });
        stringAttribute(h5, "keras_version", { "2.15.0" });
        stringAttribute(h5, "model_config", { config });
        group(h5, "model_weights");
        const hid_t weights = H5Gopen2(h5, "model_weights", H5P_DEFAULT);
        stringAttribute(weights, "layer_names", { "movie_id", "movie_lookup", "movie_embedding" }, true);
        H5Gclose(weights);
        floatDataset(h5, "model_weights/movie_embedding/movie_embedding/embeddings:0", 4, 3, table(7, 4, 3));
        floatDataset(h5, "optimizer_weights/Adam/movie_embedding/embeddings/m:0", 4, 3, table(8, 4, 3));
        H5Fclose(h5);
        const ImportOutcome o = importOk("model.h5");
        QVERIFY(o.ok());
        QCOMPARE(o.snapshot->itemEmbeddings()(*o.dataset->items.indexOf("172"), 2), value(7, 2, 2));
        QVERIFY(o.statement.find("(Keras .h5 model); layer 'movie_embedding' (4 × 3) of model.h5; ids from "
                                 "IntegerLookup 'movie_lookup' (row 0: out of vocabulary)")
                != std::string::npos);

        // model.save_weights("weights.h5"): the layer groups at the root, no config
        h5 = H5Fcreate(file("weights.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        stringAttribute(h5, "backend", { "tensorflow" });
        stringAttribute(h5, "keras_version", { "2.15.0" });
        stringAttribute(h5, "layer_names", { "movie_embedding", "dense" }, true);
        for (const char* name : { "movie_embedding", "dense" })
            group(h5, name);
        const hid_t layer = H5Gopen2(h5, "movie_embedding", H5P_DEFAULT);
        stringAttribute(layer, "weight_names", { "movie_embedding/embeddings:0" }, true);
        H5Gclose(layer);
        floatDataset(h5, "movie_embedding/movie_embedding/embeddings:0", 6, 2, table(6, 6, 2));
        floatDataset(h5, "dense/dense/kernel:0", 2, 1, table(1, 2, 1));
        H5Fclose(h5);
        const ImportOutcome w = importOk("weights.h5");
        QVERIFY(w.ok());
        QCOMPARE(w.dataset->items.size(), 6u);
        QCOMPARE(w.snapshot->itemEmbeddings()(*w.dataset->items.indexOf("5"), 1), value(6, 5, 1));
        QVERIFY(w.statement.find("no StringLookup or IntegerLookup feeds it: rows numbered 0–5") != std::string::npos);
    }

    void anIntegerTableAndAForeignHdf5AreRefused()
    {
        hid_t h5 = H5Fcreate(file("ints.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        stringAttribute(h5, "model_config",
                        { R"({"class_name": "Sequential", "config": {"name": "s", "layers": [)"
                          + keras2Layer("Embedding", "embedding", embeddingConfig(3, 2), "") + "]}}" });
        intDataset(h5, "model_weights/embedding/embedding/embeddings:0", 3, 2);
        H5Fclose(h5);
        QCOMPARE(failure("ints.h5"),
                 std::string("ints.h5: dataset 'model_weights/embedding/embedding/embeddings:0' "
                             "holds 64-bit integers; Embex reads float32 or float64 tables"));

        h5 = H5Fcreate(file("survey.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        floatDataset(h5, "data/table", 3, 2, table(1, 3, 2));
        H5Fclose(h5);
        QCOMPARE(failure("survey.h5"),
                 std::string("survey.h5: an HDF5 file that Keras did not write: no "
                             "'model_config' or 'layer_names' attribute at its root"));
    }

    void npzArchivesStoredAndCompressed_data()
    {
        QTest::addColumn<bool>("deflate");
        QTest::addRow("numpy.savez") << false;
        QTest::addRow("numpy.savez_compressed") << true;
    }

    void npzArchivesStoredAndCompressed()
    {
        QFETCH(bool, deflate);
        QVERIFY(writeZip(file("emb.npz"),
                         { { "items.npy", npyMatrix(3, 3, 4) },
                           { "users.npy", npyMatrix(5, 5, 4) },
                           { "item_ids.npy", npy("<U5", "(3,)", utf32({ "i50", "i172", "i181" }, 5)) } },
                         deflate));
        QCOMPARE(failure("emb.npz"),
                 std::string("emb.npz: the archive holds 2 2-D float arrays: 'items' (3 × 4), "
                             "'users' (5 × 4); choose one with --array"));
        ImportOptions options;
        options.array = "items";
        const ImportOutcome o = importOk("emb.npz", options);
        QVERIFY(o.ok());
        QCOMPARE(o.snapshot->itemEmbeddings()(*o.dataset->items.indexOf("i172"), 3), value(3, 1, 3));
        QCOMPARE(o.statement,
                 std::string("3 vectors × 4 dimensions from emb.npz (") + (deflate ? "npz, compressed" : "npz")
                     + "); array 'items' (3 × 4); ids from the array 'item_ids'");
        options.userLayer = "users";
        QVERIFY(importOk("emb.npz", options)
                    .statement.ends_with("; 5 user vectors from emb.npz array 'users' (5 × 4) "
                                         "(rows numbered)"));
        options.array = "genres";
        QCOMPARE(failure("emb.npz", options),
                 std::string("emb.npz: no array 'genres' in the archive; its 2-D float "
                             "arrays: 'items' (3 × 4), 'users' (5 × 4)"));
    }
};

QTEST_APPLESS_MAIN(TestKerasImport)
#include "tst_keras_import.moc"
