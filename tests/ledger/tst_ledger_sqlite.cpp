#include "ContractSeed.h"
#include "Events.h"
#include "intake/InboxApplier.h"
#include "intake/WebhookJournal.h"
#include "ledger/Ledger.h"
#include "ledger/sqlite/Schema.h"
#include "ledger/sqlite/SqliteLedger.h"
#include "report/StatusReport.h"
#include "util/Clock.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

// SQLITE-SPECIFIC. What only the SQLite ledger file has, and so what the
// ledger contract (tests/ledger/LedgerContract) cannot say for every
// backend: its schema steps and migrations, its pragmas, its append-only
// triggers, corruption that only raw SQL can write (for verify to find),
// and faults injected with a trigger. Data is seeded through the store
// interfaces (ContractSeed); raw SQL, on the backend's own connection, is
// used only where the test is about the file itself.
class TestLedgerSqlite final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    ManualClock m_clock;
    int m_n = 0;

    QString freshPath() { return m_dir.filePath(QStringLiteral("ledger-%1.sqlite").arg(++m_n)); }

    // The SQLite connection under a Ledger.
    static QSqlDatabase db(Ledger &l)
    {
        auto *sqlite = dynamic_cast<SqliteLedger *>(l.backend());
        if (!sqlite)
            qFatal("not a SQLite ledger");
        return sqlite->database();
    }
    static qint64 scalar(QSqlDatabase d, const QString &sql)
    {
        QSqlQuery q(d);
        if (!q.exec(sql) || !q.next())
            qFatal("query failed: %s", qPrintable(q.lastError().text()));
        return q.value(0).toLongLong();
    }
    static bool exec(QSqlDatabase d, const QString &sql)
    {
        QSqlQuery q(d);
        return q.exec(sql);
    }
    // A sale of art_1 (560, linked) and art_2 (840, not linked, so held).
    bool seedTwoArtists(Ledger &l)
    {
        if (!l.accounts().setAccount(QStringLiteral("art_1"), QStringLiteral("acct_1")))
            return false;
        return ContractSeed::sale(
                   l, QStringLiteral("pi_1"),
                   {{QStringLiteral("art_1"), 560},
                    {QStringLiteral("art_2"), 840, EntryState::Held, Reason::NoPayoutAccount}},
                   m_clock.nowMs())
            .has_value();
    }
    static QByteArray cart(int n) { return Events::numberedCart(n); }
    static qint64 entries(Ledger &l)
    {
        LedgerReader::EntryFilter all;
        all.limit = 100000;
        return l.reader().countEntries(all).value_or(-1);
    }
    static qint64 waiting(Ledger &l)
    {
        return l.inbox().backlog().value_or(InboxBacklog{-1, {}, 0}).waiting;
    }

