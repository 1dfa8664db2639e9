// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/ratings_loader.h"
#include "ui/shared/job_runner.h"
#include "ui/shared/meta_types.h"

#include <QObject>
#include <memory>

namespace embex::ui {

/// Loads a ratings file off the GUI thread. A load ends with exactly one of loaded, failed,
/// cancelled; nothing is swapped in here — the receiver decides, so a failed load loses nothing.
class LoadController : public QObject {
    Q_OBJECT
public:
    explicit LoadController(QObject* parent = nullptr);

    bool isLoading() const { return m_job != 0; }
    QString path() const { return m_path; }

    /// Returns false while another load is under way.
    bool load(const QString& path, const core::LoadOptions& options);
    /// Ends the load with cancelled, whenever it is called before the result is delivered
    /// (even after the last byte was read), so what is open stays open.
    void cancel();

signals:
    void started(const QString& path);
    void progressChanged(int percent);
    void loaded(std::shared_ptr<const embex::core::Dataset> dataset, const embex::core::LoadReport& report);
    void failed(const QString& message, const embex::core::LoadReport& report);
    void cancelled();

private:
    QString m_path;
    JobId m_job = 0;
    bool m_cancelRequested = false;
    JobRunner m_jobs; // last: destroyed first, stopping and joining the load

    void finish(core::LoadOutcome outcome);
};

} // namespace embex::ui
