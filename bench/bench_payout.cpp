// Payout run figures for README's performance table: a run paying 2,000
// artists (3 entries each) against the fake Stripe with 40 ms latency and a
// limit of 100 requests/s; then the same with 20 % injected faults.
//
//   bench_payout [ARTISTS [LEDGER]]
//
// With LEDGER (a new, empty ledger's location, e.g. postgresql://...), the
// run without faults alone, on that ledger (scripts/bench.sh postgres).
#include "Events.h"
#include "FakeStripe.h"
#include "engine/PayoutEngine.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <cstdio>

namespace {

const QString kKey = QStringLiteral("sk_test_bench_payout");

void fillLedger(Ledger &ledger, int artists)
{
    Intake intake(ledger);
    QList<QByteArray> events;
    for (int n = 0; n < artists; ++n) {
        Events::Cart c;
        c.eventId = QStringLiteral("evt_bp%1").arg(n);
        c.session = QStringLiteral("cs_bp%1").arg(n);
        c.paymentIntent = QStringLiteral("pi_bp%1").arg(n);
        c.created = 1767225600 + n;
        for (int i = 0; i < 3; ++i)
            c.items.append(Events::item(QStringLiteral("art_%1").arg(n), 100 + i,
                                        QStringLiteral("trk_%1").arg(i), {},
                                        QStringLiteral("acct_%1").arg(n)));
        events << Events::cart(c);
    }
    if (!intake.ingest(events, IntakeSource::Import))
        qFatal("cannot fill the ledger");
}

PayoutRunSummary runOnce(PayoutEngine &engine)
{
    PayoutRunSummary summary;
    QEventLoop loop;
    QObject::connect(&engine, &PayoutEngine::runFinished, &loop, [&](const PayoutRunSummary &s) {
        summary = s;
        loop.quit();
    });
    engine.requestRun(QStringLiteral("bench"));
    loop.exec();
    return summary;
}

void scenario(const char *name, int artists, double faultRate, const QString &location = {})
{
    QTemporaryDir dir;
    FakeStripe fake;
    fake.listen();
    fake.addApiKey(kKey);
    fake.setAvailableBalance(QStringLiteral("gbp"), 1'000'000'000);
    fake.setLatencyMs(40);
    fake.setRateLimit(100);
    for (int n = 0; n < artists; ++n)
        fake.addAccount(QStringLiteral("acct_%1").arg(n));
    if (faultRate > 0)
        fake.setRandomFaults(
            faultRate,
            {FakeStripe::Fault::Error500BeforeCommit, FakeStripe::Fault::Error500AfterCommit,
             FakeStripe::Fault::TimeoutBeforeCommit, FakeStripe::Fault::TimeoutAfterCommit,
             FakeStripe::Fault::ResetBeforeCommit, FakeStripe::Fault::ResetAfterCommit},
            7);
    Ledger ledger(location.isEmpty() ? dir.filePath(QStringLiteral("ledger.sqlite")) : location,
                  SystemClock::instance());
    if (!ledger.open())
        qFatal("cannot open the ledger");
    fillLedger(ledger, artists);

    PayoutEngine::Config c;
    c.ledger = ledger.location();
    c.stripeApiBase = fake.baseUrl();
    c.stripeSecretKey = kKey;
    c.requestsPerSecond = 100;
    c.maxInFlight = 16;
    c.timeoutMs = 2000;
    PayoutEngine engine(c, SystemClock::instance());

    QElapsedTimer t;
    t.start();
    const PayoutRunSummary s = runOnce(engine);
    const qint64 ms = t.elapsed();
    const double rate = s.transfersPaid * 1000.0 / double(qMax<qint64>(1, ms));
    const auto counts = ledger.reader().stateCounts().value();
    std::printf("%s: %d transfers for %d artists in %lld ms: %.1f transfers/s = %.2f of the 100/s "
                "limit; %d requests, %d answered 429 by the rate limit\n",
                name, s.transfersPaid, artists, static_cast<long long>(ms), rate, rate / 100.0,
                fake.requestCount(), fake.rateLimitedCount());
    std::printf("%s: entries paid %lld, pending %lld, sending %lld, held %lld; retrying %d, "
                "unknown %d; verify %s\n",
                name, static_cast<long long>(counts.value(EntryState::Paid)),
                static_cast<long long>(counts.value(EntryState::Pending)),
                static_cast<long long>(counts.value(EntryState::Sending)),
                static_cast<long long>(counts.value(EntryState::Held)), s.entriesRetrying,
                s.entriesUnknown, ledger.reader().verify().value().ok() ? "ok" : "FAILED");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int artists = app.arguments().value(1, QStringLiteral("2000")).toInt();
    QLoggingCategory::setFilterRules(QStringLiteral("payoutdesk.*.info=false"));
    if (const QString location = app.arguments().value(2); !location.isEmpty()) {
        scenario("payout", artists, 0.0, location);
        return 0;
    }
    scenario("payout", artists, 0.0);
    scenario("payout with 20% faults", artists, 0.2);
    return 0;
}
