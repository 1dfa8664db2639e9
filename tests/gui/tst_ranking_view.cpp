// SPDX-License-Identifier: MIT
#include "core/training/ranking_comparison.h"
#include "tests/support/gui_training.h"
#include "ui/data/workspace.h"
#include "ui/runs/ranking_view.h"
#include "ui/runs/runs_dock.h"
#include "ui/window/main_window.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>
#include <qcustomplot.h>

#include <map>
#include <set>

using namespace embex;

namespace {

/// The Ranking window of `window` once the Runs tab's button was pressed and the job ended.
ui::RankingView* rankFromRunsTab(ui::MainWindow& window)
{
    window.runsDock()->rankingButton()->click();
    auto* view = window.findChild<ui::RankingView*>();
    if (!view || !QTest::qWaitFor([&] { return !view->isComputing(); }, 30000))
        return nullptr;
    return view;
}

/// Users whose list holds each item, counted here from the lists themselves.
std::map<std::uint32_t, int> timesListed(const core::TopLists& lists)
{
    std::map<std::uint32_t, int> times;
    for (std::size_t user = 0; user < lists.userCount(); ++user)
        for (std::uint32_t item : lists.list(user))
            ++times[item];
    return times;
}

} // namespace

class TestRankingView : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void histogramBinsStartAtTheirLowerEdge()
    {
        // 0.3 = 6 × 0.05 in real numbers, a hair below it in doubles
        const std::vector<double> values { 0.0, 0.3, 0.3, 0.34, 1.0, 0.999 };
        const std::vector<long> counts = core::unitHistogram(values, 20);
        QCOMPARE(counts.size(), std::size_t { 20 });
        QCOMPARE(counts[0], 1L);
        QCOMPARE(counts[6], 3L);
        QCOMPARE(counts[19], 2L);
    }

    void oneRunShowsItsFiguresBesideTheBaselines()
    {
        ui::MainWindow window;
        QVERIFY(test::trainDemoDotBias(window));
        ui::RankingView* view = rankFromRunsTab(window);
        QVERIFY(view);
        QVERIFY2(view->result(), qPrintable(view->statusText()));
        const core::RankingComparison& r = *view->result();
        QCOMPARE(r.runs.size(), std::size_t { 1 });
        QCOMPARE(r.k, 10);
        QVERIFY(view->listTable()->parentWidget()->isHidden()); // no second run: no lists side by side
        QTableWidget* table = view->metricTable();
        QCOMPARE(table->columnCount(), 3);
        QCOMPARE(table->horizontalHeaderItem(1)->text(), QStringLiteral("most popular"));
        QCOMPARE(table->horizontalHeaderItem(2)->text(), QStringLiteral("random"));
        QCOMPARE(table->verticalHeaderItem(2)->text(), QStringLiteral("NDCG@10"));
        QCOMPARE(table->item(2, 0)->text(), QLocale().toString(r.runs[0].report.ndcg, 'f', 4));
        QCOMPARE(table->item(6, 1)->text(), QLocale().toString(r.popular.report.coverage, 'f', 4));
        QVERIFY(r.popular.report.coverage < r.random.report.coverage);
    }

    void histogramCountsTheUsersPerUserValues()
    {
        ui::MainWindow window;
        QVERIFY(test::trainDemoDotBias(window));
        ui::RankingView* view = rankFromRunsTab(window);
        QVERIFY(view && view->result());
        const core::RankingReport& report = view->result()->runs[0].report;
        QVERIFY(report.users > 0);
        QVERIFY(report.usersWithoutHeldOut > 0); // the demo's random split leaves some users without
        QVERIFY2(
            view->histogramCaption().contains(QLocale().toString(static_cast<qlonglong>(report.usersWithoutHeldOut))
                                              + QStringLiteral(" without")),
            qPrintable(view->histogramCaption()));
        for (const core::UserMetric metric : { core::UserMetric::Ndcg, core::UserMetric::Recall }) {
            view->setHistogramMetric(metric);
            std::vector<long> expected(ui::RankingView::histogramBins, 0);
            for (const core::UserRanking& u : report.perUser) {
                const double v = metric == core::UserMetric::Ndcg ? u.ndcg : u.recall;
                int bin = 0;
                while (bin + 1 < ui::RankingView::histogramBins
                       && v >= (bin + 1) / static_cast<double>(ui::RankingView::histogramBins) - 1e-9)
                    ++bin;
                ++expected[static_cast<std::size_t>(bin)];
            }
            const QCPBars* bars = view->histogramBars(0);
            QCOMPARE(bars->dataCount(), ui::RankingView::histogramBins);
            long total = 0;
            for (int b = 0; b < bars->dataCount(); ++b) {
                QCOMPARE(static_cast<long>(bars->data()->at(b)->value), expected[static_cast<std::size_t>(b)]);
                total += static_cast<long>(bars->data()->at(b)->value);
            }
            QCOMPARE(total, report.users);
        }
    }

    void twoRunsListsSideBySideAndKChangeRecomputes()
    {
        ui::MainWindow window;
        QVERIFY(test::trainDemoDotBias(window));
        QVERIFY(test::trainAgain(window, 7));
        window.runsDock()->table()->selectAll();
        ui::RankingView* view = rankFromRunsTab(window);
        QVERIFY(view && view->result());
        const core::RankingComparison& r = *view->result();
        QCOMPARE(r.runs.size(), std::size_t { 2 });
        QVERIFY(!view->listTable()->parentWidget()->isHidden());
        QVERIFY2(view->overlapText().contains(QLocale().toString(r.overlap, 'f', 3)), qPrintable(view->overlapText()));

        // the popularity plot: one point per recommended item, at its training ratings and times listed
        for (int run = 0; run < 2; ++run) {
            const std::map<std::uint32_t, int> times = timesListed(r.runs[static_cast<std::size_t>(run)].lists);
            const ui::Workspace& workspace = *window.workspace();
            std::multiset<std::pair<double, double>> expected, drawn;
            for (const auto& [item, count] : times) {
                const int ratings = workspace.itemCounts().train[item];
                expected.insert({ ratings > 0 ? ratings : 0.5, count });
            }
            for (const QCPGraphData& d : *view->popularityPoints(run)->data())
                drawn.insert({ d.key, d.value });
            QCOMPARE(drawn.size(), times.size());
            QVERIFY(drawn == expected);
        }

        // one user's two lists: bold exactly where the other run lists the item too
        int sharedSeen = 0;
        for (int user = 0; user < 40; ++user) {
            QVERIFY(view->showUser(user));
            const auto a = r.runs[0].lists.list(static_cast<std::size_t>(user));
            const auto b = r.runs[1].lists.list(static_cast<std::size_t>(user));
            QTableWidget* lists = view->listTable();
            QCOMPARE(lists->rowCount(), static_cast<int>(std::max(a.size(), b.size())));
            for (int column = 0; column < 2; ++column) {
                const auto mine = column == 0 ? a : b, other = column == 0 ? b : a;
                for (std::size_t j = 0; j < mine.size(); ++j) {
                    const QTableWidgetItem* cell = lists->item(static_cast<int>(j), column);
                    QCOMPARE(cell->data(Qt::UserRole).toInt(), static_cast<int>(mine[j]));
                    const bool shared = std::find(other.begin(), other.end(), mine[j]) != other.end();
                    QCOMPARE(cell->font().bold(), shared);
                    sharedSeen += shared ? 1 : 0;
                }
            }
        }
        QVERIFY(sharedSeen > 0); // two seeds of one model agree somewhere

        QSignalSpy computed(view, &ui::RankingView::computed);
        view->setK(5);
        QTRY_COMPARE_WITH_TIMEOUT(computed.count(), 1, 30000);
        QVERIFY(view->result());
        QCOMPARE(view->result()->k, 5);
        QCOMPARE(view->result()->runs[0].lists.k, 5);
        QCOMPARE(view->metricTable()->verticalHeaderItem(0)->text(), QStringLiteral("precision@5"));
        QVERIFY(view->listTable()->rowCount() <= 5);
    }

    void deletingARunClearsTheRanking()
    {
        ui::MainWindow window;
        QVERIFY(test::trainDemoDotBias(window));
        ui::RankingView* view = rankFromRunsTab(window);
        QVERIFY(view && view->result());
        window.runsDock()->deleteRun(0);
        QVERIFY(!view->result());
        QVERIFY2(view->statusText().contains(QStringLiteral("deleted")), qPrintable(view->statusText()));
    }
};

QTEST_MAIN(TestRankingView)
#include "tst_ranking_view.moc"
