// SPDX-License-Identifier: MIT
#include "core/analysis/item_popularity.h"
#include "core/data/demo_generator.h"
#include "ui/data/workspace.h"
#include "ui/neighbours/neighbours_dock.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QLineEdit>
#include <QtTest>

#include <algorithm>

using namespace embex;

namespace {

struct TitledDemo {
    std::shared_ptr<const core::Dataset> dataset;
    int starWars = -1; // well known
    int stargate = -1; // shorter title, fewer ratings, later in the file
};

TitledDemo titledDemo()
{
    auto data = std::make_shared<core::Dataset>(*core::generateDemo({ 200, 60, 4, 15, false, 5 }));
    const std::vector<std::uint32_t> counts = core::itemRatingCounts(data->ratings, data->items.size());
    const auto half = counts.begin() + static_cast<std::ptrdiff_t>(counts.size() / 2);
    const auto most = std::max_element(counts.begin(), half);
    const auto least = std::min_element(most + 1, counts.end());
    TitledDemo demo;
    demo.starWars = static_cast<int>(most - counts.begin());
    demo.stargate = static_cast<int>(least - counts.begin());
    if (*least >= *most)
        qFatal("the demo has no item rated less than the first half's best known");
    data->metadata.items[data->items.rawId(static_cast<std::uint32_t>(demo.starWars))].title = "Star Wars (1977)";
    data->metadata.items[data->items.rawId(static_cast<std::uint32_t>(demo.stargate))].title = "Stargate (1994)";
    demo.dataset = data;
    return demo;
}

} // namespace

class TestItemLookupBox : public QObject {
    Q_OBJECT
private slots:
    // Typing "star" lists Star Wars first; Enter takes what is listed first, not the shorter
    // Stargate. The same ranking answers `embex-cli neighbors --item star` (tst_analysis_cli).
    void enterTakesTheItemTheCompleterListsFirst()
    {
        const TitledDemo demo = titledDemo();
        ui::Workspace workspace;
        workspace.setDataset(demo.dataset);
        ui::NeighboursDock dock(&workspace);
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        QLineEdit* lookup = dock.lookup();
        lookup->setFocus();
        QTest::keyClicks(lookup, QStringLiteral("star"));
        const QAbstractItemModel* listed = lookup->completer()->completionModel();
        QVERIFY(listed->rowCount() >= 2);
        QCOMPARE(listed->index(0, 0).data().toString(), QStringLiteral("Star Wars (1977)"));
        QTest::keyClick(lookup, Qt::Key_Return);
        QCOMPARE(workspace.selectedItem(), demo.starWars);

        // a row picked from the list is the item chosen
        lookup->clear();
        QTest::keyClicks(lookup, QStringLiteral("star"));
        QAbstractItemView* popup = lookup->completer()->popup();
        QTRY_VERIFY(popup->isVisible());
        const int row = [&] {
            for (int r = 0; r < listed->rowCount(); ++r)
                if (listed->index(r, 0).data().toString() == QStringLiteral("Stargate (1994)"))
                    return r;
            return -1;
        }();
        QVERIFY(row > 0);
        popup->setCurrentIndex(listed->index(row, 0));
        QTest::keyClick(popup, Qt::Key_Return);
        QCOMPARE(workspace.selectedItem(), demo.stargate);
    }
};

QTEST_MAIN(TestItemLookupBox)
#include "tst_item_lookup_box.moc"
