// SPDX-License-Identifier: MIT
#include "ui/neighbours/new_user_panel.h"

#include "core/analysis/new_user_attributes.h"
#include "ui/data/workspace.h"
#include "ui/neighbours/item_completer.h"
#include "ui/neighbours/neighbours_model.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStringListModel>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace embex::ui {

NewUserPanel::NewUserPanel(Workspace* workspace, NeighboursModel* recommendations, QTableView* table, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_recommendations(recommendations)
{
    m_lookup = new QLineEdit(this);
    m_lookup->setPlaceholderText(tr("Add an item by id or title, e.g. Star Wars"));
    m_lookup->setClearButtonEnabled(true);
    m_completer = new ItemCompleter(workspace, m_lookup); // the same ranking as the Similar items lookup
    m_rating = new QDoubleSpinBox(this);
    m_rating->setDecimals(1);
    m_rating->setPrefix(tr("rated "));
    m_rating->setToolTip(tr("The rating this new user gives the item"));
    auto* add = new QPushButton(tr("Add"), this);
    m_pickList = new QListWidget(this);
    m_pickList->setMaximumHeight(m_pickList->fontMetrics().height() * 4 + 8); // the recommendations get the room
    m_pickList->setToolTip(tr("The new user's items; select one and press Remove (or Delete) to take it out"));
    m_remove = new QPushButton(tr("Remove"), this);
    auto* clearAll = new QPushButton(tr("Clear"), this);
    m_heading = new QLabel(this);
    m_heading->setWordWrap(true);
    m_attributeBox = new QWidget(this);
    auto* attributeRow = new QHBoxLayout(m_attributeBox);
    attributeRow->setContentsMargins(0, 0, 0, 0);

    auto* addRow = new QHBoxLayout;
    addRow->addWidget(m_lookup, 1);
    addRow->addWidget(m_rating);
    addRow->addWidget(add);
    auto* listButtons = new QVBoxLayout;
    listButtons->addWidget(m_remove);
    listButtons->addWidget(clearAll);
    listButtons->addStretch(1);
    auto* listRow = new QHBoxLayout;
    listRow->addWidget(m_pickList, 1);
    listRow->addLayout(listButtons);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(addRow);
    layout->addLayout(listRow);
    layout->addWidget(m_attributeBox);
    layout->addWidget(m_heading);
    layout->addWidget(table, 1);

    const auto addFromLookup = [this] {
        if (addItem(m_lookup->text(), m_rating->value()))
            m_lookup->clear();
    };
    connect(m_lookup, &QLineEdit::returnPressed, this, addFromLookup);
    connect(add, &QPushButton::clicked, this, addFromLookup);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem* current = m_pickList->currentItem())
            removeItem(current->data(Qt::UserRole).toInt());
    });
    connect(clearAll, &QPushButton::clicked, this, &NewUserPanel::clear);
    connect(workspace, &Workspace::datasetChanged, this, &NewUserPanel::onDatasetChanged);
    connect(workspace, &Workspace::metadataChanged, this, [this] {
        m_completer->clear();
        refreshPickList();
    });
    connect(workspace, &Workspace::snapshotChanged, this, [this] {
        refreshAttributeFields(true);
        recompute();
    });
    onDatasetChanged();
}

bool NewUserPanel::isImplicit() const
{
    if (const auto& train = m_workspace->trainData())
        return train->implicit;
    return m_workspace->hasDataset() && m_workspace->dataset()->isImplicit();
}

void NewUserPanel::onDatasetChanged()
{
    m_completer->clear();
    m_picks.clear();
    refreshAttributeFields(false);
    if (m_workspace->hasDataset()) {
        const core::Dataset& d = *m_workspace->dataset();
        m_rating->setRange(d.ratingMin, std::max(d.ratingMin, d.ratingMax));
        m_rating->setSingleStep(d.ratingMax - d.ratingMin > 5 ? 1.0 : 0.5);
        m_rating->setValue(d.ratingMax);
    }
    refreshPickList();
    recompute();
}

