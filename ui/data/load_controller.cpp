// SPDX-License-Identifier: MIT
#include "ui/data/load_controller.h"

#include "core/data/attribute_table.h"
#include "core/util/progress_throttle.h"

namespace embex::ui {

LoadController::LoadController(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<core::LoadReport>();
    qRegisterMetaType<std::shared_ptr<const core::Dataset>>();
}

bool LoadController::load(const QString& path, const core::LoadOptions& options)
{
    if (isLoading())
        return false;
    m_path = path;
    m_cancelRequested = false;
    const std::string file = path.toStdString();
    emit started(path);
    emit progressChanged(0);
    m_job = m_jobs.start("embex-load", [this, file, options](const JobContext& job) {
        core::ProgressThrottle<int> throttle;
        auto send = [this, &job](int percent) { job.post([this, percent] { emit progressChanged(percent); }); };
        auto progress = [&](std::uint64_t done, std::uint64_t total) {
            if (total > 0)
                throttle.offer(static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(total)), send);
        };
        auto outcome = std::make_shared<core::LoadOutcome>();
        try {
            *outcome = core::loadRatings(file, options, progress, job.stopToken());
            if (outcome->ok())
                if (auto note = core::attachUserAttributesBeside(*outcome->dataset))
                    outcome->report.notes.push_back(std::move(*note));
        } catch (const std::exception& e) {
            outcome->status = core::LoadOutcome::Status::Failed;
            outcome->error.file = file;
            outcome->error.message = e.what();
        }
        throttle.flush(send);
        job.post([this, outcome] { finish(std::move(*outcome)); });
    });
    return true;
}

void LoadController::cancel()
{
    if (!isLoading())
        return;
    m_cancelRequested = true;
    m_jobs.requestStop(m_job);
}

void LoadController::finish(core::LoadOutcome outcome)
{
    m_job = 0;
    // A cancel that arrives after the last block was read still wins: the user asked to keep
    // what is open, and the finished dataset has not been handed to anyone yet.
    if (m_cancelRequested && outcome.status == core::LoadOutcome::Status::Loaded)
        outcome.status = core::LoadOutcome::Status::Cancelled;
    switch (outcome.status) {
    case core::LoadOutcome::Status::Loaded:
        emit progressChanged(100);
        emit loaded(std::move(outcome.dataset), outcome.report);
        break;
    case core::LoadOutcome::Status::Cancelled: emit cancelled(); break;
    case core::LoadOutcome::Status::Failed:
        emit failed(QString::fromStdString(outcome.error.toString()), outcome.report);
        break;
    }
}

} // namespace embex::ui
