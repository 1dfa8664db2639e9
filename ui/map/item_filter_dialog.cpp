// SPDX-License-Identifier: MIT
#include "ui/map/item_filter_dialog.h"

#include "ui/map/item_filter_state.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <tuple>

namespace embex::ui {
namespace {

    // each box's minimum reads "any"
    constexpr int firstYear = 1800, lastYear = 2200; // what yearInTitle reads
    constexpr int anyCount = -1;

    QSpinBox* rangeBox(int minimum, int maximum, QWidget* parent)
    {
        auto* box = new QSpinBox(parent);
        box->setRange(minimum, maximum);
        box->setSpecialValueText(ItemFilterDialog::tr("any"));
        box->setValue(minimum);
        return box;
    }

    std::vector<std::uint16_t> checkedGenres(const QListWidget* list)
    {
        std::vector<std::uint16_t> genres;
        for (int row = 0; row < list->count(); ++row)
            if (list->item(row)->checkState() == Qt::Checked)
                genres.push_back(static_cast<std::uint16_t>(row));
        return genres;
    }

    void showGenres(QListWidget* list, const std::vector<std::string>& names, const std::vector<std::uint16_t>& checked)
    {
        if (list->count() != static_cast<int>(names.size())) {
            list->clear();
            for (const std::string& name : names) {
                auto* item = new QListWidgetItem(QString::fromStdString(name), list);
                item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            }
        }
        for (int row = 0; row < list->count(); ++row) {
            QListWidgetItem* item = list->item(row);
            item->setText(QString::fromStdString(names[static_cast<std::size_t>(row)]));
            const bool on = std::find(checked.begin(), checked.end(), row) != checked.end();
            item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
        }
    }

} // namespace

ItemFilterDialog::ItemFilterDialog(ItemFilterState* state, QWidget* parent)
    : QDialog(parent)
    , m_state(state)
{
    setWindowTitle(tr("Filter the map's items"));
    m_include = new QListWidget(this);
    m_include->setToolTip(tr("Items carrying any of the checked genres pass; items with no genres do not"));
    m_exclude = new QListWidget(this);
    m_exclude->setToolTip(tr("Items carrying any of the checked genres fail"));
    m_fromYear = rangeBox(firstYear - 1, lastYear, this);
    m_toYear = rangeBox(firstYear - 1, lastYear, this);
    const QString yearTip = tr("The year in the title, as in “Toy Story (1995)”; with a range set, items whose "
                               "title has no year fail");
    m_fromYear->setToolTip(yearTip);
    m_toYear->setToolTip(yearTip);
    m_minRatings = rangeBox(0, 100000000, this);
    m_maxRatings = rangeBox(anyCount, 100000000, this);
    m_minRatings->setToolTip(tr("Items with fewer ratings fail"));
    m_maxRatings->setToolTip(tr("Items with more ratings fail: the well-known items out of the way"));
    m_result = new QLabel(this);
    m_result->setWordWrap(true);

    auto* includeBox = new QGroupBox(tr("Any of these genres"), this);
    (new QVBoxLayout(includeBox))->addWidget(m_include);
    auto* excludeBox = new QGroupBox(tr("None of these genres"), this);
    (new QVBoxLayout(excludeBox))->addWidget(m_exclude);
    auto* genres = new QHBoxLayout;
    genres->addWidget(includeBox);
    genres->addWidget(excludeBox);
    auto* years = new QHBoxLayout;
    years->addWidget(m_fromYear);
    years->addWidget(new QLabel(tr("to"), this));
    years->addWidget(m_toYear);
    auto* ratings = new QHBoxLayout;
    ratings->addWidget(m_minRatings);
    ratings->addWidget(new QLabel(tr("to"), this));
    ratings->addWidget(m_maxRatings);
    auto* form = new QFormLayout;
    form->addRow(tr("Years:"), years);
    form->addRow(tr("Ratings:"), ratings);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* clear = buttons->addButton(tr("Clear"), QDialogButtonBox::ResetRole);
    clear->setToolTip(tr("Every item passes again"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(genres, 1);
    layout->addLayout(form);
    layout->addWidget(m_result);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    connect(clear, &QPushButton::clicked, m_state, &ItemFilterState::clear);
    for (QListWidget* list : { m_include, m_exclude })
        connect(list, &QListWidget::itemChanged, this, &ItemFilterDialog::apply);
    for (QSpinBox* box : { m_fromYear, m_toYear, m_minRatings, m_maxRatings })
        connect(box, &QSpinBox::valueChanged, this, &ItemFilterDialog::apply);
    connect(m_state, &ItemFilterState::changed, this, &ItemFilterDialog::showState);
    showState();
}

core::ItemFilter ItemFilterDialog::filterOfWidgets() const
{
    core::ItemFilter filter;
    filter.includeGenres = checkedGenres(m_include);
    filter.excludeGenres = checkedGenres(m_exclude);
    if (m_fromYear->value() != m_fromYear->minimum())
        filter.fromYear = m_fromYear->value();
    if (m_toYear->value() != m_toYear->minimum())
        filter.toYear = m_toYear->value();
    if (m_minRatings->value() > 0)
        filter.minRatings = static_cast<std::uint32_t>(m_minRatings->value());
    if (m_maxRatings->value() != anyCount)
        filter.maxRatings = static_cast<std::uint32_t>(m_maxRatings->value());
    return filter;
}

void ItemFilterDialog::apply()
{
    if (!m_isShowingState)
        m_state->setFilter(filterOfWidgets());
}

void ItemFilterDialog::showState()
{
    m_isShowingState = true;
    const core::ItemFilter& filter = m_state->filter();
    const core::ItemFacts& facts = m_state->facts();
    showGenres(m_include, facts.genreNames, filter.includeGenres);
    showGenres(m_exclude, facts.genreNames, filter.excludeGenres);
    // the boxes span the data's years, so a step up from "any" lands on the first of them
    int low = lastYear, high = firstYear;
    for (int year : facts.years)
        if (year > 0) {
            low = std::min(low, year);
            high = std::max(high, year);
        }
    if (low > high)
        std::tie(low, high) = std::pair(firstYear, lastYear);
    for (QSpinBox* box : { m_fromYear, m_toYear })
        box->setRange(low - 1, high);
    m_fromYear->setValue(filter.fromYear ? std::clamp(*filter.fromYear, low, high) : low - 1);
    m_toYear->setValue(filter.toYear ? std::clamp(*filter.toYear, low, high) : low - 1);
    m_minRatings->setValue(static_cast<int>(filter.minRatings.value_or(0)));
    m_maxRatings->setValue(filter.maxRatings ? static_cast<int>(*filter.maxRatings) : anyCount);
    m_isShowingState = false;
    if (facts.genreNames.empty())
        m_include->setToolTip(tr("The items have no genres: open item metadata (File ▸ Open item metadata…)"));
    const QString caveats = m_state->caveats();
    m_result->setText(!m_state->isActive()
                          ? tr("No filter: all %1 items pass.").arg(QLocale().toString(m_state->itemCount()))
                          : m_state->summary() + (caveats.isEmpty() ? QString() : QStringLiteral("\n") + caveats));
}

} // namespace embex::ui
