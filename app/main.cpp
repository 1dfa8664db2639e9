// SPDX-License-Identifier: MIT
#include "ui/main_window.h"
#include "ui/scripted_run.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Embex"));
    QApplication::setOrganizationName(QStringLiteral("Embex"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QApplication::setDesktopFileName(QStringLiteral("embex"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/embex.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Explore the embeddings recommender models learn."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("A ratings file to open (format detected)."), QStringLiteral("[FILE]"));
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Open the built-in demo dataset."));
    const QCommandLineOption train(QStringLiteral("train"), QStringLiteral("Train a model once the data is open."));
    const QCommandLineOption epochs(QStringLiteral("epochs"), QStringLiteral("Epochs to train."), QStringLiteral("N"));
    const QCommandLineOption select(QStringLiteral("select"), QStringLiteral("Select an item by raw id or title."), QStringLiteral("ITEM"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save a picture of the window."), QStringLiteral("PNG"));
    const QCommandLineOption quit(QStringLiteral("quit"), QStringLiteral("Quit when the steps above are done."));
    parser.addOptions({ demo, train, epochs, select, screenshot, quit });
    parser.process(app);

    embex::ui::ScriptedRun::Options options;
    options.file = parser.positionalArguments().value(0);
    options.demo = parser.isSet(demo);
    options.train = parser.isSet(train);
    options.epochs = parser.value(epochs).toInt();
    options.select = parser.value(select);
    options.screenshot = parser.value(screenshot);
    options.quit = parser.isSet(quit);

    embex::ui::MainWindow window;
    window.show();
    embex::ui::ScriptedRun run(&window, options);
    QTimer::singleShot(0, &run, &embex::ui::ScriptedRun::start);
    return app.exec();
}
