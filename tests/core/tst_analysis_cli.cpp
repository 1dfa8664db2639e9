// SPDX-License-Identifier: MIT
#include "cli/cli.h"
#include "core/analysis/item_popularity.h"
#include "core/data/demo_generator.h"
#include "core/io/session_file.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace embex;
using namespace embex::core;

namespace {

constexpr int types = 4;

// A demo dataset with a planted space: an item sits on the circle at its type's angle (plus a
// little spread by id), a user at the angle of the items they rated highest.
Session plantedSession()
{
    auto data = generateDemo(
        { .users = 60, .items = 40, .types = types, .ratingsPerUser = 8, .implicit = false, .seed = 9 });
    RowMatrixXf items(40, 3);
    for (Index i = 0; i < 40; ++i) {
        const double angle = 2 * M_PI * demoItemType(data->items.rawId(static_cast<std::uint32_t>(i)), types) / types;
        items.row(i) << static_cast<float>(std::cos(angle)), static_cast<float>(std::sin(angle)),
            0.001f * static_cast<float>(i);
    }
    RowMatrixXf users = RowMatrixXf::Zero(60, 3);
    for (std::size_t r = 0; r < data->ratings.size(); ++r)
        users.row(data->ratings.users[r]) += (data->ratings.ratings[r] - 3.0f) * items.row(data->ratings.items[r]);
    auto snapshot = std::make_shared<EmbeddingSnapshot>();
    snapshot->modelKind = "dotbias";
    snapshot->parameters = { { "item_embedding", items }, { "user_embedding", users } };
    return Session { data, snapshot, {} };
}

// The same dataset on a space whose axes are known: types 0 and 2 lie at x = ±2 (PC1), types 1
// and 3 at y = ±1 (PC2); the item bias is the dense index, so the highest bias is the last item.
Session axesSession()
{
    Session session = plantedSession();
    RowMatrixXf items = RowMatrixXf::Zero(40, 3);
    RowMatrixXf bias(40, 1);
    for (Index i = 0; i < 40; ++i) {
        const int type = demoItemType(session.dataset->items.rawId(static_cast<std::uint32_t>(i)), types);
        const float spread = 0.01f * static_cast<float>(i % 5);
        items.row(i) << (type == 0       ? 2.0f
                             : type == 2 ? -2.0f
                                         : spread),
            (type == 1       ? 1.0f
                 : type == 3 ? -1.0f
                             : spread),
            0.001f * static_cast<float>(i);
        bias(i, 0) = static_cast<float>(i);
    }
    auto snapshot = std::make_shared<EmbeddingSnapshot>(*session.snapshot);
    snapshot->parameters = { { "item_embedding", items }, { "item_bias", bias } };
    session.snapshot = snapshot;
    return session;
}

struct Run {
    int code;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

Run runCli(const QStringList& words)
{
    std::vector<std::string> args;
    for (const QString& w : words)
        args.push_back(w.toStdString());
    std::ostringstream out, err;
    const int code = cli::run(args, out, err);
    return { code, QString::fromStdString(out.str()), QString::fromStdString(err.str()) };
}

} // namespace

class TestAnalysisCli : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_model;
    QString path(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)); }

