// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class QCustomPlot;

namespace embex::ui {

/// Saves a plot by the file's extension: .png, .pdf, and .svg when built with Qt SVG.
bool savePlot(QCustomPlot* plot, const QString& path, QString* error);

} // namespace embex::ui
