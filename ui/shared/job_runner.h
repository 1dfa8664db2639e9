// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

namespace embex::ui {

class JobRunner;

/// Every job's number, from 1 up; 0 is no job.
using JobId = std::uint64_t;

/// What a job's function holds on its thread: whether it was asked to stop, and post(), which
/// hands a closure to the GUI thread.
class JobContext {
public:
    JobId id() const { return m_id; }
    std::stop_token stopToken() const { return m_stop; }
    bool stopRequested() const { return m_stop.stop_requested(); }
    /// Runs `gui` on the runner's thread, after everything this job posted before it, unless
    /// the job has been discarded by then.
    void post(std::function<void()> gui) const;

private:
    friend class JobRunner;
    JobContext(JobRunner* runner, JobId id, std::stop_token stop)
        : m_runner(runner)
        , m_id(id)
        , m_stop(std::move(stop))
    {
    }
    JobRunner* m_runner;
    JobId m_id;
    std::stop_token m_stop;
};

/// The one way Embex runs long work (training, loading, projections, sessions, imports): each
/// job on a std::jthread of its own, everything it produces posted as closures to one queue
/// that the GUI thread runs in order. A discarded job's closures are dropped here, in one place,
/// so no receiver compares datasets to tell a stale result from a current one.
///
/// Not QThread or QtConcurrent, and no value in a queued signal: Debian's Qt is not built with
/// ThreadSanitizer, so whatever crosses threads under Qt's locks looks like a race to it. Here
/// the closures cross under a std::mutex, and threads start and join through std::jthread, so
/// TSan checks every hand-off. The only Qt call from a worker is a payload-free wake-up.
///
/// Starting never waits for another job; a finished job's thread is joined on the GUI thread
/// once it has posted its last closure, and the destructor stops and joins whatever still runs.
class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;

    /// Starts `work` on a new thread named `name` (as top and /proc show it: 15 characters at
    /// most). `onEnd` (optional) runs on this thread after the last of the job's closures, even
    /// when the job was discarded.
    JobId start(const char* name, std::function<void(const JobContext&)> work, std::function<void()> onEnd = {});
    /// Asks the job to stop; what it posts is still delivered (it may report how far it got).
    void requestStop(JobId id);
    /// Asks the job to stop and drops everything it posts from now on.
    void discard(JobId id);
    /// The job has not ended yet (its onEnd has not run).
    bool isRunning(JobId id) const { return m_jobs.count(id) > 0; }
    /// Jobs not ended yet.
    std::size_t runningCount() const { return m_jobs.size(); }

private:
    friend class JobContext;
    struct Job {
        std::jthread thread;
        std::function<void()> onEnd;
        bool discarded = false;
    };
    struct Posted {
        JobId job;
        std::function<void()> gui;
        bool last = false; ///< the job's function has returned
    };

    std::map<JobId, Job> m_jobs; // GUI thread only
    JobId m_lastId = 0;
    std::mutex m_mutex; // guards the two below
    std::deque<Posted> m_queue;
    bool m_wakePending = false;

    void enqueue(Posted posted);
    void drain();
};

} // namespace embex::ui
