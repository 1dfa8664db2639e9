// SPDX-License-Identifier: MIT
// The grid that lets SGD run on several threads without races, and the team that runs it.
#include "core/optim/rating_blocks.h"
#include "core/util/worker_team.h"

#include <QtTest>

#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <thread>
#include <tuple>

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

using namespace embex;

namespace {

core::RatingsTable randomRatings(std::size_t n, std::uint32_t users, std::uint32_t items, std::uint64_t seed)
{
    core::Rng rng(seed);
    core::RatingsTable t;
    for (std::size_t r = 0; r < n; ++r) {
        t.users.push_back(static_cast<std::uint32_t>(rng.below(users)));
        t.items.push_back(static_cast<std::uint32_t>(rng.below(items)));
        t.ratings.push_back(static_cast<float>(1 + rng.below(5)));
    }
    return t;
}

using Triple = std::tuple<std::uint32_t, std::uint32_t, float>;

} // namespace

class TestRatingBlocks : public QObject {
    Q_OBJECT

private slots:
    void everyRatingLandsInExactlyOneBlock()
    {
        const core::RatingsTable table = randomRatings(20000, 300, 200, 1);
        core::RatingBlocks blocks(table, 300, 200, 5, 9);
        std::multiset<Triple> expected, found;
        for (std::size_t r = 0; r < table.size(); ++r)
            expected.insert({ table.users[r], table.items[r], table.ratings[r] });
        for (std::size_t b = 0; b < 25; ++b)
            for (const auto& x : blocks.block(b))
                found.insert({ blocks.userIds()[x.user], blocks.itemIds()[x.item], x.value });
        QCOMPARE(blocks.size(), table.size());
        QVERIFY(found == expected);
    }

    // Rows are ids renumbered bucket by bucket: a block's users are the consecutive rows of its
    // row bucket, its items those of its column bucket, so no two blocks of a stratum write to
    // the same stretch of a table (or the same cache line of biases, but at bucket edges).
    void bucketsAreConsecutiveRows()
    {
        const std::uint32_t users = 300, items = 200;
        const int side = 7;
        const core::RatingsTable table = randomRatings(20000, users, items, 11);
        core::RatingBlocks blocks(table, users, items, side, 12);
        for (std::uint32_t u = 0; u < users; ++u)
            QCOMPARE(blocks.userIds()[blocks.userRow(u)], u);
        for (std::uint32_t i = 0; i < items; ++i)
            QCOMPARE(blocks.itemIds()[blocks.itemRow(i)], i);
        auto bucket = [&](std::uint32_t row, std::uint32_t count) { return std::size_t { row } * side / count; };
        for (std::size_t b = 0; b < std::size_t(side * side); ++b) {
            for (const auto& x : blocks.block(b)) {
                QCOMPARE(bucket(x.user, users), b / side);
                QCOMPARE(bucket(x.item, items), b % side);
            }
            for (std::uint32_t row : blocks.itemsOfColumn(b))
                QCOMPARE(bucket(row, items), b % side);
        }
        std::size_t columnItems = 0;
        for (int column = 0; column < side; ++column)
            columnItems += blocks.itemsOfColumn(static_cast<std::size_t>(column)).size();
        QCOMPARE(columnItems, std::size_t { items });
    }

    // The property the threads rely on: within a stratum no user and no item appears in two
    // blocks. And an epoch's positions, cut into batches anywhere, cover every rating once.
    void strataShareNoRowAndBatchesCoverTheEpochOnce()
    {
        const core::RatingsTable table = randomRatings(30000, 500, 300, 2);
        core::RatingBlocks blocks(table, 500, 300, 6, 3);
        core::Rng rng(4);
        for (int epoch = 0; epoch < 3; ++epoch) {
            blocks.planEpoch(rng);
            std::map<std::size_t, int> covered; // block * size + offset → times seen
            std::size_t groups = 0;
            for (std::size_t begin = 0; begin < blocks.size(); begin += 1777) {
                for (const auto& stratum : blocks.segments(begin, begin + 1777)) {
                    ++groups;
                    std::map<std::uint32_t, std::size_t> userBlock, itemBlock;
                    for (const auto& s : stratum) {
                        QVERIFY(s.begin < s.end && s.end <= blocks.blockSize(s.block));
                        for (std::size_t k = s.begin; k < s.end; ++k) {
                            const auto& x = blocks.block(s.block)[k];
                            QVERIFY(userBlock.emplace(x.user, s.block).first->second == s.block);
                            QVERIFY(itemBlock.emplace(x.item, s.block).first->second == s.block);
                            ++covered[s.block * blocks.size() + k];
                        }
                    }
                }
            }
            QCOMPARE(covered.size(), blocks.size());
            for (const auto& [position, times] : covered)
                QCOMPARE(times, 1);
            QVERIFY(groups >= 6); // every stratum visited, in order
        }
    }

