#include "ChaosSupport.h"
#include "FakeStripe.h"
#include "PgAccess.h"
#include "PgTestServer.h"
#include "intake/WebhookSignature.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>

// The chaos test across instances: two `payoutdesk-cli serve` processes on
// one PostgreSQL ledger (a throw-away server, PgTestServer.h), each with its
// own data folder and port, against one fake Stripe with 20 % faults. Sales
// arrive as signed webhooks to either instance, some to both; runs are
// triggered on both at once, and either instance (or both) is killed with
// SIGKILL at a random moment and started again, round after round. Then,
// without kills or faults, runs finish the work. Afterwards every entry is
// paid exactly once, Stripe's transfers are the ledger's one to one (id,
// amount, destination, idempotency key), the run lease never passed from
// a live holder to another, and `verify` passes.
//
// The randomness is seeded from PAYOUTDESK_CHAOS_SEED when set, else at
// random; the seed is printed first. The kills land by the event loop's
// timers, so a seed replays the same choices, not the same interleaving.
class TestChaosInstances final : public QObject
{
    Q_OBJECT
    const QString m_key = QStringLiteral("sk_test_chaos_instances");
    const QByteArray m_secret = "whsec_chaos_instances_0123456789abcdef";
    const QByteArray m_adminToken = "chaos-admin-token-0123456789abcdef0123456789";
    const QString m_bin = qEnvironmentVariable("PAYOUTDESK_BIN");
    QTemporaryDir m_dir;
    PgTestServer m_pg;
    QString m_url;

    struct Instance
    {
        QString name;
        QString dataDir;
        std::unique_ptr<QProcess> process;
        QByteArray out;
        quint16 port = 0;
        int starts = 0;
    };
    // Who held the run lease: every process's pid, and when each was gone:
    // the moment of its SIGKILL (sent, so it can do nothing after), or for
    // a clean stop the moment its exit was seen (nothing else ran between).
    QHash<qint64, QString> m_instanceOfPid;
    QHash<qint64, qint64> m_goneAtMs;

