// SPDX-License-Identifier: MIT
#pragma once

#include "core/util/json_writer.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

namespace embex::bench {

/// Median, min and max of repeated timings, in the unit the caller measured.
struct Stats {
    double median = 0;
    double min = 0;
    double max = 0;
    int runs = 0;
};

inline Stats summarize(std::vector<double> values)
{
    Stats s;
    if (values.empty())
        return s;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    s.median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    s.min = values.front();
    s.max = values.back();
    s.runs = static_cast<int>(n);
    return s;
}

/// Seconds one call of `work` takes, `runs` times (after one warm-up call when asked).
inline std::vector<double> time(int runs, const std::function<void()>& work, bool warmUp = false)
{
    if (warmUp)
        work();
    std::vector<double> seconds;
    for (int r = 0; r < runs; ++r) {
        const auto start = std::chrono::steady_clock::now();
        work();
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    return seconds;
}

/// One result as a JSON line on stdout, the form scripts/bench collects.
inline void report(const std::string& name, const std::string& unit, const Stats& s, const std::string& note = {})
{
    core::JsonWriter json;
    json.beginObject()
        .field("name", name)
        .field("unit", unit)
        .field("median", s.median)
        .field("min", s.min)
        .field("max", s.max)
        .field("runs", s.runs);
    if (!note.empty())
        json.field("note", note);
    json.endObject();
    std::cout << json.text() << std::endl;
}

} // namespace embex::bench
