// SPDX-License-Identifier: MIT
#include "core/data/demo_generator.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Embex"));
    QApplication::setOrganizationName(QStringLiteral("Embex"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Explore the embeddings recommender models learn."));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Open the built-in demo dataset."));
    parser.addOption(demo);
    parser.process(app);

    embex::ui::MainWindow window;
    if (parser.isSet(demo))
        window.setDataset(embex::core::generateDemo({}));
    window.show();
    return app.exec();
}