    QProcessEnvironment env() const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("STRIPE_API_KEY"), m_key);
        e.insert(QStringLiteral("STRIPE_WEBHOOK_SECRET"), QString::fromLatin1(m_secret));
        e.insert(QStringLiteral("PAYOUTDESK_ADMIN_TOKEN"), QString::fromLatin1(m_adminToken));
        e.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("payoutdesk.*.info=false"));
        return e;
    }
    QStringList globalArgs(const QString &dataDir, const FakeStripe &fake) const
    {
        return {QStringLiteral("--data-dir"),        dataDir,
                QStringLiteral("--ledger"),          m_url,
                QStringLiteral("--stripe-api-base"), fake.baseUrl().toString()};
    }

    // Starts the instance's serve and waits (on the event loop, which also
    // serves the fake Stripe) until it says where it listens.
    void start(Instance &in, const FakeStripe &fake)
    {
        in.process = std::make_unique<QProcess>();
        in.out.clear();
        in.port = 0;
        QProcess &p = *in.process;
        p.setProcessEnvironment(env());
        p.setStandardErrorFile(QStringLiteral("%1/serve-%2.log").arg(in.dataDir).arg(++in.starts));
        connect(&p, &QProcess::readyReadStandardOutput, this,
                [&in] { in.out += in.process->readAllStandardOutput(); });
        p.start(m_bin, globalArgs(in.dataDir, fake) + QStringList{QStringLiteral("--webhook-port"),
                                                                  QStringLiteral("0"),
                                                                  QStringLiteral("serve")});
        QVERIFY(p.waitForStarted());
        m_instanceOfPid.insert(p.processId(), in.name);
        const QRegularExpression portRe(QStringLiteral("127\\.0\\.0\\.1:(\\d+)"));
        QTRY_VERIFY_WITH_TIMEOUT(portRe.match(QString::fromUtf8(in.out)).hasMatch() ||
                                     p.state() != QProcess::Running,
                                 30'000);
        QVERIFY2(p.state() == QProcess::Running, qPrintable(in.name + u" did not start"));
        in.port = quint16(portRe.match(QString::fromUtf8(in.out)).captured(1).toUInt());
    }
    void kill(Instance &in)
    {
        QProcess &p = *in.process;
        QSignalSpy finished(&p, &QProcess::finished);
        m_goneAtMs.insert(p.processId(), QDateTime::currentMSecsSinceEpoch()); // before the kill
        p.kill();                                                              // SIGKILL
        QVERIFY(finished.wait(20'000));
    }

    // POSTs each body to its port, signed; waits for every answer.
    void deliver(QNetworkAccessManager &nam, const QList<QPair<quint16, QByteArray>> &posts)
    {
        QList<QNetworkReply *> replies;
        for (const auto &[port, body] : posts) {
            QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/webhook").arg(port)));
            req.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
            req.setRawHeader(
                "Stripe-Signature",
                WebhookSignature::sign(body, m_secret, QDateTime::currentSecsSinceEpoch()));
            replies << nam.post(req, body);
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(replies.cbegin(), replies.cend(), [](auto *r) { return r->isFinished(); }),
            30'000);
        for (QNetworkReply *r : std::as_const(replies)) {
            QCOMPARE(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            r->deleteLater();
        }
    }
    // The admin trigger on each instance: 202, the run starts (or finds the
    // lease taken and stops).
    void trigger(QNetworkAccessManager &nam, const QList<quint16> &ports)
    {
        QList<QNetworkReply *> replies;
        for (quint16 port : ports) {
            QNetworkRequest req(
                QUrl(QStringLiteral("http://127.0.0.1:%1/stripe/trigger-payouts").arg(port)));
            req.setRawHeader("Authorization", "Bearer " + m_adminToken);
            replies << nam.post(req, QByteArray());
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(replies.cbegin(), replies.cend(), [](auto *r) { return r->isFinished(); }),
            30'000);
        for (QNetworkReply *r : std::as_const(replies)) {
            QCOMPARE(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 202);
            r->deleteLater();
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QFile::exists(m_bin));
        const Status started = m_pg.start();
        QVERIFY2(started, qPrintable(started ? QString() : started.error().message));
        const Result<QString> url = m_pg.createDatabase(QStringLiteral("chaos"));
        QVERIFY2(url, qPrintable(url ? QString() : url.error().message));
        m_url = *url;
    }

    void twoInstancesKilledAtRandomPayEveryEntryExactlyOnce();
};

namespace {

// Test-only: every change of the run lease, with the server's clock, in a
// schema of the test's own (verify reads only the ledger's schema; the
// schema is dropped before verify all the same).
const QString kLeaseLog = QStringLiteral(
    "CREATE SCHEMA chaos_test;"
    "CREATE TABLE chaos_test.lease_log (seq bigserial PRIMARY KEY, at bigint NOT NULL,"
    "  op text NOT NULL, old_holder text, old_expires bigint, new_holder text);"
    "CREATE FUNCTION chaos_test.log_lease() RETURNS trigger LANGUAGE plpgsql AS $$"
    "BEGIN"
    "  IF TG_OP = 'INSERT' THEN"
    "    INSERT INTO chaos_test.lease_log (at, op, new_holder) VALUES"
    "      ((extract(epoch FROM clock_timestamp()) * 1000)::bigint, TG_OP, NEW.holder);"
    "  ELSIF TG_OP = 'UPDATE' THEN"
    "    INSERT INTO chaos_test.lease_log (at, op, old_holder, old_expires, new_holder) VALUES"
    "      ((extract(epoch FROM clock_timestamp()) * 1000)::bigint, TG_OP, OLD.holder,"
    "       OLD.expires_at, NEW.holder);"
    "  ELSE"
    "    INSERT INTO chaos_test.lease_log (at, op, old_holder, old_expires) VALUES"
    "      ((extract(epoch FROM clock_timestamp()) * 1000)::bigint, TG_OP, OLD.holder,"
    "       OLD.expires_at);"
    "  END IF;"
    "  RETURN NULL;"
    "END $$;"
    "CREATE TRIGGER chaos_test_lease_log AFTER INSERT OR UPDATE OR DELETE ON leases"
    "  FOR EACH ROW EXECUTE FUNCTION chaos_test.log_lease();");

// "host:pid:instance" (RunLease::newHolder).
qint64 pidOf(const QString &holder)
{
    return holder.section(u':', 1, 1).toLongLong();
}

} // namespace

void TestChaosInstances::twoInstancesKilledAtRandomPayEveryEntryExactlyOnce()
{
    const quint32 seed = qEnvironmentVariableIsSet("PAYOUTDESK_CHAOS_SEED")
                             ? quint32(qEnvironmentVariable("PAYOUTDESK_CHAOS_SEED").toUInt())
                             : QRandomGenerator::system()->generate();
    qInfo("chaos across instances: seed %u (PAYOUTDESK_CHAOS_SEED=%u replays its choices)", seed,
          seed);
    constexpr int kArtists = 60;
    constexpr int kRounds = 12;
    constexpr int kCartsPerRound = 15;
    constexpr int kCarts = kRounds * kCartsPerRound;
    FakeStripe fake;
    QVERIFY(Chaos::setUpFake(fake, m_key, kArtists, 0.2, seed));

    // The schema, made by the test's own connection; it only reads after.
    Ledger ledger(m_url, SystemClock::instance());
    QVERIFY(ledger.open());
    PgAccess sql;
    QVERIFY(sql.connect(m_url));
    QVERIFY(sql.exec(kLeaseLog));

    Instance a{QStringLiteral("A"), m_dir.filePath(QStringLiteral("a")), {}, {}, 0, 0};
    Instance b{QStringLiteral("B"), m_dir.filePath(QStringLiteral("b")), {}, {}, 0, 0};
    for (Instance *in : {&a, &b}) {
        QVERIFY(QDir().mkpath(in->dataDir));
        start(*in, fake);
        if (QTest::currentTestFailed())
            return;
    }

    QNetworkAccessManager nam;
    Chaos::Sales sales(kArtists, seed);
    QRandomGenerator &rng = sales.rng();
    int kills = 0;
    int toBoth = 0;
    for (int round = 0; round < kRounds; ++round) {
        // New sales between crashes: to either instance, every fourth to
        // both (the same event twice, to be applied once).
        QList<QPair<quint16, QByteArray>> posts;
        for (int n = round * kCartsPerRound; n < (round + 1) * kCartsPerRound; ++n) {
            const QByteArray body = sales.cart(n);
            if (n % 4 == 0) {
                posts << qMakePair(a.port, body) << qMakePair(b.port, body);
                ++toBoth;
            } else {
                posts << qMakePair(rng.bounded(2) ? a.port : b.port, body);
            }
        }
        deliver(nam, posts);
        trigger(nam, {a.port, b.port});
        if (QTest::currentTestFailed())
            return;
        // A random moment of the runs: a timer on this event loop (which
        // also serves the fake Stripe), not a sleep.
        QTimer moment;
        moment.setSingleShot(true);
        QSignalSpy reached(&moment, &QTimer::timeout);
        moment.start(int(rng.bounded(20, 400)));
        QVERIFY(reached.wait(10'000));
        const quint32 victims = rng.bounded(3); // A, B or both
        for (Instance *in : {&a, &b}) {
            if ((in == &a && victims == 1) || (in == &b && victims == 0))
                continue;
            kill(*in);
            ++kills;
            start(*in, fake);
            if (QTest::currentTestFailed())
                return;
        }
    }
    qInfo("chaos across instances: %d SIGKILLs in %d rounds, %d transfers made so far", kills,
          kRounds, int(fake.transfers().size()));

    // Clean stops: each serve applies what its journal holds before it exits.
    for (Instance *in : {&a, &b}) {
        QSignalSpy finished(in->process.get(), &QProcess::finished);
        const qint64 pid = in->process->processId();
        in->process->terminate();
        QVERIFY(finished.wait(60'000));
        QCOMPARE(in->process->exitCode(), 0);
        m_goneAtMs.insert(pid, QDateTime::currentMSecsSinceEpoch());
    }
    // Each sale once, whichever instance (or both) took it.
    QCOMPARE(ledger.reader().countEntries({}).value(), qint64(kCarts) * 3);

    // Without kills and without faults, runs finish whatever is left
    // (attempts in sending, retries whose backoff is made due now).
    fake.setRandomFaults(0.0, {}, 1);
    for (int i = 0; i < 8; ++i) {
        QVERIFY(sql.exec(
            QStringLiteral("UPDATE entries SET next_attempt_at = NULL WHERE state = 'pending'")));
        QProcess engine;
        engine.setProcessEnvironment(env());
        QSignalSpy finished(&engine, &QProcess::finished);
        engine.start(m_bin,
                     globalArgs(a.dataDir, fake) +
                         QStringList{QStringLiteral("trigger-payouts"), QStringLiteral("--json")});
        QVERIFY(engine.waitForStarted());
        m_instanceOfPid.insert(engine.processId(), QStringLiteral("trigger-payouts"));
        QVERIFY(finished.wait(120'000)); // the fake answers from this event loop
        const qint64 unpaid = Chaos::unpaidEntries(ledger);
        QVERIFY(unpaid >= 0);
        if (unpaid == 0)
            break;
    }

    const QString paidOnce = Chaos::checkPaidOnce(ledger, fake, kCarts * 3, sales.owed());
    QVERIFY2(paidOnce.isEmpty(), qPrintable(paidOnce));
    // One to one: each transfer Stripe made is one the ledger recorded, with
    // its amount, destination and idempotency key.
    QSet<QString> stripeSide;
    for (const FakeStripe::Transfer &t : fake.transfers())
        stripeSide.insert(QStringLiteral("%1 %2 %3 %4")
                              .arg(t.id)
                              .arg(t.amount)
                              .arg(t.destination, t.idempotencyKey));
    const Result<QList<QStringList>> made =
        sql.rows(QStringLiteral("SELECT stripe_transfer_id, amount_minor, destination, "
                                "idempotency_key FROM transfers "
                                "WHERE stripe_transfer_id IS NOT NULL"));
    QVERIFY(made);
    QSet<QString> ledgerSide;
    for (const QStringList &row : *made)
        ledgerSide.insert(row.join(u' '));
    QCOMPARE(ledgerSide, stripeSide);

    // The lease never passed from a live holder: each change of holder
    // took it from a process gone before that moment (killed, or stopped
    // in the middle of a run).
    const Result<QList<QStringList>> log = sql.rows(QStringLiteral(
        "SELECT at, op, old_holder, new_holder FROM chaos_test.lease_log ORDER BY seq"));
    QVERIFY(log);
    int takeovers = 0;
    QSet<QString> holders;
    for (const QStringList &row : *log) {
        if (!row[3].isNull())
            holders.insert(m_instanceOfPid.value(pidOf(row[3]), QStringLiteral("unknown")));
        if (row[1] != u"UPDATE" || row[2] == row[3])
            continue;
        const qint64 at = row[0].toLongLong();
        const qint64 from = pidOf(row[2]);
        QVERIFY2(m_goneAtMs.contains(from) && m_goneAtMs.value(from) <= at,
                 qPrintable(QStringLiteral("the lease passed from %1, not gone before, to %2")
                                .arg(row[2], row[3])));
        ++takeovers;
    }
    QVERIFY2(holders.contains(QStringLiteral("A")) && holders.contains(QStringLiteral("B")),
             "runs of both instances held the lease");
    QVERIFY2(!holders.contains(QStringLiteral("unknown")), "only this test's processes ran");
    QVERIFY2(takeovers > 0, "some kills must have hit a run holding the lease");

    QVERIFY(sql.exec(QStringLiteral("DROP SCHEMA chaos_test CASCADE")));
    const QString verified = Chaos::verify(m_bin, globalArgs(a.dataDir, fake));
    QVERIFY2(verified.isEmpty(), qPrintable(verified));
    qInfo("chaos across instances: %d SIGKILLs, %d sales sent to both; %d entries paid once in "
          "%d transfers; the lease changed hands %d times from a holder gone",
          kills, toBoth, kCarts * 3, int(fake.transfers().size()), takeovers);
}

QTEST_GUILESS_MAIN(TestChaosInstances)
#include "tst_chaos_instances.moc"
