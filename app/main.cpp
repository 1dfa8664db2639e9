// SPDX-License-Identifier: MIT
#include "core/analysis/map_projection.h"
#include "ui/window/main_window.h"
#include "ui/window/scripted_run.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QRegularExpression>
#include <QTimer>
#include <cstdio>

namespace {

struct CommandLine {
    QCommandLineParser parser;
    QCommandLineOption help { QStringList { QStringLiteral("h"), QStringLiteral("help") },
                              QStringLiteral("Show this help and exit.") };
    QCommandLineOption version { QStringList { QStringLiteral("v"), QStringLiteral("version") },
                                 QStringLiteral("Show the version and exit.") };
    QCommandLineOption demo { QStringLiteral("demo"), QStringLiteral("Open the built-in demo dataset.") };
    QCommandLineOption train { QStringLiteral("train"), QStringLiteral("Train a model once the data is open.") };
    QCommandLineOption models { QStringLiteral("models"),
                                QStringLiteral("Train these models one after another (dotbias,als,mlp…) and compare "
                                               "them in the Runs dock."),
                                QStringLiteral("LIST") };
    QCommandLineOption test { QStringLiteral("test"),
                              QStringLiteral("Validate on this file (u1.test beside u1.base) instead of a holdout."),
                              QStringLiteral("FILE") };
    QCommandLineOption epochs { QStringLiteral("epochs"), QStringLiteral("Epochs to train."), QStringLiteral("N") };
    QCommandLineOption projection {
        QStringLiteral("projection"),
        QStringLiteral("The map's projection: %1.").arg(QString::fromStdString(embex::core::projectionNames())),
        QStringLiteral("KIND")
    };
    QCommandLineOption colour { QStringLiteral("colour"),
                                QStringLiteral("Colour the map by genre, popularity, rating, bias or cluster."),
                                QStringLiteral("BY") };
    QCommandLineOption minRatings { QStringLiteral("min-ratings"),
                                    QStringLiteral("Show only items with at least N ratings on the map."),
                                    QStringLiteral("N") };
    QCommandLineOption select { QStringLiteral("select"), QStringLiteral("Select an item by raw id or title."),
                                QStringLiteral("ITEM") };
    QCommandLineOption view { QStringLiteral("view"),
                              QStringLiteral("Show the map, the axes tab or the Ranking window."),
                              QStringLiteral("map|axes|ranking") };
    QCommandLineOption newUser {
        QStringLiteral("new-user"),
        QStringLiteral(
            "For user › New user with these items (id or id:rating) and attributes (name=value), comma-separated."),
        QStringLiteral("ITEMS")
    };
    QCommandLineOption user { QStringLiteral("user"),
                              QStringLiteral("Recommend for a user (raw id) and explain the first recommendation."),
                              QStringLiteral("ID") };
    QCommandLineOption screenshot { QStringLiteral("screenshot"), QStringLiteral("Save a picture of the window."),
                                    QStringLiteral("PNG") };
    QCommandLineOption quit { QStringLiteral("quit"), QStringLiteral("Quit when the steps above are done.") };

    CommandLine()
    {
        parser.setApplicationDescription(
            QStringLiteral("Explore the embeddings recommender models learn.\n"
                           "Options apply to this start only: the settings the window keeps stay as you left them."));
        parser.addPositionalArgument(
            QStringLiteral("file"),
            QStringLiteral("A ratings file (format detected) or a saved session (.embex) to open."),
            QStringLiteral("[FILE]"));
        parser.addOptions({ help, version, demo, train, models, test, epochs, projection, colour, minRatings, select,
                            view, newUser, user, screenshot, quit });
    }

    /// Prints the help or the version when asked; true then.
    bool answered()
    {
        if (parser.isSet(help)) {
            QString text = parser.helpText();
            text.replace(QRegularExpression(QStringLiteral("^Usage: \\S+")), QStringLiteral("Usage: embex"));
            std::fputs(qPrintable(text), stdout);
            return true;
        }
        if (parser.isSet(version)) {
            std::printf("embex %s\n", qPrintable(QCoreApplication::applicationVersion()));
            return true;
        }
        return false;
    }
};

} // namespace

int main(int argc, char* argv[])
{
    QApplication::setApplicationName(QStringLiteral("Embex"));
    QApplication::setOrganizationName(QStringLiteral("Embex"));
    QApplication::setApplicationVersion(QStringLiteral(EMBEX_VERSION));

    // --help and --version answer before QApplication exists, so they need no display.
    CommandLine cli;
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    // Qt's own options (-platform …) fail this parse: QApplication takes them out below
    if (cli.parser.parse(arguments) && cli.answered())
        return 0;

    QApplication app(argc, argv);
    QApplication::setDesktopFileName(QStringLiteral("embex"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/embex.svg")));
    cli.parser.process(app);
    if (cli.answered())
        return 0;

    embex::ui::ScriptedRun::Options options;
    options.file = cli.parser.positionalArguments().value(0);
    options.demo = cli.parser.isSet(cli.demo);
    options.train = cli.parser.isSet(cli.train);
    options.models = cli.parser.value(cli.models).split(u',', Qt::SkipEmptyParts);
    options.testFile = cli.parser.value(cli.test);
    options.epochs = cli.parser.value(cli.epochs).toInt();
    options.projection = cli.parser.value(cli.projection);
    options.colourBy = cli.parser.value(cli.colour);
    options.minRatings = cli.parser.isSet(cli.minRatings) ? cli.parser.value(cli.minRatings).toInt() : -1;
    options.select = cli.parser.value(cli.select);
    options.view = cli.parser.value(cli.view);
    options.newUser = cli.parser.value(cli.newUser);
    options.user = cli.parser.value(cli.user);
    options.screenshot = cli.parser.value(cli.screenshot);
    options.quit = cli.parser.isSet(cli.quit);

    embex::ui::MainWindow window;
    window.show();
    embex::ui::ScriptedRun run(&window, options);
    QTimer::singleShot(0, &run, &embex::ui::ScriptedRun::start);
    return app.exec();
}
