// SPDX-License-Identifier: MIT
#include "ui/neighbours/explanation_view.h"

#include "core/analysis/explain.h"
#include "ui/data/workspace.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace embex::ui {
namespace {

    QString number(double value)
    {
        return QLocale().toString(value, 'f', 4);
    }

    QString vectorText(const core::ExplanationVector& v)
    {
        constexpr std::size_t shown = 16;
        QStringList values;
        for (std::size_t k = 0; k < std::min(shown, v.values.size()); ++k)
            values << QLocale().toString(static_cast<double>(v.values[k]), 'f', 3);
        if (v.values.size() > shown)
            values << QObject::tr("… %1 more").arg(v.values.size() - shown);
        return QString::fromStdString(v.label) + QStringLiteral(":\n  [") + values.join(QStringLiteral(", "))
            + QLatin1Char(']');
    }

    // Attribute features are mostly one-hot zeros: name the ones that are set.
    QString attributeText(const core::ExplanationVector& v)
    {
        QStringList set;
        std::size_t zeros = 0;
        for (std::size_t k = 0; k < v.values.size(); ++k) {
            if (v.values[k] == 0.0f)
                ++zeros;
            else
                set << QString::fromStdString(v.names[k]) + QLatin1Char(' ')
                        + QLocale().toString(static_cast<double>(v.values[k]), 'f', 3);
        }
        QString text = QString::fromStdString(v.label) + QStringLiteral(":\n  ") + set.join(QStringLiteral(", "));
        if (zeros > 0)
            text += set.isEmpty() ? QObject::tr("all %1 features 0").arg(zeros)
                                  : QObject::tr(" (%1 others 0)").arg(zeros);
        return text;
    }

    // One short line per attribute input, named by its symbol in the formula, largest values
    // first, one-hot 1s by name alone: "u, the user's attributes: gender=M, occupation=…, age −0.825".
    QString attributeSummary(const core::ExplanationVector& v)
    {
        constexpr std::size_t shown = 4;
        std::vector<std::size_t> set;
        for (std::size_t k = 0; k < v.values.size(); ++k)
            if (v.values[k] != 0.0f)
                set.push_back(k);
        std::stable_sort(set.begin(), set.end(),
                         [&](std::size_t a, std::size_t b) { return std::abs(v.values[a]) > std::abs(v.values[b]); });
        QStringList parts;
        for (std::size_t r = 0; r < std::min(shown, set.size()); ++r) {
            const std::size_t k = set[r];
            QString part = QString::fromStdString(v.names[k]);
            if (v.values[k] != 1.0f)
                part += QLatin1Char(' ') + QLocale().toString(static_cast<double>(v.values[k]), 'f', 3);
            parts << part;
        }
        if (set.size() > shown)
            parts << QObject::tr("… %1 more").arg(set.size() - shown);
        if (parts.isEmpty())
            parts << QObject::tr("none (all 0)");
        const QString label = QString::fromStdString(v.label); // "u: the user's attributes, row 0 of …"
        return label.left(label.indexOf(QLatin1Char(','))).replace(QLatin1Char(':'), QLatin1Char(','))
            + QStringLiteral(": ") + parts.join(QStringLiteral(", "));
    }

} // namespace

