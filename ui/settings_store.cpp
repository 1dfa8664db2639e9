// SPDX-License-Identifier: MIT
#include "ui/settings_store.h"

#include "core/models/model_registry.h"

#include <QSettings>

namespace embex::ui {

void saveTrainConfig(QSettings& s, const core::TrainConfig& c)
{
    s.beginGroup(QStringLiteral("training"));
    const std::string_view model = core::modelName(c.model);
    s.setValue(QStringLiteral("model"), QString::fromUtf8(model.data(), static_cast<qsizetype>(model.size())));
    s.setValue(QStringLiteral("dimension"), c.dimension);
    s.setValue(QStringLiteral("epochs"), c.epochs);
    s.setValue(QStringLiteral("batchSize"), c.batchSize);
    s.setValue(QStringLiteral("learningRate"), c.learningRate);
    s.setValue(QStringLiteral("regularization"), c.regularization);
    s.setValue(QStringLiteral("optimizer"), QString::fromStdString(c.optimizer));
    s.setValue(QStringLiteral("seed"), static_cast<qulonglong>(c.seed));
    s.setValue(QStringLiteral("threads"), c.threads);
    s.setValue(QStringLiteral("negativeSamples"), c.negativeSamples);
    s.endGroup();
}

core::TrainConfig loadTrainConfig(const QSettings& s, const core::TrainConfig& fallback)
{
    const QString group = QStringLiteral("training/");
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
    c.optimizer = s.value(group + QLatin1String("optimizer"), QString::fromStdString(c.optimizer)).toString().toStdString();
    c.seed = s.value(group + QLatin1String("seed"), static_cast<qulonglong>(c.seed)).toULongLong();
    c.threads = s.value(group + QLatin1String("threads"), c.threads).toInt();
    c.negativeSamples = s.value(group + QLatin1String("negativeSamples"), c.negativeSamples).toInt();
    return c;
}

void saveSplitSettings(QSettings& s, const SplitSettings& split)
{
    s.beginGroup(QStringLiteral("split"));
    s.setValue(QStringLiteral("kind"), static_cast<int>(split.kind));
    s.setValue(QStringLiteral("fraction"), split.fraction);
    s.setValue(QStringLiteral("perUserCount"), split.perUserCount);
    s.setValue(QStringLiteral("byTime"), split.byTime);
    s.setValue(QStringLiteral("testFile"), split.testFile);
    s.endGroup();
}

SplitSettings loadSplitSettings(const QSettings& s)
{
    SplitSettings split;
    const QString group = QStringLiteral("split/");
    const int kind = s.value(group + QLatin1String("kind"), static_cast<int>(split.kind)).toInt();
    if (kind >= 0 && kind <= static_cast<int>(SplitSettings::Kind::None))
        split.kind = static_cast<SplitSettings::Kind>(kind);
    split.fraction = s.value(group + QLatin1String("fraction"), split.fraction).toDouble();
    split.perUserCount = s.value(group + QLatin1String("perUserCount"), split.perUserCount).toInt();
    split.byTime = s.value(group + QLatin1String("byTime"), split.byTime).toBool();
    split.testFile = s.value(group + QLatin1String("testFile")).toString();
    return split;
}

} // namespace embex::ui
