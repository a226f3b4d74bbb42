#include "LedgerSeed.h"
#include "MainWindow.h"
#include "UiFixture.h"
#include "common/PayoutNotices.h"
#include "common/SingleInstance.h"
#include "config/Autostart.h"
#include "settings/SettingsDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// The window as a desktop app: one per user and store (a second start
// hands over to the first and exits), and starting at login through an
// XDG autostart entry that the settings dialog writes and removes.
class TestDesktop final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // Autostart entries go to a folder of this test's own.
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
    }

    void aSecondInstanceHandsOverToTheFirst()
    {
        const QString key = SingleInstance::keyFor(m_config.filePath(u"store-a"_s));
        SingleInstance first(key);
        QVERIFY(first.claim());
        QSignalSpy activated(&first, &SingleInstance::activationRequested);

        SingleInstance second(key);
        QVERIFY(!second.claim()); // the first holds the store
        QVERIFY(activated.wait(5000));
        QCOMPARE(activated.size(), 1);

        // Another store's window is another instance.
        SingleInstance other(SingleInstance::keyFor(m_config.filePath(u"store-b"_s)));
        QVERIFY(other.claim());
    }

    void aSocketLeftByADeadProcessIsTakenOver()
    {
        const QString key = SingleInstance::keyFor(m_config.filePath(u"store-crashed"_s));
        // What a killed process leaves: the socket's file with nobody behind it.
        QVERIFY(QDir::isAbsolutePath(key)); // in the user's runtime folder
        QFile stale(key);
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.close();
        SingleInstance instance(key);
        QVERIFY(instance.claim());
        SingleInstance later(key);
        QVERIFY(!later.claim());
    }

    void startingTheAppAgainRaisesTheOpenWindow()
    {
        const QString dataDir = m_config.filePath(u"store-app"_s);
        QVERIFY(QDir().mkpath(dataDir));
        SingleInstance running(SingleInstance::keyFor(dataDir));
        QVERIFY(running.claim());
        QSignalSpy activated(&running, &SingleInstance::activationRequested);

        QProcess app;
        app.start(qEnvironmentVariable("PAYOUTDESK_BIN"), {u"--data-dir"_s, dataDir});
        QVERIFY(app.waitForFinished(30'000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
        QVERIFY2(app.readAllStandardError().contains("already open"), "says why it exits");
        QVERIFY(activated.wait(5000));
        // It stopped before opening the store: no ledger was made.
        QVERIFY(!QFile::exists(dataDir + u"/ledger.sqlite"_s));
    }

    void theSettingsDialogTurnsStartAtLoginOnAndOff()
    {
        UiFixture f;
        const QString entry = Autostart::entryPath();
        QVERIFY(entry.startsWith(m_config.path()));
        QVERIFY(!QFile::exists(entry));
        {
            SettingsDialog dialog(*f.settings, f.secrets, {});
            auto *check = dialog.findChild<QCheckBox *>(u"autostartCheck"_s);
            QVERIFY(!check->isChecked());
            check->setChecked(true);
            dialog.findChild<QPushButton *>(u"saveSettingsButton"_s)->click();
        }
        QFile file(entry);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY(text.startsWith(u"[Desktop Entry]\nType=Application\n"_s));
        // It starts this program on this store's folder.
        QVERIFY2(text.contains(u"--data-dir "_s + f.dir.path()), qPrintable(text));
        {
            SettingsDialog dialog(*f.settings, f.secrets, {});
            auto *check = dialog.findChild<QCheckBox *>(u"autostartCheck"_s);
            QVERIFY(check->isChecked()); // the file is the setting
            check->setChecked(false);
            dialog.findChild<QPushButton *>(u"saveSettingsButton"_s)->click();
        }
        QVERIFY(!QFile::exists(entry));
    }

    // The store's engine runs elsewhere (serve): the artist's window hears
    // of their money paid through the ledger, and only of new payouts.
    void theArtistIsToldWhenTheirMoneyIsPaid()
    {
        UiFixture::useLocale(QLocale(QLocale::English, QLocale::UnitedKingdom));
        UiFixture f;
        f.link(u"art_1"_s);
        f.link(u"art_2"_s, u"acct_2"_s);
        const QList<qint64> old = f.sale({{u"art_1"_s, 300}});
        QVERIFY(LedgerSeed::pay(*f.ledger, old, u"tr_old"_s, f.clock.now()));
        const QList<qint64> ids = f.sale({{u"art_1"_s, 560}, {u"art_1"_s, 440}, {u"art_2"_s, 999}});
        f.settings->set(Settings::Key::ArtistId, u"art_1"_s);
        auto window = f.window(/*admin=*/false);
        QSignalSpy notices(window->payoutNotices(), &PayoutNotices::notice);

        // Another artist's payout is not this artist's news.
        QVERIFY(LedgerSeed::pay(*f.ledger, {ids.at(2)}, u"tr_2"_s, f.clock.now()));
        QVERIFY(LedgerSeed::pay(*f.ledger, {ids.at(0), ids.at(1)}, u"tr_1"_s, f.clock.now()));
        QVERIFY(notices.wait(5000));
        QCOMPARE(notices.size(), 1); // not the payout made before the window opened
        QCOMPARE(notices.at(0).at(0).toString(), u"Payout sent"_s);
        QCOMPARE(notices.at(0).at(1).toString(), u"£10.00 was sent to your Stripe account."_s);
    }

    void execQuotesWhatTheShellWouldSplit()
    {
        QCOMPARE(
            Autostart::execLine(u"/opt/payout desk/bin/payoutdesk"_s,
                                {u"--data-dir"_s, u"/home/a/100% \"mine\""_s}),
            u"\"/opt/payout desk/bin/payoutdesk\" --data-dir \"/home/a/100%% \\\"mine\\\"\""_s);
        QCOMPARE(Autostart::execLine(u"/usr/bin/payoutdesk"_s, {}), u"/usr/bin/payoutdesk"_s);
    }

private:
    QTemporaryDir m_config;
};

QTEST_MAIN(TestDesktop)
#include "tst_ui_desktop.moc"
