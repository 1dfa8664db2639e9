// SPDX-License-Identifier: MIT
#include "ui/data/data_dock.h"

#include "ui/data/workspace.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRadioButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cstdint>
#include <optional>

namespace embex::ui {
namespace {

    struct TimeRange {
        std::int64_t first = 0, last = 0;
    };
    std::optional<TimeRange> timeRange(const core::RatingsTable& t)
    {
        if (!t.hasTimestamps())
            return std::nullopt;
        const auto [first, last] = std::minmax_element(t.timestamps.begin(), t.timestamps.end());
        return TimeRange { *first, *last };
    }

} // namespace

DataDock::DataDock(Workspace* workspace, QWidget* parent)
    : QDockWidget(tr("Data"), parent)
    , m_workspace(workspace)
{
    setObjectName(QStringLiteral("dataDock"));
    auto* body = new QWidget(this);
    auto* stats = new QFormLayout;
    auto label = [this] {
        auto* l = new QLabel(this);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setWordWrap(true);
        return l;
    };
    m_file = label();
    m_ratings = label();
    m_users = label();
    m_items = label();
    m_range = label();
    m_sparsity = label();
    m_skipped = label();
    m_metadata = label();
    m_split = label();
    m_times = label();
    m_times->setObjectName(QStringLiteral("timesLabel"));
    stats->addRow(tr("File:"), m_file);
    stats->addRow(tr("Ratings:"), m_ratings);
    stats->addRow(tr("Users:"), m_users);
    stats->addRow(tr("Items:"), m_items);
    stats->addRow(tr("Rating range:"), m_range);
    stats->addRow(tr("Sparsity:"), m_sparsity);
    stats->addRow(tr("Skipped rows:"), m_skipped);
    stats->addRow(tr("Metadata:"), m_metadata);
    stats->addRow(tr("Times:"), m_times);

    auto* splitBox = new QGroupBox(tr("Validation split"), body);
    m_holdout = new QRadioButton(tr("Random holdout"), splitBox);
    m_perUser = new QRadioButton(tr("Per user"), splitBox);
    m_testFile = new QRadioButton(tr("Test file"), splitBox);
    m_noSplit = new QRadioButton(tr("None (train on everything)"), splitBox);
    m_beforeTime = new QRadioButton(tr("Before a date"), splitBox);
    m_beforeTime->setObjectName(QStringLiteral("splitBeforeTime"));
    m_beforeTime->setToolTip(tr("Train on every rating before this moment (UTC), validate on every one from it on:\n"
                                "no validation rating is older than a training one"));
    m_before = new QDateTimeEdit(splitBox);
    m_before->setObjectName(QStringLiteral("splitBefore"));
    m_before->setTimeSpec(Qt::UTC);
    m_before->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
    m_before->setCalendarPopup(true);
    m_lastOfTime = new QRadioButton(tr("Last fraction of time"), splitBox);
    m_lastOfTime->setObjectName(QStringLiteral("splitLastOfTime"));
    m_lastOfTime->setToolTip(tr("Validate on the latest ratings, this share of them, cut at one moment"));
    m_timeFraction = new QDoubleSpinBox(splitBox);
    m_timeFraction->setObjectName(QStringLiteral("splitTimeFraction"));
    m_timeFraction->setRange(0.01, 0.9);
    m_timeFraction->setSingleStep(0.05);
    m_timeFraction->setDecimals(2);
    m_fraction = new QDoubleSpinBox(splitBox);
    m_fraction->setRange(0.01, 0.9);
    m_fraction->setSingleStep(0.05);
    m_fraction->setDecimals(2);
    m_fraction->setToolTip(tr("Fraction of all ratings held out at random to measure validation loss"));
    m_perUserCount = new QSpinBox(splitBox);
    m_perUserCount->setRange(1, 1000);
    m_perUserCount->setSuffix(tr(" ratings"));
    m_perUserCount->setToolTip(tr("Each user with more ratings than this keeps that many for validation"));
    m_pick = new QComboBox(splitBox);
    m_pick->setObjectName(QStringLiteral("holdoutPick"));
    m_pick->addItem(tr("latest by time"), static_cast<int>(core::HoldoutPick::Latest));
    m_pick->addItem(tr("at random"), static_cast<int>(core::HoldoutPick::Random));
    // "latest by time (no timestamps: at random)" is as wide as the dock: the list shows it whole
    m_pick->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_pick->setMinimumContentsLength(14);
    m_pick->setToolTip(tr("Which of each user's ratings are held out: the most recent ones (random ones when the "
                          "file has no timestamps), or random ones drawn with the seed.\n"
                          "Latest leaks: each user is cut at their own time, so one user's validation ratings can "
                          "come before\nother users' training ratings. \"Before a date\" cuts everyone at once."));
    m_seed = new QSpinBox(splitBox);
    m_seed->setObjectName(QStringLiteral("splitSeed"));
    m_seed->setRange(0, 999999);
    m_seed->setToolTip(tr("Draws the random holdouts. The model's seed is separate: runs with other model seeds\n"
                          "train and test on the same ratings while this seed and the split settings stay."));
    m_testPath = new QLineEdit(splitBox);
    m_testPath->setPlaceholderText(tr("e.g. u1.test"));
    auto* browse = new QToolButton(splitBox);
    browse->setText(tr("…"));
    browse->setToolTip(tr("Choose a separate test file in the same format"));
    auto* group = new QButtonGroup(this);
    for (QRadioButton* b : { m_holdout, m_perUser, m_testFile, m_beforeTime, m_lastOfTime, m_noSplit })
        group->addButton(b);

    // the dock is as narrow as the model panel above it: a choice whose field does not fit beside it
    // takes a second line rather than reaching past the dock's edge
    auto* grid = new QFormLayout(splitBox);
    grid->setRowWrapPolicy(QFormLayout::WrapLongRows);
    grid->addRow(m_holdout, m_fraction);
    grid->addRow(m_perUser, m_perUserCount);
    grid->addRow(tr("Held out:"), m_pick);
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_testPath);
    testRow->addWidget(browse);
    grid->addRow(m_testFile, testRow);
    grid->addRow(m_beforeTime, m_before);
    grid->addRow(m_lastOfTime, m_timeFraction);
    grid->addRow(m_noSplit);
    grid->addRow(tr("Split seed:"), m_seed);
    grid->addRow(m_split);

