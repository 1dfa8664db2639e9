// SPDX-License-Identifier: MIT
#include "ui/data/import_embeddings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>

namespace embex::ui {
namespace {

    constexpr int previewDimensions = 8;

    QString qtext(const std::string& text)
    {
        return QString::fromStdString(text);
    }

    QString tableShape(const core::TableChoice& table)
    {
        QStringList dims;
        for (long long d : table.shape)
            dims << QLocale().toString(d);
        return dims.join(QStringLiteral(" × "));
    }

    // Text the user may want to copy (a path, a message naming a line).
    QLabel* selectableLabel(QWidget* parent)
    {
        auto* label = new QLabel(parent);
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        return label;
    }

} // namespace

ImportEmbeddingsDialog::ImportEmbeddingsDialog(const QString& path,
                                               std::shared_ptr<const core::ItemMetadata> openMetadata, QWidget* parent)
    : QDialog(parent)
    , m_path(path)
    , m_openMetadata(std::move(openMetadata))
    , m_summary(selectableLabel(this))
    , m_choiceLabel(new QLabel(this))
    , m_choice(new QComboBox(this))
    , m_usersLabel(new QLabel(this))
    , m_users(new QComboBox(this))
    , m_idColumnLabel(new QLabel(tr("Id column:"), this))
    , m_idColumn(new QComboBox(this))
    , m_ids(selectableLabel(this))
    , m_metadata(new QLineEdit(this))
    , m_labels(selectableLabel(this))
    , m_usersFile(new QLineEdit(this))
    , m_rows(new QTableWidget(this))
    , m_statementLabel(selectableLabel(this))
    , m_progress(new QProgressBar(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Import embeddings — %1").arg(QFileInfo(path).fileName()));
    m_import = m_buttons->button(QDialogButtonBox::Ok);
    m_import->setText(tr("Import"));
    m_import->setDefault(true);
    m_choice->setToolTip(tr("The table holding the item vectors"));
    m_users->setToolTip(tr("User vectors let the model recommend for a user and explain a score (r̂ = p_u·q_i)"));
    m_idColumn->setToolTip(tr("A column of numbers is never taken as ids unless you say so here"));
    m_metadata->setPlaceholderText(tr("none: a Projector metadata.tsv, u.item, movies.csv, …"));
    m_metadata->setToolTip(tr("Labels line by line for vectors without ids, or titles and genres joined by id"));
    m_usersFile->setPlaceholderText(tr("none, or the users' vectors in a file of their own"));
    m_rows->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rows->verticalHeader()->hide();
    m_rows->verticalHeader()->setDefaultSectionSize(m_rows->fontMetrics().height() + 6);
    m_rows->setMinimumHeight(200);
    m_progress->setRange(0, 100);
    m_progress->setTextVisible(true);
    m_progress->hide();
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);

    auto* metadataRow = new QHBoxLayout;
    auto* browseMetadata = new QPushButton(tr("Browse…"), this);
    browseMetadata->setAutoDefault(false);
    metadataRow->addWidget(m_metadata, 1);
    metadataRow->addWidget(browseMetadata);
    auto* usersRow = new QHBoxLayout;
    auto* browseUsers = new QPushButton(tr("Browse…"), this);
    browseUsers->setAutoDefault(false);
    usersRow->addWidget(m_usersFile, 1);
    usersRow->addWidget(browseUsers);

    auto* form = new QFormLayout;
    form->addRow(m_choiceLabel, m_choice);
    form->addRow(m_usersLabel, m_users);
    form->addRow(m_idColumnLabel, m_idColumn);
    form->addRow(tr("Ids:"), m_ids);
    form->addRow(tr("Labels file:"), metadataRow);
    form->addRow(tr("Labels:"), m_labels);
    form->addRow(tr("Users file:"), usersRow);

    auto* pathLabel = new QLabel(QDir::toNativeSeparators(path), this);
    pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(pathLabel);
    layout->addWidget(m_summary);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("First rows:"), this));
    layout->addWidget(m_rows, 1);
    layout->addWidget(m_statementLabel);
    layout->addWidget(m_progress);
    layout->addWidget(m_buttons);

    for (QWidget* w :
         { static_cast<QWidget*>(m_choiceLabel), static_cast<QWidget*>(m_choice), static_cast<QWidget*>(m_usersLabel),
           static_cast<QWidget*>(m_users), static_cast<QWidget*>(m_idColumnLabel), static_cast<QWidget*>(m_idColumn) })
        w->hide();
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ImportEmbeddingsDialog::startImport);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ImportEmbeddingsDialog::reject);
    for (QComboBox* box : { m_choice, m_users, m_idColumn })
        connect(box, &QComboBox::currentIndexChanged, this, &ImportEmbeddingsDialog::refreshPreview);
    for (QLineEdit* edit : { m_metadata, m_usersFile })
        connect(edit, &QLineEdit::editingFinished, this, [this, edit] {
            if (edit->isModified()) {
                edit->setModified(false);
                refreshPreview();
            }
        });
    connect(browseMetadata, &QPushButton::clicked, this, [this] { browse(m_metadata, tr("Labels or metadata")); });
    connect(browseUsers, &QPushButton::clicked, this, [this] { browse(m_usersFile, tr("User vectors")); });
    resize(820, 640);
    refreshPreview();
}

