// SPDX-License-Identifier: MIT
// Save and export when the disk or the path says no: a clear error naming the file, the previous
// file intact, no temporary left behind. Tests run as root in CI, so a chmod'ed folder proves
// nothing there; these use tools root cannot defeat (/dev/full, a file where a folder should be,
// a file size limit).
#include "core/data/demo_generator.h"
#include "core/io/atomic_file.h"
#include "core/io/embedding_export.h"
#include "core/io/session_file.h"
#include "tests/support/temp_files.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <fstream>
#include <map>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace embex::core;
using embex::test::readBytes;

namespace {

Session demoSession()
{
    auto data = generateDemo(
        { .users = 30, .items = 20, .types = 4, .ratingsPerUser = 5, .implicit = false, .seed = 3 });
    auto snapshot = std::make_shared<EmbeddingSnapshot>();
    snapshot->modelKind = "imported";
    snapshot->parameters.push_back({ "item_embedding", RowMatrixXf::Constant(20, 4, 0.5f) });
    return Session { data, snapshot, {} };
}

/// Limits the size of files this process writes, as a nearly full disk does (write() fails with EFBIG).
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        std::signal(SIGXFSZ, SIG_IGN);
        getrlimit(RLIMIT_FSIZE, &m_old);
        rlimit small = m_old;
        small.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &small);
    }
    ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &m_old); }

private:
    rlimit m_old {};
};

} // namespace

class TestSaveFaults : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    QString path(const QString& name) const { return m_dir.filePath(name); }
    int temporaries(const QString& name) const
    {
        return QDir(m_dir.path())
            .entryList(QDir::Files | QDir::Hidden)
            .filter(QLatin1Char('.') + name + QLatin1Char('.'))
            .size();
    }