    auto* layout = new QVBoxLayout(body);
    layout->addLayout(stats);
    layout->addWidget(splitBox);
    layout->addStretch(1);
    // scrolls rather than growing the window past a 1000-pixel-high screen: the split choices
    // (six of them, each with its own field) are taller than the figures above them
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(body);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setWidget(scroll);

    setSplitSettings({});
    connect(group, &QButtonGroup::buttonToggled, this, &DataDock::updateEnabled);
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString start = m_workspace->hasDataset() && !m_workspace->dataset()->isDemo
            ? QFileInfo(QString::fromStdString(m_workspace->dataset()->sourceFile)).absolutePath()
            : QString();
        const QString path = QFileDialog::getOpenFileName(this, tr("Choose a test file"), start);
        if (!path.isEmpty()) {
            m_testPath->setText(path);
            m_testFile->setChecked(true);
        }
    });
    connect(workspace, &Workspace::datasetChanged, this, &DataDock::refresh);
    connect(workspace, &Workspace::metadataChanged, this, &DataDock::showMetadata);
    refresh();
}

core::SplitSpec DataDock::splitSettings() const
{
    using Kind = core::SplitSpec::Kind;
    core::SplitSpec s;
    s.kind = m_perUser->isChecked() ? Kind::PerUser
        : m_testFile->isChecked()   ? Kind::TestFile
        : m_noSplit->isChecked()    ? Kind::None
        : m_beforeTime->isChecked() ? Kind::BeforeTime
        : m_lastOfTime->isChecked() ? Kind::TimeFraction
                                    : Kind::RandomHoldout;
    s.before = m_before->dateTime().toSecsSinceEpoch();
    s.timeFraction = m_timeFraction->value();
    s.fraction = m_fraction->value();
    s.perUserCount = m_perUserCount->value();
    s.pick = static_cast<core::HoldoutPick>(m_pick->currentData().toInt());
    s.testFile = m_testPath->text().toStdString();
    s.seed = static_cast<std::uint64_t>(m_seed->value());
    return s;
}

void DataDock::setSplitSettings(const core::SplitSpec& s)
{
    using Kind = core::SplitSpec::Kind;
    m_holdout->setChecked(s.kind == Kind::RandomHoldout);
    m_perUser->setChecked(s.kind == Kind::PerUser);
    m_testFile->setChecked(s.kind == Kind::TestFile);
    m_noSplit->setChecked(s.kind == Kind::None);
    m_beforeTime->setChecked(s.kind == Kind::BeforeTime);
    m_lastOfTime->setChecked(s.kind == Kind::TimeFraction);
    m_before->setDateTime(QDateTime::fromSecsSinceEpoch(s.before, Qt::UTC));
    m_timeFraction->setValue(s.timeFraction);
    m_fraction->setValue(s.fraction);
    m_perUserCount->setValue(s.perUserCount);
    m_pick->setCurrentIndex(std::max(0, m_pick->findData(static_cast<int>(s.pick))));
    m_testPath->setText(QString::fromStdString(s.testFile));
    m_seed->setValue(static_cast<int>(std::min<std::uint64_t>(s.seed, 999999)));
    updateEnabled();
}

