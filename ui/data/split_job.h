// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/split.h"
#include "ui/data/workspace.h"
#include "ui/shared/job_runner.h"

#include <QMetaType>
#include <QObject>

#include <memory>

namespace embex::ui {

/// Makes Train's training data off the GUI thread: the dataset split by the data dock's
/// settings with its metadata and attributes encoded (core::splitForTraining), a test file read
/// when the split names one. One split at a time; each that starts ends with finished or failed,
/// unless discard() drops it first.
class SplitJob : public QObject {
    Q_OBJECT
public:
    explicit SplitJob(QObject* parent = nullptr);

    /// Starts splitting; false while another split runs.
    bool start(std::shared_ptr<const core::Dataset> dataset, Workspace::Sides sides, const core::SplitSpec& spec);
    /// Drops the split under way (its dataset or tables were replaced); true when there was one.
    bool discard();
    bool isBusy() const { return m_job != 0; }

signals:
    /// `summary`: "80000 training and 20000 validation ratings".
    void finished(std::shared_ptr<const embex::core::TrainData> data, const embex::core::SplitSpec& spec,
                  const QString& summary);
    /// Why not: a test file's name and line, or a rule the settings break.
    void failed(const QString& message);

private:
    JobId m_job = 0;
    JobRunner m_jobs; // last: destroyed first, joining the split
};

} // namespace embex::ui

Q_DECLARE_METATYPE(std::shared_ptr<const embex::core::TrainData>)
Q_DECLARE_METATYPE(embex::core::SplitSpec)
