#include "config/Settings.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestSettings final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void defaults()
    {
        Settings s(m_dir.filePath(QStringLiteral("a.ini")));
        QCOMPARE(s.string(Settings::Key::Mode), QStringLiteral("auto"));
        QCOMPARE(s.integer(Settings::Key::FastPayoutDelaySecs), 30);
        QCOMPARE(s.integer(Settings::Key::PayoutIntervalSecs), 3600);
        QCOMPARE(s.string(Settings::Key::StripeApiBase), QStringLiteral("https://api.stripe.com"));
    }

    void changedOnlyOnARealChange()
    {
        Settings s(m_dir.filePath(QStringLiteral("b.ini")));
        QSignalSpy spy(&s, &Settings::changed);
        s.set(Settings::Key::WebhookPort, 5000);
        s.set(Settings::Key::WebhookPort, 5000);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.first().first().value<Settings::Key>(), Settings::Key::WebhookPort);
    }

    void persistsAcrossInstances()
    {
        const QString path = m_dir.filePath(QStringLiteral("c.ini"));
        {
            Settings s(path);
            s.set(Settings::Key::ArtistId, QStringLiteral("art_7"));
        }
        Settings s(path);
        QCOMPARE(s.string(Settings::Key::ArtistId), QStringLiteral("art_7"));
    }

    void sessionOverridesAreNotWritten()
    {
        const QString path = m_dir.filePath(QStringLiteral("d.ini"));
        {
            Settings s(path);
            s.overrideForSession(Settings::Key::StripeApiBase,
                                 QStringLiteral("http://127.0.0.1:1"));
            QCOMPARE(s.string(Settings::Key::StripeApiBase), QStringLiteral("http://127.0.0.1:1"));
        }
        Settings s(path);
        QCOMPARE(s.string(Settings::Key::StripeApiBase), QStringLiteral("https://api.stripe.com"));
    }

    void oldFileIsMigratedToTheCurrentVersion()
    {
        const QString path = m_dir.filePath(QStringLiteral("e.ini"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("[window]\nartist=art_1\n");
        }
        Settings s(path);
        s.sync();
        QSettings raw(path, QSettings::IniFormat);
        QCOMPARE(raw.value(QStringLiteral("meta/version")).toInt(), Settings::kVersion);
        QCOMPARE(s.string(Settings::Key::ArtistId), QStringLiteral("art_1"));
    }

    void readingCreatesNoFileAndTheFirstWriteRecordsTheVersion()
    {
        const QString path = m_dir.filePath(QStringLiteral("f/settings.ini"));
        {
            Settings s(path);
            QCOMPARE(s.integer(Settings::Key::WebhookPort), 4242);
            s.sync();
        }
        QVERIFY(!QFile::exists(path));
        Settings s(path);
        s.set(Settings::Key::ArtistId, QStringLiteral("art_2"));
        s.sync();
        QSettings raw(path, QSettings::IniFormat);
        QCOMPARE(raw.value(QStringLiteral("meta/version")).toInt(), Settings::kVersion);
    }
};

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
