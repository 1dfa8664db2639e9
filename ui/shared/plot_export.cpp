// SPDX-License-Identifier: MIT
#include "ui/shared/plot_export.h"

#include <QFileInfo>
#include <qcustomplot.h>
#ifdef EMBEX_HAVE_SVG
#include <QSvgGenerator>
#endif

namespace embex::ui {

bool savePlot(QCustomPlot* plot, const QString& path, QString* error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool ok = false;
    if (suffix == QLatin1String("png")) {
        ok = plot->savePng(path, 0, 0, 2.0);
    } else if (suffix == QLatin1String("pdf")) {
        ok = plot->savePdf(path);
#ifdef EMBEX_HAVE_SVG
    } else if (suffix == QLatin1String("svg")) {
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(plot->size());
        generator.setViewBox(plot->rect());
        generator.setTitle(QStringLiteral("Embex plot"));
        QCPPainter painter;
        ok = painter.begin(&generator);
        if (ok) {
            plot->toPainter(&painter, plot->width(), plot->height());
            painter.end();
        }
#endif
    } else {
        if (error)
            *error = QObject::tr("unknown format “%1”: use .png, .pdf or .svg").arg(suffix);
        return false;
    }
    if (!ok && error)
        *error = QObject::tr("the file could not be written");
    return ok;
}

} // namespace embex::ui
