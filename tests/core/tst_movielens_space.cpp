// SPDX-License-Identifier: MIT
// End to end on real data: load ml-100k, train the default dot+bias model, and check that the
// learned space puts the Star Wars films together — what a person opening Embex first looks at.
#include "core/analysis/item_popularity.h"
#include "core/analysis/neighbor_index.h"
#include "core/analysis/pca.h"
#include "core/data/ratings_loader.h"
#include "core/training/trainer.h"
#include "tests/support/temp_files.h"

#include <QtTest>

#include <algorithm>

using namespace embex::core;

class TestMovieLensSpace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void starWarsNeighboursAreStarWars();
};

void TestMovieLensSpace::starWarsNeighboursAreStarWars()
{
    EMBEX_REQUIRE_ML100K(dir);
    const LoadOutcome loaded = loadRatings((dir + QStringLiteral("/u.data")).toStdString());
    QVERIFY2(loaded.ok(), loaded.error.toString().c_str());
    const Dataset& d = *loaded.dataset;

    TrainData data;
    data.train = d.ratings;
    data.userCount = d.users.size();
    data.itemCount = d.items.size();
    data.ratingMin = d.ratingMin;
    data.ratingMax = d.ratingMax;
    const TrainOutcome outcome = train(data, defaultTrainConfig("dotbias"));
    QCOMPARE(outcome.status, TrainOutcome::Status::Finished);
    QVERIFY(outcome.snapshot);

    const NeighborIndex index(outcome.snapshot, itemRatingCounts(d.ratings, d.items.size()));
    const std::uint32_t starWars = *d.items.indexOf("50");
    const std::vector<Neighbour> neighbours = index.neighbours(starWars, NeighborQuery { Metric::Cosine, 10, 0 });
    QCOMPARE(neighbours.size(), std::size_t(10));
    std::vector<std::string> ids;
    QStringList listing;
    for (const Neighbour& n : neighbours) {
        ids.push_back(d.items.rawId(n.item));
        listing << QStringLiteral("%1 %2 (%3)")
                       .arg(QString::fromStdString(ids.back()), QString::fromStdString(d.metadata.title(ids.back())))
                       .arg(static_cast<double>(n.score), 0, 'f', 3);
    }
    qInfo().noquote() << "cosine neighbours of Star Wars:" << listing.join(QStringLiteral("; "));
    auto has = [&](const char* id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); };
    QVERIFY2(has("172"), "The Empire Strikes Back is not among Star Wars' 10 nearest items");
    QVERIFY2(has("181"), "Return of the Jedi is not among Star Wars' 10 nearest items");

    const PcaResult pca = computePca(outcome.snapshot->itemEmbeddings());
    QVERIFY2(pca.isValid(), pca.problem.c_str());
    qInfo() << "PCA explained variance ratios:" << pca.explainedVarianceRatio[0] << pca.explainedVarianceRatio[1];
    QVERIFY(pca.explainedVarianceRatio[0] >= pca.explainedVarianceRatio[1]);
}

QTEST_APPLESS_MAIN(TestMovieLensSpace)
#include "tst_movielens_space.moc"
