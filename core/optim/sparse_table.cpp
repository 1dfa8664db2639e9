// SPDX-License-Identifier: MIT
#include "core/optim/sparse_table.h"

namespace embex::core {

SparseTable::SparseTable(Index rows, Index cols)
    : value(RowMatrixXf::Zero(rows, cols))
    , m_gradient(RowMatrixXf::Zero(rows, cols))
    , m_isTouched(static_cast<std::size_t>(rows), 0)
{
}

float* SparseTable::gradient(Index row)
{
    if (!m_isTouched[static_cast<std::size_t>(row)]) {
        m_isTouched[static_cast<std::size_t>(row)] = 1;
        m_touched.push_back(row);
    }
    return m_gradient.row(row).data();
}

void SparseTable::touchAll()
{
    for (Index row = 0; row < rows(); ++row)
        gradient(row);
}

void SparseTable::clearGradient()
{
    for (Index row : m_touched) {
        m_gradient.row(row).setZero();
        m_isTouched[static_cast<std::size_t>(row)] = 0;
    }
    m_touched.clear();
}

} // namespace embex::core
