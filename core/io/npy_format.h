// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/issue.h"
#include "core/eigen_types.h"

#include <string>
#include <string_view>
#include <variant>

namespace embex::core {

/// NumPy .npy v1.0 for a 2-D float32 matrix in C order: "\x93NUMPY", version 1.0, a u16 header
/// length, then the dict {'descr': '<f4', 'fortran_order': False, 'shape': (n, d), } padded with
/// spaces and a newline so the data starts at a multiple of 64 bytes, then n·d little-endian floats.
std::string npyHeader(Index rows, Index cols);

/// Reads a 2-D .npy written by numpy.save: versions 1.0–3.0, dtype <f4 or <f8 (converted to
/// float), C or Fortran order. Anything else is an Issue naming the file and what is unsupported
/// ("dtype '<i8' is not a float array", "shape (10,) is not 2-D", "the data stops after 40 of 400 values").
std::variant<RowMatrixXf, Issue> readNpy(const std::string& path);
std::variant<RowMatrixXf, Issue> parseNpy(std::string_view bytes, const std::string& fileName);

} // namespace embex::core