void ImportEmbeddingsDialog::setPreviewLimits(const core::PreviewLimits& limits)
{
    m_limits = limits;
    refreshPreview();
}

core::ImportOptions ImportEmbeddingsDialog::options() const
{
    core::ImportOptions o;
    if (m_openMetadata)
        o.metadata = *m_openMetadata;
    o.metadataPath = m_metadata->text().trimmed().toStdString();
    o.usersPath = m_usersFile->text().trimmed().toStdString();
    if (!m_hasChoices)
        return o;
    o.idColumn = m_idColumn->currentData().toString().toStdString();
    const std::string choice = m_choice->currentData().toString().toStdString();
    if (!m_preview.layers.empty())
        o.layer = choice;
    else if (!m_preview.arrays.empty())
        o.array = choice;
    else if (!m_preview.embeddings.empty())
        o.embedding = choice;
    o.userLayer = m_users->currentData().toString().toStdString();
    return o;
}

void ImportEmbeddingsDialog::refreshPreview()
{
    if (m_previewJob != 0)
        m_jobs.discard(m_previewJob);
    m_summary->setText(tr("Reading %1…").arg(QFileInfo(m_path).fileName()));
    m_previewJob = m_jobs.start(
        "embex-preview",
        [this, path = m_path.toStdString(), options = options(), limits = m_limits](const JobContext& job) {
            auto preview = std::make_shared<core::ImportPreview>();
            try {
                *preview = core::previewImport(path, options, limits);
            } catch (const std::exception& e) {
                preview->error = core::Issue { path, 0, e.what() };
            }
            job.post([this, preview] {
                m_previewJob = 0;
                showPreview(*preview);
            });
        });
}

void ImportEmbeddingsDialog::showPreview(const core::ImportPreview& preview)
{
    m_preview = preview;
    if (!m_hasChoices) {
        fillChoices(preview);
        m_limits.choosesUsers = false; // from now on the users' box says, "none" included
    }
    const QString rows = (preview.isRowCountEstimated ? tr("about %1") : QStringLiteral("%1"))
                             .arg(QLocale().toString(static_cast<qulonglong>(preview.rows)));
    if (preview.dimensions > 0)
        m_summary->setText(tr("%1: %2 rows × %3 dimensions").arg(qtext(preview.format), rows).arg(preview.dimensions));
    else
        m_summary->setText(tr("Nothing to import yet"));
    const std::string_view ids = preview.idSource;
    m_ids->setText(ids.empty() ? tr("—") : qtext(std::string(ids.starts_with("ids from ") ? ids.substr(9) : ids)));
    m_labels->setText(preview.labelSource.empty() ? tr("none: items are shown by id") : qtext(preview.labelSource));
    fillRows(preview);
    if (preview.ok()) {
        m_statementLabel->setStyleSheet(QString());
        m_statementLabel->setText(tr("Import will read: %1").arg(qtext(preview.statement)));
    } else {
        m_statementLabel->setStyleSheet(QStringLiteral("color: #b00020"));
        m_statementLabel->setText(tr("Cannot import: %1").arg(qtext(preview.error.toString())));
    }
    m_import->setEnabled(preview.ok());
    emit previewShown();
}

