// SPDX-License-Identifier: MIT
// compare's ranking metrics checked by an independent reference: the lists come from
// `recommend --all-users` as CSV, the held-out ratings from the test file, and every figure is
// recomputed here from its definition with no Embex metric code.
#include "core/io/session_file.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_files.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Run = embex::test::CliRun;
using embex::test::cli;

std::vector<std::string> fields(const std::string& line, char separator)
{
    std::vector<std::string> parts;
    std::stringstream stream(line);
    std::string part;
    while (std::getline(stream, part, separator))
        parts.push_back(part);
    return parts;
}

/// The reference: everything below reads files and follows the definitions in docs/guide/metrics.md.
struct Reference {
    std::map<std::string, std::set<std::string>> trainItems; // user → items rated in training
    std::map<std::string, std::set<std::string>> heldOut;    // user → held-out items training knows
    std::map<std::string, long> ratingCount;                 // item → training ratings
    std::map<std::string, std::set<std::string>> raters;     // item → training users
    std::map<std::string, std::set<std::string>> genres;     // item → genre names
    std::map<std::string, std::vector<std::string>> lists;   // user → top k, best first
    std::set<std::string> users, items;                      // the training catalogue
    long trainRatings = 0;

    /// user, item as the first two fields of every line (a header, when `header`, skipped).
    static std::vector<std::pair<std::string, std::string>> pairs(const std::string& path, char separator, bool header)
    {
        std::ifstream in(path);
        std::vector<std::pair<std::string, std::string>> rows;
        std::string line;
        if (header)
            std::getline(in, line);
        while (std::getline(in, line))
            if (!line.empty()) {
                const auto f = fields(line, separator);
                rows.emplace_back(f.at(0), f.at(1));
            }
        return rows;
    }

    void readTraining(const std::string& path, char separator, bool header)
    {
        for (const auto& [user, item] : pairs(path, separator, header)) {
            trainItems[user].insert(item);
            ++ratingCount[item];
            raters[item].insert(user);
            users.insert(user);
            items.insert(item);
            ++trainRatings;
        }
    }
    void readHeldOut(const std::string& path, char separator, bool header)
    {
        for (const auto& [user, item] : pairs(path, separator, header))
            if (users.count(user) && items.count(item)) // rows training never saw are dropped
                heldOut[user].insert(item);
    }
    void readLists(const std::string& path)
    {
        std::ifstream in(path);
        std::string line;
        std::getline(in, line);
        QCOMPARE(line, std::string("user,rank,item,score"));
        while (std::getline(in, line)) {
            const auto f = fields(line, ',');
            auto& list = lists[f.at(0)];
            QCOMPARE(std::stoul(f.at(1)), list.size() + 1);
            list.push_back(f.at(2));
        }
    }

    struct PerUser {
        double precision, recall, ndcg, ap, rr, hit;
    };
    std::map<std::string, PerUser> perUser;

