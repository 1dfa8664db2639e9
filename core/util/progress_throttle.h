// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <optional>
#include <utility>

namespace embex::core {

/// Thins a fast stream of reports (bytes read, batch losses, snapshots) to what a person can
/// follow: the first goes out at once, then at most one per interval, each the latest; flush()
/// sends the one still held, so the last report is never lost. Not thread-safe: one producer.
template <typename T>
class ProgressThrottle {
public:
    using Clock = std::chrono::steady_clock;

    explicit ProgressThrottle(std::chrono::milliseconds interval = std::chrono::milliseconds(50))
        : m_interval(interval)
    {
    }

    /// Keeps `value` as the latest and sends it when the interval since the last send is over.
    template <typename Send>
    void offer(T value, Send&& send, Clock::time_point now = Clock::now())
    {
        m_pending = std::move(value);
        if (!m_sent || now - m_lastSend >= m_interval)
            sendPending(send, now);
    }

    /// Sends the value held back, if any.
    template <typename Send>
    void flush(Send&& send, Clock::time_point now = Clock::now())
    {
        if (m_pending)
            sendPending(send, now);
    }

    /// Drops the value held back: a newer one that must go out at once replaces it.
    void discard() { m_pending.reset(); }

    bool hasPending() const { return m_pending.has_value(); }

private:
    std::chrono::milliseconds m_interval;
    std::optional<T> m_pending;
    Clock::time_point m_lastSend {};
    bool m_sent = false;

    template <typename Send>
    void sendPending(Send& send, Clock::time_point now)
    {
        T value = std::move(*m_pending);
        m_pending.reset();
        m_sent = true;
        m_lastSend = now;
        send(std::move(value));
    }
};

} // namespace embex::core
