// SPDX-License-Identifier: MIT
#pragma once

#include "ui/window/settings_snapshot.h"

#include <QObject>
#include <QString>
#include <QStringList>

namespace embex::ui {

class MainWindow;

/// `embex [FILE] [--demo] [--test FILE] [--train] [--models A,B,…] [--epochs N] [--projection pca|neighbours]
/// [--min-ratings N] [--select ITEM]
/// [--user ID] [--new-user ID[:RATING]|NAME=VALUE,…] [--view map|axes] [--screenshot PNG] [--quit]`:
/// FILE is a ratings file or a session (.embex); open, train to the end, select, enter a new user, show a tab,
/// grab the window, quit — each step waits on the previous one's signal. The options apply to this run
/// only: the settings they override (training, split, projection) are put back as the user left them
/// when the run is destroyed, after the window has saved its own on closing.
class ScriptedRun : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString file;
        bool demo = false;
        bool train = false;
        /// Train each of these models (registry names) with its defaults, one after another; then
        /// every run is checked on the loss plot and the last is compared with the first.
        QStringList models;
        QString testFile;    ///< validate on this file (the data dock's Test file split)
        int epochs = 0;      ///< 0: the model dock's value
        QString projection;  ///< the map's projection by name; empty: as last chosen
        int minRatings = -1; ///< the map's ratings filter; < 0: as it is
        QString colourBy;    ///< genre, popularity, rating, bias or cluster; empty: as it is
        QString select;
        /// "axes" shows the Axes tab; "ranking" the Ranking window of the first and last run (and
        /// the screenshot is of it); anything else the Map
        QString view;
        /// "50:5,172:5,181:4": For user › New user with these picks (rating: the scale's top);
        /// "age=35,gender=F" among them sets the new user's attributes
        QString newUser;
        QString user; ///< recommend for this user and explain the first recommendation
        QString screenshot;
        bool quit = false;
    };

    ScriptedRun(MainWindow* window, Options options, QObject* parent = nullptr);
    ~ScriptedRun() override;
    void start();
    int exitCode() const { return m_exitCode; }

signals:
    void done(int exitCode);

private:
    MainWindow* m_window;
    Options m_options;
    int m_exitCode = 0;
    int m_nextModel = 0;
    SettingsSnapshot m_userSettings; // what the options override, as it was before them

    void afterLoad();
    void trainNextModel();
    void compareRuns();
    void afterTraining();
    void showView();
    void whenProjected(void (ScriptedRun::*next)());
    void whenAxesShown();
    void finish();
    void fail(const QString& message);
};

} // namespace embex::ui
