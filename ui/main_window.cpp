// SPDX-License-Identifier: MIT
#include "ui/main_window.h"

#include <QLabel>
#include <QLocale>
#include <QStatusBar>

namespace embex::ui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_summary(new QLabel(tr("No dataset loaded"), this))
{
    setWindowTitle(tr("Embex"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/embex.svg")));
    m_summary->setAlignment(Qt::AlignCenter);
    setCentralWidget(m_summary);
    resize(1100, 720);
}

void MainWindow::setDataset(std::shared_ptr<const core::Dataset> dataset)
{
    m_dataset = std::move(dataset);
    const QString source = QString::fromStdString(m_dataset->sourceFile);
    const QString count = QLocale().toString(static_cast<qulonglong>(m_dataset->ratings.size()));
    const QString text = source == QLatin1String("demo") ? tr("demo dataset loaded: %1 ratings").arg(count)
                                                         : tr("%1 loaded: %2 ratings").arg(source, count);
    m_summary->setText(text);
    statusBar()->showMessage(text);
}

} // namespace embex::ui
