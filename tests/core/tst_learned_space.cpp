// SPDX-License-Identifier: MIT
// The acceptance check on real data: a dot+bias model trained on ml-100k with the
// default settings puts the Star Wars sequels next to Star Wars, and the space survives a
// session save/load and an export/import unchanged.
#include "core/analysis/neighbor_index.h"
#include "core/analysis/pca.h"
#include "core/data/ratings_loader.h"
#include "core/io/embedding_export.h"
#include "core/io/embedding_import.h"
#include "core/io/session_file.h"
#include "core/training/trainer.h"
#include "tests/support/temp_files.h"

#include <QTest>

#include <algorithm>

using namespace embex::core;

class TestLearnedSpace : public QObject {
    Q_OBJECT
private slots:
    void starWarsNeighboursAfterTraining()
    {
        EMBEX_REQUIRE_ML100K(dir);
        const LoadOutcome loaded = loadRatings((dir + QStringLiteral("/u.data")).toStdString());
        QVERIFY2(loaded.ok(), loaded.error.toString().c_str());
        const std::shared_ptr<const Dataset> data = loaded.dataset;
        TrainData train;
        train.train = data->ratings;
        train.userCount = data->users.size();
        train.itemCount = data->items.size();
        train.ratingMin = data->ratingMin;
        train.ratingMax = data->ratingMax;
        TrainConfig config = defaultTrainConfig("dotbias");
        config.threads = 2;
        const TrainOutcome outcome = embex::core::train(train, config);
        QVERIFY(outcome.snapshot);

        QTemporaryDir tmp;
        const std::string sessionPath = tmp.filePath(QStringLiteral("ml100k.embex")).toStdString();
        QVERIFY(!saveSession({ data, outcome.snapshot, outcome.history }, sessionPath));
        const SessionLoadOutcome reopened = loadSession(sessionPath);
        QVERIFY2(reopened.ok(), reopened.error.toString().c_str());
        const Session& session = *reopened.session;

        const NeighborIndex index(session.snapshot);
        const std::uint32_t starWars = *session.dataset->items.indexOf("50");
        const auto hits = index.neighbours(starWars, { .metric = Metric::Cosine, .k = 10 });
        QString list;
        std::vector<std::string> ids;
        for (const Neighbour& n : hits) {
            ids.push_back(session.dataset->items.rawId(n.item));
            list += QString::fromStdString(ids.back() + " " + session.dataset->metadata.title(ids.back()) + "; ");
        }
        qInfo("cosine neighbours of Star Wars: %s", qPrintable(list));
        QVERIFY2(std::find(ids.begin(), ids.end(), "172") != ids.end(), qPrintable(list)); // The Empire Strikes Back
        QVERIFY2(std::find(ids.begin(), ids.end(), "181") != ids.end(), qPrintable(list)); // Return of the Jedi

        const PcaResult pca = computePca(session.snapshot->itemEmbeddings());
        qInfo("PCA explained variance: %.3f, %.3f", pca.explainedVarianceRatio[0], pca.explainedVarianceRatio[1]);
        QVERIFY(pca.explainedVarianceRatio[0] >= pca.explainedVarianceRatio[1]);

        const std::string npy = tmp.filePath(QStringLiteral("items.npy")).toStdString();
        QVERIFY(exportEmbeddings(*session.dataset, *session.snapshot, ExportFormat::Npy, npy).ok());
        const ImportOutcome imported = importEmbeddings(npy);
        QVERIFY2(imported.ok(), imported.error.toString().c_str());
        const NeighborIndex again { std::shared_ptr<const EmbeddingSnapshot>(imported.snapshot) };
        const auto same = again.neighbours(*imported.dataset->items.indexOf("50"),
                                           { .metric = Metric::Cosine, .k = 10 });
        for (std::size_t r = 0; r < hits.size(); ++r) {
            QCOMPARE(imported.dataset->items.rawId(same[r].item), ids[r]);
            QCOMPARE(same[r].score, hits[r].score);
        }
    }
};

QTEST_APPLESS_MAIN(TestLearnedSpace)
#include "tst_learned_space.moc"
