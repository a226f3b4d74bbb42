#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// payoutdesk-cli as a server or a script runs it: no platform plugin, no
// display, and no window to fall back on. The subcommands themselves are
// tst_cli's, run against payoutdesk-cli as tst_cli_headless.
class TestCliNoWindow final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_bin = qEnvironmentVariable("PAYOUTDESK_BIN");
    QString m_windowBin = qEnvironmentVariable("PAYOUTDESK_WINDOW_BIN");
    int m_n = 0;
    QString m_home;

    struct Run
    {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };
    // Nothing graphical: no platform chosen, no display to find, and a home
    // of its own so that the user's store is never touched.
    QProcessEnvironment headlessEnv() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "STRIPE_API_KEY",
                                 "STRIPE_WEBHOOK_SECRET"})
            env.remove(QString::fromLatin1(name));
        env.insert(QStringLiteral("HOME"), m_home);
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home + QStringLiteral("/.local/share"));
        return env;
    }
    Run run(const QString &bin, const QStringList &args)
    {
        QProcess p;
        p.setProcessEnvironment(headlessEnv());
        QSignalSpy finished(&p, &QProcess::finished);
        p.start(bin, args);
        if (!finished.wait(60'000))
            qFatal("%s did not finish", qPrintable(bin));
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }
    QString userDataDir() const { return m_home + QStringLiteral("/.local/share/payoutdesk"); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(m_bin), "PAYOUTDESK_BIN must name the payoutdesk-cli binary");
        QVERIFY2(QFile::exists(m_windowBin),
                 "PAYOUTDESK_WINDOW_BIN must name the payoutdesk binary");
    }
    void init()
    {
        m_home = m_dir.filePath(QStringLiteral("home%1").arg(++m_n));
        QVERIFY(QDir().mkpath(m_home));
    }

    void helpListsEveryCommandAndSaysThereIsNoWindow()
    {
        const Run cli = run(m_bin, {QStringLiteral("--help")});
        QCOMPARE(cli.code, 0);
        for (const char *command : {"status", "import", "verify", "serve", "cleanup",
                                    "trigger-payouts", "artists", "demo", "sandbox", "trigger"})
            QVERIFY2(QRegularExpression(QStringLiteral("^ +%1 ").arg(QLatin1StringView(command)),
                                        QRegularExpression::MultilineOption)
                         .match(QString::fromUtf8(cli.out))
                         .hasMatch(),
                     command);
        QVERIFY2(cli.out.contains("payoutdesk-cli has no window"), cli.out.constData());
        QVERIFY2(!cli.out.contains("--admin"), "the admin view is a window's");
        // The window's program lists the same commands and keeps its window.
        const Run window = run(m_windowBin, {QStringLiteral("--help")});
        QCOMPARE(window.code, 0);
        QVERIFY2(window.out.contains("Without a command, the Payout Desk window opens."),
                 window.out.constData());
    }

    void noCommandIsAUsageError()
    {
        const Run r = run(m_bin, {});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("payoutdesk-cli --help"), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void demoWithAWindowIsAUsageErrorThatSaysWhatToRun()
    {
        const Run r =
            run(m_bin, {QStringLiteral("demo"), QStringLiteral("--duration"), QStringLiteral("1")});
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err,
                 QByteArray("payoutdesk-cli has no window: use --no-window, or payoutdesk demo\n"));
        QVERIFY(r.out.isEmpty());
        QVERIFY2(!QFile::exists(userDataDir()), "nothing is created");
    }

    void demoWithoutAWindowPaysATransfer()
    {
        // 40 s of demo time at ten times the speed, as tst_cli_demo runs it
        // on payoutdesk: the same demo, here without anything graphical.
        const Run r = run(m_bin, {QStringLiteral("demo"), QStringLiteral("--no-window"),
                                  QStringLiteral("--duration"), QStringLiteral("40"),
                                  QStringLiteral("--time-scale"), QStringLiteral("10")});
        QVERIFY2(r.code == 0, QByteArray(r.out + r.err).constData());
        QVERIFY2(QRegularExpression(QStringLiteral("[1-9]\\d* transfers paid; verify passed"))
                     .match(QString::fromUtf8(r.out))
                     .hasMatch(),
                 r.out.constData());
        QVERIFY2(!QFile::exists(userDataDir()), "the user's own store is never created");
    }
};

QTEST_GUILESS_MAIN(TestCliNoWindow)
#include "tst_cli_nowindow.moc"
