// SPDX-License-Identifier: MIT
#pragma once

#include "core/eigen_types.h"

#include <cstdint>

namespace embex::core::sgd {

/// The inner loops of per-rating SGD on embedding rows, compiled once for a runtime size
/// (D = 0, any d ≥ 1) and once per common fixed size (D = d = 32, 64), which unrolls them into
/// straight SIMD code. Every D gives the same bits for the same d: the dot product always sums
/// in `lanes` interleaved partial sums (element k into sum k mod lanes), reduced in one fixed
/// order, and the update is element-wise.
constexpr int lanes = 8;

template <int D>
inline float dot(const float* p, const float* q, Index d)
{
    using Lanes = Eigen::Array<float, lanes, 1>;
    using Chunk = Eigen::Map<const Lanes>;
    if constexpr (D > 0)
        d = D;
    Lanes sum = Lanes::Zero();
    Index k = 0;
    if constexpr (D > 0 && D % lanes == 0) {
        for (; k < D; k += lanes) // constant trip count: unrolled
            sum += Chunk(p + k) * Chunk(q + k);
    } else {
        for (; k + lanes <= d; k += lanes)
            sum += Chunk(p + k) * Chunk(q + k);
        for (Index l = 0; k < d; ++k, ++l)
            sum[l] += p[k] * q[k];
    }
    return ((sum[0] + sum[4]) + (sum[2] + sum[6])) + ((sum[1] + sum[5]) + (sum[3] + sum[7]));
}

/// p ← p − lr·(g·q + λ·p) and q ← q − lr·(g·p + λ·q), both from the old values. Like dot, every
/// D runs the same chunk expression on whole chunks, so a compiler that fuses multiply-adds
/// (FMA builds) fuses them alike in each.
template <int D>
inline void update(float* p, float* q, Index d, float lr, float g, float reg)
{
    using Lanes = Eigen::Array<float, lanes, 1>;
    auto chunk = [&](Index k) { // in registers, a chunk at a time
        Eigen::Map<Lanes> pk(p + k), qk(q + k);
        const Lanes oldP = pk;
        pk = oldP - lr * (g * qk + reg * oldP);
        qk = qk - lr * (g * oldP + reg * qk);
    };
    if constexpr (D > 0)
        d = D;
    Index k = 0;
    if constexpr (D > 0 && D % lanes == 0) {
        for (; k < D; k += lanes) // constant trip count: unrolled
            chunk(k);
    } else {
        const Index whole = d - d % lanes;
        for (; k < whole; k += lanes)
            chunk(k);
        for (; k < d; ++k) {
            const float pk = p[k], qk = q[k];
            p[k] = pk - lr * (g * qk + reg * pk);
            q[k] = qk - lr * (g * pk + reg * qk);
        }
    }
}

/// Asks the cache for every 64-byte line the `bytes` from `p` touch, to be written.
inline void prefetch(const void* p, Index bytes)
{
    const auto first = reinterpret_cast<std::uintptr_t>(p) & ~std::uintptr_t(63);
    const auto end = reinterpret_cast<std::uintptr_t>(p) + static_cast<std::uintptr_t>(bytes);
    for (std::uintptr_t line = first; line < end; line += 64)
        __builtin_prefetch(reinterpret_cast<const void*>(line), 1, 3);
}

} // namespace embex::core::sgd
