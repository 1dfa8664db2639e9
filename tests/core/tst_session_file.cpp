// SPDX-License-Identifier: MIT
#include "core/data/demo_generator.h"
#include "core/io/byte_writer.h"
#include "core/io/crc32.h"
#include "core/io/session_file.h"
#include "core/models/model_registry.h"
#include "core/models/scorer.h"
#include "tests/support/temp_files.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stop_token>
#include <sys/resource.h>

using namespace embex::core;
using embex::test::readBytes;

namespace {

RowMatrixXf filled(Index rows, Index cols, float seed)
{
    RowMatrixXf m(rows, cols);
    for (Index i = 0; i < m.size(); ++i)
        m.data()[i] = std::sin(seed + 0.37f * static_cast<float>(i));
    return m;
}

// The parameters each model kind publishes (names from embedding_snapshot.h plus the
// model-specific layers the trainers add).
std::shared_ptr<EmbeddingSnapshot> snapshotFor(const std::string& kind, const Dataset& data)
{
    const auto users = static_cast<Index>(data.users.size());
    const auto items = static_cast<Index>(data.items.size());
    const Index d = 6;
    auto s = std::make_shared<EmbeddingSnapshot>();
    s->modelKind = kind;
    s->epoch = 12;
    s->hyperparameters = { { "dimension", "6" }, { "learning_rate", "0.01" }, { "model", kind } };
    s->parameters.push_back({ "item_embedding", filled(items, d, 1) });
    if (kind == "dotbias" || kind == "als" || kind == "mlp")
        s->parameters.push_back({ "user_embedding", filled(users, d, 2) });
    if (kind == "dotbias" || kind == "als") {
        s->parameters.push_back({ "item_bias", filled(items, 1, 3) });
        s->parameters.push_back({ "user_bias", filled(users, 1, 4) });
        s->parameters.push_back({ "global_bias", RowMatrixXf::Constant(1, 1, 3.5f) });
    }
    if (kind == "mlp" || kind == "softmax" || kind == "autoencoder") {
        s->parameters.push_back({ "dense0.weight", filled(2 * d, 32, 5) });
        s->parameters.push_back({ "dense0.bias", filled(1, 32, 6) });
        s->parameters.push_back({ "dense1.weight", filled(32, kind == "mlp" ? 1 : items, 7) });
    }
    return s;
}

Session demoSession(const std::string& kind)
{
    auto data = generateDemo(
        { .users = 30, .items = 20, .types = 4, .ratingsPerUser = 5, .implicit = false, .seed = 3 });
    if (kind == "imported") {
        data->users = IdMap();
        data->ratings = RatingsTable();
    }
    std::vector<EpochReport> history;
    for (int e = 1; e <= 3; ++e)
        history.push_back({ e, 1.0 / e, e == 2 ? std::nan("") : 1.5 / e, 0.25, 1e6, { { "rmse", 0.9 / e } } });
    Session session { data, snapshotFor(kind, *data), history };
    if (kind != "imported") { // imported vectors come without a view
        SessionView view;
        view.itemFilter.includeGenres = { 1, 3 };
        view.itemFilter.excludeGenres = { 0 };
        view.itemFilter.fromYear = 1980;
        view.itemFilter.minRatings = 2;
        view.itemFilter.maxRatings = 500;
        view.usersProjection = ProjectionKind::Neighbourhoods;
        view.usersColourBy = "age";
        view.usersMinRatings = 3;
        session.view = view;
    }
    return session;
}

// `bytes` (a saved session whose last section is "view") with that section's payload replaced.
std::string withViewPayload(const std::string& bytes, const ByteWriter& payload)
{
    const std::size_t at = bytes.rfind("\x04view");
    ByteWriter size;
    size.put(static_cast<std::uint64_t>(payload.bytes().size()));
    std::string section = std::string("\x04view") + std::string(size.bytes()) + std::string(payload.bytes());
    ByteWriter crc;
    crc.put(crc32(section.data(), section.size()));
    return bytes.substr(0, at) + section + std::string(crc.bytes());
}

void writeBytes(const QString& path, const std::string& bytes)
{
    std::ofstream(path.toStdString(), std::ios::binary | std::ios::trunc) << bytes;
}

void compareSessions(const Session& a, const Session& b)
{
    QCOMPARE(b.snapshot->modelKind, a.snapshot->modelKind);
    QCOMPARE(b.snapshot->epoch, a.snapshot->epoch);
    QCOMPARE(b.snapshot->hyperparameters, a.snapshot->hyperparameters);
    QCOMPARE(b.snapshot->parameters.size(), a.snapshot->parameters.size());
    for (std::size_t p = 0; p < a.snapshot->parameters.size(); ++p) {
        QCOMPARE(b.snapshot->parameters[p].name, a.snapshot->parameters[p].name);
        QVERIFY(b.snapshot->parameters[p].value == a.snapshot->parameters[p].value);
    }
    const Dataset& x = *a.dataset;
    const Dataset& y = *b.dataset;
    QCOMPARE(y.sourceFile, x.sourceFile);
    QCOMPARE(y.isDemo, x.isDemo);
    QCOMPARE(y.format.delimiter, x.format.delimiter);
    QCOMPARE(y.format.ratingColumn, x.format.ratingColumn);
    QCOMPARE(y.format.headerNames, x.format.headerNames);
    QCOMPARE(y.ratingMin, x.ratingMin);
    QCOMPARE(y.ratingMax, x.ratingMax);
    QCOMPARE(y.users.rawIds(), x.users.rawIds());
    QCOMPARE(y.items.rawIds(), x.items.rawIds());
    QCOMPARE(y.ratings.users, x.ratings.users);
    QCOMPARE(y.ratings.items, x.ratings.items);
    QCOMPARE(y.ratings.ratings, x.ratings.ratings);
    QCOMPARE(y.ratings.timestamps, x.ratings.timestamps);
    QCOMPARE(y.metadata.genreNames, x.metadata.genreNames);
    QCOMPARE(y.metadata.items.size(), x.metadata.items.size());
    for (const auto& [id, info] : x.metadata.items) {
        QCOMPARE(y.metadata.title(id), info.title);
        QCOMPARE(y.metadata.find(id)->genres, info.genres);
    }
    QCOMPARE(b.view.has_value(), a.view.has_value());
    QVERIFY(b.view == a.view);
    QCOMPARE(b.history.size(), a.history.size());
    for (std::size_t e = 0; e < a.history.size(); ++e) {
        QCOMPARE(b.history[e].epoch, a.history[e].epoch);
        QCOMPARE(b.history[e].trainLoss, a.history[e].trainLoss);
        QCOMPARE(std::isnan(b.history[e].validationLoss), std::isnan(a.history[e].validationLoss));
        QCOMPARE(b.history[e].metrics, a.history[e].metrics);
    }
}

} // namespace