    void epochsVisitBlocksInDifferentOrders()
    {
        const core::RatingsTable table = randomRatings(30000, 500, 300, 5);
        core::RatingBlocks blocks(table, 500, 300, 6, 3);
        core::Rng rng(6);
        auto firstSegments = [&] {
            blocks.planEpoch(rng);
            std::vector<std::size_t> order;
            for (const auto& stratum : blocks.segments(0, blocks.size()))
                for (const auto& s : stratum)
                    order.push_back(s.block);
            return order;
        };
        const auto a = firstSegments(), b = firstSegments();
        QCOMPARE(a.size(), std::size_t(36));
        QVERIFY(a != b);
    }

    void gridFollowsTheDataNotTheThreads()
    {
        QCOMPARE(core::RatingBlocks::sideFor(80000, 943, 1682, 128), 4); // ml-100k: 2 × 2 threads
        // ml-25m at dimension 32: the coarsest grid whose blocks' rows (a user bucket's and an item
        // bucket's, d + 1 floats each) fit in about 1 MiB of cache
        const std::size_t users = 162000, items = 62000;
        const int side = core::RatingBlocks::sideFor(25000000, users, items, 32);
        const auto blockRowBytes = [&](int s) { return double(users + items) / s * (32 + 1) * sizeof(float); };
        QVERIFY2(blockRowBytes(side) <= 1 << 20, qPrintable(QString::number(side)));
        QVERIFY2(blockRowBytes(side - 1) > 1 << 20, qPrintable(QString::number(side)));
        QCOMPARE(core::RatingBlocks::sideFor(3000, 100, 100, 32), 1);   // too few to split
        QCOMPARE(core::RatingBlocks::sideFor(1000000, 3, 5000, 32), 3); // never an empty bucket
    }

    void teamRunsEveryTaskOnceAcrossRuns()
    {
        core::WorkerTeam team(3);
        QCOMPARE(team.size(), 3);
        for (std::size_t count : { std::size_t(0), std::size_t(1), std::size_t(2), std::size_t(7), std::size_t(500) }) {
            std::vector<std::atomic<int>> calls(count);
            team.run(count, [&](std::size_t i) { calls[i].fetch_add(1); });
            for (std::size_t i = 0; i < count; ++i)
                QCOMPARE(calls[i].load(), 1);
        }
    }

    // Results written by helpers must be visible to the caller when run() returns (TSan checks
    // the ordering; this checks the values).
    void callerSeesHelpersResults()
    {
        core::WorkerTeam team(2);
        std::vector<long> out(64);
        for (int round = 0; round < 200; ++round) {
            team.run(out.size(), [&](std::size_t i) { out[i] = static_cast<long>(i) * round; });
            for (std::size_t i = 0; i < out.size(); ++i)
                QCOMPARE(out[i], static_cast<long>(i) * round);
        }
    }

    // A helper computes with the caller's flush-to-zero setting of the run, not the one it was
    // started with (threads inherit their creator's), so a denormal result is flushed whichever
    // thread computes it.
    void helpersUseTheCallersFlushToZero()
    {
#if defined(__SSE__)
        const unsigned saved = _mm_getcsr();
        core::WorkerTeam team(2);   // started without flush-to-zero
        _mm_setcsr(saved | 0x8040); // flush-to-zero, denormals-are-zero
        std::atomic<int> started { 0 };
        std::vector<float> product(2, -1.0f);
        std::vector<std::thread::id> ran(2);
        volatile float tiny = 1e-30f, scale = 1e-10f; // 1e-40 is a denormal float
        team.run(2, [&](std::size_t i) {
            started.fetch_add(1);
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
            while (started.load() < 2 && std::chrono::steady_clock::now() < deadline) {
            } // both tasks at once: two threads
            ran[i] = std::this_thread::get_id();
            product[i] = tiny * scale;
        });
        _mm_setcsr(saved);
        QVERIFY(ran[0] != ran[1]);
        QVERIFY2(product[0] == 0.0f && product[1] == 0.0f, "a denormal product was not flushed"); // not fuzzy
#else
        QSKIP("no SSE control register on this machine");
#endif
    }
};

QTEST_GUILESS_MAIN(TestRatingBlocks)
#include "tst_rating_blocks.moc"
