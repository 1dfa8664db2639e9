// SPDX-License-Identifier: MIT
#include "ui/window/settings_store.h"

#include "core/models/model_registry.h"

#include <QSettings>

namespace embex::ui {

void saveTrainConfig(QSettings& s, const core::TrainConfig& c)
{
    s.beginGroup(trainConfigKey);
    const std::string_view model = core::modelName(c.model);
    s.setValue(QStringLiteral("model"), QString::fromUtf8(model.data(), static_cast<qsizetype>(model.size())));
    s.setValue(QStringLiteral("dimension"), c.dimension);
    s.setValue(QStringLiteral("epochs"), c.epochs);
    s.setValue(QStringLiteral("batchSize"), c.batchSize);
    s.setValue(QStringLiteral("learningRate"), c.learningRate);
    s.setValue(QStringLiteral("regularization"), c.regularization);
    s.setValue(QStringLiteral("optimizer"), QString::fromStdString(std::string(core::optimizerName(c.optimizer))));
    s.setValue(QStringLiteral("seed"), static_cast<qulonglong>(c.seed));
    s.setValue(QStringLiteral("threads"), c.threads);
    s.setValue(QStringLiteral("negativeSamples"), c.negativeSamples);
    s.endGroup();
}

core::TrainConfig loadTrainConfig(const QSettings& s, const core::TrainConfig& fallback)
{
    const QString group = trainConfigKey + u'/';
    if (!s.contains(group + QLatin1String("model")))
        return fallback;
    const auto model = core::findModelKind(s.value(group + QLatin1String("model")).toString().toStdString());
    if (!model)
        return fallback;
    core::TrainConfig c = core::defaultTrainConfig(*model); // fields the dock does not show follow the kind
    c.dimension = s.value(group + QLatin1String("dimension"), c.dimension).toInt();
    c.epochs = s.value(group + QLatin1String("epochs"), c.epochs).toInt();
    c.batchSize = s.value(group + QLatin1String("batchSize"), c.batchSize).toInt();
    c.learningRate = s.value(group + QLatin1String("learningRate"), c.learningRate).toDouble();
    c.regularization = s.value(group + QLatin1String("regularization"), c.regularization).toDouble();
    c.optimizer = core::findOptimizerKind(s.value(group + QLatin1String("optimizer")).toString().toStdString())
                      .value_or(c.optimizer);
    c.seed = s.value(group + QLatin1String("seed"), static_cast<qulonglong>(c.seed)).toULongLong();
    c.threads = s.value(group + QLatin1String("threads"), c.threads).toInt();
    c.negativeSamples = s.value(group + QLatin1String("negativeSamples"), c.negativeSamples).toInt();
    return c;
}

// The kind is stored by name, so the enum's order can change. A numeric kind (the index into
// RandomHoldout, PerUser, TestFile, None) and a "byTime" flag are the older form, still read.
namespace {

    using SplitKind = core::SplitSpec::Kind;
    const std::pair<SplitKind, QLatin1String> splitKindNames[] = {
        { SplitKind::None, QLatin1String("none") },
        { SplitKind::RandomHoldout, QLatin1String("random") },
        { SplitKind::PerUser, QLatin1String("perUser") },
        { SplitKind::TestFile, QLatin1String("testFile") },
        { SplitKind::BeforeTime, QLatin1String("beforeTime") },
        { SplitKind::TimeFraction, QLatin1String("timeFraction") },
    };
    const SplitKind oldSplitKinds[] = { SplitKind::RandomHoldout, SplitKind::PerUser, SplitKind::TestFile,
                                        SplitKind::None };

} // namespace

void saveSplitSettings(QSettings& s, const core::SplitSpec& split)
{
    s.beginGroup(splitSettingsKey);
    for (const auto& [kind, name] : splitKindNames)
        if (kind == split.kind)
            s.setValue(QStringLiteral("kind"), QString(name));
    s.setValue(QStringLiteral("fraction"), split.fraction);
    s.setValue(QStringLiteral("perUserCount"), split.perUserCount);
    s.setValue(QStringLiteral("before"), static_cast<qlonglong>(split.before));
    s.setValue(QStringLiteral("timeFractionValue"), split.timeFraction);
    s.setValue(QStringLiteral("perUserPick"),
               split.pick == core::HoldoutPick::Latest ? QStringLiteral("latest") : QStringLiteral("random"));
    s.remove(QStringLiteral("byTime"));
    s.setValue(QStringLiteral("testFile"), QString::fromStdString(split.testFile));
    s.setValue(QStringLiteral("seed"), static_cast<qulonglong>(split.seed));
    s.endGroup();
}

core::SplitSpec loadSplitSettings(const QSettings& s)
{
    core::SplitSpec split;
    const QString group = splitSettingsKey + u'/';
    const QVariant kind = s.value(group + QLatin1String("kind"));
    bool isNumber = false;
    const int oldIndex = kind.toString().toInt(&isNumber);
    if (isNumber && oldIndex >= 0 && oldIndex < static_cast<int>(std::size(oldSplitKinds)))
        split.kind = oldSplitKinds[oldIndex];
    for (const auto& [k, name] : splitKindNames)
        if (kind.toString() == name)
            split.kind = k;
    split.fraction = s.value(group + QLatin1String("fraction"), split.fraction).toDouble();
    split.perUserCount = s.value(group + QLatin1String("perUserCount"), split.perUserCount).toInt();
    split.before = s.value(group + QLatin1String("before"), static_cast<qlonglong>(split.before)).toLongLong();
    split.timeFraction = s.value(group + QLatin1String("timeFractionValue"), split.timeFraction).toDouble();
    const QString pick = s.value(group + QLatin1String("perUserPick")).toString();
    if (pick == QLatin1String("random") || (pick.isEmpty() && !s.value(group + QLatin1String("byTime"), true).toBool()))
        split.pick = core::HoldoutPick::Random;
    split.testFile = s.value(group + QLatin1String("testFile")).toString().toStdString();
    split.seed = s.value(group + QLatin1String("seed"), static_cast<qulonglong>(split.seed)).toULongLong();
    return split;
}

void saveProjectionKind(QSettings& s, core::ProjectionKind kind)
{
    s.setValue(projectionKindKey, QLatin1String(core::traitsOf(kind).name));
}

core::ProjectionKind loadProjectionKind(const QSettings& s)
{
    return core::projectionKindFromName(s.value(projectionKindKey).toString().toStdString())
        .value_or(core::ProjectionKind::Pca);
}

} // namespace embex::ui
