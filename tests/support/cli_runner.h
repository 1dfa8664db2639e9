// SPDX-License-Identifier: MIT
// Runs embex-cli commands in-process, as the tests of the CLI do.
#pragma once

#include "cli/cli.h"

#include <QByteArray>
#include <QDebug>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <sstream>
#include <string>
#include <vector>

namespace embex::test {

/// `embex-cli WORDS…`: the exit code, with what went to stdout and stderr.
inline int runCli(const std::vector<std::string>& words, std::string& out, std::string& err)
{
    std::ostringstream o, e;
    const int code = embex::cli::run(words, o, e);
    out = o.str();
    err = e.str();
    return code;
}

/// What one embex-cli command gave back.
struct CliRun {
    int code = 0;
    std::string out, err;
};

inline CliRun cli(const std::vector<std::string>& words)
{
    CliRun r;
    r.code = runCli(words, r.out, r.err);
    return r;
}

/// The JSON object a command printed; empty (with a warning naming the text) when it is not JSON.
inline QJsonObject parseJsonObject(const std::string& text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << "bad JSON:" << error.errorString() << QString::fromStdString(text);
    return doc.object();
}

} // namespace embex::test
