// SPDX-License-Identifier: MIT
#include "ui/load_controller.h"

#include <QElapsedTimer>

namespace embex::ui {

LoadController::LoadController(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<core::LoadReport>();
    qRegisterMetaType<std::shared_ptr<const core::Dataset>>();
    connect(&m_thread, &BackgroundThread::done, this, &LoadController::onFinished);
    connect(this, &LoadController::progressOnWorker, this, &LoadController::progressChanged, Qt::QueuedConnection);
}

LoadController::~LoadController()
{
    m_stop.request_stop();
    m_thread.wait();
}

bool LoadController::load(const QString& path, const core::LoadOptions& options)
{
    if (m_loading)
        return false;
    m_loading = true;
    m_path = path;
    m_stop = std::stop_source();
    const std::stop_token token = m_stop.get_token();
    const std::string file = path.toStdString();
    emit started(path);
    emit progressChanged(0);
    m_thread.start([this, file, options, token] {
        QElapsedTimer sinceEmit;
        sinceEmit.start();
        auto progress = [&](std::uint64_t done, std::uint64_t total) {
            if (total == 0 || (done < total && sinceEmit.elapsed() < 50))
                return; // at most ~20 a second, but the end of the file is always shown
            sinceEmit.restart();
            const int percent = static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(total));
            emit progressOnWorker(percent); // the controller outlives the job: its destructor waits
        };
        try {
            m_outcome.put(core::loadRatings(file, options, progress, token));
        } catch (const std::exception& e) {
            core::LoadOutcome outcome;
            outcome.error.file = file;
            outcome.error.message = e.what();
            m_outcome.put(std::move(outcome));
        }
    });
    return true;
}

void LoadController::cancel()
{
    if (m_loading)
        m_stop.request_stop();
}

void LoadController::onFinished()
{
    m_loading = false;
    std::optional<core::LoadOutcome> taken = m_outcome.take();
    if (!taken)
        return;
    core::LoadOutcome& outcome = *taken;
    // A cancel that arrives after the last block was read still wins: the user asked to keep
    // what is open, and the finished dataset has not been handed to anyone yet.
    if (m_stop.stop_requested() && outcome.status == core::LoadOutcome::Status::Loaded)
        outcome.status = core::LoadOutcome::Status::Cancelled;
    switch (outcome.status) {
    case core::LoadOutcome::Status::Loaded:
        emit progressChanged(100);
        emit loaded(std::move(outcome.dataset), outcome.report);
        break;
    case core::LoadOutcome::Status::Cancelled:
        emit cancelled();
        break;
    case core::LoadOutcome::Status::Failed:
        emit failed(QString::fromStdString(outcome.error.toString()), outcome.report);
        break;
    }
}

} // namespace embex::ui
