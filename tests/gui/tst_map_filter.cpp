// SPDX-License-Identifier: MIT
// The map's item filter: failing items drawn faint (still hovered and clicked), a filter that
// leaves nothing says so on the map, a new dataset clears it and a new model keeps it, and the
// neighbour and recommendation lists take their top n among the passing items.
#include "core/data/demo_generator.h"
#include "core/data/split.h"
#include "core/models/model_registry.h"
#include "core/training/trainer.h"
#include "ui/data/workspace.h"
#include "ui/map/embedding_map.h"
#include "ui/map/item_filter_dialog.h"
#include "ui/map/item_filter_state.h"
#include "ui/map/map_pane.h"
#include "ui/neighbours/neighbours_dock.h"
#include "ui/neighbours/neighbours_model.h"
#include "ui/neighbours/new_user_panel.h"

#include <QCheckBox>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QSpinBox>
#include <QToolButton>
#include <QtTest>
#include <qcustomplot.h>

using namespace embex;

namespace {

constexpr int types = 4;

int typeOf(const ui::Workspace& workspace, int item)
{
    return core::demoItemType(workspace.itemRawId(item).toStdString(), types);
}

// the demo's genres are its types, "type 0" … "type 3", in that order
core::ItemFilter onlyType(int type)
{
    core::ItemFilter filter;
    filter.includeGenres = { static_cast<std::uint16_t>(type) };
    return filter;
}

// every item on a grid, so each has a pixel of its own
core::Projection grid(int items)
{
    core::Projection p;
    p.kind = core::ProjectionKind::Neighbourhoods;
    for (int i = 0; i < items; ++i) {
        p.x.push_back(i % 8);
        p.y.push_back(i / 8);
    }
    return p;
}

std::vector<int> listedItems(const QAbstractItemModel* model)
{
    std::vector<int> items;
    for (int row = 0; row < model->rowCount(); ++row)
        items.push_back(model->index(row, 0).data(ui::NeighboursModel::ItemRole).toInt());
    return items;
}

} // namespace

class TestMapFilter : public QObject {
    Q_OBJECT

private slots:
    void failingItemsAreDrawnFaintAndStillAnswer()
    {
        ui::Workspace workspace;
        workspace.setDataset(core::generateDemo({ 60, 40, types, 10, false, 3 }));
        ui::MapPane pane(&workspace);
        pane.resize(900, 600);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        ui::EmbeddingMap* map = pane.map();
        map->setProjection(grid(40));
        QCOMPARE(map->pointCount(), 40);
        QCOMPARE(map->faintPointCount(), 0);
        QVERIFY(map->filterLine().isEmpty());

        QSignalSpy changed(pane.itemFilter(), &ui::ItemFilterState::changed);
        pane.itemFilter()->setFilter(onlyType(2));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(pane.itemFilter()->passingCount(), 10);
        QCOMPARE(map->pointCount(), 40); // the shape of the space stays
        QCOMPARE(map->faintPointCount(), 30);
        QVERIFY2(map->filterLine().contains(QStringLiteral("type 2")), qPrintable(map->filterLine()));
        QVERIFY2(map->filterLine().contains(QStringLiteral("10 of 40 items pass")), qPrintable(map->filterLine()));
        QVERIFY(map->nothingPassesMessage().isEmpty());

        // a faint item is still found under the cursor and still selects on a click
        int faint = 0;
        while (typeOf(workspace, faint) == 2)
            ++faint;
        map->plot()->replot();
        QCOMPARE(map->itemAt(map->pixelOf(faint)), faint);
        QSignalSpy clicked(map, &ui::EmbeddingMap::itemClicked);
        QTest::mouseClick(map->plot(), Qt::LeftButton, Qt::NoModifier, map->pixelOf(faint));
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.first().first().toInt(), faint);

