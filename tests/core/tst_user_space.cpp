// SPDX-License-Identifier: MIT
// Every user's vector (core/analysis/user_space.h): the user table where a model has one, each
// user's own query vector where the model builds users from their items, none for item vectors
// imported alone; and the users' map shows the taste types the demo data plants on users.
#include "core/analysis/map_projection.h"
#include "core/analysis/user_space.h"
#include "core/models/model_registry.h"
#include "core/models/scorer.h"
#include "core/optim/user_items.h"
#include "core/training/trainer.h"
#include "tests/core/train_test_support.h"

#include <QtTest>
#include <cmath>

using namespace embex;
using namespace embex::core;

namespace {

struct Trained {
    std::shared_ptr<TrainData> data;
    std::shared_ptr<const EmbeddingSnapshot> snapshot;
};

Trained trainDemo(const char* model, int epochs = 3, const DemoConfig& demo = { 120, 60, 4, 12, false, 5 },
                  bool withAttributes = false)
{
    Trained t;
    t.data = test::demoTrainData(demo);
    TrainConfig config = defaultTrainConfig(model);
    config.useSideFeatures = withAttributes;
    config.epochs = epochs;
    config.dimension = 8;
    config.threads = 1;
    t.snapshot = train(*t.data, config).snapshot;
    return t;
}

} // namespace