bool NewUserPanel::addItem(const QString& idOrTitle, double rating)
{
    const std::optional<int> item = m_workspace->findItem(idOrTitle);
    if (!item) {
        m_heading->setText(tr("No item has the id or title “%1”.").arg(idOrTitle.trimmed().toHtmlEscaped()));
        return false;
    }
    const auto index = static_cast<std::uint32_t>(*item);
    if (std::any_of(m_picks.begin(), m_picks.end(), [&](const core::PickedItem& p) { return p.item == index; }))
        return false;
    m_picks.push_back({ index, isImplicit() ? 1.0f : static_cast<float>(rating) });
    refreshPickList();
    recompute();
    return true;
}

int NewUserPanel::addItems(const std::vector<int>& items)
{
    std::vector<bool> picked(static_cast<std::size_t>(std::max(0, m_workspace->itemCount())), false);
    for (const core::PickedItem& p : m_picks)
        picked[p.item] = true;
    const float rating = isImplicit() ? 1.0f : static_cast<float>(m_rating->value());
    int added = 0;
    for (int item : items) {
        const auto index = static_cast<std::size_t>(item);
        if (item < 0 || index >= picked.size() || picked[index])
            continue;
        picked[index] = true;
        m_picks.push_back({ static_cast<std::uint32_t>(item), rating });
        ++added;
    }
    if (added > 0) {
        refreshPickList();
        recompute();
    }
    return added;
}

void NewUserPanel::removeItem(int item)
{
    std::erase_if(m_picks, [&](const core::PickedItem& p) { return static_cast<int>(p.item) == item; });
    refreshPickList();
    recompute();
}

void NewUserPanel::clear()
{
    m_picks.clear();
    refreshPickList();
    recompute();
}

void NewUserPanel::setOptions(int count, int minRatings)
{
    if (count == m_count && minRatings == m_minRatings)
        return;
    m_count = count;
    m_minRatings = minRatings;
    recompute();
}

void NewUserPanel::setAllowedItems(std::vector<std::uint8_t> allowed)
{
    if (allowed == m_allowed)
        return;
    m_allowed = std::move(allowed);
    recompute();
}

void NewUserPanel::refreshPickList()
{
    m_pickList->clear();
    const bool implicit = isImplicit();
    m_rating->setVisible(!implicit);
    for (const core::PickedItem& p : m_picks) {
        const int i = static_cast<int>(p.item);
        const QString text = implicit
            ? tr("%1 (id %2), liked").arg(m_workspace->itemTitle(i), m_workspace->itemRawId(i))
            : tr("%1 (id %2), rated %3")
                  .arg(m_workspace->itemTitle(i), m_workspace->itemRawId(i))
                  .arg(QLocale().toString(p.rating, 'g', 3));
        auto* row = new QListWidgetItem(text, m_pickList);
        row->setData(Qt::UserRole, i);
    }
    m_remove->setEnabled(!m_picks.empty());
}