    std::map<std::string, double> figures(int k)
    {
        std::map<std::string, double> sum;
        long evaluated = 0;
        for (const std::string& user : users) {
            const auto relevantIt = heldOut.find(user);
            if (relevantIt == heldOut.end() || relevantIt->second.empty())
                continue;
            const std::set<std::string>& relevant = relevantIt->second;
            const std::vector<std::string>& list = lists[user];
            double hits = 0, dcg = 0, precisions = 0, rr = 0;
            for (std::size_t j = 0; j < list.size(); ++j)
                if (relevant.count(list[j])) {
                    hits += 1;
                    dcg += 1 / std::log2(j + 2.0);
                    precisions += hits / (j + 1.0);
                    if (rr == 0)
                        rr = 1 / (j + 1.0);
                }
            const std::size_t ideal = std::min<std::size_t>(relevant.size(), k);
            double idcg = 0;
            for (std::size_t j = 0; j < ideal; ++j)
                idcg += 1 / std::log2(j + 2.0);
            const PerUser p {
                hits / k, hits / relevant.size(), dcg / idcg, precisions / ideal, rr, hits > 0 ? 1.0 : 0.0
            };
            perUser[user] = p;
            sum["precision"] += p.precision;
            sum["recall"] += p.recall;
            sum["ndcg"] += p.ndcg;
            sum["map"] += p.ap;
            sum["mrr"] += p.rr;
            sum["hit_rate"] += p.hit;
            ++evaluated;
        }
        std::map<std::string, double> out;
        for (const auto& [name, value] : sum)
            out[name] = value / evaluated;
        out["users"] = evaluated;
        out["users_without_held_out"] = static_cast<double>(users.size()) - evaluated;

        // The short head: most-rated items until they hold 20 % of the training ratings, and
        // every item rated as often as the last of them.
        std::vector<long> counts;
        for (const auto& [item, count] : ratingCount)
            counts.push_back(count);
        std::sort(counts.rbegin(), counts.rend());
        long held = 0, headCount = 0;
        for (long c : counts) {
            held += c;
            headCount = c;
            if (5 * held >= trainRatings)
                break;
        }
        std::map<std::string, long> listed;
        double popularity = 0, novelty = 0, longTail = 0, diversity = 0;
        long listedUsers = 0, diverseUsers = 0;
        for (const auto& [user, list] : lists) {
            if (list.empty())
                continue;
            ++listedUsers;
            double pop = 0, nov = 0, tail = 0, distance = 0;
            long pairs = 0;
            for (std::size_t a = 0; a < list.size(); ++a) {
                const std::string& item = list[a];
                ++listed[item];
                pop += ratingCount.count(item) ? ratingCount[item] : 0;
                const double raterCount = std::max<double>(1, raters.count(item) ? raters[item].size() : 0);
                nov += -std::log2(raterCount / users.size());
                tail += (ratingCount.count(item) ? ratingCount[item] : 0) >= headCount ? 0 : 1;
                for (std::size_t b = a + 1; b < list.size(); ++b) {
                    const auto& ga = genres[item];
                    const auto& gb = genres[list[b]];
                    if (ga.empty() || gb.empty())
                        continue;
                    std::vector<std::string> both;
                    std::set_intersection(ga.begin(), ga.end(), gb.begin(), gb.end(), std::back_inserter(both));
                    distance += 1 - static_cast<double>(both.size()) / (ga.size() + gb.size() - both.size());
                    ++pairs;
                }
            }
            popularity += pop / list.size();
            novelty += nov / list.size();
            longTail += tail / list.size();
            if (pairs > 0) {
                diversity += distance / pairs;
                ++diverseUsers;
            }
        }
        out["coverage"] = static_cast<double>(listed.size()) / items.size();
        std::vector<double> recommended;
        for (const std::string& item : items)
            recommended.push_back(listed.count(item) ? listed[item] : 0);
        std::sort(recommended.begin(), recommended.end());
        double weighted = 0, total = 0;
        const double n = recommended.size();
        for (std::size_t i = 0; i < recommended.size(); ++i) {
            weighted += (2 * (i + 1.0) - n - 1) * recommended[i];
            total += recommended[i];
        }
        out["gini"] = weighted / (n * total);
        out["popularity"] = popularity / listedUsers;
        out["novelty"] = novelty / listedUsers;
        out["long_tail"] = longTail / listedUsers;
        if (diverseUsers > 0)
            out["diversity"] = diversity / diverseUsers;
        return out;
    }
};

void checkAgainstReference(Reference& reference, const QJsonObject& compared, int k)
{
    const std::map<std::string, double> expected = reference.figures(k);
    const QJsonObject model = compared.value(QStringLiteral("models")).toArray().at(0).toObject();
    const QJsonObject ranking = model.value(QStringLiteral("ranking")).toObject();
    const std::string at = "_at_" + std::to_string(k);
    QCOMPARE(compared.value(QStringLiteral("ranking_users")).toDouble(), expected.at("users"));
    QCOMPARE(compared.value(QStringLiteral("users_without_held_out")).toDouble(),
             expected.at("users_without_held_out"));
    QVERIFY(expected.count("diversity")); // both data sets have genres
    for (const auto& [name, value] : expected) {
        if (name == "users" || name == "users_without_held_out")
            continue;
        const QString key = QString::fromStdString(name + at);
        QVERIFY2(ranking.contains(key), qPrintable(key));
        const double got = ranking.value(key).toDouble();
        QVERIFY2(std::abs(got - value) < 1e-6,
                 qPrintable(QStringLiteral("%1: compare says %2, the reference %3")
                                .arg(key)
                                .arg(got, 0, 'g', 12)
                                .arg(value, 0, 'g', 12)));
    }
    QCOMPARE(ranking.size(), static_cast<qsizetype>(expected.size() - 2));
    // --per-user-metrics: every evaluated user's own figures
    const QJsonArray perUser
        = model.value(QStringLiteral("runs")).toArray().at(0).toObject().value(QStringLiteral("per_user")).toArray();
    QCOMPARE(static_cast<double>(perUser.size()), expected.at("users"));
    for (const QJsonValue value : perUser) {
        const QJsonObject u = value.toObject();
        const Reference::PerUser& p = reference.perUser.at(u.value(QStringLiteral("user")).toString().toStdString());
        QVERIFY(std::abs(u.value(QStringLiteral("ndcg")).toDouble() - p.ndcg) < 1e-6);
        QVERIFY(std::abs(u.value(QStringLiteral("average_precision")).toDouble() - p.ap) < 1e-6);
        QVERIFY(std::abs(u.value(QStringLiteral("reciprocal_rank")).toDouble() - p.rr) < 1e-6);
        QVERIFY(std::abs(u.value(QStringLiteral("recall")).toDouble() - p.recall) < 1e-6);
    }
}

} // namespace