class TestUserSpace : public QObject {
    Q_OBJECT

private slots:
    void tableModelsShowTheirUserTable_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("inItemSpace");
        QTest::addRow("dot+bias") << "dotbias" << true;
        QTest::addRow("ALS") << "als" << true;
        QTest::addRow("MLP") << "mlp" << false;
    }

    void tableModelsShowTheirUserTable()
    {
        QFETCH(QString, model);
        QFETCH(bool, inItemSpace);
        const Trained t = trainDemo(model.toStdString().c_str());
        QVERIFY(t.snapshot);
        QCOMPARE(userVectorSource(*t.snapshot), UserVectorSource::Table);
        const UserSpace space = computeUserSpace(t.snapshot, t.data->train, t.data->userCount, false);
        QVERIFY(space.hasVectors());
        QCOMPARE(space.source, UserVectorSource::Table);
        QCOMPARE(space.vectors.get(), t.snapshot->userEmbeddings()); // the table itself, not a copy
        QCOMPARE(space.isInItemSpace, inItemSpace);
        QCOMPARE(space.ratings.size(), t.data->userCount);
        QCOMPARE(space.ratings[0], std::uint32_t(12));
        QVERIFY(!space.method.empty());
        // a table of another size belongs to another dataset
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 computeUserSpace(t.snapshot, t.data->train, t.data->userCount + 1, false));
    }

    void towerModelsBuildEachUserFromTheirItems_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<bool>("withAttributes");
        QTest::addRow("softmax") << "softmax" << false;
        QTest::addRow("autoencoder") << "autoencoder" << false;
        QTest::addRow("softmax with the users' attributes") << "softmax" << true;
    }

    void towerModelsBuildEachUserFromTheirItems()
    {
        QFETCH(QString, model);
        QFETCH(bool, withAttributes);
        const Trained t = trainDemo(model.toStdString().c_str(), 2, { 120, 60, 4, 12, false, 5 }, withAttributes);
        QCOMPARE(t.snapshot->parameter("user_features") != nullptr, withAttributes);
        QVERIFY(t.snapshot);
        QVERIFY(!t.snapshot->userEmbeddings());
        QCOMPARE(userVectorSource(*t.snapshot), UserVectorSource::UserTower);
        std::vector<double> seen;
        LongWork work;
        work.progress = [&](double f) { seen.push_back(f); };
        const UserSpace space = computeUserSpace(t.snapshot, t.data->train, t.data->userCount, false, 2, work);
        QVERIFY(space.hasVectors());
        QCOMPARE(space.vectors->rows(), static_cast<Index>(t.data->userCount));
        QVERIFY(!seen.empty());
        QCOMPARE(seen.back(), 1.0);
        // row u is exactly the scorer's query vector for u's training picks: ψ(x) as scoring builds it
        const auto scorer = makeScorer(t.snapshot);
        const UserItems byUser(t.data->train, t.data->userCount);
        for (std::uint32_t u : { 0u, 1u, 57u, 119u }) {
            std::vector<PickedItem> picks;
            for (std::size_t k = 0; k < byUser.items(u).size(); ++k)
                picks.push_back({ byUser.items(u)[k], byUser.ratings(u)[k] });
            std::span<const float> own; // the user's attributes, as scoring takes them
            if (const RowMatrixXf* f = t.snapshot->parameter("user_features"))
                own = { f->row(u).data(), static_cast<std::size_t>(f->cols()) };
            const QueryVector q = scorer->queryVector(picks, false, own);
            QCOMPARE(space.vectors->row(u).size(), q.vector.size());
            QVERIFY2((space.vectors->row(u).transpose() - q.vector).norm() <= 1e-6f * (1 + q.vector.norm()),
                     qPrintable(QString::number(u)));
        }
        // users differ: the vectors are each user's own, not one vector repeated
        QVERIFY((space.vectors->row(0) - space.vectors->row(1)).norm() > 1e-4f);
    }

    void importedItemsAloneHaveNoUsers()
    {
        auto snapshot = std::make_shared<EmbeddingSnapshot>();
        snapshot->modelKind = std::string(importedModelKind);
        snapshot->parameters = { { "item_embedding", RowMatrixXf::Ones(10, 3) } };
        RatingsTable none;
        const UserSpace space = computeUserSpace(snapshot, none, 5, false);
        QCOMPARE(space.source, UserVectorSource::None);
        QVERIFY(!space.hasVectors());
        QVERIFY2(space.whyNone.find("dot+bias, ALS and the MLP") != std::string::npos, space.whyNone.c_str());
        QVERIFY(space.whyNone.find("--users") != std::string::npos);
        QVERIFY(nearestUsers(space, 0, 5).empty());
        // imported with users: their table
        snapshot->parameters.push_back({ "user_embedding", RowMatrixXf::Ones(5, 3) });
        QCOMPARE(computeUserSpace(snapshot, none, 5, false).source, UserVectorSource::Table);
    }

    void aStopLeavesNoVectors()
    {
        const Trained t = trainDemo("softmax", 1);
        std::stop_source stop;
        stop.request_stop();
        LongWork work;
        work.stop = stop.get_token();
        const UserSpace space = computeUserSpace(t.snapshot, t.data->train, t.data->userCount, false, 2, work);
        QVERIFY(space.cancelled);
        QVERIFY(!space.hasVectors());
    }

    // The demo plants a taste type on every user: users of one type rate the same items highly, so
    // in a trained model's user space, and on the users' map, they sit together.
    void plantedUserTypesShowOnTheUsersMap()
    {
        const DemoConfig demo { 400, 160, 4, 40, false, 11 };
        std::vector<int> typeOf;
        generateDemo(demo, &typeOf);
        const Trained t = trainDemo("als", 8, demo);
        const UserSpace space = computeUserSpace(t.snapshot, t.data->train, t.data->userCount, false);
        QVERIFY(space.hasVectors());
        const auto users = static_cast<int>(t.data->userCount);
        QCOMPARE(static_cast<int>(typeOf.size()), users);
        // nearest users in the full user space share the type far above chance (1 in 4)
        int shared = 0, listed = 0;
        for (int u = 0; u < users; ++u)
            for (const Neighbour& n : nearestUsers(space, static_cast<std::uint32_t>(u), 5)) {
                QVERIFY(n.item != static_cast<std::uint32_t>(u));
                shared += typeOf[n.item] == typeOf[static_cast<std::size_t>(u)] ? 1 : 0;
                ++listed;
            }
        QVERIFY2(shared > 0.7 * listed, qPrintable(QStringLiteral("%1 of %2").arg(shared).arg(listed)));

        // the users' map: the same request, placement and measure as the items'
        for (ProjectionKind kind : { ProjectionKind::Pca, ProjectionKind::Neighbourhoods }) {
            ProjectionRequest request;
            request.snapshot = t.snapshot;
            request.points = PointSet::Users;
            request.users = space.vectors;
            request.kind = kind;
            request.threads = 2;
            for (int u = 0; u < users; ++u)
                request.items.push_back(u);
            const Projection map = projectMap(request, nullptr);
            QCOMPARE(static_cast<int>(map.x.size()), users); // one point per user, not per item
            double same = 0, other = 0;
            int sameCount = 0, otherCount = 0;
            for (int a = 0; a < users; a += 3)
                for (int b = a + 1; b < users; b += 7) {
                    const double d = std::hypot(map.x[a] - map.x[b], map.y[a] - map.y[b]);
                    (typeOf[a] == typeOf[b] ? same : other) += d;
                    ++(typeOf[a] == typeOf[b] ? sameCount : otherCount);
                }
            same /= sameCount;
            other /= otherCount;
            QVERIFY2(same < 0.7 * other,
                     qPrintable(QStringLiteral("%1: same type %2, other %3")
                                    .arg(QString::fromLatin1(traitsOf(kind).name))
                                    .arg(same)
                                    .arg(other)));
            const auto kept = measureFaithfulness(request, map);
            QVERIFY(kept);
            QVERIFY(kept->kept.share > 10.0 / users); // better than a shuffled map
        }
    }

    void aUsersViewIsNotTheItemsView()
    {
        const Trained t = trainDemo("dotbias", 1);
        ProjectionRequest items;
        items.snapshot = t.snapshot;
        ProjectionRequest users = items;
        users.points = PointSet::Users;
        QVERIFY(!items.isSameView(users));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, projectMap(users, nullptr)); // no vectors given
        users.users = computeUserSpace(t.snapshot, t.data->train, t.data->userCount, false).vectors;
        QCOMPARE(&users.table(), t.snapshot->userEmbeddings());
        QCOMPARE(&items.table(), &t.snapshot->itemEmbeddings());
    }
};

QTEST_APPLESS_MAIN(TestUserSpace)
#include "tst_user_space.moc"
