// SPDX-License-Identifier: MIT
#include "core/io/import_progress.h"

#include <algorithm>

namespace embex::core {

ImportProgress::ImportProgress(ImportProgressCallback callback)
    : m_callback(std::move(callback))
{
}

void ImportProgress::begin(std::string stage, std::size_t total)
{
    if (!m_callback)
        return;
    const std::scoped_lock lock(m_mutex);
    m_stage = std::move(stage);
    m_total = total;
    m_done = 0;
    m_reported = 0;
    m_isFinished = false;
    m_throttle = ProgressThrottle<double>();
    m_throttle.offer(0.0, [this](double f) { send(f); });
}

void ImportProgress::advance(std::size_t units)
{
    if (!m_callback)
        return;
    const std::scoped_lock lock(m_mutex);
    if (m_isFinished)
        return;
    m_done = std::min(m_done + units, m_total);
    // 1 only from finish(): the reader may still have work after its last counted unit
    const double fraction = m_total == 0 ? 0.0
                                         : std::min(0.999, static_cast<double>(m_done) / static_cast<double>(m_total));
    m_throttle.offer(fraction, [this](double f) { send(f); });
}

void ImportProgress::finish()
{
    if (!m_callback)
        return;
    const std::scoped_lock lock(m_mutex);
    if (m_isFinished)
        return;
    m_isFinished = true;
    m_throttle.discard();
    send(1.0);
}

void ImportProgress::send(double fraction)
{
    if (fraction < m_reported)
        return;
    m_reported = fraction;
    m_callback(m_stage, fraction);
}

} // namespace embex::core