ExplanationView::ExplanationView(Workspace* workspace, QWidget* parent)
    : QWidget(parent)
    , m_workspace(workspace)
{
    m_heading = new QLabel(this);
    m_heading->setWordWrap(true);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_inputs = new QLabel(this);
    m_inputs->setWordWrap(true);
    m_inputs->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_inputs->setToolTip(tr("Attributes the model took in beside the rated items (side features)"));
    m_terms = new QTableWidget(0, ColumnCount, this);
    m_terms->setHorizontalHeaderLabels({ tr("Term"), tr("Value"), tr("What it is") });
    m_terms->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_terms->setSelectionMode(QAbstractItemView::NoSelection);
    m_terms->setFocusPolicy(Qt::NoFocus);
    m_terms->verticalHeader()->hide();
    m_terms->verticalHeader()->setDefaultSectionSize(m_terms->fontMetrics().height() + 4);
    m_terms->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_terms->horizontalHeader()->setSectionResizeMode(Meaning, QHeaderView::Stretch);
    m_terms->setWordWrap(false);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_becauseMeaning = new QLabel(this);
    m_becauseMeaning->setWordWrap(true);
    m_becauseMeaning->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_because = new QTableWidget(0, BecauseColumnCount, this);
    m_because->setHorizontalHeaderLabels({ tr("Rated item"), tr("Rating"), tr("Share") });
    m_because->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_because->setSelectionMode(QAbstractItemView::NoSelection);
    m_because->setFocusPolicy(Qt::NoFocus);
    m_because->verticalHeader()->hide();
    m_because->verticalHeader()->setDefaultSectionSize(m_because->fontMetrics().height() + 4);
    m_because->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_because->horizontalHeader()->setSectionResizeMode(BecauseItem, QHeaderView::Stretch);
    m_because->setWordWrap(false);
    m_vectors = new QPlainTextEdit(this);
    m_vectors->setReadOnly(true);
    m_vectors->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_vectors->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_vectors->setMaximumHeight(m_vectors->fontMetrics().height() * 5);
    m_vectors->setToolTip(tr("The vectors the score came through: embedding rows, hidden layers, the query"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_heading);
    layout->addWidget(m_inputs);
    layout->addWidget(m_terms);
    layout->addWidget(m_summary);
    layout->addWidget(m_becauseMeaning);
    layout->addWidget(m_because);
    layout->addWidget(m_vectors);

    connect(workspace, &Workspace::datasetChanged, this, [this] { setUser(-1); });
    // The recommendations above were scored by the model that was open then.
    connect(workspace, &Workspace::snapshotChanged, this, [this] { setUser(-1); });
    setUser(-1);
}

void ExplanationView::setUser(int user)
{
    m_user = user;
    showMessage(user < 0 ? tr("Recommend for a user, then select an item to see how its score is made.")
                         : tr("Select a recommended item to see how its score is made."));
}

void ExplanationView::showMessage(const QString& text)
{
    m_heading->setText(text);
    m_inputs->clear();
    m_inputs->setVisible(false);
    m_terms->setRowCount(0);
    m_summary->clear();
    m_vectors->clear();
    m_terms->setVisible(false);
    m_vectors->setVisible(false);
    m_becauseMeaning->clear();
    m_becauseMeaning->setVisible(false);
    m_because->setRowCount(0);
    m_because->setVisible(false);
}

void ExplanationView::showBecause(const core::Explanation& e)
{
    m_because->setRowCount(0);
    m_becauseMeaning->setVisible(e.because.has_value());
    m_because->setVisible(e.because.has_value());
    if (!e.because) {
        m_becauseMeaning->clear();
        return;
    }
    const core::BecauseYouRated& b = *e.because;
    m_becauseMeaning->setText(
        tr("<b>Because you rated</b> — %1").arg(QString::fromStdString(b.meaning).toHtmlEscaped()));
    const auto addRow = [this](const QString& name, const QString& rating, double value, RowKind kind) {
        const int row = m_because->rowCount();
        m_because->insertRow(row);
        auto* valueItem = new QTableWidgetItem(number(value));
        valueItem->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        valueItem->setData(RowKindRole, kind);
        auto* ratingItem = new QTableWidgetItem(rating);
        ratingItem->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_because->setItem(row, BecauseItem, new QTableWidgetItem(name));
        m_because->setItem(row, BecauseRating, ratingItem);
        m_because->setItem(row, BecauseShare, valueItem);
        if (kind != Term)
            for (int c = 0; c < BecauseColumnCount; ++c) {
                QFont font = m_because->item(row, c)->font();
                font.setBold(kind == Result);
                font.setItalic(kind == Sum);
                m_because->item(row, c)->setFont(font);
            }
    };
    const std::size_t named = std::min<std::size_t>(namedRatedItems, b.items.size());
    for (std::size_t k = 0; k < named; ++k) {
        const core::RatedItemShare& share = b.items[k];
        const int item = static_cast<int>(share.item);
        QString title = m_workspace->itemTitle(item);
        if (title.isEmpty())
            title = tr("item %1").arg(m_workspace->itemRawId(item));
        QString rating = share.rating ? QLocale().toString(static_cast<double>(*share.rating)) : QString();
        if (share.confidence)
            rating += tr(" (c %1)").arg(QLocale().toString(*share.confidence));
        addRow(title, rating, share.value, Term);
    }
    if (named < b.items.size()) {
        double rest = 0;
        for (std::size_t k = named; k < b.items.size(); ++k)
            rest += b.items[k].value;
        addRow(tr("the other %1 rated items").arg(b.items.size() - named), QString(), rest, Sum);
    }
    for (const core::ExplanationTerm& t : b.others)
        addRow(QString::fromStdString(t.symbol + "  " + t.label), QString(), t.value, Sum);
    addRow(b.isExactForThisInputOnly ? tr("= the score (exact for this user's input only)") : tr("= the score"),
           QString(), b.total(), Result);
    m_because->setFixedHeight(m_because->horizontalHeader()->sizeHint().height() + m_because->verticalHeader()->length()
                              + 2 * m_because->frameWidth() + 4);
}

void ExplanationView::explainItem(int item)
{
    if (m_user < 0 || item < 0 || !m_workspace->hasEmbeddings()) {
        setUser(m_user);
        return;
    }
    core::Explanation e;
    try {
        // the ratings the model trained on: ALS weighs each rated item by its rating
        const core::RatingsTable* table = m_workspace->trainData() ? &m_workspace->trainData()->train
            : m_workspace->dataset()                               ? &m_workspace->dataset()->ratings
                                                                   : nullptr;
        const core::UserRatings rated = table ? core::ratingsOfUser(*table, static_cast<std::uint32_t>(m_user))
                                              : core::UserRatings {};
        e = core::explainPrediction(m_workspace->snapshot(), static_cast<std::uint32_t>(m_user),
                                    static_cast<std::uint32_t>(item), rated.items, rated.ratings);
    } catch (const std::exception& error) {
        showMessage(QString::fromStdString(error.what()));
        return;
    }
    m_heading->setText(tr("<b>%1</b> for user %2 — item id %3 is row %4 of the item table, user %2 is row %5 "
                          "(%6, %7 dimensions)<br><code>%8</code>")
                           .arg(m_workspace->itemTitle(item).toHtmlEscaped(),
                                m_workspace->userRawId(m_user).toHtmlEscaped(),
                                m_workspace->itemRawId(item).toHtmlEscaped())
                           .arg(e.itemRow)
                           .arg(e.userRow)
                           .arg(QString::fromStdString(e.modelKind))
                           .arg(e.dimension)
                           .arg(QString::fromStdString(e.formula).toHtmlEscaped()));

    m_terms->setRowCount(0);
    const auto addRow = [this](const QString& symbol, double value, const QString& meaning, RowKind kind) {
        const int row = m_terms->rowCount();
        m_terms->insertRow(row);
        auto* valueItem = new QTableWidgetItem(number(value));
        valueItem->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        valueItem->setData(RowKindRole, kind);
        m_terms->setItem(row, Symbol, new QTableWidgetItem(symbol));
        m_terms->setItem(row, Value, valueItem);
        m_terms->setItem(row, Meaning, new QTableWidgetItem(meaning));
        if (kind != Term)
            for (int c = 0; c < ColumnCount; ++c) {
                QFont font = m_terms->item(row, c)->font();
                font.setBold(true);
                m_terms->item(row, c)->setFont(font);
            }
    };
    for (const core::ExplanationTerm& t : e.terms)
        addRow(QString::fromStdString(t.symbol), t.value, QString::fromStdString(t.label), Term);
    const bool ranks = e.hasProbability;
    if (e.squash) {
        addRow(tr("= z"), e.raw, tr("the sum, before the squash"), Sum);
        addRow(tr("= r̂"), e.composed(),
               tr("%1 + (%2 − %1)·σ(z): the predicted rating")
                   .arg(QLocale().toString(e.squash->low), QLocale().toString(e.squash->high)),
               Result);
    } else {
        addRow(ranks ? tr("= score") : tr("= r̂"), e.raw, ranks ? tr("the item's score") : tr("the predicted rating"),
               Result);
    }
    // every term in sight: the table is short, and a scrolled-away term breaks the sum
    m_terms->setFixedHeight(m_terms->horizontalHeader()->sizeHint().height() + m_terms->verticalHeader()->length()
                            + 2 * m_terms->frameWidth() + 4);
    m_terms->setVisible(true);
    QString summary = tr("The model's own score: %1 · rank %2 among all %3 items")
                          .arg(QLocale().toString(static_cast<double>(e.prediction), 'f', 4))
                          .arg(e.rank)
                          .arg(e.itemCount);
    if (ranks)
        summary += tr(" · probability %1").arg(QLocale().toString(e.probability, 'g', 4));
    m_summary->setText(summary);
    QStringList vectors, attributes;
    for (const core::ExplanationVector& v : e.vectors) {
        const bool isAttributes = !v.names.empty() && v.names.size() == v.values.size();
        vectors << (isAttributes ? attributeText(v) : vectorText(v));
        if (isAttributes)
            attributes << attributeSummary(v);
    }
    m_inputs->setText(attributes.join(QLatin1Char('\n')));
    m_inputs->setVisible(!attributes.isEmpty());
    m_vectors->setPlainText(vectors.join(QLatin1Char('\n')));
    m_vectors->setVisible(true);
    showBecause(e);
}

} // namespace embex::ui
