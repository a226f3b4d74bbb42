#include "Events.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "ledger/Schema.h"
#include "util/Clock.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

// The ledger file itself: migrations, transactions, append-only rules and
// the verify command's checks.
class TestLedger final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    ManualClock m_clock;
    int m_n = 0;

    QString freshPath() { return m_dir.filePath(QStringLiteral("ledger-%1.sqlite").arg(++m_n)); }

    static qint64 scalar(Ledger &l, const QString &sql)
    {
        QSqlQuery q(l.database());
        if (!q.exec(sql) || !q.next())
            qFatal("query failed: %s", qPrintable(q.lastError().text()));
        return q.value(0).toLongLong();
    }
    static bool exec(Ledger &l, const QString &sql)
    {
        QSqlQuery q(l.database());
        return q.exec(sql);
    }

private Q_SLOTS:
    void emptyFileMigratesToCurrentVersion()
    {
        Ledger l(freshPath(), m_clock);
        QVERIFY(l.open());
        QSqlDatabase db = l.database();
        QCOMPARE(Schema::version(db).value(), Schema::currentVersion());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2); // FULL
        QVERIFY(l.verify().value().ok());
    }

    void firstSchemaVersionMigratesKeepingItsMoney()
    {
        const QString path = freshPath();
        {
            Ledger old(path, m_clock);
            QVERIFY(old.openAtVersion(1));
            // Rows as a version 1 release wrote them (it had no ingested
            // totals; migration counts what it holds as ingested).
            QVERIFY(exec(old,
                         QStringLiteral("INSERT INTO artists (id, account, created_at, updated_at) "
                                        "VALUES ('art_1', 'acct_1', 0, 0)")));
            QVERIFY(exec(
                old, QStringLiteral(
                         "INSERT INTO entries (artist, amount_minor, currency, kind, track, "
                         "reference, payment_intent, created_at, state, updated_at) VALUES "
                         "('art_1', 560, 'gbp', 'sale', 'trk_1', 'cs_1', 'pi_1', 0, 'pending', 0),"
                         "('art_1', 300, 'gbp', 'sale', 'trk_2', 'cs_2', 'pi_2', 0, 'paid', 0)")));
            QVERIFY(exec(old, QStringLiteral(
                                  "UPDATE entries SET transfer_id = 'tr_1' WHERE state = 'paid'")));
        }
        Ledger l(path, m_clock);
        QVERIFY(l.open());
        QSqlDatabase db = l.database();
        QCOMPARE(Schema::version(db).value(), Schema::currentVersion());
        const QList<ArtistBalance> b = l.balances().value();
        QCOMPARE(b.size(), 1);
        QCOMPARE(b[0].pendingMinor, 560);
        QCOMPARE(b[0].paidMinor, 300);
        QVERIFY2(l.verify().value().ok(), "a migrated ledger is consistent");
    }

    void newerFileIsRefused()
    {
        const QString path = freshPath();
        {
            Ledger l(path, m_clock);
            QVERIFY(l.open());
            QVERIFY(l.setMeta(QStringLiteral("schema_version"), QStringLiteral("99")));
        }
        Ledger l(path, m_clock);
        const Status s = l.open();
        QVERIFY(!s);
        QVERIFY(s.error().message.contains(QStringLiteral("newer")));
    }

    void failedWriteLeavesNothing()
    {
        Ledger l(freshPath(), m_clock);
        QVERIFY(l.open());
        const Status s = l.write([&]() -> Status {
            if (!exec(l,
                      QStringLiteral(
                          "INSERT INTO artists (id, created_at, updated_at) VALUES ('a', 0, 0)")))
                return fail(Error::database(QStringLiteral("unexpected")));
            return fail(Error::database(QStringLiteral("something later failed")));
        });
        QVERIFY(!s);
        QCOMPARE(scalar(l, QStringLiteral("SELECT COUNT(*) FROM artists")), 0);
    }

    void auditLogIsAppendOnlyAndEntriesAreNeverDeleted()
    {
        Ledger l(freshPath(), m_clock);
        QVERIFY(l.open());
        Intake intake(l);
        Events::Cart c;
        c.items = {Events::item(QStringLiteral("art_1"), 100, QStringLiteral("trk_1"))};
        QVERIFY(intake.ingestOne(Events::cart(c), IntakeSource::Import));
        QVERIFY(scalar(l, QStringLiteral("SELECT COUNT(*) FROM audit_log")) > 0);
        QVERIFY(!exec(l, QStringLiteral("DELETE FROM audit_log")));
        QVERIFY(!exec(l, QStringLiteral("UPDATE audit_log SET detail = 'x'")));
        QVERIFY(!exec(l, QStringLiteral("DELETE FROM entries")));
        QCOMPARE(scalar(l, QStringLiteral("SELECT COUNT(*) FROM entries")), 1);
    }

    void verifyDetectsCorruption_data()
    {
        QTest::addColumn<QString>("corruption");
        QTest::addColumn<QString>("failedCheck");
        QTest::newRow("amount changed")
            << "UPDATE entries SET amount_minor = amount_minor + 1 WHERE id = 1"
            << "conservation of money";
        QTest::newRow("entry forged")
            << "INSERT INTO entries (artist, amount_minor, currency, kind, "
               "track, reference, payment_intent, created_at, state, "
               "updated_at) VALUES ('art_1', 999, 'gbp', 'sale', 'trk_x', "
               "'cs_x', 'pi_x', 0, 'pending', 0)"
            << "conservation of money";
        QTest::newRow("paid without transfer") << "UPDATE entries SET state = 'paid' WHERE id = 1"
                                               << "paid entries name their transfer";
        QTest::newRow("unknown state") << "UPDATE entries SET state = 'lost' WHERE id = 1"
                                       << "entry states";
        QTest::newRow("state totals tampered")
            << "UPDATE totals SET amount_minor = 1 WHERE bucket = 'held'"
            << "state totals";
    }
    void verifyDetectsCorruption()
    {
        QFETCH(QString, corruption);
        QFETCH(QString, failedCheck);
        Ledger l(freshPath(), m_clock);
        QVERIFY(l.open());
        Intake intake(l);
        Events::Cart c;
        c.items = {Events::item(QStringLiteral("art_1"), 560, QStringLiteral("trk_1"), {},
                                QStringLiteral("acct_1")),
                   Events::item(QStringLiteral("art_2"), 840, QStringLiteral("trk_2"))};
        QVERIFY(intake.ingestOne(Events::cart(c), IntakeSource::Import));
        QVERIFY(l.verify().value().ok());

        QVERIFY(exec(l, corruption));
        const VerifyReport report = l.verify().value();
        QVERIFY(!report.ok());
        bool named = false;
        for (const auto &check : report.checks)
            named |= !check.ok && check.name.startsWith(failedCheck);
        QVERIFY2(named, qPrintable(failedCheck));
    }

    void linkingReleasesEntriesHeldForLackOfAccount()
    {
        Ledger l(freshPath(), m_clock);
        QVERIFY(l.open());
        Intake intake(l);
        Events::Cart c;
        c.items = {Events::item(QStringLiteral("art_9"), 250, QStringLiteral("trk_1"))};
        QVERIFY(intake.ingestOne(Events::cart(c), IntakeSource::Import));
        QCOMPARE(l.balances(QStringLiteral("art_9")).value().first().heldMinor, 250);
        Ledger::EntryFilter filter;
        filter.artist = QStringLiteral("art_9");
        const QList<Entry> held = l.entries(filter).value();
        QCOMPARE(held.first().reason, Reason::NoPayoutAccount);

        QCOMPARE(
            l.linkArtist(QStringLiteral("art_9"), QStringLiteral("acct_9"), QStringLiteral("test"))
                .value(),
            1);
        const ArtistBalance b = l.balances(QStringLiteral("art_9")).value().first();
        QCOMPARE(b.pendingMinor, 250);
        QCOMPARE(b.heldMinor, 0);
        QCOMPARE(l.artist(QStringLiteral("art_9")).value()->account, QStringLiteral("acct_9"));
        QVERIFY(l.verify().value().ok());
    }

    void twoConnectionsSeeEachOthersCommits()
    {
        const QString path = freshPath();
        Ledger a(path, m_clock);
        Ledger b(path, m_clock);
        QVERIFY(a.open());
        QVERIFY(b.open());
        Intake intake(a);
        Events::Cart c;
        c.items = {Events::item(QStringLiteral("art_1"), 100, QStringLiteral("trk_1"))};
        QVERIFY(intake.ingestOne(Events::cart(c), IntakeSource::Import));
        QCOMPARE(b.balances().value().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestLedger)
#include "tst_ledger.moc"
