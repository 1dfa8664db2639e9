// SPDX-License-Identifier: MIT
#pragma once

#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace embex::ui {

// Values that cross threads beside a queued signal that carries nothing. A queued signal's
// arguments are copied under Qt's own locks, which ThreadSanitizer cannot see in Debian's
// uninstrumented Qt; a std::mutex it can, so the hand-off is checked.

/// The latest value from one thread for another.
template <typename T>
class Handoff {
public:
    void put(T value)
    {
        const std::lock_guard lock(m_mutex);
        m_value = std::move(value);
    }
    std::optional<T> take()
    {
        const std::lock_guard lock(m_mutex);
        return std::exchange(m_value, std::nullopt);
    }

private:
    std::mutex m_mutex;
    std::optional<T> m_value;
};

/// Values in order: one take() for each signal that announced a post().
template <typename T>
class Mailbox {
public:
    void post(T value)
    {
        const std::lock_guard lock(m_mutex);
        m_values.push_back(std::move(value));
    }
    std::optional<T> take()
    {
        const std::lock_guard lock(m_mutex);
        if (m_values.empty())
            return std::nullopt;
        T value = std::move(m_values.front());
        m_values.pop_front();
        return value;
    }

private:
    std::mutex m_mutex;
    std::deque<T> m_values;
};

} // namespace embex::ui
