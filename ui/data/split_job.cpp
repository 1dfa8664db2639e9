// SPDX-License-Identifier: MIT
#include "ui/data/split_job.h"

namespace embex::ui {

SplitJob::SplitJob(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<std::shared_ptr<const core::TrainData>>();
    qRegisterMetaType<core::SplitSpec>();
}

bool SplitJob::start(std::shared_ptr<const core::Dataset> dataset, Workspace::Sides sides, const core::SplitSpec& spec)
{
    if (isBusy() || !dataset)
        return false;
    m_job = m_jobs.start("embex-split", [this, dataset, sides, spec](const JobContext& job) {
        std::shared_ptr<const core::TrainData> data;
        std::string error, summary;
        try {
            static const core::ItemMetadata none;
            core::SplitOutcome made = core::splitForTraining(*dataset, spec, sides.metadata ? *sides.metadata : none,
                                                             sides.userAttributes.get(), sides.itemAttributes.get());
            data = std::move(made.data);
            error = made.error.toString();
            summary = std::move(made.summary);
        } catch (const std::exception& e) { // a rule the settings break, or out of memory
            error = e.what();
        }
        job.post([this, data, spec, error, summary] {
            m_job = 0;
            if (data)
                emit finished(data, spec, QString::fromStdString(summary));
            else
                emit failed(QString::fromStdString(error));
        });
    });
    return true;
}

bool SplitJob::discard()
{
    if (!isBusy())
        return false;
    m_jobs.discard(m_job);
    m_job = 0;
    return true;
}

} // namespace embex::ui