private slots:
    void diskFullOnSaveSaysSoAndKeepsNothingBroken()
    {
        if (!QFileInfo(QStringLiteral("/dev/full")).exists())
            QSKIP("/dev/full is missing on this system");
        // Through a link, so a regression (rename over the target) replaces the link, never /dev/full.
        const QString link = path(QStringLiteral("full.embex"));
        QVERIFY(QFile::link(QStringLiteral("/dev/full"), link));
        const auto problem = saveSession(demoSession(), link.toStdString());
        QVERIFY(problem);
        QCOMPARE(QString::fromStdString(problem->file), link);
        QVERIFY2(QString::fromStdString(problem->message).contains(QStringLiteral("No space left on device")),
                 problem->message.c_str());
        QVERIFY(QFileInfo(link).isSymLink());
        struct stat info { };
        QCOMPARE(::stat("/dev/full", &info), 0);
        QVERIFY(S_ISCHR(info.st_mode));
        QCOMPARE(temporaries(QStringLiteral("full.embex")), 0);
    }

    void diskFullOnExportSaysSo()
    {
        if (!QFileInfo(QStringLiteral("/dev/full")).exists())
            QSKIP("/dev/full is missing on this system");
        const QString link = path(QStringLiteral("full.csv"));
        QVERIFY(QFile::link(QStringLiteral("/dev/full"), link));
        const Session s = demoSession();
        const ExportOutcome outcome = exportEmbeddings(*s.dataset, *s.snapshot, ExportFormat::Csv, link.toStdString());
        QVERIFY(!outcome.ok());
        QVERIFY2(QString::fromStdString(outcome.error->toString()).contains(QStringLiteral("No space left on device")),
                 outcome.error->toString().c_str());
    }

    void aLinkIsFollowedAndKept()
    {
        const QString real = path(QStringLiteral("real.embex"));
        const QString link = path(QStringLiteral("link.embex"));
        QVERIFY(QFile::link(real, link));
        QVERIFY(!saveSession(demoSession(), link.toStdString()));
        QVERIFY(QFileInfo(link).isSymLink());
        QVERIFY(loadSession(real.toStdString()).ok());
    }

    void unusableFoldersAreClearErrors_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("reason");
        // "blocker" is a regular file: a path under it, or a folder replaced by it, cannot be created.
        QTest::addRow("path under a regular file") << "blocker/session.embex"
                                                   << "Not a directory";
        QTest::addRow("deeper under a regular file") << "blocker/x/session.embex"
                                                     << "Not a directory";
        QTest::addRow("missing folder") << "no-such-folder/session.embex"
                                        << "No such file or directory";
        QTest::addRow("target is a folder") << "folder"
                                            << "is a folder, not a file";
    }
    void unusableFoldersAreClearErrors()
    {
        QFETCH(QString, target);
        QFETCH(QString, reason);
        std::ofstream(path(QStringLiteral("blocker")).toStdString()) << "a file where a folder should be";
        QDir(m_dir.path()).mkpath(QStringLiteral("folder"));
        const auto problem = saveSession(demoSession(), path(target).toStdString());
        QVERIFY(problem);
        QCOMPARE(QString::fromStdString(problem->file), path(target));
        QVERIFY2(QString::fromStdString(problem->message).contains(reason), problem->message.c_str());
        QVERIFY(QFileInfo(path(QStringLiteral("folder"))).isDir());
        QCOMPARE(readBytes(path(QStringLiteral("blocker"))), std::string("a file where a folder should be"));
    }

    void readOnlyFolderIsAClearError()
    {
        if (::geteuid() == 0)
            QSKIP("running as root, which writes into a read-only folder anyway; /dev/full and a file "
                  "in place of a folder cover the failure paths");
        const QString folder = path(QStringLiteral("locked"));
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("locked")));
        QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner);
        const auto problem = saveSession(demoSession(), (folder + QStringLiteral("/s.embex")).toStdString());
        QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY(problem);
        QVERIFY2(QString::fromStdString(problem->message).contains(QStringLiteral("Permission denied")),
                 problem->message.c_str());
    }

    void exportThatRunsOutOfSpaceKeepsThePreviousFiles_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("out");
        QTest::addRow("csv") << int(ExportFormat::Csv) << "items.csv";
        QTest::addRow("npy") << int(ExportFormat::Npy) << "items.npy";
        QTest::addRow("projector") << int(ExportFormat::Projector) << "projector";
    }
    void exportThatRunsOutOfSpaceKeepsThePreviousFiles()
    {
        QFETCH(int, format);
        QFETCH(QString, out);
        const Session s = demoSession();
        const auto kind = static_cast<ExportFormat>(format);
        const ExportOutcome first = exportEmbeddings(*s.dataset, *s.snapshot, kind, path(out).toStdString());
        QVERIFY(first.ok());
        std::map<std::string, std::string> before;
        for (const std::string& file : first.files)
            before[file] = readBytes(QString::fromStdString(file));

        auto bigger = std::make_shared<EmbeddingSnapshot>(*s.snapshot);
        bigger->parameters[0].value = RowMatrixXf::Constant(20, 400, 0.123456f);
        ExportOutcome second;
        {
            const FileSizeLimit limit(2000);
            second = exportEmbeddings(*s.dataset, *bigger, kind, path(out).toStdString());
        }
        QVERIFY(!second.ok());
        QVERIFY2(QString::fromStdString(second.error->message).contains(QStringLiteral("write failed")),
                 second.error->toString().c_str());
        for (const auto& [file, bytes] : before)
            QVERIFY2(readBytes(QString::fromStdString(file)) == bytes, file.c_str());
        const QString folder = kind == ExportFormat::Projector ? path(out) : m_dir.path();
        QCOMPARE(QDir(folder)
                     .entryList(QDir::Files | QDir::Hidden)
                     .filter(QRegularExpression(QStringLiteral("^\\..*\\.\\w{6}$")))
                     .size(),
                 0);
    }

    void anAtomicFileNeverOpenedOrFailedReportsIt()
    {
        AtomicFile never(path(QStringLiteral("never.txt")).toStdString());
        const auto problem = never.commit();
        QVERIFY(problem);
        QCOMPARE(QString::fromStdString(problem->message), QStringLiteral("the file was never opened"));
        QVERIFY(!QFile::exists(path(QStringLiteral("never.txt"))));
    }
};

QTEST_APPLESS_MAIN(TestSaveFaults)
#include "tst_save_faults.moc"
