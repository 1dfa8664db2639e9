// SPDX-License-Identifier: MIT
#pragma once

#include "core/eigen_types.h"

#include <cstdint>
#include <vector>

namespace embex::core {

/// A trainable row-major table (n×d) with its gradient and optimizer state. A batch marks the
/// rows it touches, so an update costs O(touched rows × d) rather than O(n × d): dense Adam over
/// a 60k-row embedding per batch is what makes Keras slow on sparse data.
class SparseTable {
public:
    SparseTable() = default;
    SparseTable(Index rows, Index cols);

    RowMatrixXf value;

    Index rows() const { return value.rows(); }
    Index cols() const { return value.cols(); }
    /// The gradient row for `row`, zero the first time a batch asks for it.
    float* gradient(Index row);
    /// gradient(row) for one of several threads that each own different rows: a row touched
    /// for the first time joins `touched`, the thread's own list, as threads cannot share one.
    float* gradient(Index row, std::vector<Index>& touched)
    {
        if (!m_isTouched[static_cast<std::size_t>(row)]) {
            m_isTouched[static_cast<std::size_t>(row)] = 1;
            touched.push_back(row);
        }
        return m_gradient.row(row).data();
    }
    /// Asks the cache for what gradient(row) will read and write.
    void prefetchGradient(Index row) const
    {
        __builtin_prefetch(&m_isTouched[static_cast<std::size_t>(row)], 1);
        __builtin_prefetch(m_gradient.row(row).data(), 1);
    }
    /// Asks the cache for the optimizer state of `row` (nothing before an optimizer has given the
    /// table any): a model that knows a batch's rows early can have it arrive during other work.
    void prefetchState(Index row) const
    {
        if (m_state.cols() == 0)
            return;
        const float* state = m_state.data() + row * m_state.cols();
        for (Index k = 0; k < m_state.cols(); k += 16) // 16 floats to a 64-byte line
            __builtin_prefetch(state + k, 1);
    }
    /// Every row counts as touched (small dense layers share the sparse machinery).
    void touchAll();
    /// The accumulated gradient (zero where untouched); for gradient checks.
    const RowMatrixXf& gradientMatrix() const { return m_gradient; }
    /// Zeroes the gradient without updating (after a gradient check).
    void clearGradient();

private:
    friend class RowOptimizer;
    RowMatrixXf m_gradient;
    // Adagrad: the sum of squares (n×d). Adam: m and v side by side in one row (n×2d), so a
    // touched row's moments are one contiguous read rather than two misses in two tables.
    RowMatrixXf m_state;
    std::vector<std::uint8_t> m_isTouched;
    std::vector<Index> m_touched;
};

} // namespace embex::core
