// SPDX-License-Identifier: MIT
#include "ui/split_settings.h"

#include "core/data/ratings_loader.h"
#include "core/data/split.h"

#include <QObject>

namespace embex::ui {

std::shared_ptr<core::TrainData> buildTrainData(const core::Dataset& dataset, const SplitSettings& settings,
                                                QString* error, QString* summary)
{
    auto data = std::make_shared<core::TrainData>();
    data->userCount = dataset.users.size();
    data->itemCount = dataset.items.size();
    data->ratingMin = dataset.ratingMin;
    data->ratingMax = dataset.ratingMax;
    data->implicit = dataset.isImplicit();

    core::Split split;
    switch (settings.kind) {
    case SplitSettings::Kind::None:
        split.train = dataset.ratings;
        break;
    case SplitSettings::Kind::RandomHoldout:
        split = core::randomHoldout(dataset.ratings, settings.fraction, settings.seed);
        break;
    case SplitSettings::Kind::PerUser:
        split = core::perUserHoldout(dataset.ratings, settings.perUserCount, settings.byTime, settings.seed);
        break;
    case SplitSettings::Kind::TestFile: {
        core::LoadOptions options;
        options.format = dataset.format;
        options.findMetadata = false;
        const core::LoadOutcome test = core::loadRatings(settings.testFile.toStdString(), options);
        if (!test.ok()) {
            if (error)
                *error = QString::fromStdString(test.error.toString());
            return nullptr;
        }
        split = core::separateTestSet(dataset, *test.dataset);
        break;
    }
    }
    if (split.train.empty()) {
        if (error)
            *error = QObject::tr("the split leaves no training ratings");
        return nullptr;
    }
    if (summary)
        *summary = settings.kind == SplitSettings::Kind::None ? QObject::tr("no validation set")
                                                              : QString::fromStdString(split.summary());
    data->train = std::move(split.train);
    data->validation = std::move(split.test);
    return data;
}

} // namespace embex::ui
