// Moving a store (`ledger copy`, core/service/LedgerCopy): a SQLite ledger
// with every kind of row, copied into a fresh database on a real PostgreSQL
// server (PgTestServer), reads the same there; a target that holds rows, a
// running engine, a row the target refuses and a server that cannot be
// reached leave the target as it was. And `ledger backup` on both backends,
// restored and verified. Through the store interfaces and the CLI binary.
#include "CliRunner.h"
#include "ContractSeed.h"
#include "FakeStripe.h"
#include "LedgerDump.h"
#include "PgTestMain.h"
#include "ResultChecks.h"
#include "SqliteAccess.h"
#include "ledger/CopyStore.h"
#include "ledger/Ledger.h"
#include "service/EngineStatus.h"
#include "service/LedgerCopy.h"
#include "util/Clock.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <limits>
#include <memory>

class TestLedgerCopy final : public QObject
{
    Q_OBJECT
public:
    explicit TestLedgerCopy(PgTestServer &server)
        : m_server(server)
    {}

private:
    // A fresh, empty database on the test server.
    LedgerLocation freshDatabase()
    {
        const QString name = QStringLiteral("copy_%1").arg(++m_databases);
        const Result<QString> url = m_server.createDatabase(name);
        if (!url)
            qFatal("cannot create a database: %s", contract::why(url).constData());
        return LedgerLocation::parse(*url).value();
    }

    // Every kind of row a store has: entries pending, sending, paid, held,
    // void, reversed and clawed back (with its recovery entry), titles with
    // characters COPY escapes, a transfer's description, reversals,
    // processed and archived events, quarantine, inbox, audit, tokens.
    Status seed(Ledger &l)
    {
        const auto ok = [](auto &&r) { return r ? Status() : Status(fail(r.error())); };
        if (Status s = l.accounts().setAccount(QStringLiteral("art_1"), QStringLiteral("acct_1"));
            !s)
            return s;
        const QList<qint64> paid =
            ContractSeed::sale(l, QStringLiteral("pi_1"),
                               {{QStringLiteral("art_1"),
                                 100,
                                 EntryState::Pending,
                                 {},
                                 EntryKind::Sale,
                                 QStringLiteral("trk_a"),
                                 QStringLiteral("Tab\there, back\\slash\nand a new line")},
                                {QStringLiteral("art_1"), 200}},
                               m_clock.nowMs())
                .value();
        m_clock.advanceSecs(60);
        PayoutGroup g;
        g.artist = QStringLiteral("art_1");
        g.destination = QStringLiteral("acct_1");
        g.amount = Money(300, QStringLiteral("gbp"));
        g.paymentIntent = QStringLiteral("pi_1");
        g.entryIds = paid;
        const ClaimedTransfer t = l.payouts().claim({g}).value().first();
        if (Status s = l.payouts().recordPaid(t, QStringLiteral("tr_1"), QStringLiteral("req_1"));
            !s)
            return s;
        if (Status s = l.write([&]() -> Status {
                return ok(l.intake().applyFullRefund(QStringLiteral("pi_1"),
                                                     QStringLiteral("evt_r_1"), Reason::Refunded));
            });
            !s)
            return s;
        const QList<ClaimedReversal> reversals = l.payouts().claimReversals().value();
        if (Status s = l.payouts().recordReversed(reversals[0], QStringLiteral("trr_1"),
                                                  QStringLiteral("req_2"));
            !s)
            return s;
        if (Status s = ok(l.payouts().recordClawback(
                reversals[1], QStringLiteral("balance too low"), QStringLiteral("req_3")));
            !s)
            return s;
        m_clock.advanceSecs(60);
        const QList<qint64> more =
            ContractSeed::sale(
                l, QStringLiteral("pi_2"),
                {{QStringLiteral("art_1"), 450},
                 {QStringLiteral("art_2"), 300, EntryState::Held, Reason::NoPayoutAccount},
                 {QStringLiteral("art_3"), 77, EntryState::Void, Reason::Duplicate}},
                m_clock.nowMs())
                .value();
        if (Status s =
                ok(ContractSeed::sale(l, QStringLiteral("pi_3"), {{QStringLiteral("art_2"), 999}},
                                      m_clock.nowMs(), QStringLiteral("eur")));
            !s)
            return s;
        PayoutGroup sending = g;
        sending.amount = Money(450, QStringLiteral("gbp"));
        sending.paymentIntent = QStringLiteral("pi_2");
        sending.entryIds = {more[0]};
        if (Status s = ok(l.payouts().claim({sending})); !s)
            return s;
        if (Status s = l.write([&]() -> Status {
                if (Status st = l.intake().markProcessed(
                        QStringLiteral("evt_old"), QStringLiteral("checkout.session.completed"),
                        QStringLiteral("webhook"), QStringLiteral("recorded"));
                    !st)
                    return st;
                if (Status st = l.intake().quarantine(
                        QStringLiteral("evt_bad"), QStringLiteral("checkout.session.completed"),
                        QStringLiteral("webhook"), QStringLiteral("no line items"),
                        QByteArray("{\"a\":\"\\\\\"}\0\t\n", 13));
                    !st)
                    return st;
                return l.auditLog().append(QStringLiteral("admin"), QStringLiteral("note"),
                                           QStringLiteral("art_1"), paid[0],
                                           QStringLiteral("tab\tand\\backslash"));
            });
            !s)
            return s;
        m_clock.advanceSecs(3600);
        if (Status s = l.write([&]() -> Status {
                return ok(l.cleanup().archiveProcessedEvents(m_clock.nowMs() - 1000));
            });
            !s)
            return s;
        if (Status s = l.write([&]() -> Status {
                return l.intake().markProcessed(
                    QStringLiteral("evt_new"), QStringLiteral("charge.refunded"),
                    QStringLiteral("poller"), QStringLiteral("recorded"));
            });
            !s)
            return s;
        const QList<qint64> inbox =
            l.inbox()
                .journal({QByteArray("{\"n\":1}"), QByteArray("\x00\x01\\\n", 4)},
                         QStringLiteral("webhook"))
                .value();
        if (Status s =
                l.write([&]() { return l.inbox().markApplied({inbox[0]}, m_clock.nowMs()); });
            !s)
            return s;
        const Result<IssuedArtistToken> token =
            l.tokens().issue(QStringLiteral("art_1"), QStringLiteral("laptop"));
        if (!token)
            return fail(token.error());
        m_secret = token->secret;
        const Result<IssuedArtistToken> revoked = l.tokens().issue(QStringLiteral("art_2"), {});
        if (!revoked)
            return fail(revoked.error());
        m_revokedSecret = revoked->secret;
        if (Status s = ok(l.tokens().revoke(revoked->info.id)); !s)
            return s;
        return l.meta().setValue(QStringLiteral("poller.cursor"), QStringLiteral("evt_new"));
    }

