// SPDX-License-Identifier: MIT
#include "ui/regions/region_text.h"

#include "ui/data/workspace.h"

#include <QLocale>
#include <QObject>
#include <QSaveFile>
#include <cmath>

namespace embex::ui {

QString regionSummaryText(const core::GroupSummary& s, const core::ItemFacts& facts)
{
    const QLocale locale;
    QStringList facets;
    facets << (s.size == 1 ? QObject::tr("<b>1 item</b>")
                           : QObject::tr("<b>%1 items</b>").arg(locale.toString(static_cast<qulonglong>(s.size))));
    if (!s.years.empty())
        facets << (s.firstYear == s.lastYear ? QString::number(s.firstYear)
                                             : QStringLiteral("%1–%2").arg(s.firstYear).arg(s.lastYear));
    facets << QObject::tr("median %1 ratings").arg(locale.toString(s.medianRatings, 'f', 0));
    if (!std::isnan(s.meanRating))
        facets << QObject::tr("mean rating %1").arg(locale.toString(s.meanRating, 'f', 2));
    if (s.meanBias)
        facets << QObject::tr("mean bias %1%2")
                      .arg(*s.meanBias >= 0 ? QStringLiteral("+") : QString(), locale.toString(*s.meanBias, 'f', 2));
    QString text = facets.join(QStringLiteral(" · "));
    if (!s.genreMix.empty()) {
        QStringList mix;
        for (std::size_t g = 0; g < s.genreMix.size() && g < 6; ++g) {
            const core::GenreLift& lift = s.genreMix[g];
            const bool isOver = std::any_of(s.overRepresented.begin(), s.overRepresented.end(),
                                            [&](const core::GenreLift& o) { return o.genre == lift.genre; });
            QString part = QObject::tr("%1 %2 % ×%3")
                               .arg(QString::fromStdString(lift.name).toHtmlEscaped(),
                                    locale.toString(100 * lift.share, 'f', 0), locale.toString(lift.lift, 'f', 1));
            mix << (isOver ? QStringLiteral("<b>%1</b>").arg(part) : part);
        }
        text += QStringLiteral("<br>")
            + QObject::tr("Genres (share, lift against the catalogue): %1").arg(mix.join(QStringLiteral(", ")));
    } else if (!facts.genreNames.empty()) {
        text += QStringLiteral("<br>") + QObject::tr("No genres listed for these items.");
    }
    if (!s.bestKnown.empty()) {
        QStringList names;
        for (std::uint32_t item : s.bestKnown)
            names << QString::fromStdString(facts.names[item]).toHtmlEscaped();
        text += QStringLiteral("<br>")
            + (s.size == 1 ? names.front() : QObject::tr("Best known: %1").arg(names.join(QStringLiteral(", "))));
    }
    return text;
}

QString csvCell(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n'))
        && !text.contains(QLatin1Char('\r')))
        return text;
    QString cell = text;
    cell.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + cell + QLatin1Char('"');
}

bool writeRegionCsv(const QString& path, const std::vector<int>& items, const Workspace& workspace, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    const RatingCounts& counts = workspace.itemCounts();
    QByteArray out = "id,title,ratings,mean_rating\n";
    for (int item : items) {
        const auto i = static_cast<std::size_t>(item);
        const int ratings = i < counts.all.size() ? counts.all[i] : 0;
        const QString mean = ratings > 0 && i < counts.mean.size() ? QString::number(counts.mean[i], 'f', 3)
                                                                   : QString();
        out += (csvCell(workspace.itemRawId(item)) + QLatin1Char(',')
                + csvCell(workspace.hasTitles() ? workspace.itemTitle(item) : QString()) + QLatin1Char(',')
                + QString::number(ratings) + QLatin1Char(',') + mean + QLatin1Char('\n'))
                   .toUtf8();
    }
    if (file.write(out) != out.size() || !file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

} // namespace embex::ui
