// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>
#include <cstdint>

namespace embex::core {

/// splitmix64-seeded xoshiro256**: the same stream on every platform and standard library,
/// which std::uniform_*_distribution does not promise. Seeds give reproducible runs.
class Rng {
public:
    explicit Rng(std::uint64_t seed)
    {
        for (auto& s : m_state)
            s = splitmix(seed);
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    /// Uniform in [0, n) without modulo bias worth noticing (Lemire's multiply-shift), n ≥ 1.
    std::uint64_t below(std::uint64_t n) { return static_cast<std::uint64_t>((static_cast<Wide>(next()) * n) >> 64); }
    /// Uniform in [0, 1).
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    /// Standard normal (Box–Muller; one of the pair is discarded for simplicity).
    double normal()
    {
        const double u1 = uniform() + 0x1.0p-54;
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

private:
    __extension__ using Wide = unsigned __int128;
    std::uint64_t m_state[4] {};

    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static std::uint64_t splitmix(std::uint64_t& x)
    {
        std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
};

} // namespace embex::core