void ImportEmbeddingsDialog::fillChoices(const core::ImportPreview& preview)
{
    const QSignalBlocker b1(m_choice), b2(m_users), b3(m_idColumn);
    const bool isKeras = !preview.layers.empty();
    const std::vector<core::TableChoice>& tables = isKeras ? preview.layers : preview.arrays;
    m_choice->clear();
    m_users->clear();
    for (const core::TableChoice& t : tables)
        m_choice->addItem(tr("%1  (%2)").arg(qtext(t.name), tableShape(t)), qtext(t.name));
    for (const core::ProjectorEmbedding& e : preview.embeddings)
        m_choice->addItem(qtext(e.name), qtext(e.name));
    const std::string& chosen = isKeras ? preview.options.layer
        : !preview.arrays.empty()       ? preview.options.array
                                        : preview.options.embedding;
    m_choice->setCurrentIndex(std::max(0, m_choice->findData(qtext(chosen))));
    m_choiceLabel->setText(isKeras ? tr("Item layer:") : !preview.arrays.empty() ? tr("Array:") : tr("Embedding:"));
    m_users->addItem(tr("none"), QString());
    for (const core::TableChoice& t : tables)
        m_users->addItem(tr("%1  (%2)").arg(qtext(t.name), tableShape(t)), qtext(t.name));
    m_users->setCurrentIndex(std::max(0, m_users->findData(qtext(preview.options.userLayer))));
    m_usersLabel->setText(isKeras ? tr("User layer:") : tr("User array:"));
    m_idColumn->clear();
    m_idColumn->addItem(tr("as detected (a header names it, else rows are numbered)"), QString());
    for (std::size_t c = 1; c <= preview.textColumns; ++c)
        m_idColumn->addItem(tr("column %1").arg(c), QString::number(c));
    const bool hasChoice = m_choice->count() > 0;
    m_choiceLabel->setVisible(hasChoice);
    m_choice->setVisible(hasChoice);
    m_usersLabel->setVisible(!tables.empty());
    m_users->setVisible(!tables.empty());
    m_idColumnLabel->setVisible(preview.textColumns > 0);
    m_idColumn->setVisible(preview.textColumns > 0);
    if (m_metadata->text().isEmpty())
        m_metadata->setText(qtext(preview.metadataPath));
    m_hasChoices = preview.dimensions > 0 || hasChoice;
}

