// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/random.h"
#include "core/data/ratings_table.h"
#include "core/eigen_types.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace embex::core {

/// The ratings regrouped for parallel, cache-friendly SGD, after LIBMF (Chin et al., 2015):
/// users and items are dealt at random into `side` buckets each, so the ratings fall into a
/// side × side grid of blocks, stored block after block as packed 12-byte records. An epoch
/// walks `side` strata; the blocks of one stratum share no user bucket and no item bucket, so
/// threads can update them at once without touching the same row (no locks, no races), and the
/// result does not depend on how many threads did the work.
///
/// Each block is built once, its ratings grouped by user in random item order; every epoch then
/// walks the blocks in a new random order and streams each block's records in sequence.
///
/// The records name users and items by their *row*, not their id: ids are renumbered so that
/// the rows of one bucket are consecutive. A model that stores its tables in row order then
/// gives each block's rows, biases included, a region of memory no other block of the stratum
/// writes (with rows in id order a 64-byte line of biases held 16 ids from random buckets, and
/// two threads wrote the same lines), and a block's rows share pages. The order of the records
/// and of every draw is the one ids would give, so results do not change with the numbering.
class RatingBlocks {
public:
    struct Rating {
        std::uint32_t user, item; // rows: userRow(id), itemRow(id)
        float value;
    };
    /// Ratings [begin, end) of block `block` in this epoch's order of that block.
    struct Segment {
        std::size_t block, begin, end;
    };

    RatingBlocks(const RatingsTable& ratings, std::size_t userCount, std::size_t itemCount, int side,
                 std::uint64_t seed);

    /// A grid fine enough that a block's user and item rows (d + 1 floats each) fit in about
    /// 1 MiB of cache, at least 4 × 4 so two threads have blocks to share, and no finer than
    /// ~1,000 ratings a block. Depends on the data only, never on the thread count.
    static int sideFor(std::size_t ratings, std::size_t users, std::size_t items, Index dimension);

    int side() const { return m_side; }
    std::uint32_t userRow(std::uint32_t user) const { return m_userRow[user]; }
    std::uint32_t itemRow(std::uint32_t item) const { return m_itemRow[item]; }
    /// id of each row: userIds()[userRow(u)] == u.
    std::span<const std::uint32_t> userIds() const { return m_userIds; }
    std::span<const std::uint32_t> itemIds() const { return m_itemIds; }
    std::size_t size() const { return m_ratings.size(); }
    std::size_t blockCount() const { return m_blockStart.size() - 1; }
    std::size_t blockSize(std::size_t block) const { return m_blockStart[block + 1] - m_blockStart[block]; }
    std::span<Rating> block(std::size_t block) { return { m_ratings.data() + m_blockStart[block], blockSize(block) }; }
    /// The rows of the items dealt into the column bucket of `block` (for sampling negatives
    /// inside it), in the order of their ids.
    std::span<const std::uint32_t> itemsOfColumn(std::size_t block) const
    {
        return m_columnItems[block % static_cast<std::size_t>(m_side)];
    }

    /// Lays out the next epoch: strata in random order, each pairing row buckets with a random
    /// permutation of the column buckets. Positions 0…size() − 1 then name the epoch's ratings.
    void planEpoch(Rng& rng);
    /// The block parts that epoch positions [begin, end) cover, one group per stratum; the
    /// segments of a group may run in parallel, the groups in order.
    std::vector<std::vector<Segment>> segments(std::size_t begin, std::size_t end) const;
    /// A generator for one segment's own draws (negative items), derived from the epoch's seed
    /// and the segment, so the draws are the same whichever thread makes them.
    Rng segmentRng(const Segment& segment) const;

private:
    int m_side;
    std::vector<Rating> m_ratings;         // block after block
    std::vector<std::size_t> m_blockStart; // side² + 1 offsets into m_ratings
    std::vector<std::vector<std::uint32_t>> m_columnItems;
    std::vector<std::uint32_t> m_userRow, m_itemRow, m_userIds, m_itemIds;
    std::vector<std::size_t> m_sequence;      // block indices in epoch order, `side` per stratum
    std::vector<std::size_t> m_sequenceStart; // epoch position where each m_sequence entry starts
    std::uint64_t m_epochSeed = 0;
};

} // namespace embex::core
