// SPDX-License-Identifier: MIT
#include "core/analysis/recommend.h"

#include <QTest>

using namespace embex::core;

namespace {

// Two users, five items, d = 1: the score of item i is user_embedding(u) * i + item_bias(i).
std::shared_ptr<EmbeddingSnapshot> tinyModel()
{
    auto s = std::make_shared<EmbeddingSnapshot>();
    s->modelKind = "dotbias";
    RowMatrixXf items(5, 1), users(2, 1), itemBias(5, 1);
    items << 0, 1, 2, 3, 4;
    users << 1, -1;
    itemBias << 0, 0, 0, 0, 10; // item 4 scores highest for both users
    s->parameters = { { "item_embedding", items }, { "user_embedding", users }, { "item_bias", itemBias } };
    return s;
}

} // namespace

class TestRecommend : public QObject {
    Q_OBJECT
private slots:
    void collectsRatedItems()
    {
        RatingsTable t;
        t.users = { 0, 1, 0, 0, 2 };
        t.items = { 3, 1, 0, 3, 4 };
        t.ratings = { 5, 4, 3, 2, 1 };
        QCOMPARE(itemsRatedBy(t, 0), (std::vector<std::uint32_t> { 0, 3 }));
        QVERIFY(itemsRatedBy(t, 7).empty());
    }

    void ranksByScoreLeavingOutRatedItems()
    {
        auto scorer = makeScorer(tinyModel());
        const std::vector<std::uint32_t> rated { 4 };
        auto top = recommendForUser(*scorer, 0, rated, 5, 3);
        QCOMPARE(top.size(), std::size_t(3));
        QCOMPARE(top[0].item, 3u);
        QCOMPARE(top[0].score, 3.0f);
        QCOMPARE(top[1].item, 2u);
        QCOMPARE(top[2].item, 1u);
        // The other user prefers small items; unrated item 4 still wins by its bias.
        top = recommendForUser(*scorer, 1, {}, 5, 2);
        QCOMPARE(top[0].item, 4u);
        QCOMPARE(top[1].item, 0u);
        // Asking for more than remain: what remains.
        QCOMPARE(recommendForUser(*scorer, 0, std::vector<std::uint32_t> { 0, 1, 2 }, 5, 10).size(), std::size_t(2));
    }

    void popularityFloorLeavesOutRarelyRatedItems()
    {
        auto scorer = makeScorer(tinyModel());
        const std::vector<std::uint32_t> counts { 50, 50, 50, 50, 2 }; // item 4 wins by its bias alone
        auto top = recommendForUser(*scorer, 1, {}, 5, 2, counts, 10);
        QCOMPARE(top[0].item, 0u);
        QCOMPARE(top[1].item, 1u);
        QCOMPARE(recommendForUser(*scorer, 1, {}, 5, 1, counts, 0)[0].item, 4u); // floor 0: off
    }

    void rejectsMisuse()
    {
        auto scorer = makeScorer(tinyModel());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, recommendForUser(*scorer, 0, {}, 5, 0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, recommendForUser(*scorer, 2, {}, 5, 3));
        auto itemsOnly = std::make_shared<EmbeddingSnapshot>();
        itemsOnly->modelKind = "imported";
        itemsOnly->parameters = { { "item_embedding", RowMatrixXf::Ones(5, 2) } };
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, recommendForUser(*makeScorer(itemsOnly), 0, {}, 5, 3));
    }
};

QTEST_APPLESS_MAIN(TestRecommend)
#include "tst_recommend.moc"
