// SPDX-License-Identifier: MIT
#pragma once

#include "ui/handoff.h"

#include <QObject>

#include <functional>
#include <thread>

namespace embex::ui {

/// Runs one function at a time on a thread of its own; done() follows on this object's thread.
///
/// Not QtConcurrent: Debian's Qt is not built with ThreadSanitizer, so the locks inside its
/// thread pool and QFuture are invisible to TSan, and every task object and result that crosses
/// them is reported as a race. Here the thread is started and joined with std::jthread, results
/// cross in a Handoff (std::mutex), and the queued signal carries nothing, so TSan checks it all.
class BackgroundThread : public QObject {
    Q_OBJECT
public:
    explicit BackgroundThread(QObject* parent = nullptr);
    ~BackgroundThread() override; ///< waits for the running function

    /// Waits for the previous function, then runs `work` on a new thread.
    void start(std::function<void()> work);
    /// Blocks until the running function (if any) has returned.
    void wait();

signals:
    void done();
    void finishedOnWorker(); // emitted on the worker thread; queued into done()

private:
    std::jthread m_thread;
};

} // namespace embex::ui
