// SPDX-License-Identifier: MIT
#pragma once

#include "core/io/import_preview.h"
#include "core/io/session_file.h"
#include "ui/shared/job_runner.h"

#include <QDialog>

#include <memory>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace embex::ui {

/// File ▸ Import embeddings…: shows what a file holds before it is read in full (format, rows ×
/// dimensions, the first rows, where ids and labels come from, the Keras layer, .npz array or
/// Projector embedding to take, the users'), all editable, each edit previewed again on a worker.
/// Import reads the file on a worker too; Esc stops it and the dialog stays, a failure is shown
/// here (file and line), and only a success is handed on: session() after accept.
class ImportEmbeddingsDialog : public QDialog {
    Q_OBJECT
public:
    /// `openMetadata`: the open dataset's titles, joined by raw id to vectors that have ids.
    ImportEmbeddingsDialog(const QString& path, std::shared_ptr<const core::ItemMetadata> openMetadata,
                           QWidget* parent = nullptr);

    /// For tests: how much a preview may read (previews again).
    void setPreviewLimits(const core::PreviewLimits& limits);
    core::ImportOptions options() const;
    const core::ImportPreview& preview() const { return m_preview; }
    /// What was imported, once accepted.
    std::shared_ptr<const core::Session> session() const { return m_session; }
    QString statement() const { return m_statement; }
    bool isPreviewing() const { return m_previewJob != 0; }
    bool isImporting() const { return m_importJob != 0; }

    void reject() override; ///< while importing: stops the import and stays open

    // exposed for tests
    QComboBox* choiceBox() const { return m_choice; }
    QComboBox* usersBox() const { return m_users; }
    QComboBox* idColumnBox() const { return m_idColumn; }
    QLineEdit* metadataEdit() const { return m_metadata; }
    QTableWidget* rowsTable() const { return m_rows; }
    QLabel* statementLabel() const { return m_statementLabel; }
    QProgressBar* progressBar() const { return m_progress; }

signals:
    /// A preview of the current fields is shown.
    void previewShown();
    /// Import read nothing usable: `message` names file and line; the dialog stays open.
    void importFailed(const QString& message);
    /// Esc stopped an import; the dialog stays open.
    void importCancelled();

private:
    QString m_path;
    std::shared_ptr<const core::ItemMetadata> m_openMetadata;
    core::PreviewLimits m_limits;
    core::ImportPreview m_preview;
    std::shared_ptr<const core::Session> m_session;
    QString m_statement;
    JobId m_previewJob = 0;
    JobId m_importJob = 0;
    bool m_hasChoices = false; // the boxes hold the file's choices (filled from the first preview)

    QLabel* m_summary = nullptr;
    QLabel* m_choiceLabel = nullptr;
    QComboBox* m_choice = nullptr;
    QLabel* m_usersLabel = nullptr;
    QComboBox* m_users = nullptr;
    QLabel* m_idColumnLabel = nullptr;
    QComboBox* m_idColumn = nullptr;
    QLabel* m_ids = nullptr;
    QLineEdit* m_metadata = nullptr;
    QLabel* m_labels = nullptr;
    QLineEdit* m_usersFile = nullptr;
    QTableWidget* m_rows = nullptr;
    QLabel* m_statementLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_import = nullptr;
    JobRunner m_jobs; // last: destroyed first, joining a preview or import under way

    void refreshPreview();
    void showPreview(const core::ImportPreview& preview);
    void fillChoices(const core::ImportPreview& preview);
    void fillRows(const core::ImportPreview& preview);
    void startImport();
    void showProgress(const QString& stage, double fraction); ///< "reading vectors.tsv: 43 %"
    void setEditable(bool editable);
    void browse(QLineEdit* edit, const QString& title);
};

} // namespace embex::ui