class TestSessionFile : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const char* name) const { return m_dir.filePath(QString::fromUtf8(name)); }
    QString savedSample()
    {
        const QString file = path("sample.embex");
        if (!QFile::exists(file))
            [&] { QVERIFY(!saveSession(demoSession("dotbias"), file.toStdString())); }();
        return file;
    }

private slots:
    void roundTripsEveryModelKind_data()
    {
        QTest::addColumn<QString>("kind");
        for (const ModelTraits& row : modelRegistry())
            QTest::addRow("%s", std::string(row.name).c_str()) << QString::fromUtf8(row.name.data(), row.name.size());
        QTest::addRow("imported") << QStringLiteral("imported");
    }
    void roundTripsEveryModelKind()
    {
        QFETCH(QString, kind);
        const Session session = demoSession(kind.toStdString());
        const QString file = path("roundtrip.embex");
        const auto problem = saveSession(session, file.toStdString());
        QVERIFY2(!problem, problem ? problem->toString().c_str() : "");
        const SessionLoadOutcome loaded = loadSession(file.toStdString());
        QVERIFY2(loaded.ok(), loaded.error.toString().c_str());
        compareSessions(session, *loaded.session);
        // Saving what was loaded gives the same bytes: the format is deterministic.
        const QString again = path("again.embex");
        QVERIFY(!saveSession(*loaded.session, again.toStdString()));
        QVERIFY(readBytes(file) == readBytes(again));
    }

    // Session files saved by an earlier embex-cli (tests/core/data/sessions, one per kind) still
    // open, with their kind and a working scorer.
    void readsSessionsWrittenBefore_data()
    {
        QTest::addColumn<QString>("kind");
        for (const ModelTraits& row : modelRegistry())
            QTest::addRow("%s", std::string(row.name).c_str()) << QString::fromUtf8(row.name.data(), row.name.size());
    }
    void readsSessionsWrittenBefore()
    {
        QFETCH(QString, kind);
        const QString file = QFINDTESTDATA(QStringLiteral("data/sessions/") + kind + QStringLiteral(".embex"));
        QVERIFY(!file.isEmpty());
        const SessionLoadOutcome loaded = loadSession(file.toStdString());
        QVERIFY2(loaded.ok(), loaded.error.toString().c_str());
        QCOMPARE(loaded.session->snapshot->modelKind, kind.toStdString());
        QVERIFY(makeScorer(loaded.session->snapshot)->canScoreUsers());
        QVERIFY(!loaded.session->view); // format 2 kept no view
    }

    void rejectsAnUnknownModelKind()
    {
        const QString file = path("unknown-kind.embex");
        Session session = demoSession("dotbias");
        auto snapshot = std::make_shared<EmbeddingSnapshot>(*session.snapshot);
        snapshot->modelKind = "svd";
        session.snapshot = snapshot;
        QVERIFY(!saveSession(session, file.toStdString()));
        const SessionLoadOutcome loaded = loadSession(file.toStdString());
        QVERIFY(!loaded.ok());
        QVERIFY2(loaded.error.toString().find("'svd'") != std::string::npos, loaded.error.toString().c_str());
    }

    void rejectsEveryTruncation()
    {
        const std::string bytes = readBytes(savedSample());
        for (std::size_t length = 0; length < bytes.size(); ++length) {
            const auto outcome = parseSession(std::string_view(bytes).substr(0, length), "cut.embex");
            QVERIFY(!outcome.ok());
            const QString message = QString::fromStdString(outcome.error.message);
            QVERIFY2(message.contains(length == 0 ? QStringLiteral("empty") : QStringLiteral("truncated at offset")),
                     qPrintable(QString::number(length) + QStringLiteral(": ") + message));
        }
        const QString cut = path("cut.embex");
        writeBytes(cut, bytes.substr(0, 100));
        QCOMPARE(QString::fromStdString(loadSession(cut.toStdString()).error.toString()),
                 cut + QStringLiteral(": truncated at offset 100 (section \"model\" needs 90 bytes, 66 remain)"));
    }

    void rejectsEveryFlippedByte()
    {
        const std::string bytes = readBytes(savedSample());
        for (std::size_t at = 0; at < bytes.size(); ++at) {
            std::string damaged = bytes;
            damaged[at] = static_cast<char>(damaged[at] ^ 0x20);
            const auto outcome = parseSession(damaged, "flip.embex");
            QVERIFY2(!outcome.ok(), qPrintable(QStringLiteral("a flip at offset %1 went unnoticed").arg(at)));
        }
        std::string damaged = bytes;
        damaged[bytes.find("\x07weights") + 100] ^= 1; // inside the weights
        QCOMPARE(QString::fromStdString(parseSession(damaged, "flip.embex").error.message),
                 QStringLiteral("checksum mismatch in section \"weights\" (the file is damaged)"));
    }

    void rejectsAFutureVersion()
    {
        std::string bytes = readBytes(savedSample());
        const std::uint32_t version = 7;
        std::memcpy(bytes.data() + 8, &version, 4);
        const std::uint32_t crc = crc32(bytes.data(), 16);
        std::memcpy(bytes.data() + 16, &crc, 4);
        QCOMPARE(QString::fromStdString(parseSession(bytes, "new.embex").error.toString()),
                 QStringLiteral("new.embex: format version 7 is newer than this Embex supports (3)"));
    }

    void rejectsForeignAndEmptyFiles()
    {
        const QString png = path("picture.embex");
        writeBytes(png, std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
        QCOMPARE(QString::fromStdString(loadSession(png.toStdString()).error.message),
                 QStringLiteral("not an Embex session file"));
        const QString empty = path("empty.embex");
        writeBytes(empty, "");
        QCOMPARE(QString::fromStdString(loadSession(empty.toStdString()).error.message),
                 QStringLiteral("the file is empty, not an Embex session"));
        QVERIFY(!loadSession(path("missing.embex").toStdString()).ok());
    }

    void reportsWriteErrorsAndKeepsTheOldFile()
    {
        const QString file = savedSample();
        const std::string before = readBytes(file);
        // A file size limit makes write() fail as a full disk does.
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit old {};
        getrlimit(RLIMIT_FSIZE, &old);
        rlimit small = old;
        small.rlim_cur = 512;
        setrlimit(RLIMIT_FSIZE, &small);
        const auto problem = saveSession(demoSession("mlp"), file.toStdString());
        setrlimit(RLIMIT_FSIZE, &old);
        QVERIFY(problem);
        QCOMPARE(QString::fromStdString(problem->file), file);
        QVERIFY2(QString::fromStdString(problem->message).contains(u"write failed"), problem->message.c_str());
        QVERIFY(readBytes(file) == before);
        QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden).filter(u".sample.embex.").size(), 0);

        const auto missingDir = saveSession(demoSession("als"), path("no/such/dir/x.embex").toStdString());
        QVERIFY(missingDir);
        QVERIFY(QString::fromStdString(missingDir->toString()).startsWith(path("no/such/dir/x.embex")));
    }

    // Save and open report a percentage that starts below 1, never falls and ends at 1; a damaged
    // file stops short of 1 and still says how far it got.
    void progressRisesToOne()
    {
        const QString file = path("progress.embex");
        std::vector<double> saved, opened, damaged;
        auto into = [](std::vector<double>& seen) { return [&seen](double f) { seen.push_back(f); }; };
        QVERIFY(!saveSession(demoSession("mlp"), file.toStdString(), into(saved)));
        QVERIFY(loadSession(file.toStdString(), into(opened)).ok());
        for (const auto* seen : { &saved, &opened }) {
            QVERIFY2(seen->size() >= 2, qPrintable(QString::number(seen->size())));
            QVERIFY(seen->front() >= 0 && seen->front() < 1);
            QVERIFY(std::is_sorted(seen->begin(), seen->end()));
            QCOMPARE(seen->back(), 1.0);
        }
        const std::string bytes = readBytes(file);
        const QString cut = path("progress-cut.embex");
        writeBytes(cut, bytes.substr(0, bytes.size() - 10));
        QVERIFY(!loadSession(cut.toStdString(), into(damaged)).ok());
        QVERIFY(!damaged.empty());
        QVERIFY(std::is_sorted(damaged.begin(), damaged.end()));
        QVERIFY(damaged.back() < 1);
    }

    // A stop is not a failure: no session, no error, and it wins even after the last byte.
    void aStopEndsTheReadWithoutAnError()
    {
        const QString file = savedSample();
        std::stop_source source;
        source.request_stop();
        const SessionLoadOutcome outcome = loadSession(file.toStdString(), {}, source.get_token());
        QVERIFY(outcome.stopped);
        QVERIFY(!outcome.ok());
        QVERIFY(outcome.error.message.empty());
        QVERIFY(!loadSession(file.toStdString()).stopped);
    }

    // Several runs of different kinds: names, splits, outcomes, weights and histories come back,
    // the open one shares the session's snapshot, and saving again gives the same bytes.
    void roundTripsSeveralRuns()
    {
        Session session = demoSession("dotbias");
        const Session mlp = demoSession("mlp");
        auto als = snapshotFor("als", *session.dataset);
        als->parameters[0].value *= -2.0f;
        std::vector<EpochReport> alsHistory { { 1, 0.5, 0.75, 0.1, 2e6, { { "rmse", 0.97 }, { "mae", 0.76 } } } };
        session.runs = {
            { "dotbias 1", session.snapshot, session.history, "random 0.1 seed 42", 1.25, "finished" },
            { "mlp 1", snapshotFor("mlp", *session.dataset), mlp.history, "random 0.1 seed 42", 3.5, "stopped" },
            { "als, renamed", als, alsHistory, "test file u1.test", 0.5, "early stopped" },
        };
        session.activeRun = 1;
        session.snapshot = session.runs[1].snapshot;
        session.history = session.runs[1].history;
        const QString file = path("runs.embex");
        QVERIFY(!saveSession(session, file.toStdString()));
        const SessionLoadOutcome loaded = loadSession(file.toStdString());
        QVERIFY2(loaded.ok(), loaded.error.toString().c_str());
        const Session& back = *loaded.session;
        compareSessions(session, back);
        QCOMPARE(back.activeRun, std::size_t(1));
        QCOMPARE(back.runs.size(), session.runs.size());
        QVERIFY(back.runs[1].snapshot == back.snapshot);
        for (std::size_t r = 0; r < session.runs.size(); ++r) {
            const TrainingRun& a = session.runs[r];
            const TrainingRun& b = back.runs[r];
            QCOMPARE(b.name, a.name);
            QCOMPARE(b.split, a.split);
            QCOMPARE(b.seconds, a.seconds);
            QCOMPARE(b.outcome, a.outcome);
            QCOMPARE(b.finalMetrics(), a.finalMetrics());
            QCOMPARE(b.history.size(), a.history.size());
            QCOMPARE(b.snapshot->modelKind, a.snapshot->modelKind);
            QCOMPARE(b.snapshot->hyperparameters, a.snapshot->hyperparameters);
            QCOMPARE(b.snapshot->parameters.size(), a.snapshot->parameters.size());
            for (std::size_t p = 0; p < a.snapshot->parameters.size(); ++p)
                QVERIFY(b.snapshot->parameters[p].value == a.snapshot->parameters[p].value);
        }
        const QString again = path("runs-again.embex");
        QVERIFY(!saveSession(back, again.toStdString()));
        QVERIFY(readBytes(file) == readBytes(again));
    }

    // A session saved without a list of runs reopens as one run, "run 1", of its snapshot.
    void aSessionWithoutRunsReopensAsOneRun()
    {
        const QString file = path("one-run.embex");
        QVERIFY(!saveSession(demoSession("als"), file.toStdString()));
        const SessionLoadOutcome loaded = loadSession(file.toStdString());
        QVERIFY2(loaded.ok(), loaded.error.toString().c_str());
        QCOMPARE(loaded.session->runs.size(), std::size_t(1));
        QCOMPARE(loaded.session->runs[0].name, std::string("run 1"));
        QVERIFY(loaded.session->runs[0].snapshot == loaded.session->snapshot);
        QCOMPARE(loaded.session->runs[0].history.size(), std::size_t(3));
    }

    // tests/core/data/session-v1-dotbias.embex was written by format version 1 (embex-cli demo
    // --users 60 --items 40 --types 3 --per-user 15 --seed 7, then train --model dotbias --dim 4
    // --epochs 3 --holdout 0.2 --seed 5 --save): it opens as one run of that model.
    void opensAVersion1File()
    {
        const QString file = QFINDTESTDATA("data/session-v1-dotbias.embex");
        QVERIFY(!file.isEmpty());
        const std::string bytes = readBytes(file);
        std::uint32_t version = 0;
        std::memcpy(&version, bytes.data() + 8, 4);
        QCOMPARE(version, 1u);
        const SessionLoadOutcome loaded = loadSession(file.toStdString());
        QVERIFY2(loaded.ok(), loaded.error.toString().c_str());
        const Session& s = *loaded.session;
        QCOMPARE(s.dataset->users.size(), std::size_t(60));
        QCOMPARE(s.dataset->items.size(), std::size_t(40));
        QCOMPARE(s.dataset->ratings.size(), std::size_t(730)); // the 80 % it trained on
        QCOMPARE(s.snapshot->modelKind, std::string("dotbias"));
        QCOMPARE(s.snapshot->epoch, 3);
        QCOMPARE(s.snapshot->itemEmbeddings().cols(), Index(4));
        QCOMPARE(s.history.size(), std::size_t(3));
        QVERIFY(std::abs(s.history.back().metrics.at("rmse") - 1.394683164) < 1e-6);
        QCOMPARE(s.runs.size(), std::size_t(1));
        QCOMPARE(s.activeRun, std::size_t(0));
        QCOMPARE(s.runs[0].name, std::string("run 1"));
        QCOMPARE(s.runs[0].split, std::string());
        QVERIFY(s.runs[0].snapshot == s.snapshot);
        QCOMPARE(s.runs[0].finalMetrics(), s.history.back().metrics);
        QVERIFY(makeScorer(s.snapshot)->canScoreUsers());
        QVERIFY(!s.view);
    }

    // A damaged "view" payload (its checksum intact) fails the whole read and says what is wrong.
    void rejectsADamagedView_data()
    {
        QTest::addColumn<int>("flag");
        QTest::addColumn<int>("genre");
        QTest::addColumn<QString>("projection");
        QTest::addColumn<QString>("problem");
        QTest::addRow("flag") << 2 << 1 << QStringLiteral("pca") << QStringLiteral("the view flag is 2, not 0 or 1");
        QTest::addRow("genre") << 1 << 4 << QStringLiteral("pca")
                               << QStringLiteral("the filter's included genre 4 is not one of the metadata's 4 genres");
        QTest::addRow("projection") << 1 << 1 << QStringLiteral("tsne")
                                    << QStringLiteral("the Users projection 'tsne' is not one this version knows");
        QTest::addRow("cut short") << 1 << 1 << QString() << QStringLiteral("the section ends early");
    }
    void rejectsADamagedView()
    {
        QFETCH(int, flag);
        QFETCH(int, genre);
        QFETCH(QString, projection);
        QFETCH(QString, problem);
        ByteWriter payload;
        payload.put(static_cast<std::uint8_t>(flag));
        payload.putArray(std::vector<std::uint16_t> { static_cast<std::uint16_t>(genre) });
        payload.putArray(std::vector<std::uint16_t> {});
        for (int bound = 0; bound < 4; ++bound) {
            payload.put(static_cast<std::uint8_t>(0));
            payload.put(std::int32_t(0)); // years and rating counts are both 4 bytes
        }
        if (!projection.isEmpty()) {
            payload.putString(projection.toStdString());
            payload.putString("activity");
            payload.put(std::uint32_t(0));
        }
        const auto outcome = parseSession(withViewPayload(readBytes(savedSample()), payload), "view.embex");
        QVERIFY(!outcome.ok());
        const QString message = QString::fromStdString(outcome.error.message);
        QVERIFY2(message.startsWith(QStringLiteral("section \"view\" at offset ")) && message.endsWith(problem),
                 qPrintable(message));
    }

    // Format 3 always ends with "view": a file of that version without it is damaged.
    void rejectsAVersion3FileWithoutAView()
    {
        std::string bytes = readBytes(savedSample());
        bytes.resize(bytes.rfind("\x04view"));
        std::uint32_t count = 0;
        std::memcpy(&count, bytes.data() + 12, 4);
        --count;
        std::memcpy(bytes.data() + 12, &count, 4);
        const std::uint32_t crc = crc32(bytes.data(), 16);
        std::memcpy(bytes.data() + 16, &crc, 4);
        QCOMPARE(QString::fromStdString(parseSession(bytes, "noview.embex").error.message),
                 QStringLiteral("section \"view\" is missing"));
    }

    void rejectsRunsThatBreakTheRules()
    {
        const Session base = demoSession("dotbias");
        auto expectThrow = [&](Session session, const char* needle) {
            try {
                saveSession(session, path("bad-runs.embex").toStdString());
                QFAIL("no exception");
            } catch (const std::invalid_argument& e) {
                QVERIFY2(std::string(e.what()).find(needle) != std::string::npos, e.what());
            }
        };
        Session notOpen = base;
        notOpen.runs = { { "a", snapshotFor("dotbias", *base.dataset), base.history, "", 0, "" } };
        expectThrow(notOpen, "runs[activeRun].snapshot must be the session's snapshot");
        Session outOfRange = base;
        outOfRange.runs = { { "a", base.snapshot, base.history, "", 0, "" } };
        outOfRange.activeRun = 1;
        expectThrow(outOfRange, "activeRun 1 is not an index");
        Session wrongRows = base;
        auto small = std::make_shared<EmbeddingSnapshot>(*base.snapshot);
        small->parameters[0].value = RowMatrixXf::Zero(3, 6);
        wrongRows.runs = { { "a", base.snapshot, base.history, "", 0, "" }, { "small", small, {}, "", 0, "" } };
        expectThrow(wrongRows, "run 2 ('small')");
        Session noSnapshot = base;
        noSnapshot.runs = { { "a", base.snapshot, base.history, "", 0, "" }, { "none", nullptr, {}, "", 0, "" } };
        expectThrow(noSnapshot, "has no snapshot");
    }

    // A file whose run list points past its runs is damaged, and says so.
    void rejectsAnOpenRunOutsideTheList()
    {
        std::string bytes = readBytes(savedSample());
        const std::size_t at = bytes.find("\x04runs");
        QVERIFY(at != std::string::npos);
        const std::size_t payload = at + 5 + 8;
        const std::uint64_t active = 5;
        std::memcpy(bytes.data() + payload + 8, &active, 8);
        const std::uint32_t crc = crc32(bytes.data() + at, payload + 16 - at);
        std::memcpy(bytes.data() + payload + 16, &crc, 4);
        const auto outcome = parseSession(bytes, "runs.embex");
        QVERIFY(!outcome.ok());
        QVERIFY2(outcome.error.message.find("the open run 6 is not one of its 1 runs") != std::string::npos,
                 outcome.error.message.c_str());
    }

    void rejectsMisuse()
    {
        Session session = demoSession("dotbias");
        auto other = std::make_shared<EmbeddingSnapshot>(*session.snapshot);
        other->parameters[0].value = RowMatrixXf::Zero(3, 6);
        session.snapshot = other;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, saveSession(session, path("bad.embex").toStdString()));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, saveSession(Session {}, path("bad.embex").toStdString()));
        Session unknownGenre = demoSession("dotbias");
        unknownGenre.view->itemFilter.excludeGenres = { 4 }; // the demo has 4
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, saveSession(unknownGenre, path("bad.embex").toStdString()));
    }
};

QTEST_APPLESS_MAIN(TestSessionFile)
#include "tst_session_file.moc"
