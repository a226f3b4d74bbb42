#include "ledger/LedgerLocation.h"

#include <QDir>
#include <QTest>

// Where a ledger lives, as settings and --ledger give it.
class TestLedgerLocation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsPathsAndUrls_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("file"); // empty: a server
        QTest::addColumn<QString>("server");
        QTest::newRow("absolute path")
            << QStringLiteral("/var/lib/pd/ledger.sqlite")
            << QStringLiteral("/var/lib/pd/ledger.sqlite") << QStringLiteral("");
        QTest::newRow("relative path")
            << QStringLiteral("pd/ledger.sqlite")
            << QDir::current().absoluteFilePath(QStringLiteral("pd/ledger.sqlite"))
            << QStringLiteral("");
        QTest::newRow("sqlite url")
            << QStringLiteral("sqlite:///var/lib/pd/ledger.sqlite")
            << QStringLiteral("/var/lib/pd/ledger.sqlite") << QStringLiteral("");
        QTest::newRow("sqlite url, encoded space")
            << QStringLiteral("sqlite:///home/a%20b/ledger.sqlite")
            << QStringLiteral("/home/a b/ledger.sqlite") << QStringLiteral("");
        QTest::newRow("a colon after a slash is a path")
            << QStringLiteral("./x:y/ledger.sqlite")
            << QDir::current().absoluteFilePath(QStringLiteral("x:y/ledger.sqlite"))
            << QStringLiteral("");
        QTest::newRow("postgres url")
            << QStringLiteral("postgres://payout@db.example:5432/payouts") << QStringLiteral("")
            << QStringLiteral("postgresql://payout@db.example:5432/payouts");
    }
    void readsPathsAndUrls()
    {
        QFETCH(QString, text);
        QFETCH(QString, file);
        QFETCH(QString, server);
        const Result<LedgerLocation> l = LedgerLocation::parse(text);
        QVERIFY2(l.has_value(), l ? "" : qPrintable(l.error().message));
        QCOMPARE(l->filePath(), file);
        QCOMPARE(l->serverUrl().toString(), server);
        QCOMPARE(l->backend(), file.isEmpty() ? LedgerLocation::Backend::Postgres
                                              : LedgerLocation::Backend::Sqlite);
        // What toString() writes reads back as the same place.
        const Result<LedgerLocation> again = LedgerLocation::parse(l->toString());
        QVERIFY(again.has_value());
        QCOMPARE(*again, *l);
    }

    void refusesWhatCannotBeALedger_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("why");
        QTest::newRow("empty") << QStringLiteral("  ") << QStringLiteral("empty");
        QTest::newRow("unknown scheme") << QStringLiteral("mysql://db/payouts")
                                        << QStringLiteral("unknown ledger location scheme");
        QTest::newRow("sqlite with a host")
            << QStringLiteral("sqlite://host/ledger.sqlite") << QStringLiteral("three slashes");
        QTest::newRow("password in the url")
            << QStringLiteral("postgresql://payout:hunter2@db/payouts")
            << QStringLiteral("holds a password");
        QTest::newRow("password in the url's query")
            << QStringLiteral("postgresql://payout@db/payouts?sslmode=require&password=hunter2")
            << QStringLiteral("holds a password");
        QTest::newRow("postgres without a host")
            << QStringLiteral("postgresql:///payouts") << QStringLiteral("not a PostgreSQL URL");
    }
    void refusesWhatCannotBeALedger()
    {
        QFETCH(QString, text);
        QFETCH(QString, why);
        const Result<LedgerLocation> l = LedgerLocation::parse(text);
        QVERIFY(!l.has_value());
        QVERIFY2(l.error().message.contains(why), qPrintable(l.error().message));
        // The password never reaches a message a log might keep.
        QVERIFY(!l.error().message.contains(u"hunter2"));
    }
};

QTEST_GUILESS_MAIN(TestLedgerLocation)
#include "tst_ledgerlocation.moc"
