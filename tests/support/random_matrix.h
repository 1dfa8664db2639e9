// SPDX-License-Identifier: MIT
// Standard-normal test matrices: the same seed gives the same matrix in every test.
#pragma once

#include "core/data/random.h"
#include "core/eigen_types.h"

#include <cstdint>

namespace embex::test {

inline core::RowMatrixXf normalMatrix(core::Index rows, core::Index cols, std::uint64_t seed)
{
    core::Rng rng(seed);
    core::RowMatrixXf m(rows, cols);
    for (core::Index i = 0; i < m.size(); ++i)
        m.data()[i] = static_cast<float>(rng.normal());
    return m;
}

} // namespace embex::test
