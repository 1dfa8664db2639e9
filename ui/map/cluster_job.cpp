// SPDX-License-Identifier: MIT
#include "ui/map/cluster_job.h"

#include "core/analysis/group_summary.h"

namespace embex::ui {

ClusterJob::ClusterJob(QObject* parent)
    : QObject(parent)
{
}

void ClusterJob::request(ClusterRequest request)
{
    m_pending = std::move(request);
    if (m_job == 0)
        startNext();
}

void ClusterJob::reset()
{
    m_jobs.discard(m_job);
    m_job = 0;
    m_pending.reset();
}

void ClusterJob::startNext()
{
    if (!m_pending)
        return;
    ClusterRequest running = std::move(*m_pending);
    m_pending.reset();
    m_job = m_jobs.start("embex-clusters", [this, request = std::move(running)](const JobContext& job) {
        auto result = std::make_shared<MapClusters>();
        QString problem;
        try {
            const core::RowMatrixXf& all = request.snapshot->itemEmbeddings();
            const std::vector<std::uint32_t> rows(request.items.begin(), request.items.end());
            core::LongWork work;
            work.stop = job.stopToken();
            const core::Clustering c = core::clusterItems(all, rows, request.config, work);
            if (c.isValid()) {
                const core::ItemFacts facts = core::gatherItemFacts(request.dataset->ratings, request.dataset->items,
                                                                    *request.metadata,
                                                                    request.snapshot->parameter("item_bias"));
                auto summaries = core::summariseGroups(c.clusterOf, c.count, rows, facts);
                result->clusterOf.assign(static_cast<std::size_t>(all.rows()), -1);
                for (std::size_t r = 0; r < rows.size(); ++r)
                    result->clusterOf[rows[r]] = c.clusterOf[r];
                result->count = c.count;
                for (const core::GroupSummary& s : summaries) {
                    result->labels << QString::fromStdString(s.label);
                    QStringList genres;
                    for (std::size_t g = 0; g < s.overRepresented.size() && g < 2; ++g)
                        genres << QString::fromStdString(s.overRepresented[g].name);
                    result->shortLabels << (genres.isEmpty() && !s.bestKnown.empty()
                                                ? QString::fromStdString(facts.names[s.bestKnown.front()])
                                                : genres.join(QStringLiteral(", ")));
                    result->sizes.push_back(static_cast<int>(s.size));
                }
                result->summaries = std::move(summaries);
                result->epoch = request.snapshot->epoch;
            } else {
                problem = QString::fromStdString(c.problem);
            }
        } catch (const std::exception& e) {
            problem = QString::fromStdString(e.what());
        }
        if (job.stopRequested())
            return;
        job.post([this, result, problem] {
            m_job = 0;
            if (problem.isEmpty())
                emit clustered(*result);
            else
                emit failed(problem);
            startNext();
        });
    });
}

} // namespace embex::ui
