// SPDX-License-Identifier: MIT
// A saved session keeps what the window showed: the map's item filter and the Users tab's
// projection, colour choice and ratings floor come back on open, and a damaged view section
// leaves the open session and its view as they were.
#include "core/data/attribute_table.h"
#include "core/io/byte_writer.h"
#include "core/io/crc32.h"
#include "tests/support/gui_training.h"
#include "tests/support/temp_files.h"
#include "ui/data/session_actions.h"
#include "ui/data/workspace.h"
#include "ui/map/item_filter_state.h"
#include "ui/map/map_pane.h"
#include "ui/map/map_projection_bar.h"
#include "ui/users/users_pane.h"
#include "ui/window/main_window.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

using namespace embex;

namespace {

core::ItemFilter typesOneAndThreeFromTwoRatings()
{
    core::ItemFilter filter;
    filter.includeGenres = { 1, 3 };
    filter.excludeGenres = { 0 };
    filter.minRatings = 2;
    filter.maxRatings = 400;
    return filter;
}

bool saveAndWait(ui::SessionActions& actions, const QString& path)
{
    QSignalSpy done(&actions, &ui::SessionActions::done);
    return actions.saveSessionFile(path) && QTest::qWaitFor([&] { return done.count() == 1; }, 20000)
        && done.first().first().toBool();
}

bool openAndWait(ui::SessionActions& actions, const QString& path)
{
    QSignalSpy done(&actions, &ui::SessionActions::done);
    return actions.openSessionFile(path) && QTest::qWaitFor([&] { return done.count() == 1; }, 20000)
        && done.first().first().toBool();
}

// The saved bytes with the "view" section (the last) naming a genre the metadata lacks, its
// checksum made right: only the payload's meaning is wrong.
QByteArray withUnknownGenre(const std::string& bytes)
{
    core::ByteWriter payload;
    payload.put(std::uint8_t(1));
    payload.putArray(std::vector<std::uint16_t> { 99 });
    payload.putArray(std::vector<std::uint16_t> {});
    for (int bound = 0; bound < 4; ++bound) {
        payload.put(std::uint8_t(0));
        payload.put(std::int32_t(0));
    }
    payload.putString("pca");
    payload.putString("activity");
    payload.put(std::uint32_t(0));
    core::ByteWriter size;
    size.put(static_cast<std::uint64_t>(payload.bytes().size()));
    const std::string section = "\x04view" + size.bytes() + payload.bytes();
    core::ByteWriter crc;
    crc.put(core::crc32(section.data(), section.size()));
    const std::string damaged = bytes.substr(0, bytes.rfind("\x04view")) + section + crc.bytes();
    return QByteArray(damaged.data(), static_cast<qsizetype>(damaged.size()));
}

} // namespace

class TestSessionView : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void filterAndUsersChoicesComeBackAndADamagedViewChangesNothing()
    {
        const QString path = m_dir.filePath(QStringLiteral("view.embex"));
        {
            ui::MainWindow window;
            QVERIFY(test::trainDemoDotBias(window));
            window.mapPane()->itemFilter()->setFilter(typesOneAndThreeFromTwoRatings());
            ui::UsersPane* users = window.usersPane();
            users->projectionBar()->setKind(core::ProjectionKind::Neighbourhoods);
            QVERIFY(users->setColourBy(QStringLiteral("age"))); // the demo plants ages
            users->setMinimumRatings(4);
            QVERIFY(saveAndWait(*window.sessionActions(), path));
        }

        ui::MainWindow window;
        ui::UsersPane* users = window.usersPane();
        QVERIFY(openAndWait(*window.sessionActions(), path));
        QVERIFY(window.mapPane()->itemFilter()->filter() == typesOneAndThreeFromTwoRatings());
        QVERIFY(window.mapPane()->itemFilter()->isActive());
        QCOMPARE(users->projectionBar()->kind(), core::ProjectionKind::Neighbourhoods);
        QCOMPARE(users->minimumRatings(), 4);
        // the session keeps no attribute table: colouring by age waits for one with an age column
        QCOMPARE(users->colourBy(), QStringLiteral("activity"));
        std::unordered_map<std::string, std::vector<std::string>> rows { { "1", { "31" } }, { "2", { "45" } } };
        window.workspace()->setUserAttributes(std::make_shared<core::AttributeTable>(
            core::attributeTableFromRows("people.csv", { "age" }, std::move(rows))));
        QCOMPARE(users->colourBy(), QStringLiteral("age"));

        // a view section whose checksum holds but whose genre is not the metadata's: nothing changes
        const QString damaged = QString::fromStdString(
            test::writeFile(m_dir, QStringLiteral("damaged.embex"), withUnknownGenre(test::readBytes(path))));
        const auto dataset = window.workspace()->dataset();
        users->setMinimumRatings(6);
        QVERIFY(!openAndWait(*window.sessionActions(), damaged));
        QCOMPARE(window.workspace()->dataset(), dataset);
        QVERIFY(window.mapPane()->itemFilter()->filter() == typesOneAndThreeFromTwoRatings());
        QCOMPARE(users->projectionBar()->kind(), core::ProjectionKind::Neighbourhoods);
        QCOMPARE(users->minimumRatings(), 6);
        QCOMPARE(users->colourBy(), QStringLiteral("age"));
    }

    // A session saved without a view (embex-cli, format 2) opens with the Users choices as they are.
    void aSessionWithoutAViewKeepsTheChoices()
    {
        const QString path = m_dir.filePath(QStringLiteral("plain.embex"));
        {
            ui::MainWindow window;
            QVERIFY(test::trainDemoDotBias(window));
            window.sessionActions()->setViewSource({});
            QVERIFY(saveAndWait(*window.sessionActions(), path));
        }
        ui::MainWindow window;
        window.usersPane()->projectionBar()->setKind(core::ProjectionKind::Neighbourhoods);
        window.usersPane()->setMinimumRatings(5);
        QVERIFY(openAndWait(*window.sessionActions(), path));
        QCOMPARE(window.usersPane()->projectionBar()->kind(), core::ProjectionKind::Neighbourhoods);
        QCOMPARE(window.usersPane()->minimumRatings(), 5);
        QVERIFY(!window.mapPane()->itemFilter()->isActive());
    }
};

QTEST_MAIN(TestSessionView)
#include "tst_session_view.moc"