class TestCliRankingMetrics : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string path(const std::string& name) const
    {
        return m_dir.filePath(QString::fromStdString(name)).toStdString();
    }

    /// compare MODEL on BASE/TEST with --save, then recommend --all-users from the saved session.
    QJsonObject compareAndRecommend(const std::vector<std::string>& split, const std::string& model, int k,
                                    const std::string& recs)
    {
        const std::string session = path(model + ".embex");
        std::vector<std::string> words { "compare" };
        words.insert(words.end(), split.begin(), split.end());
        for (const std::string& w : { std::string("--models"), model, std::string("--k"), std::to_string(k),
                                      std::string("--json"), std::string("--quiet"), std::string("--per-user-metrics"),
                                      std::string("--threads"), std::string("2"), std::string("--save"), session })
            words.push_back(w);
        const Run compared = cli(words);
        if (compared.code != 0)
            qWarning() << compared.err.c_str();
        const Run recommended = cli({ "recommend", session, "--all-users", "-n", std::to_string(k), "--out", recs });
        if (recommended.code != 0)
            qWarning() << recommended.err.c_str();
        return compared.code == 0 && recommended.code == 0 ? embex::test::parseJsonObject(compared.out) : QJsonObject();
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Demo data split here: each user's last three ratings in the file are held out.
    void demoAgreesWithReference_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("k");
        QTest::addRow("dotbias, k 10") << QStringLiteral("dotbias") << 10;
        QTest::addRow("softmax, k 2 (fewer than the 3 held out)") << QStringLiteral("softmax") << 2;
        QTest::addRow("autoencoder, k 5") << QStringLiteral("autoencoder") << 5;
        QTest::addRow("als, k 50 (near the catalogue)") << QStringLiteral("als") << 50;
    }
    void demoAgreesWithReference()
    {
        QFETCH(QString, model);
        QFETCH(int, k);
        const std::string demo = path("demo.csv");
        QCOMPARE(
            cli({ "demo", "--users", "150", "--items", "60", "--types", "4", "--per-user", "12", "--out", demo }).code,
            0);
        std::ifstream in(demo);
        std::string header, line;
        std::getline(in, header);
        std::map<std::string, std::vector<std::string>> byUser;
        std::vector<std::string> order;
        while (std::getline(in, line)) {
            const std::string user = fields(line, ',').at(0);
            if (!byUser.count(user))
                order.push_back(user);
            byUser[user].push_back(line);
        }
        std::ofstream base(path("base.csv")), test(path("test.csv"));
        base << header << '\n';
        test << header << '\n';
        for (const std::string& user : order) {
            const auto& rows = byUser[user];
            for (std::size_t r = 0; r < rows.size(); ++r)
                (r + 3 < rows.size() ? base : test) << rows[r] << '\n';
        }
        base.close();
        test.close();
        const std::string recs = path("recs-" + model.toStdString() + ".csv");
        const QJsonObject compared = compareAndRecommend({ path("base.csv"), "--test", path("test.csv"), "--metadata",
                                                           path("demo.items.csv"), "--epochs", "3", "--dim", "8" },
                                                         model.toStdString(), k, recs);
        QVERIFY(!compared.isEmpty());
        // compare --save keeps the figures in the run, where the Runs table reads them
        const auto saved = embex::core::loadSession(path(model.toStdString() + ".embex"));
        QVERIFY(saved.ok());
        QVERIFY(saved.session->runs.at(0).finalMetrics().count("ndcg_at_" + std::to_string(k)));

        Reference reference;
        reference.readTraining(path("base.csv"), ',', true);
        reference.readHeldOut(path("test.csv"), ',', true);
        reference.readLists(recs);
        std::ifstream items(path("demo.items.csv"));
        std::getline(items, line); // itemId,title,genres
        while (std::getline(items, line)) {
            const std::string id = line.substr(0, line.find(','));
            for (const std::string& g : fields(line.substr(line.rfind(',') + 1), '|'))
                if (!g.empty())
                    reference.genres[id].insert(g);
        }
        QCOMPARE(reference.lists.size(), reference.users.size());
        checkAgainstReference(reference, compared, k);
    }

    void movieLensAgreesWithReference()
    {
        // EMBEX_ML100K_DIR points a clone whose ../shared lies elsewhere at the MovieLens folder.
        const QString dir = qEnvironmentVariable("EMBEX_ML100K_DIR", embex::test::ml100kDir());
        if (dir.isEmpty())
            QSKIP("MovieLens 100k is not in ../shared/data/ml-100k (nor in $EMBEX_ML100K_DIR): the reference check "
                  "ran on demo data only");
        const std::string folder = dir.toStdString();
        const std::string recs = path("recs-ml100k.csv");
        const QJsonObject compared = compareAndRecommend(
            { folder + "/u1.base", "--test", folder + "/u1.test", "--metadata", folder + "/u.item", "--epochs", "3" },
            "dotbias", 10, recs);
        QVERIFY(!compared.isEmpty());
        Reference reference;
        reference.readTraining(folder + "/u1.base", '\t', false);
        reference.readHeldOut(folder + "/u1.test", '\t', false);
        reference.readLists(recs);
        std::ifstream items(folder + "/u.item");
        std::string line;
        static const char* names[] = { "unknown",   "Action",   "Adventure",   "Animation", "Children's",
                                       "Comedy",    "Crime",    "Documentary", "Drama",     "Fantasy",
                                       "Film-Noir", "Horror",   "Musical",     "Mystery",   "Romance",
                                       "Sci-Fi",    "Thriller", "War",         "Western" };
        while (std::getline(items, line)) {
            const auto f = fields(line, '|');
            for (std::size_t g = 0; g < 19 && 5 + g < f.size(); ++g)
                if (f[5 + g] == "1")
                    reference.genres[f[0]].insert(names[g]);
        }
        checkAgainstReference(reference, compared, 10);
    }

    // Baselines are rows too, and --lists compares the models' lists.
    void baselinesAndListOverlap()
    {
        const std::string demo = path("small.csv");
        QCOMPARE(cli({ "demo", "--users", "100", "--items", "40", "--per-user", "10", "--out", demo }).code, 0);
        const Run r = cli({ "compare", demo, "--per-user", "2", "--models", "dotbias,als", "--epochs", "2", "--lists",
                            "--json", "--quiet" });
        QVERIFY2(r.code == 0, r.err.c_str());
        const QJsonObject all = embex::test::parseJsonObject(r.out);
        QCOMPARE(all.value(QStringLiteral("k")).toInt(), 10);
        const QJsonArray baselines = all.value(QStringLiteral("baselines")).toArray();
        QCOMPARE(baselines.size(), 2);
        QCOMPARE(baselines.at(0).toObject().value(QStringLiteral("model")).toString(), QStringLiteral("most popular"));
        QCOMPARE(baselines.at(1).toObject().value(QStringLiteral("model")).toString(), QStringLiteral("random"));
        // most popular lists nearly one set of items for everyone; random spreads over the catalogue
        const auto coverage = [&](int b) {
            return baselines.at(b)
                .toObject()
                .value(QStringLiteral("ranking"))
                .toObject()
                .value(QStringLiteral("coverage_at_10"))
                .toDouble();
        };
        QVERIFY2(coverage(0) < coverage(1), qPrintable(QStringLiteral("%1 vs %2").arg(coverage(0)).arg(coverage(1))));
        QCOMPARE(all.value(QStringLiteral("baseline_most_popular"))
                     .toObject()
                     .value(QStringLiteral("precision_at_10"))
                     .toDouble(),
                 baselines.at(0)
                     .toObject()
                     .value(QStringLiteral("ranking"))
                     .toObject()
                     .value(QStringLiteral("precision_at_10"))
                     .toDouble());
        const QJsonArray overlap = all.value(QStringLiteral("list_overlap")).toArray();
        QCOMPARE(overlap.size(), 1);
        const double mean = overlap.at(0).toObject().value(QStringLiteral("mean_overlap")).toDouble();
        QVERIFY2(mean > 0 && mean <= 1, qPrintable(QString::number(mean)));

        const Run text = cli(
            { "compare", demo, "--per-user", "2", "--models", "dotbias", "--epochs", "2", "--k", "5", "--quiet" });
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.find("ranking at k=5 over 100 users") != std::string::npos, text.out.c_str());
        QVERIFY2(text.out.find("most popular") != std::string::npos && text.out.find("random") != std::string::npos,
                 text.out.c_str());
        QCOMPARE(cli({ "compare", demo, "--models", "dotbias", "--k", "0" }).code, 2);
    }

    // --lists' mean overlap@k, recomputed from each model's `recommend --all-users` file.
    void listOverlapAgreesWithReference()
    {
        const std::string demo = path("overlap.csv");
        QCOMPARE(cli({ "demo", "--users", "120", "--items", "50", "--per-user", "10", "--out", demo }).code, 0);
        const std::vector<std::string> split { demo, "--per-user", "2", "--epochs", "2", "--dim", "8" };
        std::vector<std::string> words { "compare" };
        words.insert(words.end(), split.begin(), split.end());
        for (const char* w : { "--models", "dotbias,als", "--k", "5", "--lists", "--json", "--quiet" })
            words.emplace_back(w);
        const Run both = cli(words);
        QVERIFY2(both.code == 0, both.err.c_str());
        const QJsonArray overlaps
            = embex::test::parseJsonObject(both.out).value(QStringLiteral("list_overlap")).toArray();
        QCOMPARE(overlaps.size(), 1);
        const double reported = overlaps.at(0).toObject().value(QStringLiteral("mean_overlap")).toDouble();

        std::map<std::string, std::vector<std::string>> lists[2];
        const char* models[] = { "dotbias", "als" };
        for (int m = 0; m < 2; ++m) {
            const std::string recs = path(std::string("overlap-") + models[m] + ".csv");
            QVERIFY(!compareAndRecommend(split, models[m], 5, recs).isEmpty());
            Reference reference;
            reference.readLists(recs);
            lists[m] = reference.lists;
        }
        double sum = 0;
        long users = 0;
        std::set<std::string> everyone;
        for (const auto& side : lists)
            for (const auto& [user, list] : side)
                everyone.insert(user);
        for (const std::string& user : everyone) {
            const std::vector<std::string>& a = lists[0][user];
            const std::vector<std::string>& b = lists[1][user];
            long shared = 0;
            for (const std::string& item : a)
                shared += std::count(b.begin(), b.end(), item);
            sum += shared / 5.0;
            ++users;
        }
        QVERIFY(users > 0);
        const double expected = sum / users;
        QVERIFY2(std::abs(reported - expected) < 1e-6,
                 qPrintable(QStringLiteral("compare --lists says %1, the reference %2").arg(reported).arg(expected)));
    }

    void recommendAllUsersRefusesMixedAsks()
    {
        const std::string session = path("dotbias.embex");
        if (!QFile::exists(QString::fromStdString(session)))
            QSKIP("needs the session of demoAgreesWithReference");
        QCOMPARE(cli({ "recommend", session, "--all-users", "--user", "1" }).code, 2);
        QCOMPARE(cli({ "recommend", session, "--user", "1", "--out", path("x.csv") }).code, 2);
        const Run out = cli({ "recommend", session, "--all-users", "-n", "2" });
        QCOMPARE(out.code, 0);
        QVERIFY2(out.out.rfind("user,rank,item,score\n", 0) == 0, out.out.c_str());
    }
};

QTEST_APPLESS_MAIN(TestCliRankingMetrics)
#include "tst_cli_ranking_metrics.moc"