void DataDock::setLoadReport(const core::LoadReport& report)
{
    const QLocale locale;
    m_skipped->setText(report.rowsSkipped == 0 ? tr("none")
                                               : tr("%1 of %2")
                                                     .arg(locale.toString(static_cast<qlonglong>(report.rowsSkipped)),
                                                          locale.toString(static_cast<qlonglong>(report.rowsRead))));
    m_skipped->setToolTip(QString::fromStdString(report.skippedSummary()));
    showTimes(report.timestampForm);
}

void DataDock::showTimes(core::TimestampForm form)
{
    const auto& d = m_workspace->dataset();
    const auto range = d ? timeRange(d->ratings) : std::nullopt;
    m_pick->setItemText(0, range ? tr("latest by time") : tr("latest by time (no timestamps: at random)"));
    if (!range) {
        m_times->setText(tr("none (the time splits need them)"));
        return;
    }
    const QString span = tr("%1 to %2")
                             .arg(QString::fromStdString(core::formatTimePoint(range->first)),
                                  QString::fromStdString(core::formatTimePoint(range->last)));
    m_times->setText(form == core::TimestampForm::None
                         ? span
                         : tr("%1, %2").arg(QString::fromLatin1(core::timestampFormLabel(form)), span));
    // A date outside the data would leave one side empty: start from the last fifth of its timeline.
    const std::int64_t before = m_before->dateTime().toSecsSinceEpoch();
    if (before <= range->first || before > range->last)
        m_before->setDateTime(
            QDateTime::fromSecsSinceEpoch(range->first + (range->last - range->first) * 4 / 5, Qt::UTC));
}

void DataDock::setSplitSummary(const QString& summary)
{
    m_split->setText(summary);
}

void DataDock::refresh()
{
    const auto& d = m_workspace->dataset();
    const QLocale locale;
    if (!d) {
        for (QLabel* l :
             { m_file, m_ratings, m_users, m_items, m_range, m_sparsity, m_skipped, m_metadata, m_times, m_split })
            l->setText(QStringLiteral("—"));
        m_file->setText(tr("nothing open — File ▸ Open ratings… or Open demo dataset"));
        return;
    }
    const QString source = QString::fromStdString(d->sourceFile);
    m_file->setText(d->isDemo ? tr("built-in demo") : QFileInfo(source).fileName());
    m_file->setToolTip(source);
    m_ratings->setText(locale.toString(static_cast<qulonglong>(d->ratings.size()))
                       + (d->isImplicit() ? tr(" (implicit)") : QString()));
    m_users->setText(locale.toString(static_cast<qulonglong>(d->users.size())));
    m_items->setText(locale.toString(static_cast<qulonglong>(d->items.size())));
    m_range->setText(d->isImplicit() ? tr("implicit: every row is 1")
                                     : tr("%1 – %2").arg(locale.toString(d->ratingMin), locale.toString(d->ratingMax)));
    m_sparsity->setText(tr("%1% empty").arg(locale.toString(100.0 * d->sparsity(), 'f', 2)));
    m_skipped->setText(tr("none"));
    showMetadata();
    showTimes(core::TimestampForm::None);
    m_split->setText(tr("split made when training starts"));
}

void DataDock::showMetadata()
{
    const core::ItemMetadata& metadata = m_workspace->metadata();
    m_metadata->setText(metadata.empty() ? tr("none found (titles show as ids)")
                                         : tr("%1 titles, %2 genres from %3")
                                               .arg(QLocale().toString(static_cast<qulonglong>(metadata.items.size())))
                                               .arg(metadata.genreNames.size())
                                               .arg(QFileInfo(QString::fromStdString(metadata.sourceFile)).fileName()));
}

void DataDock::updateEnabled()
{
    m_fraction->setEnabled(m_holdout->isChecked());
    m_perUserCount->setEnabled(m_perUser->isChecked());
    m_pick->setEnabled(m_perUser->isChecked());
    m_testPath->setEnabled(m_testFile->isChecked());
    m_before->setEnabled(m_beforeTime->isChecked());
    m_timeFraction->setEnabled(m_lastOfTime->isChecked());
    m_seed->setEnabled(m_holdout->isChecked() || m_perUser->isChecked());
}

} // namespace embex::ui