void NewUserPanel::recompute()
{
    if (m_job != 0)
        m_jobs.discard(m_job);
    m_job = 0;
    const auto snapshot = m_workspace->snapshot();
    std::map<std::string, std::string> attributes = this->attributes();
    if (!m_workspace->hasDataset() || !snapshot || (m_picks.empty() && attributes.empty())) {
        m_result.reset();
        m_recommendations->setRows({});
        m_heading->setText(!snapshot ? tr("Train a model, then add the items a new user likes.")
                               : m_attributeBox->isEnabled()
                               ? tr("Add a few items this new user has seen, or give their attributes; the "
                                    "recommendations follow.")
                               : tr("Add a few items this new user has seen; the recommendations follow."));
        emit queryChanged();
        return;
    }
    const bool implicit = isImplicit();
    const bool clip = core::scoresArePredictedRatings(*snapshot, implicit);
    // An imported session has no ratings to count: no floor then, as for the neighbours.
    const bool counted = !m_workspace->dataset()->ratings.empty();
    const std::vector<int>& all = m_workspace->itemCounts().all;
    std::vector<std::uint32_t> counts(all.begin(), all.end());
    const auto floor = counted ? static_cast<std::uint32_t>(m_minRatings) : 0u;
    m_heading->setText(tr("Computing…"));
    m_job = m_jobs.start(
        "new user",
        [snapshot, picks = m_picks, attributes = std::move(attributes), implicit, counts = std::move(counts), floor,
         n = m_count, clip, allowed = m_allowed.size() == all.size() ? m_allowed : std::vector<std::uint8_t>(),
         this](const JobContext& job) {
            try {
                // A value a field lets through but the model cannot read ("-" while typing) says so.
                const std::vector<float> features = core::encodeNewUserAttributes(*snapshot, attributes);
                auto result = core::recommendForNewUser(*snapshot, picks, implicit, n, counts, floor, features,
                                                        allowed);
                job.post([this, result = std::move(result), clip]() mutable { showResult(std::move(result), clip); });
            } catch (const std::exception& e) {
                job.post([this, message = QString::fromStdString(e.what())] {
                    m_result.reset();
                    m_recommendations->setRows({});
                    m_heading->setText(message);
                    emit queryChanged();
                });
            }
        });
}

void NewUserPanel::showResult(core::NewUserRecommendations result, bool clip)
{
    const core::Dataset& d = *m_workspace->dataset();
    std::vector<NeighbourRow> rows;
    for (const core::Neighbour& n : result.top) {
        const int i = static_cast<int>(n.item);
        NeighbourRow row { i,
                           m_workspace->itemRawId(i),
                           m_workspace->itemTitle(i),
                           m_workspace->itemGenres(i),
                           n.score,
                           m_workspace->itemCounts().all[static_cast<std::size_t>(i)] };
        if (clip) {
            row.raw = n.score;
            row.similarity = std::clamp(static_cast<double>(n.score), double(d.ratingMin), double(d.ratingMax));
        }
        rows.push_back(std::move(row));
    }
    m_heading->setText(
        tr("Top %1 for a new user %2%3%4:")
            .arg(rows.size())
            .arg(describeUser())
            .arg(clip ? tr(" (predicted ratings, clipped to %1–%2)").arg(d.ratingMin).arg(d.ratingMax) : QString())
            .arg(m_allowed.empty() ? QString() : tr(", among the items passing the map's filter")));
    m_heading->setToolTip(tr("Query vector: %1").arg(QString::fromStdString(result.query.method)));
    m_recommendations->setRows(std::move(rows));
    m_result = std::move(result);
    emit queryChanged();
}

QString NewUserPanel::describeUser() const
{
    QStringList given;
    for (const auto& [name, value] : attributes())
        given << QStringLiteral("%1 %2").arg(QString::fromStdString(name), QString::fromStdString(value));
    const QString items = m_picks.size() == 1 ? tr("1 item") : tr("%1 items").arg(m_picks.size());
    if (given.isEmpty())
        return tr("with %1").arg(items);
    if (m_picks.empty())
        return tr("from their attributes alone (%1)").arg(given.join(tr(", ")));
    return tr("with %1 and %2").arg(items, given.join(tr(", ")));
}

