// SPDX-License-Identifier: MIT
#include "ui/data/open_ratings_dialog.h"

#include "core/data/field_splitter.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>

namespace embex::ui {
namespace {

    constexpr int previewLineCount = 21;

    struct DelimiterChoice {
        const char* text;
        const char* label;
    };
    const DelimiterChoice delimiters[] = {
        { ",", QT_TRANSLATE_NOOP("OpenRatingsDialog", "Comma  ,") },
        { "\t", QT_TRANSLATE_NOOP("OpenRatingsDialog", "Tab") },
        { ";", QT_TRANSLATE_NOOP("OpenRatingsDialog", "Semicolon  ;") },
        { "|", QT_TRANSLATE_NOOP("OpenRatingsDialog", "Pipe  |") },
        { "::", QT_TRANSLATE_NOOP("OpenRatingsDialog", "Double colon  ::") },
        { " ", QT_TRANSLATE_NOOP("OpenRatingsDialog", "Whitespace") },
    };

    // the loader's own splitter, so the preview shows exactly what loading will read
    QStringList splitLine(const QString& line, const QString& delimiter)
    {
        core::FieldSplitter splitter(delimiter.toStdString());
        std::vector<std::string_view> fields;
        std::string error;
        const std::string text = line.toStdString();
        QStringList out;
        if (!splitter.split(text, fields, error))
            return { line };
        for (std::string_view f : fields)
            out << QString::fromUtf8(f.data(), static_cast<qsizetype>(f.size()));
        return out;
    }

} // namespace

OpenRatingsDialog::OpenRatingsDialog(const QString& path, QWidget* parent)
    : QDialog(parent)
    , m_path(path)
    , m_delimiter(new QComboBox(this))
    , m_header(new QCheckBox(tr("First row is a header"), this))
    , m_userColumn(new QComboBox(this))
    , m_itemColumn(new QComboBox(this))
    , m_ratingColumn(new QComboBox(this))
    , m_timestampColumn(new QComboBox(this))
    , m_implicit(new QCheckBox(tr("Implicit feedback (no rating column: every row counts as 1)"), this))
    , m_strict(new QCheckBox(tr("Stop at the first bad row instead of skipping it"), this))
    , m_status(new QLabel(this))
    , m_preview(new QTableWidget(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Open ratings — %1").arg(QFileInfo(path).fileName()));
    for (const DelimiterChoice& d : delimiters)
        m_delimiter->addItem(tr(d.label), QString::fromLatin1(d.text));
    m_delimiter->setToolTip(tr("How fields are separated on each line"));
    m_userColumn->setToolTip(tr("The column holding user ids (any text: numbers, e-mails, …)"));
    m_itemColumn->setToolTip(tr("The column holding item ids"));
    m_ratingColumn->setToolTip(tr("The column holding the rating; choose none for implicit data"));
    m_timestampColumn->setToolTip(tr("Optional: used by the per-user split to hold out each user's latest ratings"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->verticalHeader()->setDefaultSectionSize(m_preview->fontMetrics().height() + 6);
    m_preview->setMinimumHeight(240);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Load"));

    auto* form = new QFormLayout;
    form->addRow(tr("Delimiter:"), m_delimiter);
    form->addRow(QString(), m_header);
    form->addRow(tr("User column:"), m_userColumn);
    form->addRow(tr("Item column:"), m_itemColumn);
    form->addRow(tr("Rating column:"), m_ratingColumn);
    form->addRow(tr("Timestamp column:"), m_timestampColumn);
    form->addRow(QString(), m_implicit);
    form->addRow(QString(), m_strict);

    auto* pathLabel = new QLabel(QDir::toNativeSeparators(path), this);
    pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(pathLabel);
    layout->addWidget(m_status);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Preview of the first rows:"), this));
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    readLines();
    const core::FormatDetection detection = core::detectFormat(path.toStdString());
    m_detected = detection.format.has_value();
    if (detection.format) {
        const core::FileFormat& f = *detection.format;
        const QString delimiterName = m_delimiter->itemText(m_delimiter->findData(QString::fromStdString(f.delimiter)));
        m_status->setText(tr("Detected: %1, %2, %3 columns%4. Change anything that looks wrong.")
                              .arg(delimiterName.simplified(), f.hasHeader ? tr("header row") : tr("no header"))
                              .arg(f.fieldCount)
                              .arg(f.isImplicit() ? tr(", implicit (no rating column)") : QString()));
        applyFormat(f);
    } else {
        m_status->setText(
            tr("Could not detect the format: %1").arg(QString::fromStdString(detection.error.toString())));
        applyFormat(core::FileFormat {});
    }

    connect(m_delimiter, &QComboBox::currentIndexChanged, this, [this] {
        refillColumnBoxes();
        refreshPreview();
    });
    connect(m_header, &QCheckBox::toggled, this, [this] {
        refillColumnBoxes();
        refreshPreview();
    });
    for (QComboBox* box : { m_userColumn, m_itemColumn, m_ratingColumn, m_timestampColumn })
        connect(box, &QComboBox::currentIndexChanged, this, &OpenRatingsDialog::refreshPreview);
    connect(m_implicit, &QCheckBox::toggled, this, [this](bool implicit) {
        m_ratingColumn->setEnabled(!implicit);
        refreshPreview();
    });
    resize(760, 620);
}

void OpenRatingsDialog::readLines()
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    while (m_lines.size() < previewLineCount && !file.atEnd()) {
        const QByteArray bytes = file.readLine(64 * 1024);
        QString line = QString::fromStdString(
            core::toUtf8(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size()))));
        while (line.endsWith(QLatin1Char('\n')) || line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (!line.trimmed().isEmpty())
            m_lines << line;
    }
}

void OpenRatingsDialog::applyFormat(const core::FileFormat& format)
{
    const QSignalBlocker b1(m_delimiter), b2(m_header), b3(m_implicit);
    const int d = m_delimiter->findData(QString::fromStdString(format.delimiter));
    m_delimiter->setCurrentIndex(d >= 0 ? d : 0);
    m_header->setChecked(format.hasHeader);
    m_implicit->setChecked(format.isImplicit());
    m_ratingColumn->setEnabled(!format.isImplicit());
    refillColumnBoxes();
    auto select = [](QComboBox* box, int column) {
        const QSignalBlocker blocker(box);
        const int index = box->findData(column);
        box->setCurrentIndex(index >= 0 ? index : 0);
    };
    select(m_userColumn, format.userColumn);
    select(m_itemColumn, format.itemColumn);
    select(m_ratingColumn, format.isImplicit() ? -1 : format.ratingColumn);
    select(m_timestampColumn, format.timestampColumn);
    refreshPreview();
}

QList<QStringList> OpenRatingsDialog::splitRows() const
{
    QList<QStringList> rows;
    const QString delimiter = m_delimiter->currentData().toString();
    for (const QString& line : m_lines)
        rows << splitLine(line, delimiter);
    return rows;
}

int OpenRatingsDialog::fieldCount() const
{
    int count = 0;
    for (const QStringList& row : splitRows())
        count = std::max(count, static_cast<int>(row.size()));
    return count;
}

void OpenRatingsDialog::refillColumnBoxes()
{
    const QList<QStringList> rows = splitRows();
    const int count = fieldCount();
    const QStringList names = m_header->isChecked() && !rows.isEmpty() ? rows.first() : QStringList();
    for (QComboBox* box : { m_userColumn, m_itemColumn, m_ratingColumn, m_timestampColumn }) {
        const QSignalBlocker blocker(box);
        const QVariant previous = box->currentData();
        box->clear();
        if (box == m_ratingColumn || box == m_timestampColumn)
            box->addItem(tr("none"), -1);
        for (int c = 0; c < count; ++c) {
            const QString name = c < names.size() ? tr("column %1 (%2)").arg(c + 1).arg(names[c])
                                                  : tr("column %1").arg(c + 1);
            box->addItem(name, c);
        }
        const int index = box->findData(previous);
        box->setCurrentIndex(index >= 0 ? index : 0);
    }
}

void OpenRatingsDialog::refreshPreview()
{
    QList<QStringList> rows = splitRows();
    const int count = fieldCount();
    QStringList labels;
    const QStringList names = m_header->isChecked() && !rows.isEmpty() ? rows.takeFirst() : QStringList();
    const core::FileFormat f = format();
    for (int c = 0; c < count; ++c) {
        QString role = c == f.userColumn ? tr("user")
            : c == f.itemColumn          ? tr("item")
            : c == f.ratingColumn        ? tr("rating")
            : c == f.timestampColumn     ? tr("timestamp")
                                         : tr("(ignored)");
        labels << (c < names.size() ? names[c] + QLatin1Char('\n') + role : role);
    }
    m_preview->clear();
    m_preview->setColumnCount(count);
    m_preview->setRowCount(static_cast<int>(rows.size()));
    m_preview->setHorizontalHeaderLabels(labels);
    for (int r = 0; r < rows.size(); ++r)
        for (int c = 0; c < rows[r].size(); ++c)
            m_preview->setItem(r, c, new QTableWidgetItem(rows[r][c]));
    m_preview->resizeColumnsToContents();

    QString problem;
    if (count == 0)
        problem = tr("The file has no rows to preview.");
    else if (f.userColumn == f.itemColumn)
        problem = tr("User and item must be different columns.");
    else if (!f.isImplicit() && (f.ratingColumn == f.userColumn || f.ratingColumn == f.itemColumn))
        problem = tr("The rating column must differ from the user and item columns.");
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setToolTip(problem);
}

core::FileFormat OpenRatingsDialog::format() const
{
    core::FileFormat f;
    f.delimiter = m_delimiter->currentData().toString().toStdString();
    f.hasHeader = m_header->isChecked();
    f.fieldCount = fieldCount();
    f.userColumn = m_userColumn->currentData().toInt();
    f.itemColumn = m_itemColumn->currentData().toInt();
    f.ratingColumn = m_implicit->isChecked() ? -1 : m_ratingColumn->currentData().toInt();
    f.timestampColumn = m_timestampColumn->currentData().toInt();
    const QList<QStringList> rows = splitRows();
    if (f.hasHeader && !rows.isEmpty())
        for (const QString& name : rows.first())
            f.headerNames.push_back(name.toStdString());
    return f;
}

core::LoadOptions OpenRatingsDialog::options() const
{
    core::LoadOptions options;
    options.format = format();
    options.strict = m_strict->isChecked();
    return options;
}

} // namespace embex::ui
