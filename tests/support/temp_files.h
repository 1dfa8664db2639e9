// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <iterator>
#include <string>

namespace embex::test {

/// Writes `bytes` to dir/name and returns the path as a std::string for core APIs.
inline std::string writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write test file %s", qPrintable(path));
    file.write(bytes);
    return path.toStdString();
}

/// The whole file at `path` (empty when it cannot be read).
inline std::string readBytes(const QString& path)
{
    std::ifstream in(path.toStdString(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

/// The shared MovieLens 100k folder, or an empty string (the caller QSKIPs) when absent.
inline QString ml100kDir()
{
    const QString dir = QStringLiteral(EMBEX_SHARED_DATA_DIR "/ml-100k");
    return QFile::exists(dir + QStringLiteral("/u.data")) ? dir : QString();
}

} // namespace embex::test

#define EMBEX_REQUIRE_ML100K(dirVar)                                                                                   \
    const QString dirVar = embex::test::ml100kDir();                                                                   \
    if (dirVar.isEmpty())                                                                                              \
        QSKIP("MovieLens 100k not found at " EMBEX_SHARED_DATA_DIR "/ml-100k (a clone without ../shared)");
