// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

namespace embex::ui {

class MainWindow;

/// File ▸ Open/Save session and Import/Export embeddings: file dialogs in front of core/io.
/// A failed open or import leaves the open session exactly as it was.
class SessionActions : public QObject {
    Q_OBJECT
public:
    explicit SessionActions(MainWindow* window);

    void openSession();
    bool openSessionFile(const QString& path);
    void saveSession();
    bool saveSessionFile(const QString& path);
    void importEmbeddings();
    bool importEmbeddingsFile(const QString& path);
    void exportEmbeddings();

private:
    MainWindow* m_window;
    QString folder() const;
};

} // namespace embex::ui
