// SPDX-License-Identifier: MIT
#pragma once

#include "core/data/ratings_loader.h"

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QTableWidget;

namespace embex::ui {

/// Shows the first rows of a ratings file with the detected delimiter, header and column roles,
/// all editable, and hands back the LoadOptions to load it with.
class OpenRatingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit OpenRatingsDialog(const QString& path, QWidget* parent = nullptr);

    core::LoadOptions options() const;
    core::FileFormat format() const;
    bool isDetected() const { return m_detected; }

    // exposed for tests and for the window's drop handler
    QComboBox* delimiterBox() const { return m_delimiter; }
    QCheckBox* headerBox() const { return m_header; }
    QCheckBox* implicitBox() const { return m_implicit; }
    QTableWidget* preview() const { return m_preview; }

private:
    QString m_path;
    QStringList m_lines;
    bool m_detected = false;
    QComboBox* m_delimiter = nullptr;
    QCheckBox* m_header = nullptr;
    QComboBox* m_userColumn = nullptr;
    QComboBox* m_itemColumn = nullptr;
    QComboBox* m_ratingColumn = nullptr;
    QComboBox* m_timestampColumn = nullptr;
    QCheckBox* m_implicit = nullptr;
    QCheckBox* m_strict = nullptr;
    QLabel* m_status = nullptr;
    QTableWidget* m_preview = nullptr;
    QDialogButtonBox* m_buttons = nullptr;

    void readLines();
    void applyFormat(const core::FileFormat& format);
    QList<QStringList> splitRows() const;
    int fieldCount() const;
    void refillColumnBoxes();
    void refreshPreview();
};

} // namespace embex::ui