    // A seeded SQLite ledger in the test's folder.
    LedgerLocation seededSqlite(const QString &name = QStringLiteral("ledger.sqlite"))
    {
        const LedgerLocation at = LedgerLocation::sqliteFile(m_dir->filePath(name));
        Ledger l(at, m_clock);
        if (!l.open() || !seed(l))
            qFatal("cannot seed the source ledger");
        return at;
    }

    // SQLite-specific: a change no store makes, for a row the target refuses.
    bool rawSql(const LedgerLocation &at, const QString &sql)
    {
        Ledger l(at, m_clock);
        if (!l.open())
            return false;
        QSqlQuery q(sqliteConnection(l));
        return q.exec(sql);
    }

    qint64 rowsIn(const LedgerLocation &at)
    {
        Ledger l(at, m_clock);
        if (!l.open())
            return -1;
        const std::unique_ptr<CopyStore> copy = createCopyStore(l);
        qint64 n = 0;
        for (const QString &table : LedgerCopy::tables())
            n += copy->countRows(table).value_or(-1'000'000);
        return n;
    }

private Q_SLOTS:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }
    void cleanup() { m_dir.reset(); }

    // The copy answers every read as the source does, ids included; a
    // token still authenticates by its hash; the next row written gets a
    // new id; every table carried rows.
    void aSeededSqliteLedgerCopiedToPostgresReadsTheSame()
    {
        const LedgerLocation source = seededSqlite();
        const LedgerLocation target = freshDatabase();
        const Result<LedgerCopyReport> report = LedgerCopy::run(source, target, m_clock, 3);
        PD_OK(report);
        QVERIFY2(report->equal(), qPrintable(report->toText()));
        QCOMPARE(report->tables.size(), LedgerCopy::tables().size());
        for (const LedgerCopyReport::Table &t : report->tables) {
            QVERIFY2(t.copied > 0, qPrintable(t.name));
            QCOMPARE(t.target, t.copied);
        }
        Ledger from(source, m_clock), to(target, m_clock);
        PD_OK(from.open());
        PD_OK(to.open());
        const QString before = dump(from);
        QCOMPARE(dump(to), before);
        QVERIFY(to.reader().verify().value().ok());
        QCOMPARE(to.tokens().authenticate(m_secret).value(),
                 std::optional<QString>(QStringLiteral("art_1")));
        QCOMPARE(to.tokens().authenticate(m_revokedSecret).value(), std::nullopt);
        // Identities go on after the copied ids.
        const qint64 lastAudit = to.reader().auditRows({}).value().last().id;
        PD_OK(to.write([&] {
            return to.auditLog().append(QStringLiteral("admin"), QStringLiteral("note"), {}, 0,
                                        QStringLiteral("after the copy"));
        }));
        QCOMPARE(to.reader().auditRows({}).value().last().id, lastAudit + 1);
        const QList<qint64> next =
            ContractSeed::sale(to, QStringLiteral("pi_9"), {{QStringLiteral("art_1"), 5}},
                               m_clock.nowMs())
                .value();
        LedgerReader::EntryFilter all;
        all.limit = 10'000;
        qint64 highest = 0;
        const QList<Entry> entries = from.reader().entries(all).value();
        for (const Entry &e : entries)
            highest = std::max(highest, e.id);
        QCOMPARE(next.first(), highest + 1);
        QVERIFY(to.reader().verify().value().ok());

        // And back: the PostgreSQL ledger copied into a new SQLite file.
        const LedgerLocation back =
            LedgerLocation::sqliteFile(m_dir->filePath(QStringLiteral("back.sqlite")));
        const Result<LedgerCopyReport> again = LedgerCopy::run(target, back, m_clock);
        PD_OK(again);
        QVERIFY2(again->equal(), qPrintable(again->toText()));
        Ledger backAgain(back, m_clock);
        PD_OK(backAgain.open());
        QCOMPARE(dump(backAgain), dump(to));
    }

    // A second copy into the same target is refused, naming a table that
    // holds rows, and leaves the target as it was.
    void aTargetWithRowsIsRefusedAndLeftAsItWas()
    {
        const LedgerLocation source = seededSqlite();
        const LedgerLocation target = freshDatabase();
        PD_OK(LedgerCopy::run(source, target, m_clock));
        Ledger to(target, m_clock);
        PD_OK(to.open());
        const QString before = dump(to);
        const qint64 rows = rowsIn(target);
        const Result<LedgerCopyReport> again = LedgerCopy::run(source, target, m_clock);
        QVERIFY(!again);
        QVERIFY2(again.error().message.contains(QStringLiteral("already holds a ledger")) &&
                     again.error().message.contains(QStringLiteral("table meta")),
                 qPrintable(again.error().message));
        QCOMPARE(dump(to), before);
        QCOMPARE(rowsIn(target), rows);
    }

    // A row the target refuses (a value that is no number, in a number's
    // column) fails the copy after earlier batches went in: the target is
    // left with no row at all, and a copy after the fix succeeds.
    void aCopyThatFailsMidwayLeavesTheTargetEmpty()
    {
        const LedgerLocation source = seededSqlite();
        QVERIFY(rawSql(source, QStringLiteral("UPDATE entries SET attempts = 'many' WHERE id = "
                                              "(SELECT MAX(id) FROM entries)")));
        const LedgerLocation target = freshDatabase();
        const Result<LedgerCopyReport> report = LedgerCopy::run(source, target, m_clock, 2);
        QVERIFY(!report);
        QVERIFY2(report.error().message.contains(QStringLiteral("entries")),
                 qPrintable(report.error().message));
        QCOMPARE(rowsIn(target), 0);
        QVERIFY(rawSql(source,
                       QStringLiteral("UPDATE entries SET attempts = 0 WHERE attempts = 'many'")));
        const Result<LedgerCopyReport> fixed = LedgerCopy::run(source, target, m_clock, 2);
        PD_OK(fixed);
        QVERIFY2(fixed->equal(), qPrintable(fixed->toText()));
    }

    // The target's server goes away in the middle of the copy (a restart,
    // as in a failover): the write fails, and once the server is back the
    // target holds no row. Drives the two copy stores as LedgerCopy does,
    // to cut the connection between two batches.
    void aCopyThatLosesTheTargetLeavesItEmpty()
    {
        const LedgerLocation source = seededSqlite();
        const LedgerLocation target = freshDatabase();
        Ledger from(source, m_clock), to(target, m_clock);
        PD_OK(from.open());
        PD_OK(to.open());
        const std::unique_ptr<CopyStore> out = createCopyStore(from);
        const std::unique_ptr<CopyStore> in = createCopyStore(to);
        int batches = 0;
        const Status copied = to.write([&]() -> Status {
            const Status read =
                out->exportTables(LedgerCopy::tables(), 2, [&](const RowBatch &b) -> Status {
                    if (++batches == 4)
                        if (Status s = m_server.restart(); !s)
                            return s;
                    return in->importRows(b);
                });
            if (!read) {
                in->abandonImport();
                return read;
            }
            return in->finishImport();
        });
        QVERIFY(!copied);
        QCOMPARE(batches, 4);
        QCOMPARE(rowsIn(target), 0);
    }

    // An engine that beats now on the source: the copy is refused before
    // anything is written; once it stopped, the same target takes the copy.
    void aRunningEngineOnTheSourceIsRefused()
    {
        const LedgerLocation source = seededSqlite();
        {
            Ledger l(source, m_clock);
            PD_OK(l.open());
            PD_OK(l.meta().setValue(EngineStatus::kStateKey, EngineStatus::kRunningValue));
            PD_OK(l.meta().setValue(EngineStatus::kHeartbeatKey,
                                    m_clock.now().toString(Qt::ISODateWithMs)));
        }
        const LedgerLocation target = freshDatabase();
        const Result<LedgerCopyReport> report = LedgerCopy::run(source, target, m_clock);
        QVERIFY(!report);
        QVERIFY2(report.error().message.contains(QStringLiteral("stop serve first")),
                 qPrintable(report.error().message));
        {
            Ledger l(source, m_clock);
            PD_OK(l.open());
            PD_OK(l.meta().setValue(EngineStatus::kStateKey, EngineStatus::kStoppedValue));
        }
        const Result<LedgerCopyReport> after = LedgerCopy::run(source, target, m_clock);
        PD_OK(after);
        QVERIFY(after->equal());
    }

    // A target whose schema comes from a newer release is refused with the
    // cause, and nothing is written into it.
    void aTargetFromANewerReleaseIsRefused()
    {
        const LedgerLocation source = seededSqlite();
        const LedgerLocation target = freshDatabase();
        {
            Ledger newer(target, m_clock);
            PD_OK(newer.open());
            PD_OK(newer.meta().setValue(QStringLiteral("schema_version"), QStringLiteral("99")));
        }
        const Result<LedgerCopyReport> report = LedgerCopy::run(source, target, m_clock);
        QVERIFY(!report);
        QVERIFY2(report.error().message.contains(QStringLiteral("newer than this program")),
                 qPrintable(report.error().message));
        Ledger found(target, m_clock);
        PD_OK(found.openAsFound());
        PD_OK(found.meta().value(QStringLiteral("schema_version")));
        QCOMPARE(found.reader().artists().value().size(), 0);
    }

    // The CLI: a copy into a fresh database exits 0 and says the copy
    // equals the source; status then runs on the copy. A missing database
    // and a server that cannot be reached exit 1 with the cause, never
    // the password; nothing is written.
    void theCommandCopiesAndRefusesWithTheCause()
    {
        seededSqlite();
        const QString dataDir = m_dir->path();
        const LedgerLocation target = freshDatabase();
        CliRunner cli;
        const CliRun copied = cli.run(dataDir, {QStringLiteral("ledger"), QStringLiteral("copy"),
                                                QStringLiteral("--to"), target.toString()});
        QVERIFY2(copied.code == 0, copied.err.constData());
        QVERIFY2(copied.out.contains("The copy equals the source"), copied.out.constData());
        const CliRun status =
            cli.run(dataDir, {QStringLiteral("--ledger"), target.toString(),
                              QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(status.code, 0);
        const CliRun again =
            cli.run(dataDir, {QStringLiteral("ledger"), QStringLiteral("copy"),
                              QStringLiteral("--to"), target.toString(), QStringLiteral("--json")});
        QCOMPARE(again.code, 1);
        QVERIFY2(again.err.contains("already holds a ledger"), again.err.constData());

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PAYOUTDESK_DB_PASSWORD"), QStringLiteral("s3cret-never-shown"));
        const CliRun missing =
            cli.run(dataDir,
                    {QStringLiteral("ledger"), QStringLiteral("copy"), QStringLiteral("--to"),
                     m_server.url(QStringLiteral("no_such_db"))},
                    env);
        QCOMPARE(missing.code, 1);
        QVERIFY2(missing.err.contains("no_such_db"), missing.err.constData());
        QVERIFY(!missing.err.contains("s3cret") && !missing.out.contains("s3cret"));
        const CliRun unreachable =
            cli.run(dataDir,
                    {QStringLiteral("ledger"), QStringLiteral("copy"), QStringLiteral("--to"),
                     QStringLiteral("postgresql://payout@localhost/payouts?host=%1")
                         .arg(m_dir->filePath(QStringLiteral("no-server-here")))},
                    env);
        QCOMPARE(unreachable.code, 1);
        QVERIFY2(unreachable.err.contains("cannot open the target ledger") &&
                     unreachable.err.contains("no-server-here"),
                 unreachable.err.constData());
        QVERIFY(!unreachable.err.contains("s3cret"));
        const CliRun withPassword = cli.run(
            dataDir, {QStringLiteral("ledger"), QStringLiteral("copy"), QStringLiteral("--to"),
                      QStringLiteral("postgresql://payout:hunter2@localhost/payouts")});
        QCOMPARE(withPassword.code, 2);
        QVERIFY(!withPassword.err.contains("hunter2"));
    }

    // The copied ledger works: a payout run of payoutdesk-cli on it pays
    // the fake Stripe, and the copy still verifies.
    void aCopiedLedgerPaysOut()
    {
        const LedgerLocation source =
            LedgerLocation::sqliteFile(m_dir->filePath(QStringLiteral("ledger.sqlite")));
        {
            Ledger l(source, m_clock);
            PD_OK(l.open());
            PD_OK(l.accounts().setAccount(QStringLiteral("art_1"), QStringLiteral("acct_1")));
            PD_OK(l.accounts().setAccount(QStringLiteral("art_2"), QStringLiteral("acct_2")));
            PD_OK(ContractSeed::sale(
                l, QStringLiteral("pi_1"),
                {{QStringLiteral("art_1"), 500}, {QStringLiteral("art_2"), 300}}, m_clock.nowMs()));
        }
        const LedgerLocation target = freshDatabase();
        PD_OK(LedgerCopy::run(source, target, m_clock));
        FakeStripe fake;
        QVERIFY(fake.listen());
        fake.addApiKey(QStringLiteral("sk_test_copy"));
        fake.setAvailableBalance(QStringLiteral("gbp"), 100'000);
        fake.addAccount(QStringLiteral("acct_1"));
        fake.addAccount(QStringLiteral("acct_2"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("STRIPE_API_KEY"), QStringLiteral("sk_test_copy"));
        // The fake answers on this thread: wait on the process's signal.
        QProcess p;
        p.setProcessEnvironment(env);
        QSignalSpy finished(&p, &QProcess::finished);
        p.start(CliRunner().bin(),
                {QStringLiteral("--data-dir"), m_dir->path(), QStringLiteral("--ledger"),
                 target.toString(), QStringLiteral("--stripe-api-base"), fake.baseUrl().toString(),
                 QStringLiteral("trigger-payouts"), QStringLiteral("--json")});
        QVERIFY(finished.wait(60'000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QJsonObject summary = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(summary[u"transfers_paid"].toInt(), 2);
        QCOMPARE(fake.transfers().size(), 2);
        Ledger copy(target, m_clock);
        PD_OK(copy.open());
        QCOMPARE(copy.reader().balances(QStringLiteral("art_1")).value().first().paidMinor, 500);
        QVERIFY(copy.reader().verify().value().ok());
    }

    // `ledger backup` on SQLite: a new file in the data folder's backups
    // that opens, verifies and reads as the ledger does.
    void aSqliteBackupOpensAndReadsTheSame()
    {
        const LedgerLocation source = seededSqlite();
        const CliRun run =
            CliRunner().run(m_dir->path(), {QStringLiteral("ledger"), QStringLiteral("backup"),
                                            QStringLiteral("--json")});
        QVERIFY2(run.code == 0, run.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(run.out).object();
        const QString path = o.value(QStringLiteral("path")).toString();
        QVERIFY2(path.startsWith(QDir(m_dir->path()).filePath(QStringLiteral("backups/ledger-"))) &&
                     path.endsWith(QStringLiteral(".sqlite")),
                 qPrintable(path));
        QVERIFY(o.value(QStringLiteral("restore")).toString().contains(path));
        Ledger copy(LedgerLocation::sqliteFile(path), m_clock), original(source, m_clock);
        PD_OK(copy.open());
        PD_OK(original.open());
        QVERIFY(copy.reader().verify().value().ok());
        QCOMPARE(dump(copy), dump(original));
        // Never over a file: a second backup the same second gets its own.
        const CliRun second =
            CliRunner().run(m_dir->path(), {QStringLiteral("ledger"), QStringLiteral("backup"),
                                            QStringLiteral("--json")});
        QCOMPARE(second.code, 0);
        QVERIFY(
            QJsonDocument::fromJson(second.out).object().value(QStringLiteral("path")).toString() !=
            path);
        const CliRun over =
            CliRunner().run(m_dir->path(), {QStringLiteral("ledger"), QStringLiteral("backup"),
                                            QStringLiteral("--to"), path});
        QCOMPARE(over.code, 1);
        QVERIFY2(over.err.contains("never overwrites"), over.err.constData());
    }

    // `ledger backup` on PostgreSQL: a SQL script that psql restores into an
    // empty database; the restored ledger verifies and reads the same.
    void aPostgresBackupRestoredWithPsqlReadsTheSame()
    {
        const LedgerLocation target = freshDatabase();
        PD_OK(LedgerCopy::run(seededSqlite(), target, m_clock));
        const QString file = m_dir->filePath(QStringLiteral("pg-backup.sql"));
        const CliRun run = CliRunner().run(
            m_dir->path(), {QStringLiteral("--ledger"), target.toString(), QStringLiteral("ledger"),
                            QStringLiteral("backup"), QStringLiteral("--to"), file});
        QVERIFY2(run.code == 0, run.err.constData());
        QVERIFY2(run.out.contains("psql"), run.out.constData());
        QVERIFY(QFileInfo::exists(file));
        const QString name = QStringLiteral("restored_%1").arg(++m_databases);
        PD_OK(m_server.createDatabase(name));
        PD_OK(m_server.runScript(name, file));
        Ledger restored(LedgerLocation::parse(m_server.url(name)).value(), m_clock),
            original(target, m_clock);
        PD_OK(restored.open());
        PD_OK(original.open());
        QVERIFY(restored.reader().verify().value().ok());
        QCOMPARE(dump(restored), dump(original));
    }

private:
    PgTestServer &m_server;
    ManualClock m_clock;
    std::unique_ptr<QTemporaryDir> m_dir;
    int m_databases = 0;
    QString m_secret;
    QString m_revokedSecret;
};

int main(int argc, char **argv)
{
    return runTestOnServer<TestLedgerCopy>(argc, argv);
}

#include "tst_ledger_copy.moc"
