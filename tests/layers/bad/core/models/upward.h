// SPDX-License-Identifier: MIT
// Fixture for check_core_layers.cmake: a model header reaching up into training must fail.
#pragma once
#include "core/training/trainer.h"
