// SPDX-License-Identifier: MIT
// The runs half of Workspace: keeping, opening, renaming and deleting training runs.
#include "ui/data/workspace.h"

#include <algorithm>
#include <string>

namespace embex::ui {
namespace {

    /// The registry name ("dotbias", as the CLI's --models and session files say it), short
    /// enough for a table and a legend; "imported" for vectors from a file.
    std::string modelLabel(const core::EmbeddingSnapshot* snapshot)
    {
        return snapshot && !snapshot->modelKind.empty() ? snapshot->modelKind : std::string("run");
    }

    /// "<label> N" with N one more than any run of that label has, so a name never repeats.
    std::string nextName(const std::vector<core::TrainingRun>& runs, const std::string& label)
    {
        int last = 0;
        for (const core::TrainingRun& run : runs)
            if (run.name.size() > label.size() + 1 && run.name.compare(0, label.size() + 1, label + ' ') == 0) {
                const std::string number = run.name.substr(label.size() + 1);
                if (std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; })
                    && number.size() < 9)
                    last = std::max(last, std::stoi(number));
            }
        return label + ' ' + std::to_string(last + 1);
    }

    /// A held-out split drops ratings from what a session keeps; a split of those is another split.
    bool dropsRatings(const std::string& split)
    {
        return split.rfind("random", 0) == 0 || split.rfind("per-user", 0) == 0;
    }

} // namespace

void Workspace::keepRun(const core::TrainOutcome& outcome, double seconds)
{
    if (!outcome.snapshot)
        return;
    m_runs.push_back(
        core::makeTrainingRun(nextName(m_runs, modelLabel(outcome.snapshot.get())), outcome, m_splitLabel, seconds));
    emit runsChanged();
    openRun(static_cast<int>(m_runs.size()) - 1);
}

void Workspace::addRun(core::TrainingRun run)
{
    if (!run.snapshot)
        return;
    m_runs.push_back(std::move(run));
    emit runsChanged();
}

void Workspace::adoptRuns(const core::Session& session)
{
    m_runs = session.runs;
    m_activeRun = -1; // the old index may lie past the new list's end
    if (m_runs.empty() && session.snapshot) {
        core::TrainingRun only;
        only.name = nextName({}, modelLabel(session.snapshot.get()));
        only.snapshot = session.snapshot;
        only.history = session.history;
        m_runs.push_back(std::move(only));
    }
    int active = m_runs.empty() ? -1 : static_cast<int>(std::min(session.activeRun, m_runs.size() - 1));
    m_splitBase = active >= 0 && dropsRatings(m_runs[static_cast<std::size_t>(active)].split)
        ? m_runs[static_cast<std::size_t>(active)].split
        : std::string();
    emit runsChanged();
    openRun(active);
}

void Workspace::openRun(int index)
{
    if (index < -1 || index >= static_cast<int>(m_runs.size()))
        return;
    if (index >= 0) {
        const core::TrainingRun& run = m_runs[static_cast<std::size_t>(index)];
        m_history = run.history;
        m_activeRun = index;
        setSnapshot(run.snapshot);
    } else {
        m_activeRun = -1;
    }
    emit activeRunChanged(m_activeRun);
}

void Workspace::leaveRuns()
{
    if (m_activeRun < 0)
        return;
    m_activeRun = -1;
    emit activeRunChanged(-1);
}

void Workspace::renameRun(int index, const std::string& name)
{
    if (index < 0 || index >= static_cast<int>(m_runs.size()) || name.empty())
        return;
    m_runs[static_cast<std::size_t>(index)].name = name;
    emit runsChanged();
}

void Workspace::removeRun(int index)
{
    if (index < 0 || index >= static_cast<int>(m_runs.size()))
        return;
    const bool wasOpen = index == m_activeRun;
    m_runs.erase(m_runs.begin() + index);
    // Before anyone hears of the change, the open run's index must name a run that still
    // exists: listeners of runsChanged read runs()[activeRun()].
    if (wasOpen)
        m_activeRun = -1;
    else if (m_activeRun > index)
        --m_activeRun;
    emit runsChanged();
    if (!wasOpen) {
        emit activeRunChanged(m_activeRun);
        return;
    }
    if (m_runs.empty()) {
        m_history.clear();
        setSnapshot(nullptr);
        emit activeRunChanged(-1);
        return;
    }
    openRun(std::min(index, static_cast<int>(m_runs.size()) - 1));
}

} // namespace embex::ui