void ImportEmbeddingsDialog::fillRows(const core::ImportPreview& preview)
{
    const int dims = static_cast<int>(std::min<Eigen::Index>(preview.dimensions, previewDimensions));
    const bool isCut = preview.dimensions > previewDimensions;
    QStringList headers;
    for (int c = 0; c <= dims && c < static_cast<int>(preview.columns.size()); ++c)
        headers << qtext(preview.columns[static_cast<std::size_t>(c)]);
    if (isCut)
        headers << tr("… %1 more").arg(preview.dimensions - previewDimensions);
    m_rows->clear();
    m_rows->setColumnCount(static_cast<int>(headers.size()));
    m_rows->setHorizontalHeaderLabels(headers);
    m_rows->setRowCount(static_cast<int>(preview.firstRows.size()));
    for (int r = 0; r < m_rows->rowCount(); ++r) {
        const auto& cells = preview.firstRows[static_cast<std::size_t>(r)];
        for (int c = 0; c <= dims && c < static_cast<int>(cells.size()); ++c) {
            auto* item = new QTableWidgetItem(qtext(cells[static_cast<std::size_t>(c)]));
            if (c > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_rows->setItem(r, c, item);
        }
    }
    m_rows->resizeColumnsToContents();
}

void ImportEmbeddingsDialog::startImport()
{
    if (m_importJob != 0 || !m_import->isEnabled())
        return;
    if (m_previewJob != 0) { // the fields win over a preview still on its way
        m_jobs.discard(m_previewJob);
        m_previewJob = 0;
    }
    setEditable(false);
    m_statementLabel->setStyleSheet(QString());
    m_statementLabel->setText(tr("Importing %1… (Esc stops)").arg(QFileInfo(m_path).fileName()));
    m_importJob = m_jobs.start(
        "embex-import", [this, path = m_path.toStdString(), options = options()](const JobContext& job) mutable {
            auto outcome = std::make_shared<core::ImportOutcome>();
            options.stop = job.stopToken(); // Esc: the reader skips the lines it has not begun
            // core thins the reports; each is posted, so the bar never reads a value mid-write
            options.progress = [this, &job](const std::string& stage, double fraction) {
                job.post([this, stage = qtext(stage), fraction] { showProgress(stage, fraction); });
            };
            try {
                *outcome = core::importEmbeddings(path, options);
            } catch (const std::exception& e) { // out of memory: no exception leaves a job
                outcome->error = core::Issue { path, 0, e.what() };
            }
            std::shared_ptr<const core::Session> session;
            if (outcome->ok())
                session = std::make_shared<const core::Session>(
                    core::Session { outcome->dataset, outcome->snapshot, {} });
            job.post([this, session, error = outcome->error.toString(), statement = outcome->statement] {
                m_importJob = 0;
                setEditable(true);
                if (session) {
                    m_session = session;
                    m_statement = qtext(statement);
                    QDialog::accept();
                    return;
                }
                m_statementLabel->setStyleSheet(QStringLiteral("color: #b00020"));
                m_statementLabel->setText(tr("Could not import: %1. Nothing was changed.").arg(qtext(error)));
                emit importFailed(qtext(error));
            });
        });
}

void ImportEmbeddingsDialog::showProgress(const QString& stage, double fraction)
{
    const int percent = static_cast<int>(fraction * 100);
    m_progress->setFormat(tr("%1: %2 %").arg(stage).arg(percent));
    m_progress->setValue(percent);
}

void ImportEmbeddingsDialog::reject()
{
    if (m_importJob != 0) {
        m_jobs.discard(m_importJob); // asks its reader to stop, and drops what it finds
        m_importJob = 0;
        setEditable(true);
        m_statementLabel->setText(tr("Import stopped; nothing was changed. Esc again closes."));
        emit importCancelled();
        return;
    }
    if (m_previewJob != 0)
        m_jobs.discard(m_previewJob);
    QDialog::reject();
}

void ImportEmbeddingsDialog::setEditable(bool editable)
{
    for (QWidget* w :
         { static_cast<QWidget*>(m_choice), static_cast<QWidget*>(m_users), static_cast<QWidget*>(m_idColumn),
           static_cast<QWidget*>(m_metadata), static_cast<QWidget*>(m_usersFile), static_cast<QWidget*>(m_import) })
        w->setEnabled(editable);
    if (!editable) {
        m_progress->setValue(0);
        m_progress->setFormat(tr("reading %1…").arg(QFileInfo(m_path).fileName()));
    }
    m_progress->setVisible(!editable);
}

void ImportEmbeddingsDialog::browse(QLineEdit* edit, const QString& title)
{
    const QString start = edit->text().isEmpty() ? QFileInfo(m_path).path() : QFileInfo(edit->text()).path();
    const QString chosen = QFileDialog::getOpenFileName(this, title, start);
    if (chosen.isEmpty())
        return;
    edit->setText(chosen);
    refreshPreview();
}

} // namespace embex::ui