private slots:
    void initTestCase()
    {
        m_model = path("planted.embex");
        QVERIFY(!saveSession(plantedSession(), m_model.toStdString()));
    }

    void neighboursShareThePlantedType()
    {
        const Run run = runCli({ "neighbors", m_model, "--item", "5", "-k", "5", "--json" });
        QCOMPARE(run.code, 0);
        const QJsonObject json = run.json();
        QCOMPARE(json[u"item"].toString(), QStringLiteral("5"));
        QCOMPARE(json[u"title"].toString(), QStringLiteral("Item 5 (type 0)"));
        QCOMPARE(json[u"metric"].toString(), QStringLiteral("cosine"));
        const QJsonArray neighbours = json[u"neighbors"].toArray();
        QCOMPARE(neighbours.size(), 5);
        for (const QJsonValue& n : neighbours) {
            const QJsonObject hit = n.toObject();
            QCOMPARE(demoItemType(hit[u"id"].toString().toStdString(), types), 0);
            QVERIFY(hit[u"title"].toString().startsWith(u"Item "));
            QVERIFY(hit[u"score"].toDouble() > 0.99);
            QVERIFY(hit.contains(u"ratings"));
        }
        // By title, in text form.
        const Run byTitle = runCli({ "neighbors", m_model, "--item", "item 6 (", "--metric", "euclidean" });
        QCOMPARE(byTitle.code, 0);
        QVERIFY2(byTitle.out.startsWith(u"neighbours of 6 Item 6 (type 1) (euclidean distance):"),
                 qPrintable(byTitle.out));
    }

    // --item picks what the window's lookup picks: within a match class the well-known title,
    // not the shorter one ("star" means Star Wars, not Stargate).
    void itemByTitleTakesTheWellKnownMatch()
    {
        Session session = plantedSession();
        auto data = std::make_shared<Dataset>(*session.dataset);
        const std::vector<std::uint32_t> counts = itemRatingCounts(data->ratings, data->items.size());
        const auto most = static_cast<std::uint32_t>(std::max_element(counts.begin(), counts.end()) - counts.begin());
        const auto least = static_cast<std::uint32_t>(std::min_element(counts.begin(), counts.end()) - counts.begin());
        QVERIFY(counts[most] > counts[least]);
        data->metadata.items[data->items.rawId(most)].title = "Star Wars (1977)";
        data->metadata.items[data->items.rawId(least)].title = "Stargate (1994)";
        session.dataset = data;
        const QString model = path("titled.embex");
        QVERIFY(!saveSession(session, model.toStdString()));
        const Run run = runCli({ "neighbors", model, "--item", "star", "--json" });
        QCOMPARE(run.code, 0);
        QCOMPARE(run.json()[u"title"].toString(), QStringLiteral("Star Wars (1977)"));
        QCOMPARE(run.json()[u"item"].toString(), QString::fromStdString(data->items.rawId(most)));
    }

    void neighboursReportsMistakes()
    {
        QCOMPARE(runCli({ "neighbors", m_model, "--item", "404" }).code, 1);
        QCOMPARE(runCli({ "neighbors", m_model, "--item", "5", "--metric", "manhattan" }).code, 2);
        QCOMPARE(runCli({ "neighbors", m_model, "--item", "5", "-k", "40" }).code, 2);
        const Run missing = runCli({ "neighbors", path("missing.embex"), "--item", "5" });
        QCOMPARE(missing.code, 1);
        QVERIFY2(missing.err.contains(u"missing.embex: cannot open"), qPrintable(missing.err));
    }

    void recommendsUnratedItems()
    {
        const Session session = plantedSession();
        const Run run = runCli({ "recommend", m_model, "--user", "3", "-n", "4", "--json" });
        QCOMPARE(run.code, 0);
        const QJsonArray recs = run.json()[u"recommendations"].toArray();
        QCOMPARE(recs.size(), 4);
        const auto user = *session.dataset->users.indexOf("3");
        for (const QJsonValue& r : recs) {
            const auto item = *session.dataset->items.indexOf(r.toObject()[u"id"].toString().toStdString());
            for (std::size_t k = 0; k < session.dataset->ratings.size(); ++k)
                QVERIFY(!(session.dataset->ratings.users[k] == user && session.dataset->ratings.items[k] == item));
        }
        QCOMPARE(runCli({ "recommend", m_model, "--user", "nobody" }).code, 1);
        // Predicted ratings beyond the scale (the planted users are long vectors) are shown
        // clipped, with the model's own number beside them.
        bool sawClipped = false;
        for (const QJsonValue& r : recs) {
            const double score = r.toObject()[u"score"].toDouble(), raw = r.toObject()[u"raw_score"].toDouble();
            QVERIFY(score >= session.dataset->ratingMin && score <= session.dataset->ratingMax);
            QCOMPARE(score, std::clamp(raw, double(session.dataset->ratingMin), double(session.dataset->ratingMax)));
            sawClipped = sawClipped || raw > session.dataset->ratingMax;
        }
        QVERIFY(sawClipped);
    }

    // A new user who gave three type-0 items a 5 gets type-0 items, none of the three.
    void recommendsForANewUser()
    {
        const QStringList picks { "1", "5", "9" }; // demo id k has type (k − 1) mod 4
        const Run run = runCli({ "recommend", m_model, "--items", picks.join(u','), "--ratings", "5,5,5", "-n", "4",
                                 "--min-ratings", "0", "--json" });
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QVERIFY(run.json()[u"query"].toString().contains(u"fold-in"));
        const QJsonArray recs = run.json()[u"recommendations"].toArray();
        QCOMPARE(recs.size(), 4);
        for (const QJsonValue& r : recs) {
            const QString id = r.toObject()[u"id"].toString();
            QVERIFY2(!picks.contains(id), qPrintable(id));
            QCOMPARE(demoItemType(id.toStdString(), types), 0);
        }
        const Run text = runCli({ "recommend", m_model, "--items", "1,5", "--min-ratings", "0" });
        QVERIFY2(text.out.startsWith(u"top 10 for a new user"), qPrintable(text.out));

        Run bad = runCli({ "recommend", m_model, "--items", "1,404" });
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.err.contains(u"no item has the id '404'"), qPrintable(bad.err));
        bad = runCli({ "recommend", m_model, "--items", "1,5,9", "--ratings", "5,4" });
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains(u"--ratings has 2 values but --items has 3"), qPrintable(bad.err));
        bad = runCli({ "recommend", m_model, "--items", "1,5", "--ratings", "5,9" });
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains(u"outside the data's scale"), qPrintable(bad.err));
        QCOMPARE(runCli({ "recommend", m_model, "--items", "1,1" }).code, 2);
        QCOMPARE(runCli({ "recommend", m_model, "--items", "1", "--user", "3" }).code, 2);
    }

    void exportImportRoundTripKeepsNeighbours()
    {
        const QString npy = path("items.npy");
        QCOMPARE(runCli({ "export", m_model, "--format", "npy", npy }).code, 0);
        const QString meta = path("titles.csv");
        std::ofstream(meta.toStdString()) << "itemId,title\n5,Five\n6,Six\n";
        const QString imported = path("imported.embex");
        const Run run = runCli({ "import", npy, "--metadata", meta, "--save", imported, "--json" });
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QCOMPARE(run.json()[u"items"].toInt(), 40);
        QCOMPARE(run.json()[u"with_metadata"].toInt(), 2);

        QJsonObject before = runCli({ "neighbors", m_model, "--item", "5", "--min-ratings", "0", "--json" }).json();
        // No ratings came with the vectors: the default popularity floor cannot apply, and an
        // explicit one is refused rather than answered with an empty list.
        QJsonObject after = runCli({ "neighbors", imported, "--item", "5", "--json" }).json();
        const Run floor = runCli({ "neighbors", imported, "--item", "5", "--min-ratings", "5" });
        QCOMPARE(floor.code, 2);
        QVERIFY2(floor.err.contains(u"needs ratings"), qPrintable(floor.err));
        QCOMPARE(after[u"title"].toString(), QStringLiteral("Five"));
        const QJsonArray a = before[u"neighbors"].toArray(), b = after[u"neighbors"].toArray();
        QCOMPARE(b.size(), a.size());
        for (qsizetype i = 0; i < a.size(); ++i) {
            QCOMPARE(b[i].toObject()[u"id"], a[i].toObject()[u"id"]);
            QCOMPARE(b[i].toObject()[u"score"], a[i].toObject()[u"score"]);
        }
        const Run noUsers = runCli({ "recommend", imported, "--user", "1" });
        QCOMPARE(noUsers.code, 1);
        // Every analysis command opens a session and applies --min-ratings alike.
        const QStringList commands[] = { { "neighbors", imported, "--item", "5" },
                                         { "recommend", imported, "--items", "5" },
                                         { "axes", imported },
                                         { "pca", imported },
                                         { "agreement", imported, "--runs", "1,2" } };
        for (const QStringList& words : commands) {
            const Run refused = runCli(words + QStringList { "--min-ratings", "3" });
            QCOMPARE(refused.code, 2);
            QVERIFY2(refused.err.startsWith(QStringLiteral("embex-cli %1: --min-ratings needs ratings").arg(words[0])),
                     qPrintable(refused.err));
            QCOMPARE(runCli(words + QStringList { "--min-ratings", "0" }).code == 2, false);
        }
        QCOMPARE(runCli({ "export", m_model, "--format", "tsv", path("projector") }).code, 0);
        QVERIFY(QFile::exists(path("projector/metadata.tsv")));
        QCOMPARE(runCli({ "export", m_model, "--format", "xml", path("x") }).code, 2);
    }

    void projectsWithPca()
    {
        const QString coords = path("coords.csv");
        const Run run = runCli({ "pca", m_model, "--json", "--out", coords });
        QCOMPARE(run.code, 0);
        const QJsonArray ratios = run.json()[u"explained_variance_ratio"].toArray();
        QCOMPARE(ratios.size(), 2);
        QVERIFY(ratios[0].toDouble() >= ratios[1].toDouble());
        QVERIFY(ratios[0].toDouble() + ratios[1].toDouble() > 0.99); // the planted circle is 2-D
        QFile file(coords);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines[0], QByteArray("id,title,pc1,pc2,ratings"));
        QCOMPARE(lines.size(), 42); // header, 40 items, the empty tail
        QCOMPARE(runCli({ "pca", m_model, "--components", "4" }).code, 2);
        QVERIFY(runCli({ "pca", m_model }).out.contains(u"pc1"));
    }

    void axesNameTheirEnds()
    {
        const Session session = axesSession();
        const QString model = path("axes.embex");
        QVERIFY(!saveSession(session, model.toStdString()));
        auto typeOf = [](const QJsonValue& v) {
            return demoItemType(v.toObject()[u"id"].toString().toStdString(), types);
        };

        const Run run = runCli({ "axes", model, "--components", "9", "-n", "3", "--min-ratings", "0", "--json" });
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const QJsonObject json = run.json();
        QCOMPARE(json[u"min_ratings"].toInt(), 0);
        const QJsonArray components = json[u"components"].toArray();
        QCOMPARE(components.size(), 3); // 9 asked, d = 3
        const QJsonObject pc1 = components[0].toObject(), pc2 = components[1].toObject();
        QCOMPARE(pc1[u"index"].toInt(), 1);
        QVERIFY(pc1[u"explained_variance_ratio"].toDouble() > pc2[u"explained_variance_ratio"].toDouble());
        // PC1's sign is the solver's: one end holds type 0, the other type 2
        const int lowType = typeOf(pc1[u"low"].toArray()[0]);
        QVERIFY2(lowType == 0 || lowType == 2, qPrintable(run.out));
        for (const QJsonValue& v : pc1[u"low"].toArray())
            QCOMPARE(typeOf(v), lowType);
        for (const QJsonValue& v : pc1[u"high"].toArray()) {
            QCOMPARE(typeOf(v), 2 - lowType);
            QVERIFY(v.toObject()[u"title"].toString().startsWith(u"Item "));
            QVERIFY(v.toObject()[u"score"].toDouble() > 1.9);
        }
        for (const QJsonValue& v : pc2[u"high"].toArray())
            QVERIFY(typeOf(v) == 1 || typeOf(v) == 3);
        const QJsonArray high = json[u"bias"].toObject()[u"high"].toArray();
        QCOMPARE(high.size(), 3);
        QCOMPARE(high[0].toObject()[u"id"].toString(),
                 QString::fromStdString(session.dataset->items.rawId(39))); // bias = dense index
        QCOMPARE(high[0].toObject()[u"score"].toDouble(), 39.0);
        QCOMPARE(json[u"bias"].toObject()[u"low"].toArray()[0].toObject()[u"score"].toDouble(), 0.0);
        QVERIFY(std::abs(json[u"norm_popularity_correlation"].toDouble()) <= 1.0);

        // The default floor leaves rarely rated items off every list, and says so.
        const auto counts = itemRatingCounts(session.dataset->ratings, 40);
        const QJsonObject floored = runCli({ "axes", model, "--json" }).json();
        QCOMPARE(floored[u"min_ratings"].toInt(), 10);
        const auto rare = std::count_if(counts.begin(), counts.end(), [](std::uint32_t c) { return c < 10; });
        QVERIFY2(rare > 0, "the fixture needs rare items for the floor to matter");
        QCOMPARE(floored[u"listed_from"].toInt(), 40 - static_cast<int>(rare));
        const QJsonValue lists[] = { floored[u"components"].toArray()[0].toObject()[u"low"],
                                     floored[u"bias"].toObject()[u"high"] };
        for (const QJsonValue& list : lists)
            for (const QJsonValue& v : list.toArray())
                QVERIFY(counts[*session.dataset->items.indexOf(v.toObject()[u"id"].toString().toStdString())] >= 10);

        const Run text = runCli({ "axes", model, "-n", "2" });
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains(u"fewer than 10 ratings"), qPrintable(text.out));
        QVERIFY2(QRegularExpression(QStringLiteral("\\nPC1 \\(\\d+\\.\\d% of variance\\): Item .* … ↔ … Item "))
                     .match(text.out)
                     .hasMatch(),
                 qPrintable(text.out));
        QVERIFY(text.out.contains(u"Item bias"));
        QVERIFY(text.out.contains(u"Vector length against log(ratings): correlation"));
    }

    void axesWithoutBiasesOrRatings()
    {
        const Run plain = runCli({ "axes", m_model, "--json" });
        QCOMPARE(plain.code, 0);
        QVERIFY(!plain.json().contains(u"bias"));
        QVERIFY(runCli({ "axes", m_model }).out.contains(u"This model has no item biases."));

        const QString npy = path("axes-items.npy"), imported = path("axes-imported.embex");
        QCOMPARE(runCli({ "export", m_model, "--format", "npy", npy }).code, 0);
        QCOMPARE(runCli({ "import", npy, "--save", imported }).code, 0);
        const QJsonObject json = runCli({ "axes", imported, "--json" }).json();
        QCOMPARE(json[u"min_ratings"].toInt(), 0); // no ratings: no floor
        QVERIFY(json[u"norm_popularity_correlation"].isNull());
        QCOMPARE(json[u"components"].toArray()[0].toObject()[u"low"].toArray().size(), 10);
        QCOMPARE(runCli({ "axes", imported, "--min-ratings", "5" }).code, 2);
        QCOMPARE(runCli({ "axes", m_model, "-n", "0" }).code, 2);
        QCOMPARE(runCli({ "axes", path("missing.embex") }).code, 1);
    }

    void mapsKeepPlantedTypesTogether()
    {
        const QString coords = path("map.csv");
        const Run run = runCli({ "map", m_model, "--out", coords, "--json", "--threads", "2" });
        QCOMPARE(run.code, 0);
        const QJsonObject json = run.json();
        QCOMPARE(json[u"items"].toInt(), 40);
        QCOMPARE(json[u"projection"].toString(), QStringLiteral("neighbours"));
        QVERIFY(json[u"seconds"].toDouble() >= 0);
        const double kept = json[u"neighbours_kept"].toDouble(-1);
        QVERIFY2(kept >= 0 && kept <= 1, qPrintable(run.out));
        QFile file(coords);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines[0], QByteArray("id,title,x,y,ratings"));
        QCOMPARE(lines.size(), 42); // header, 40 items, the empty tail
        // Each item's nearest point on the map is one of its own type: the types are four
        // tight bunches in the space.
        std::vector<std::pair<int, Eigen::Vector2d>> points;
        for (int l = 1; l <= 40; ++l) {
            const QList<QByteArray> cells = lines[l].split(',');
            points.emplace_back(demoItemType(cells[0].toStdString(), types),
                                Eigen::Vector2d(cells[2].toDouble(), cells[3].toDouble()));
        }
        for (const auto& [type, at] : points) {
            double best = INFINITY;
            int bestType = -1;
            for (const auto& [otherType, other] : points)
                if (&other != &at && (other - at).norm() < best) {
                    best = (other - at).norm();
                    bestType = otherType;
                }
            QCOMPARE(bestType, type);
        }
        const Run pca = runCli({ "map", m_model, "--out", coords, "--projection", "pca", "--min-ratings", "1" });
        QCOMPARE(pca.code, 0);
        QVERIFY2(pca.out.startsWith(u"PCA map of "), qPrintable(pca.out));
        QVERIFY(pca.out.contains(u"neighbours kept: "));
    }

    void clustersAreThePlantedTypesAndNamedByThem()
    {
        const Run run = runCli({ "clusters", m_model, "--json", "--neighbours", "9" });
        QCOMPARE(run.code, 0);
        const QJsonObject json = run.json();
        const QJsonArray clusters = json[u"clusters"].toArray();
        QCOMPARE(clusters.size(), types);
        const QJsonArray items = json[u"items"].toArray();
        QCOMPARE(items.size(), 40);
        std::map<int, std::set<int>> typesOf; // cluster → planted types of its items
        for (const QJsonValue& v : items) {
            const QJsonObject item = v.toObject();
            typesOf[item[u"cluster"].toInt()].insert(demoItemType(item[u"id"].toString().toStdString(), types));
        }
        for (const auto& [cluster, planted] : typesOf)
            QCOMPARE(planted.size(), std::size_t(1));
        for (const QJsonValue& v : clusters) {
            const QJsonObject c = v.toObject();
            QCOMPARE(c[u"size"].toInt(), 10);
            const QJsonObject top = c[u"genres"].toArray().first().toObject();
            QCOMPARE(top[u"genre"].toString(), QStringLiteral("type %1").arg(*typesOf[c[u"id"].toInt()].begin()));
            QCOMPARE(top[u"lift"].toDouble(), 4.0);
            QVERIFY(c[u"label"].toString().startsWith(top[u"genre"].toString()));
            QCOMPARE(c[u"titles"].toArray().size(), 3);
            QVERIFY(c.contains(u"mean_rating") && c.contains(u"median_ratings"));
        }
        const Run text = runCli({ "clusters", m_model, "--neighbours", "9" });
        QVERIFY2(text.out.startsWith(u"4 clusters of 40 items"), qPrintable(text.out));
        QCOMPARE(runCli({ "clusters", m_model, "--resolution", "0" }).code, 2);
        QCOMPARE(runCli({ "clusters", m_model, "--metric", "manhattan" }).code, 2);
        const Run tooFew = runCli({ "clusters", m_model, "--min-ratings", "100000" });
        QCOMPARE(tooFew.code, 1);
        QVERIFY2(tooFew.err.contains(u"at least 3 items"), qPrintable(tooFew.err));
        // the map's CSV gains the same groups as a column
        const QString coords = path("clustered.csv");
        QCOMPARE(runCli({ "map", m_model, "--out", coords, "--projection", "pca", "--clusters" }).code, 0);
        QFile file(coords);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines[0], QByteArray("id,title,x,y,ratings,cluster"));
        std::map<int, std::set<QByteArray>> clusterOfType;
        for (int l = 1; l <= 40; ++l) {
            const QList<QByteArray> cells = lines[l].split(',');
            clusterOfType[demoItemType(cells[0].toStdString(), types)].insert(cells.last());
        }
        for (const auto& [type, clustersOfIt] : clusterOfType)
            QCOMPARE(clustersOfIt.size(), std::size_t(1));
    }

    // `map --users`: one row a user, from the session's user table, with attribute columns when
    // given a table (users it lacks have empty cells); a model with no users says so.
    void mapsTheUsers()
    {
        const QString coords = path("users.csv");
        const Run run = runCli({ "map", m_model, "--users", "--out", coords, "--json", "--threads", "2" });
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QCOMPARE(run.json()[u"users"].toInt(), 60);
        QVERIFY(run.json()[u"neighbours_kept"].toDouble(-1) >= 0);
        QFile file(coords);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines[0], QByteArray("user,x,y,ratings"));
        QCOMPARE(lines.size(), 62); // header, 60 users, the empty tail
        QCOMPARE(lines[1].split(',')[0], QByteArray("1"));
        QCOMPARE(lines[1].split(',')[3], QByteArray("8")); // every demo user rated 8 items
        file.close();

        const QString attributes = path("people.csv");
        std::ofstream(attributes.toStdString()) << "userId,age,job\n1,31,writer\n2,,nurse\n";
        const Run withAttributes = runCli({ "map", m_model, "--users", "--projection", "pca", "--min-ratings", "1",
                                            "--user-attributes", attributes, "--out", coords });
        QVERIFY2(withAttributes.code == 0, qPrintable(withAttributes.err));
        QVERIFY2(withAttributes.out.startsWith(u"PCA map of 60 users"), qPrintable(withAttributes.out));
        QVERIFY(file.open(QIODevice::ReadOnly));
        lines = file.readAll().split('\n');
        QCOMPARE(lines[0], QByteArray("user,x,y,ratings,age,job"));
        QVERIFY(lines[1].endsWith(",31,writer"));
        QVERIFY(lines[2].endsWith(",,nurse")); // no age: an empty cell
        QVERIFY(lines[3].endsWith(",8,,"));    // not in the table

        QCOMPARE(runCli({ "map", m_model, "--users", "--clusters", "--out", coords }).code, 2);
        QCOMPARE(runCli({ "map", m_model, "--user-attributes", attributes, "--out", coords }).code, 2);
        // item vectors imported alone have no users to place
        const QString npy = path("users-items.npy"), imported = path("items-only.embex");
        QCOMPARE(runCli({ "export", m_model, "--format", "npy", npy }).code, 0);
        QCOMPARE(runCli({ "import", npy, "--save", imported }).code, 0);
        const Run none = runCli({ "map", imported, "--users", "--out", coords });
        QCOMPARE(none.code, 1);
        QVERIFY2(none.err.contains(u"no users to place") && none.err.contains(u"--users"), qPrintable(none.err));
    }

    void mapReportsMistakes()
    {
        const QString coords = path("map.csv");
        QCOMPARE(runCli({ "map", m_model, "--out", coords, "--projection", "tsne" }).code, 2);
        QCOMPARE(runCli({ "map", m_model, "--out", coords, "--metric", "manhattan" }).code, 2);
        QCOMPARE(runCli({ "map", m_model }).code, 2); // --out is required
        const Run tooFew = runCli({ "map", m_model, "--out", coords, "--min-ratings", "100000" });
        QCOMPARE(tooFew.code, 1);
        QVERIFY2(tooFew.err.contains(u"at least 3 items"), qPrintable(tooFew.err));
        const Run missing = runCli({ "map", path("missing.embex"), "--out", coords });
        QCOMPARE(missing.code, 1);
        QVERIFY2(missing.err.contains(u"missing.embex: cannot open"), qPrintable(missing.err));
        const Run unwritable = runCli({ "map", m_model, "--out", path("no/such/dir/map.csv") });
        QCOMPARE(unwritable.code, 1);
        QVERIFY2(unwritable.err.contains(u"map.csv"), qPrintable(unwritable.err));
    }
};

QTEST_APPLESS_MAIN(TestAnalysisCli)
#include "tst_analysis_cli.moc"