void NewUserPanel::refreshAttributeFields(bool keepValues)
{
    const auto snapshot = m_workspace->snapshot();
    core::UserAttributeInput input;
    if (snapshot)
        input = core::userAttributeInput(*snapshot);
    else
        input.whyNot = "Train a softmax or an autoencoder with side features to give a new user attributes.";
    const std::string key = input.accepts() ? input.encoding.toText() : input.whyNot;
    if (keepValues && key == m_attributeKey)
        return; // every epoch publishes a snapshot: the fields and what was typed stay
    m_attributeKey = key;
    const std::map<std::string, std::string> previous = keepValues ? attributes()
                                                                   : std::map<std::string, std::string>();
    QLayout* layout = m_attributeBox->layout();
    while (QLayoutItem* item = layout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_attributeFields.clear();
    layout->addWidget(new QLabel(tr("Attributes:"), m_attributeBox));
    m_attributeBox->setEnabled(input.accepts());
    m_attributeBox->setToolTip(input.accepts() ? tr("This new user's own attributes, as the model was trained on "
                                                    "them; with no items picked they alone give recommendations")
                                               : QString::fromStdString(input.whyNot));
    if (!input.accepts()) {
        auto* none = new QLineEdit(m_attributeBox);
        none->setPlaceholderText(tr("none: this model has no input for them"));
        none->setToolTip(m_attributeBox->toolTip());
        layout->addWidget(none);
        return;
    }
    for (const core::AttributeColumn& column : input.encoding.columns) {
        const QString name = QString::fromStdString(column.name);
        const auto it = previous.find(column.name);
        const QString value = it == previous.end() ? QString() : QString::fromStdString(it->second);
        layout->addWidget(new QLabel(name, m_attributeBox));
        QWidget* field = nullptr;
        if (column.kind == core::AttributeColumn::Kind::Category) {
            auto* combo = new QComboBox(m_attributeBox);
            combo->addItem(tr("unknown"));
            for (const std::string& category : column.categories)
                combo->addItem(QString::fromStdString(category));
            combo->setCurrentIndex(std::max(0, combo->findText(value)));
            combo->setToolTip(tr("%1: one of the %2 values seen in training").arg(name).arg(column.categories.size()));
            connect(combo, &QComboBox::currentIndexChanged, this, &NewUserPanel::recompute);
            field = combo;
        } else {
            auto* edit = new QLineEdit(value, m_attributeBox);
            edit->setPlaceholderText(tr("unknown"));
            if (column.kind == core::AttributeColumn::Kind::Number) {
                auto* validator = new QDoubleValidator(edit);
                validator->setLocale(QLocale::c()); // the model reads numbers as the attribute file wrote them
                edit->setValidator(validator);
                edit->setMaximumWidth(edit->fontMetrics().horizontalAdvance(QStringLiteral("unknown")) * 3 / 2);
                edit->setToolTip(tr("%1: a number (mean in training %2)").arg(name).arg(column.mean, 0, 'g', 4));
            } else {
                QStringList values;
                for (const std::string& category : column.categories)
                    values << QString::fromStdString(category);
                edit->setToolTip(tr("%1: values separated by |, of %2").arg(name, values.join(tr(", "))));
            }
            connect(edit, &QLineEdit::textChanged, this, &NewUserPanel::recompute);
            field = edit;
        }
        layout->addWidget(field);
        m_attributeFields.emplace_back(name, field);
    }
    if (auto* box = qobject_cast<QHBoxLayout*>(layout))
        box->addStretch(1);
}

bool NewUserPanel::setAttribute(const QString& name, const QString& value)
{
    for (const auto& [fieldName, field] : m_attributeFields) {
        if (fieldName != name)
            continue;
        if (auto* combo = qobject_cast<QComboBox*>(field)) {
            const int index = value.isEmpty() ? 0 : combo->findText(value);
            if (index < 0)
                return false;
            combo->setCurrentIndex(index);
        } else {
            qobject_cast<QLineEdit*>(field)->setText(value);
        }
        return true;
    }
    return false;
}

std::map<std::string, std::string> NewUserPanel::attributes() const
{
    std::map<std::string, std::string> values;
    for (const auto& [name, field] : m_attributeFields) {
        QString value;
        if (auto* combo = qobject_cast<QComboBox*>(field))
            value = combo->currentIndex() > 0 ? combo->currentText() : QString();
        else
            value = qobject_cast<QLineEdit*>(field)->text().trimmed();
        if (!value.isEmpty())
            values[name.toStdString()] = value.toStdString();
    }
    return values;
}

} // namespace embex::ui