private Q_SLOTS:
    // -- The file: schema, pragmas, migrations ---------------------------

    void newFileIsWalWithFullSyncAtTheCurrentVersion()
    {
        Ledger l(freshPath(), m_clock);
        QVERIFY(l.open());
        QCOMPARE(scalar(db(l), QStringLiteral("SELECT value FROM meta WHERE key='schema_version'")),
                 qint64(Schema::currentVersion()));
        QSqlQuery q(db(l));
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QCOMPARE(scalar(db(l), QStringLiteral("PRAGMA synchronous")), 2); // FULL
        QCOMPARE(scalar(db(l), QStringLiteral("PRAGMA foreign_keys")), 1);
        QVERIFY(l.reader().verify().value().ok());
    }

    void firstSchemaVersionMigratesKeepingItsMoney()
    {
        const QString path = freshPath();
        {
            SqliteLedger old(path, m_clock);
            QVERIFY(old.openAtVersion(1));
            // Rows as a version 1 release wrote them (it had no ingested
            // totals; migration counts what it holds as ingested).
            QVERIFY(exec(old.database(),
                         QStringLiteral("INSERT INTO artists (id, account, created_at, updated_at) "
                                        "VALUES ('art_1', 'acct_1', 0, 0)")));
            QVERIFY(
                exec(old.database(),
                     QStringLiteral(
                         "INSERT INTO entries (artist, amount_minor, currency, kind, track, "
                         "reference, payment_intent, created_at, state, updated_at) VALUES "
                         "('art_1', 560, 'gbp', 'sale', 'trk_1', 'cs_1', 'pi_1', 0, 'pending', 0),"
                         "('art_1', 300, 'gbp', 'sale', 'trk_2', 'cs_2', 'pi_2', 0, 'paid', 0)")));
            QVERIFY(exec(old.database(),
                         QStringLiteral("UPDATE entries SET transfer_id = 'tr_1' WHERE state = "
                                        "'paid'")));
        }
        Ledger l(path, m_clock);
        QVERIFY(l.open());
        QCOMPARE(scalar(db(l), QStringLiteral("SELECT value FROM meta WHERE key='schema_version'")),
                 qint64(Schema::currentVersion()));
        const QList<ArtistBalance> b = l.reader().balances().value();
        QCOMPARE(b.size(), 1);
        QCOMPARE(b[0].pendingMinor, 560);
        QCOMPARE(b[0].paidMinor, 300);
        QVERIFY2(l.reader().verify().value().ok(), "a migrated ledger is consistent");
    }

    void version6FileMigratesToTitlesKeepingItsData()
    {
        const QString path = freshPath();
        {
            SqliteLedger old(path, m_clock);
            QVERIFY(old.openAtVersion(6));
            // A version 6 ledger as that release wrote it: no titles, a
            // transfer attempt in flight without a stored description.
            QVERIFY(exec(old.database(),
                         QStringLiteral("INSERT INTO artists (id, account, created_at, updated_at) "
                                        "VALUES ('art_1', 'acct_1', 0, 0)")));
            QVERIFY(exec(
                old.database(),
                QStringLiteral(
                    "INSERT INTO entries (artist, amount_minor, currency, kind, track, "
                    "reference, payment_intent, created_at, state, updated_at, idempotency_key) "
                    "VALUES ('art_1', 560, 'gbp', 'sale', 'trk_1', 'cs_1', 'pi_1', 0, 'pending', "
                    "0, NULL), ('art_1', 300, 'gbp', 'sale', 'trk_2', 'cs_2', 'pi_2', 0, "
                    "'sending', 0, 'k1')")));
            QVERIFY(exec(old.database(),
                         QStringLiteral("INSERT INTO totals (artist, currency, bucket, "
                                        "amount_minor, entries) VALUES ('art_1', 'gbp', "
                                        "'ingested', 860, 2), ('art_1', 'gbp', 'pending', 560, "
                                        "1), ('art_1', 'gbp', 'sending', 300, 1)")));
            QVERIFY(exec(old.database(),
                         QStringLiteral("INSERT INTO transfers (idempotency_key, artist, currency, "
                                        "amount_minor, destination, entry_ids, state, "
                                        "created_at, updated_at) VALUES ('k1', 'art_1', 'gbp', "
                                        "300, 'acct_1', '2', 'sending', 0, 0)")));
        }
        Ledger l(path, m_clock);
        QVERIFY(l.open());
        QCOMPARE(scalar(db(l), QStringLiteral("SELECT value FROM meta WHERE key='schema_version'")),
                 qint64(Schema::currentVersion()));
        const QList<Entry> e = l.reader().entries({}).value();
        QCOMPARE(e.size(), 2);
        QCOMPARE(e[0].track, QStringLiteral("trk_1"));
        QCOMPARE(e[0].title, QString());
        QCOMPARE(shownReference(e[0]), QStringLiteral("trk_1"));
        const QList<ArtistBalance> b = l.reader().balances().value();
        QCOMPARE(b.size(), 1);
        QCOMPARE(b[0].pendingMinor, 560);
        QCOMPARE(b[0].sendingMinor, 300);
        // The attempt claimed before the migration has no stored
        // description: the engine resends the text it was first sent with.
        const QList<ClaimedTransfer> open = l.payouts().unresolved().value();
        QCOMPARE(open.size(), 1);
        QCOMPARE(open[0].description, QString());
        QVERIFY2(l.reader().verify().value().ok(), "a migrated ledger is consistent");
        // And the migrated file takes titles.
        QVERIFY(ContractSeed::sale(l, QStringLiteral("pi_3"),
                                   {{QStringLiteral("art_1"),
                                     70,
                                     EntryState::Pending,
                                     {},
                                     EntryKind::Sale,
                                     QStringLiteral("trk_3"),
                                     QStringLiteral("Late Bloom")}},
                                   m_clock.nowMs()));
        QCOMPARE(l.reader().entries({}).value().last().title, QStringLiteral("Late Bloom"));
    }

    void verifyNamesAMissingTitleColumn()
    {
        Ledger l(freshPath(), m_clock);
        QVERIFY(l.open());
        QVERIFY(exec(db(l), QStringLiteral("ALTER TABLE entries DROP COLUMN title")));
        const VerifyReport r = l.reader().verify().value();
        QVERIFY(!r.ok());
        bool named = false;
        for (const VerifyReport::Check &c : r.checks)
            named = named || c.problems.contains(QStringLiteral("entries.title is missing"));
        QVERIFY(named);
    }

    void newerFileIsRefused()
    {
        const QString path = freshPath();
        {
            Ledger l(path, m_clock);
            QVERIFY(l.open());
            // SQLite keeps its schema version among the meta values.
            QVERIFY(l.meta().setValue(QStringLiteral("schema_version"), QStringLiteral("99")));
        }
        Ledger l(path, m_clock);
        const Status s = l.open();
        QVERIFY(!s);
        QVERIFY2(s.error().message.contains(QStringLiteral("newer")),
                 qPrintable(s.error().message));
        QVERIFY(!l.isOpen());
    }

    void inboxKeepsNoSignature()
    {
        Ledger l(freshPath(), m_clock);
        QVERIFY(l.open());
        QSqlQuery q(db(l));
        QVERIFY(q.exec(QStringLiteral("SELECT name FROM pragma_table_info('inbox')")));
        int columns = 0;
        while (q.next()) {
            ++columns;
            QVERIFY(!q.value(0).toString().contains(u"signature"));
        }
        QVERIFY(columns > 0);
    }

    // -- Append-only rules ---------------------------------------------------

    void auditLogIsAppendOnlyAndEntriesAreNeverDeleted()
    {
        Ledger l(freshPath(), m_clock);
        QVERIFY(l.open());
        QVERIFY(seedTwoArtists(l));
        QVERIFY(l.write([&] {
            return l.auditLog().append(QStringLiteral("test"), QStringLiteral("note"),
                                       QStringLiteral("art_1"));
        }));
        QCOMPARE(scalar(db(l), QStringLiteral("SELECT COUNT(*) FROM audit_log")), 1);
        QVERIFY(!exec(db(l), QStringLiteral("DELETE FROM audit_log")));
        QVERIFY(!exec(db(l), QStringLiteral("UPDATE audit_log SET detail = 'x'")));
        QVERIFY(!exec(db(l), QStringLiteral("DELETE FROM entries")));
        QCOMPARE(scalar(db(l), QStringLiteral("SELECT COUNT(*) FROM entries")), 2);
        QCOMPARE(scalar(db(l), QStringLiteral("SELECT COUNT(*) FROM audit_log")), 1);
    }

    void auditRowRollsBackWithItsWrite()
    {
        Ledger l(freshPath(), m_clock);
        QVERIFY(l.open());
        QVERIFY(!l.write([&]() -> Status {
            if (Status s = l.auditLog().append(QStringLiteral("test"), QStringLiteral("note")); !s)
                return s;
            return fail(Error::database(QStringLiteral("the change failed")));
        }));
        QCOMPARE(scalar(db(l), QStringLiteral("SELECT COUNT(*) FROM audit_log")), 0);
    }

    // -- verify on a damaged file --------------------------------------------

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
        QVERIFY(seedTwoArtists(l));
        QVERIFY(l.reader().verify().value().ok());

        QVERIFY(exec(db(l), corruption));
        const VerifyReport report = l.reader().verify().value();
        QVERIFY(!report.ok());
        bool named = false;
        for (const auto &check : report.checks)
            named |= !check.ok && check.name.startsWith(failedCheck);
        QVERIFY2(named, qPrintable(failedCheck));
    }

    void verifyKeepsReportingOnADamagedFile()
    {
        // ARCHITECTURE.md: verify "reports each check separately, and keeps
        // reporting when the file is damaged". A table lost (a partial
        // restore) fails the checks that read it, not verify itself.
        Ledger l(freshPath(), m_clock);
        QVERIFY(l.open());
        QVERIFY(seedTwoArtists(l));
        QVERIFY(exec(db(l), QStringLiteral("DROP TABLE transfers")));
        const Result<VerifyReport> report = l.reader().verify();
        QVERIFY2(report.has_value(), qPrintable(report ? QString() : report.error().message));
        QVERIFY(!report->ok());
        bool conservationChecked = false;
        for (const auto &check : report->checks)
            if (check.name.startsWith(QStringLiteral("conservation of money")))
                conservationChecked = check.ok;
        QVERIFY2(conservationChecked, "the checks that can run still run, and pass");
    }

    // -- The inbox applier under database errors -----------------------------
    // A trigger makes the entries table refuse writes, as a full disk or a
    // broken index would: only SQL can do that to a ledger.

    void databaseErrorLeavesTheInboxRowForRetry()
    {
        Ledger l(freshPath(), m_clock);
        QVERIFY(l.open());
        QVERIFY(l.inbox().journal(
            {cart(1), Events::other(QStringLiteral("evt_other"), QStringLiteral("invoice.paid"))},
            QStringLiteral("webhook")));
        QVERIFY(exec(db(l), QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON entries "
                                           "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")));
        InboxApplier applier(l);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("write rolled back")));
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("Could not apply inbox row 1")));
        QCOMPARE(applier.applyDue().value(), 2);
        // The batch failed; each row alone: the other event went in, the
        // cart waits, its attempt and error counted, for a retry later.
        QCOMPARE(waiting(l), 1);
        QCOMPARE(entries(l), 0);
        QCOMPARE(applier.failedCount(), 1);
        const QList<InboxRow> held = l.inbox().due(10, std::numeric_limits<qint64>::max()).value();
        QCOMPARE(held.size(), 1);
        QCOMPARE(held[0].id, 1);
        QCOMPARE(held[0].attempts, 1);
        QVERIFY(scalar(db(l), QStringLiteral("SELECT COUNT(*) FROM inbox WHERE last_error LIKE "
                                             "'%disk on fire%'")) == 1);
        QCOMPARE(l.inbox().nextRetry().value(), m_clock.nowMs() + InboxApplier::backoffMs(0));
        QCOMPARE(applier.nextRetryMs(), m_clock.nowMs() + InboxApplier::backoffMs(0));
        const StatusReport status = StatusReport::build(l).value();
        QCOMPARE(status.inboxBacklog, 1);
        QCOMPARE(status.inboxRetrying, 1);

        QCOMPARE(applier.applyDue().value(), 0); // not due yet
        QVERIFY(exec(db(l), QStringLiteral("DROP TRIGGER refuse")));
        m_clock.advanceMs(InboxApplier::backoffMs(0));
        QCOMPARE(applier.applyDue().value(), 1);
        QCOMPARE(waiting(l), 0);
        QCOMPARE(entries(l), 3);
        QCOMPARE(applier.nextRetryMs(), -1);
        QVERIFY(l.reader().verify().value().ok());
    }

    void drainTriesEveryRowOnceEvenWhileFailing()
    {
        Ledger l(freshPath(), m_clock);
        QVERIFY(l.open());
        QVERIFY(l.inbox().journal({cart(1), cart(2)}, QStringLiteral("webhook")));
        QVERIFY(exec(db(l), QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON entries "
                                           "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")));
        InboxApplier applier(l);
        // The batch, then each row alone: three roll-backs, two rows kept.
        for (int i = 0; i < 3; ++i)
            QTest::ignoreMessage(QtWarningMsg,
                                 QRegularExpression(QStringLiteral("write rolled back")));
        for (int i = 0; i < 2; ++i)
            QTest::ignoreMessage(QtWarningMsg,
                                 QRegularExpression(QStringLiteral("Could not apply inbox row")));
        QCOMPARE(applier.drain(), 0); // ends, rows kept
        QCOMPARE(waiting(l), 2);
        QVERIFY(exec(db(l), QStringLiteral("DROP TRIGGER refuse")));
        // A drain ignores backoffs: a clean shutdown applies what it can.
        QCOMPARE(applier.drain(), 2);
        QCOMPARE(waiting(l), 0);
        QCOMPARE(entries(l), 6);
    }
    void aJournaledEventThatCannotBeAppliedWaitsInTheInbox()
    {
        Ledger l(freshPath(), m_clock);
        QVERIFY(l.open());
        QTemporaryDir dir;
        auto writer = WebhookJournal::Writer::open(dir.path()).value();
        QVERIFY(writer->append(
            {cart(1), Events::other(QStringLiteral("evt_other"), QStringLiteral("invoice.paid"))},
            m_clock.nowMs()));
        QVERIFY(exec(db(l), QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON entries "
                                           "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")));
        InboxApplier applier(l);
        WebhookJournal::Reader reader(dir.path());
        for (int i = 0; i < 2; ++i) // the batch, then the cart alone
            QTest::ignoreMessage(QtWarningMsg,
                                 QRegularExpression(QStringLiteral("write rolled back")));
        QTest::ignoreMessage(
            QtWarningMsg, QRegularExpression(QStringLiteral("Could not apply journaled event 1")));
        QCOMPARE(applier.applyJournal(reader, writer->id(), writer->lastSeq()).value(), 2);
        // The journal moved on (the other event is applied); the cart waits
        // in the inbox table, its error counted, not holding up what follows.
        QCOMPARE(l.meta().value(WebhookJournal::appliedKey(writer->id())).value(), u"2");
        QCOMPARE(entries(l), 0);
        QCOMPARE(waiting(l), 1);
        const QList<InboxRow> held = l.inbox().due(10, std::numeric_limits<qint64>::max()).value();
        QCOMPARE(held.size(), 1);
        QCOMPARE(held[0].body, cart(1));
        QCOMPARE(held[0].attempts, 1);

        QVERIFY(exec(db(l), QStringLiteral("DROP TRIGGER refuse")));
        m_clock.advanceMs(InboxApplier::backoffMs(0));
        QCOMPARE(applier.applyDue().value(), 1);
        QCOMPARE(entries(l), 3);
        QCOMPARE(waiting(l), 0);
        QVERIFY(l.reader().verify().value().ok());
    }
};

QTEST_GUILESS_MAIN(TestLedgerSqlite)
#include "tst_ledger_sqlite.moc"
