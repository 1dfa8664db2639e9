// SPDX-License-Identifier: MIT
#include "ui/map/map_colouring.h"

#include "ui/data/workspace.h"

#include <QObject>
#include <algorithm>
#include <cmath>

namespace embex::ui {
namespace {

    constexpr int continuousBuckets = 12;

    MapColouring continuous(const std::vector<double>& values, bool logarithmic, const QString& label)
    {
        MapColouring c;
        c.isContinuous = true;
        c.isLogarithmic = logarithmic;
        c.scaleLabel = label;
        c.bucketOfItem.assign(values.size(), 0);
        if (values.empty())
            return c;
        auto transform = [logarithmic](double v) { return logarithmic ? std::log10(std::max(v, 1.0)) : v; };
        double low = transform(values.front()), high = low;
        for (double v : values) {
            low = std::min(low, transform(v));
            high = std::max(high, transform(v));
        }
        if (high <= low)
            high = low + 1;
        for (std::size_t i = 0; i < values.size(); ++i) {
            const double f = (transform(values[i]) - low) / (high - low);
            c.bucketOfItem[i] = std::clamp(static_cast<int>(f * continuousBuckets), 0, continuousBuckets - 1);
        }
        for (int b = 0; b < continuousBuckets; ++b)
            c.colours.push_back(scaleColour((b + 0.5) / continuousBuckets));
        c.low = logarithmic ? std::pow(10.0, low) : low;
        c.high = logarithmic ? std::pow(10.0, high) : high;
        return c;
    }

} // namespace

QColor categoryColour(int index)
{
    // Tableau 20, strong tones first: readable on white and distinct for the first ten
    static const QRgb palette[] = { 0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
                                    0x17becf, 0xbcbd22, 0x7f7f7f, 0xaec7e8, 0xffbb78, 0x98df8a, 0xff9896,
                                    0xc5b0d5, 0xc49c94, 0xf7b6d2, 0x9edae5, 0xdbdb8d, 0xc7c7c7 };
    return QColor(palette[index % 20]);
}

QColor scaleColour(double fraction)
{
    static const QColor stops[] = { QColor(68, 1, 84), QColor(59, 82, 139), QColor(33, 145, 140), QColor(94, 201, 98),
                                    QColor(253, 231, 37) };
    const double x = std::clamp(fraction, 0.0, 1.0) * 4.0;
    const int i = std::min(3, static_cast<int>(x));
    const double t = x - i;
    auto mix = [t](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * t)); };
    return QColor(mix(stops[i].red(), stops[i + 1].red()), mix(stops[i].green(), stops[i + 1].green()),
                  mix(stops[i].blue(), stops[i + 1].blue()));
}

MapColouring colourItems(const Workspace& workspace, ColourBy by)
{
    const int n = workspace.itemCount();
    const RatingCounts& counts = workspace.itemCounts();
    switch (by) {
    case ColourBy::Popularity: {
        std::vector<double> values(counts.all.begin(), counts.all.end());
        return continuous(values, true, QObject::tr("ratings (log scale)"));
    }
    case ColourBy::MeanRating: {
        std::vector<double> values(counts.mean.begin(), counts.mean.end());
        return continuous(values, false, QObject::tr("mean rating"));
    }
    case ColourBy::ItemBias: {
        std::vector<double> values(static_cast<std::size_t>(n), 0.0);
        const auto& snapshot = workspace.snapshot();
        if (const core::RowMatrixXf* bias = snapshot ? snapshot->parameter("item_bias") : nullptr)
            for (int i = 0; i < n && i < bias->rows(); ++i)
                values[static_cast<std::size_t>(i)] = (*bias)(i, 0);
        return continuous(values, false, QObject::tr("item bias"));
    }
    case ColourBy::Cluster: return colourClusters({}, {}, n);
    case ColourBy::Genre: break;
    }
    MapColouring c;
    const QStringList genres = workspace.genreNames();
    c.names = genres;
    for (int g = 0; g < genres.size(); ++g)
        c.colours.push_back(categoryColour(g));
    const int unknown = static_cast<int>(genres.size());
    c.names << QObject::tr("no genre");
    c.colours.push_back(QColor(190, 190, 190));
    c.bucketOfItem.resize(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const int g = workspace.primaryGenre(i);
        c.bucketOfItem[static_cast<std::size_t>(i)] = g >= 0 ? g : unknown;
    }
    return c;
}

MapColouring colourClusters(const std::vector<int>& clusterOf, const QStringList& labels, int itemCount)
{
    constexpr int coloured = 19; // the palette's distinct tones; grey is the last bucket
    MapColouring c;
    const int groups = std::min<int>(coloured, static_cast<int>(labels.size()));
    for (int k = 0; k < groups; ++k) {
        const QString& label = labels[k];
        c.names << QStringLiteral("%1 %2").arg(k + 1).arg(label.size() > 34 ? label.left(33) + QChar(0x2026) : label);
        c.colours.push_back(categoryColour(k));
    }
    const int rest = groups;
    c.names << (labels.size() > coloured ? QObject::tr("smaller groups") : QObject::tr("no group"));
    c.colours.push_back(QColor(190, 190, 190));
    c.bucketOfItem.assign(static_cast<std::size_t>(std::max(0, itemCount)), rest);
    for (std::size_t i = 0; i < c.bucketOfItem.size() && i < clusterOf.size(); ++i)
        if (clusterOf[i] >= 0 && clusterOf[i] < groups)
            c.bucketOfItem[i] = clusterOf[i];
    return c;
}

std::vector<int> sizeClasses(const std::vector<int>& counts)
{
    std::vector<int> sorted(counts);
    std::vector<int> classes(counts.size(), 0);
    if (sorted.empty())
        return classes;
    std::sort(sorted.begin(), sorted.end());
    const int median = sorted[sorted.size() / 2];
    const int top = sorted[sorted.size() * 9 / 10];
    for (std::size_t i = 0; i < counts.size(); ++i)
        classes[i] = counts[i] >= top && top > median ? 2 : counts[i] > median ? 1 : 0;
    return classes;
}

} // namespace embex::ui
