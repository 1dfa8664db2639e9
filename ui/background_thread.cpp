// SPDX-License-Identifier: MIT
#include "ui/background_thread.h"

namespace embex::ui {

BackgroundThread::BackgroundThread(QObject* parent)
    : QObject(parent)
{
    connect(this, &BackgroundThread::finishedOnWorker, this, &BackgroundThread::done, Qt::QueuedConnection);
}

BackgroundThread::~BackgroundThread()
{
    wait();
}

void BackgroundThread::start(std::function<void()> work)
{
    wait();
    m_thread = std::jthread([this, work = std::move(work)] {
        work();
        emit finishedOnWorker();
    });
}

void BackgroundThread::wait()
{
    if (m_thread.joinable())
        m_thread.join();
}

} // namespace embex::ui
