// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/ratings_loader.h"
#include "ui/background_thread.h"
#include "ui/meta_types.h"

#include <QObject>
#include <memory>
#include <stop_token>

namespace embex::ui {

/// Loads a ratings file off the GUI thread. A load ends with exactly one of loaded, failed,
/// cancelled; nothing is swapped in here — the receiver decides, so a failed load loses nothing.
class LoadController : public QObject {
    Q_OBJECT
public:
    explicit LoadController(QObject* parent = nullptr);
    ~LoadController() override;

    bool isLoading() const { return m_loading; }
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
    /// Emitted on the loading thread; queued into progressChanged on this object's thread.
    void progressOnWorker(int percent);

private:
    Handoff<core::LoadOutcome> m_outcome;
    std::stop_source m_stop;
    QString m_path;
    bool m_loading = false;
    BackgroundThread m_thread; // last: destroyed first, waiting for the thread that fills m_outcome

    void onFinished();
};

} // namespace embex::ui