        pane.itemFilter()->clear();
        QCOMPARE(map->faintPointCount(), 0);
        QCOMPARE(map->pointCount(), 40);
        QVERIFY(map->filterLine().isEmpty());
    }

    void aFilterThatLeavesNothingSaysSo()
    {
        ui::Workspace workspace;
        workspace.setDataset(core::generateDemo({ 60, 40, types, 10, false, 3 }));
        ui::MapPane pane(&workspace);
        pane.resize(900, 600);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        ui::EmbeddingMap* map = pane.map();
        map->setProjection(grid(40));
        QVERIFY(map->nothingPassesMessage().isEmpty());

        // the demo's titles carry no year: a year range leaves nothing
        core::ItemFilter years;
        years.fromYear = 1980;
        pane.itemFilter()->setFilter(years);
        QCOMPARE(pane.itemFilter()->passingCount(), 0);
        QCOMPARE(map->faintPointCount(), 40); // never a blank map
        QVERIFY2(map->nothingPassesMessage().contains(QStringLiteral("No item passes")),
                 qPrintable(map->nothingPassesMessage()));
        QVERIFY(pane.itemFilter()->caveats().contains(QStringLiteral("no year")));

        // items pass, but the map's ratings floor hides every one of them
        pane.itemFilter()->setFilter(onlyType(1));
        QVERIFY(map->nothingPassesMessage().isEmpty());
        int most = 0;
        for (int count : workspace.itemCounts().all)
            most = std::max(most, count);
        map->setMinimumRatings(most + 1);
        QVERIFY2(map->nothingPassesMessage().contains(QStringLiteral("on the map")),
                 qPrintable(map->nothingPassesMessage()));
        map->setMinimumRatings(0);
        QVERIFY(map->nothingPassesMessage().isEmpty());
    }

    void theDialogEditsTheFilterAndANewDatasetClearsIt()
    {
        ui::Workspace workspace;
        const auto demo = core::generateDemo({ 150, 60, types, 15, false, 5 });
        workspace.setDataset(demo);
        ui::MapPane pane(&workspace);
        pane.show();
        ui::ItemFilterState* state = pane.itemFilter();
        QVERIFY(!pane.filterDialog());
        QTest::mouseClick(pane.map()->filterButton(), Qt::LeftButton);
        ui::ItemFilterDialog* dialog = pane.filterDialog();
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->includeList()->count(), types);
        dialog->includeList()->item(1)->setCheckState(Qt::Checked);
        QCOMPARE(state->filter(), onlyType(1));
        dialog->minRatings()->setValue(5);
        QCOMPARE(state->filter().minRatings, std::optional<std::uint32_t>(5));
        QVERIFY(state->isActive());

        // a new model keeps the filter: it reads only the data
        const auto data = core::splitForTraining(*demo, {}).data;
        core::TrainConfig config = core::defaultTrainConfig("dotbias");
        config.epochs = 1;
        config.dimension = 4;
        workspace.setSnapshot(core::train(*data, config).snapshot);
        QVERIFY(state->isActive());
        QCOMPARE(state->filter().includeGenres, std::vector<std::uint16_t> { 1 });

        // a new dataset clears it, and the dialog shows so
        workspace.setDataset(core::generateDemo({ 60, 40, types, 10, false, 3 }));
        QVERIFY(!state->isActive());
        QCOMPARE(dialog->includeList()->item(1)->checkState(), Qt::Unchecked);
        QCOMPARE(dialog->minRatings()->value(), 0);
        QCOMPARE(state->passingCount(), 40);
    }

    void theShortcutOpensTheDialogAndNewMetadataKeepsTheGenresByName()
    {
        ui::Workspace workspace;
        const auto demo = core::generateDemo({ 60, 40, types, 10, false, 3 });
        workspace.setDataset(demo);
        ui::MapPane pane(&workspace);
        pane.show();
        QVERIFY(QTest::qWaitForWindowActive(&pane));
        QSignalSpy wanted(pane.map(), &ui::EmbeddingMap::filterWanted);
        QTest::keyClick(pane.windowHandle(), Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(wanted.wait(2000)); // a button's shortcut clicks it after a short animated press
        QVERIFY(pane.filterDialog() && pane.filterDialog()->isVisible());

        ui::ItemFilterState* state = pane.itemFilter();
        state->setFilter(onlyType(1));
        // the same items, their genres listed in the opposite order: "type 1" is genre 2 now
        auto metadata = std::make_shared<core::ItemMetadata>();
        for (int t = types - 1; t >= 0; --t)
            metadata->genreIndex("type " + std::to_string(t));
        for (const auto& [id, info] : demo->metadata.items)
            metadata->items[id] = { info.title,
                                    { static_cast<std::uint16_t>(types - 1 - static_cast<int>(info.genres.front())) } };
        workspace.setMetadata(metadata);
        QCOMPARE(state->filter().includeGenres, std::vector<std::uint16_t> { 2 });
        QCOMPARE(state->description(), QStringLiteral("type 1"));
        QCOMPARE(state->passingCount(), 10);
        QCOMPARE(pane.filterDialog()->includeList()->item(2)->checkState(), Qt::Checked);
    }

    void neighbourAndRecommendationListsSearchAmongPassingItems()
    {
        const auto demo = core::generateDemo({ 400, 80, types, 20, false, 7 });
        const auto data = core::splitForTraining(*demo, {}).data;
        core::TrainConfig config = core::defaultTrainConfig("dotbias");
        config.epochs = 8;
        config.dimension = 8;
        const core::TrainOutcome trained = core::train(*data, config);
        QVERIFY(trained.snapshot);
        ui::Workspace workspace;
        workspace.setDataset(demo);
        workspace.setSnapshot(trained.snapshot);
        ui::ItemFilterState state(&workspace);
        ui::NeighboursDock dock(&workspace);
        dock.setItemFilter(&state);
        dock.resize(700, 900);
        dock.show();

        // an item of type 0, whose nearest items are mostly of type 0 too
        int item = 0;
        while (typeOf(workspace, item) != 0)
            ++item;
        workspace.selectItem(item);
        const auto passing = [&](const std::vector<int>& items) {
            return static_cast<int>(std::count_if(items.begin(), items.end(), [&](int i) { return state.passes(i); }));
        };
        QCOMPARE(dock.model()->rowCount(), 10);
        state.setFilter(onlyType(3)); // 20 items pass
        QVERIFY2(passing(listedItems(dock.model())) < 10, "the unfiltered list already passes: no test");

        QSignalSpy listed(&dock, &ui::NeighboursDock::neighboursChanged);
        dock.onlyFilteredItems()->setChecked(true);
        QVERIFY(listed.count() >= 1);
        std::vector<int> rows = listedItems(dock.model());
        QCOMPARE(rows.size(), std::size_t(10)); // the top 10 among passing items, not the top 10 thinned
        QCOMPARE(passing(rows), 10);
        bool saysWhich = false;
        for (const QLabel* label : dock.findChildren<QLabel*>())
            saysWhich = saysWhich || (label->isVisible() && label->text().contains(QStringLiteral("type 3")));
        QVERIFY2(saysWhich, "the dock names the filter that applies");

        // the filter changes: the list follows
        state.setFilter(onlyType(2));
        rows = listedItems(dock.model());
        QCOMPARE(rows.size(), std::size_t(10));
        QCOMPARE(passing(rows), 10);

        // a known user's recommendations
        dock.recommendForUser(QStringLiteral("7"));
        rows = listedItems(dock.recommendationsModel());
        QCOMPARE(rows.size(), std::size_t(10));
        QCOMPARE(passing(rows), 10);

        // a new user's
        ui::NewUserPanel* panel = dock.newUserPanel();
        QVERIFY(panel->addItem(workspace.itemRawId(item), 5));
        QTRY_VERIFY_WITH_TIMEOUT(!panel->isComputing() && panel->result() && panel->result()->top.size() == 10, 10000);
        for (const core::Neighbour& hit : panel->result()->top)
            QVERIFY(state.passes(static_cast<int>(hit.item)));

        // unchecked, the lists take every item again
        dock.onlyFilteredItems()->setChecked(false);
        QVERIFY(passing(listedItems(dock.model())) < 10);
    }
};

QTEST_MAIN(TestMapFilter)
#include "tst_map_filter.moc"
