// StripeClient against FakeStripe over real loopback HTTP: the calls, the
// automatic retries through injected faults (exactly one transfer whatever
// happens), the rate limiter against the fake's own limit, and the secret
// key kept out of every log line. Waits are on callbacks; nothing sleeps.
#include "FakeStripe.h"
#include "StripeTestCalls.h"
#include "stripe/StripeClient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QMutex>
#include <QSignalSpy>
#include <QTest>
#include <QTestEventLoop>

#include <memory>

using namespace Qt::StringLiterals;
using Kind = StripeError::Kind;
using Fault = FakeStripe::Fault;

namespace {

const QString kKey = u"sk_test_client51AbCdEfGhIjKlMnOp"_s;
const QString kWrongKey = u"sk_test_wrong51ZyXwVuTsRqPoNmLk"_s;

// Every message of the run, to prove the key never appears in one.
QMutex logMutex;
QStringList logLines;
QtMessageHandler previousHandler = nullptr;

void captureMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&logMutex);
        logLines.append(QString::fromLatin1(context.category ? context.category : "") + u' ' +
                        message);
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

} // namespace

class TestStripeClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void retrievesTheBalance();
    void createsATransfer();
    void idempotentReplayReturnsTheSameTransfer();
    void sameKeyOtherParametersIsAnIdempotencyError();
    void retriesThroughFaults_data();
    void retriesThroughFaults();
    void stored500StaysAnUnknownOutcome();
    void timeoutBeforeCommitIsAnUnknownOutcome();
    void wrongKeyStopsTheRun();
    void balanceInsufficientIsPermanent();
    void destinationProblemsHoldTheArtist();
    void badArgumentsAreRefusedBeforeSending();
    void limiterKeepsUnderTheFakesLimit();
    void limiterSlowsDownAfter429s();
    void logsCarryTheOutcomeButNeverTheKey();

private:
    StripeResponse run(StripeClient &client,
                       const std::function<void(StripeClient &, StripeClient::Callback)> &start)
    {
        return waitForCall([&](StripeClient::Callback cb) { start(client, std::move(cb)); });
    }
    StripeResponse run(const std::function<void(StripeClient &, StripeClient::Callback)> &start)
    {
        return run(*m_client, start);
    }
    StripeClient::Config config() const;

    std::unique_ptr<FakeStripe> m_fake;
    std::unique_ptr<StripeClient> m_client;
};

void TestStripeClient::initTestCase()
{
    QLoggingCategory::setFilterRules(u"payoutdesk.stripe.debug=true"_s);
    previousHandler = qInstallMessageHandler(captureMessage);
}

void TestStripeClient::cleanupTestCase()
{
    qInstallMessageHandler(previousHandler);
}

void TestStripeClient::init()
{
    m_fake = std::make_unique<FakeStripe>();
    QVERIFY(m_fake->listen());
    m_fake->addApiKey(kKey);
    m_fake->setAvailableBalance(u"gbp"_s, 100'000);
    m_fake->setPendingBalance(u"gbp"_s, 5'000);
    m_fake->addAccount(u"acct_artist1"_s);
    m_fake->addAccount(u"acct_artist2"_s);
    m_fake->addAccount(u"acct_notready"_s, false);
    m_client = std::make_unique<StripeClient>(config());
}

void TestStripeClient::cleanup()
{
    m_client.reset();
    m_fake.reset();
    QMutexLocker lock(&logMutex);
    for (const QString &line : std::as_const(logLines)) {
        QVERIFY2(!line.contains(kKey), qPrintable(line));
        QVERIFY2(!line.contains(kWrongKey), qPrintable(line));
    }
}

StripeClient::Config TestStripeClient::config() const
{
    StripeClient::Config c;
    c.apiBase = m_fake->baseUrl();
    c.secretKey = kKey;
    c.requestsPerSecond = 100; // the fake has no limit unless a test sets one
    c.timeoutMs = 5000;
    return c;
}

void TestStripeClient::retrievesTheBalance()
{
    const StripeResponse r = run([](StripeClient &c, auto cb) { c.retrieveBalance(cb); });
    QVERIFY2(r.result.has_value(), why(r).constData());
    const QJsonObject available = r.result->value(u"available").toArray().first().toObject();
    QCOMPARE(available.value(u"amount").toInteger(), 100'000);
    QCOMPARE(available.value(u"currency").toString(), u"gbp"_s);
    QCOMPARE(r.result->value(u"pending")[0][u"amount"].toInteger(), 5'000);
    QVERIFY(r.requestId.startsWith(u"req_"));
    QCOMPARE(r.attempts, 1);
    QCOMPARE(m_client->requestsSent(), 1);
    QCOMPARE(m_client->pendingCalls(), 0);
}

void TestStripeClient::createsATransfer()
{
    TransferRequest t = gbpTransfer(560);
    t.currency = u"GBP"_s;
    t.transferGroup = u"cart_cs_1"_s;
    t.description = u"Payout: \u00e9t\u00e9 & more"_s;
    t.metadata = {{u"entry_ids"_s, u"1,2"_s}, {u"artist"_s, u"art_7"_s}};
    const StripeResponse r =
        run([&](StripeClient &c, auto cb) { c.createTransfer(t, u"payout-1-2"_s, cb); });
    QVERIFY2(r.result.has_value(), why(r).constData());
    QVERIFY(r.result->value(u"id").toString().startsWith(u"tr_"));
    QVERIFY(!r.replayed);

    QCOMPARE(m_fake->transfers().size(), qsizetype(1));
    const FakeStripe::Transfer made = m_fake->transfers().first();
    QCOMPARE(made.id, r.result->value(u"id").toString());
    QCOMPARE(made.amount, 560);
    QCOMPARE(made.currency, u"gbp"_s);
    QCOMPARE(made.destination, u"acct_artist1"_s);
    QCOMPARE(made.transferGroup, u"cart_cs_1"_s);
    QCOMPARE(made.description, t.description);
    QCOMPARE(made.metadata, t.metadata);
    QCOMPARE(made.idempotencyKey, u"payout-1-2"_s);
    QCOMPARE(m_fake->availableBalance(u"gbp"_s), 100'000 - 560);
}

void TestStripeClient::idempotentReplayReturnsTheSameTransfer()
{
    const auto create = [](StripeClient &c, auto cb) {
        c.createTransfer(gbpTransfer(700), u"payout-replay"_s, cb);
    };
    const StripeResponse first = run(create);
    const StripeResponse second = run(create);
    QVERIFY(first.result.has_value() && second.result.has_value());
    QCOMPARE(second.result->value(u"id").toString(), first.result->value(u"id").toString());
    QVERIFY(second.replayed);
    QCOMPARE(m_fake->transfers().size(), qsizetype(1));
    QCOMPARE(m_fake->availableBalance(u"gbp"_s), 100'000 - 700);
}

void TestStripeClient::sameKeyOtherParametersIsAnIdempotencyError()
{
    QVERIFY(run([](StripeClient &c, auto cb) {
                c.createTransfer(gbpTransfer(100), u"payout-k"_s, cb);
            }).result.has_value());
    const StripeResponse r = run(
        [](StripeClient &c, auto cb) { c.createTransfer(gbpTransfer(200), u"payout-k"_s, cb); });
    QVERIFY(!r.result.has_value());
    QCOMPARE(r.result.error().kind, Kind::Idempotency);
    QVERIFY(!r.result.error().isRetryable());
    QCOMPARE(r.attempts, 1);
    QCOMPARE(m_fake->transfers().size(), qsizetype(1));
}

void TestStripeClient::retriesThroughFaults_data()
{
    QTest::addColumn<Fault>("fault");
    QTest::newRow("500 after commit") << Fault::Error500AfterCommit;
    QTest::newRow("reset after commit") << Fault::ResetAfterCommit;
    QTest::newRow("timeout after commit") << Fault::TimeoutAfterCommit;
    QTest::newRow("reset before commit") << Fault::ResetBeforeCommit;
    QTest::newRow("timeout before commit") << Fault::TimeoutBeforeCommit;
    QTest::newRow("429 rate_limit") << Fault::RateLimit429;
    QTest::newRow("429 lock_timeout") << Fault::LockTimeout429;
}

void TestStripeClient::retriesThroughFaults()
{
    // Whatever happened to the first attempt, the retry with the same key
    // ends with exactly one transfer, and the caller gets that transfer.
    QFETCH(Fault, fault);
    auto config = this->config();
    config.timeoutMs = 400;
    StripeClient client(config);
    m_fake->queueFault(fault);
    const StripeResponse r = run(client, [](StripeClient &c, auto cb) {
        c.createTransfer(gbpTransfer(1234), u"payout-fault"_s, cb);
    });
    QVERIFY2(r.result.has_value(), why(r).constData());
    QCOMPARE(r.attempts, 2);
    QCOMPARE(m_fake->faultCount(), 1);
    QCOMPARE(m_fake->transfers().size(), qsizetype(1));
    QCOMPARE(r.result->value(u"id").toString(), m_fake->transfers().first().id);
    QCOMPARE(m_fake->availableBalance(u"gbp"_s), 100'000 - 1234);
    const bool limited = fault == Fault::RateLimit429 || fault == Fault::LockTimeout429;
    QCOMPARE(client.rateLimitedResponses(), limited ? 1 : 0);
}

void TestStripeClient::stored500StaysAnUnknownOutcome()
{
    // Stripe stored the 500 under the key: every retry replays it.
    m_fake->queueFault(Fault::Error500BeforeCommit);
    const StripeResponse r = run(
        [](StripeClient &c, auto cb) { c.createTransfer(gbpTransfer(900), u"payout-500"_s, cb); });
    QVERIFY(!r.result.has_value());
    const StripeError &e = r.result.error();
    QCOMPARE(e.kind, Kind::Server);
    QCOMPARE(e.httpStatus, 500);
    QVERIFY(e.outcomeUnknown());
    QVERIFY(!e.stopsTheRun());
    QCOMPARE(r.attempts, 3); // 1 + maxNetworkRetries
    QCOMPARE(e.attempts, 3);
    QCOMPARE(m_client->requestsSent(), 3);
    QVERIFY(m_fake->transfers().isEmpty());
    QVERIFY(e.requestId.startsWith(u"req_"));
}

void TestStripeClient::timeoutBeforeCommitIsAnUnknownOutcome()
{
    auto config = this->config();
    config.timeoutMs = 300;
    config.maxNetworkRetries = 0;
    StripeClient client(config);
    m_fake->queueFault(Fault::TimeoutBeforeCommit);
    QElapsedTimer clock;
    clock.start();
    const StripeResponse r = run(client, [](StripeClient &c, auto cb) {
        c.createTransfer(gbpTransfer(300), u"payout-timeout"_s, cb);
    });
    QVERIFY(!r.result.has_value());
    QCOMPARE(r.result.error().kind, Kind::Timeout);
    QCOMPARE(r.result.error().httpStatus, 0);
    QVERIFY(r.result.error().outcomeUnknown());
    QVERIFY(r.result.error().isRetryable());
    QVERIFY(clock.elapsed() >= 300);
    QCOMPARE(r.attempts, 1);
}

void TestStripeClient::wrongKeyStopsTheRun()
{
    auto config = this->config();
    config.secretKey = kWrongKey;
    StripeClient client(config);
    const StripeResponse r = run(client, [](StripeClient &c, auto cb) { c.retrieveBalance(cb); });
    QVERIFY(!r.result.has_value());
    const StripeError &e = r.result.error();
    QCOMPARE(e.kind, Kind::Authentication);
    QCOMPARE(e.httpStatus, 401);
    QVERIFY(e.stopsTheRun());
    QVERIFY(!e.isRetryable());
    QCOMPARE(r.attempts, 1);
    QVERIFY(!e.describe().contains(kWrongKey));
    QVERIFY(!e.message.contains(kWrongKey));
}

void TestStripeClient::balanceInsufficientIsPermanent()
{
    const auto create = [](StripeClient &c, auto cb) {
        c.createTransfer(gbpTransfer(100'001), u"payout-big"_s, cb);
    };
    const StripeResponse r = run(create);
    QVERIFY(!r.result.has_value());
    const StripeError &e = r.result.error();
    QCOMPARE(e.kind, Kind::InvalidRequest);
    QCOMPARE(e.code, u"balance_insufficient"_s);
    QVERIFY(!e.isRetryable());
    QVERIFY(!e.outcomeUnknown());
    QVERIFY(!e.stopsTheRun());
    QCOMPARE(r.attempts, 1);
    // Stripe stored the failure under the key: the same key answers the same.
    m_fake->setAvailableBalance(u"gbp"_s, 1'000'000);
    const StripeResponse again = run(create);
    QVERIFY(!again.result.has_value());
    QCOMPARE(again.result.error().code, u"balance_insufficient"_s);
    QVERIFY(again.replayed || m_fake->transfers().isEmpty());
    QVERIFY(m_fake->transfers().isEmpty());
}

void TestStripeClient::destinationProblemsHoldTheArtist()
{
    const StripeResponse notReady = run([](StripeClient &c, auto cb) {
        c.createTransfer(gbpTransfer(100, u"acct_notready"_s), u"payout-nr"_s, cb);
    });
    QVERIFY(!notReady.result.has_value());
    QCOMPARE(notReady.result.error().code, u"insufficient_capabilities_for_transfer"_s);
    QVERIFY(notReady.result.error().concernsDestination());
    QVERIFY(!notReady.result.error().stopsTheRun());

    const StripeResponse missing = run([](StripeClient &c, auto cb) {
        c.createTransfer(gbpTransfer(100, u"acct_nobody"_s), u"payout-nb"_s, cb);
    });
    QVERIFY(!missing.result.has_value());
    QCOMPARE(missing.result.error().code, u"resource_missing"_s);
    QCOMPARE(missing.result.error().param, u"destination"_s);
    QVERIFY(missing.result.error().concernsDestination());
    QVERIFY(m_fake->transfers().isEmpty());
}

void TestStripeClient::badArgumentsAreRefusedBeforeSending()
{
    QMap<QString, QString> tooMany;
    for (int i = 0; i < 51; ++i)
        tooMany.insert(u"k"_s + QString::number(i), u"v"_s);
    TransferRequest manyKeys = gbpTransfer(100);
    manyKeys.metadata = tooMany;
    TransferRequest longValue = gbpTransfer(100);
    longValue.metadata = {{u"k"_s, QString(501, u'x')}};
    TransferRequest badCurrency = gbpTransfer(100);
    badCurrency.currency = u"pound"_s;

    const QList<std::pair<TransferRequest, QString>> cases = {
        {gbpTransfer(100), QString()},
        {gbpTransfer(100), QString(256, u'k')},
        {gbpTransfer(100), u"has space"_s},
        {gbpTransfer(0), u"k1"_s},
        {gbpTransfer(-5), u"k2"_s},
        {badCurrency, u"k3"_s},
        {gbpTransfer(100, u"artist_7"_s), u"k4"_s},
        {gbpTransfer(100, u"acct_../balance"_s), u"k5"_s},
        {manyKeys, u"k6"_s},
        {longValue, u"k7"_s},
    };
    for (const auto &[t, key] : cases) {
        bool called = false;
        std::optional<StripeResponse> out;
        m_client->createTransfer(t, key, [&](const StripeResponse &r) {
            called = true;
            out = r;
        });
        QVERIFY(!called); // never inside the call
        QTRY_VERIFY(called);
        QVERIFY(!out->result.has_value());
        QVERIFY(out->result.error().notSent);
        QCOMPARE(out->result.error().kind, Kind::InvalidRequest);
        QVERIFY(!out->result.error().outcomeUnknown());
        QCOMPARE(out->attempts, 0);
    }
    for (const QString &id : {QString(), u"acct_1/../../balance"_s, u"pi_1"_s}) {
        const StripeResponse r = run([&](StripeClient &c, auto cb) { c.retrieveAccount(id, cb); });
        QVERIFY(!r.result.has_value() && r.result.error().notSent);
    }
    EventListQuery tooManyTypes;
    for (int i = 0; i < 21; ++i)
        tooManyTypes.types.append(u"type."_s + QString::number(i));
    QVERIFY(run([&](StripeClient &c, auto cb) { c.listEvents(tooManyTypes, cb); })
                .result.error()
                .notSent);
    QCOMPARE(m_client->requestsSent(), 0);
    QCOMPARE(m_fake->requestCount(), 0);
}

void TestStripeClient::limiterKeepsUnderTheFakesLimit()
{
    m_fake->setRateLimit(20);
    auto config = this->config();
    config.requestsPerSecond = 20;
    StripeClient client(config);
    QSignalSpy limited(&client, &StripeClient::rateLimited);
    int ok = 0;
    int failed = 0;
    QTestEventLoop loop;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 60; ++i) {
        client.retrieveBalance([&](const StripeResponse &r) {
            ++(r.result.has_value() ? ok : failed);
            if (ok + failed == 60)
                loop.exitLoop();
        });
    }
    loop.enterLoopMSecs(30000);
    QCOMPARE(ok + failed, 60);
    QCOMPARE(ok, 60);
    QCOMPARE(client.rateLimitedResponses(), 0);
    QCOMPARE(m_fake->rateLimitedCount(), 0);
    QCOMPARE(limited.size(), 0);
    QCOMPARE(client.requestsSent(), 60);
    // 60 starts at most 20 per second: at least two full seconds. No upper
    // bound: a loaded machine may be slower, never faster.
    QVERIFY2(clock.elapsed() >= 2000, qPrintable(QString::number(clock.elapsed())));
}

void TestStripeClient::limiterSlowsDownAfter429s()
{
    // Something else shares the key: the fake allows 4/s, the client thinks 20.
    m_fake->setRateLimit(4);
    auto config = this->config();
    config.requestsPerSecond = 20;
    config.maxNetworkRetries = 10;
    config.initialRetryDelayMs = 200;
    config.maxRetryDelayMs = 1000;
    StripeClient client(config);
    QSignalSpy limited(&client, &StripeClient::rateLimited);
    QSignalSpy lowered(&client.rateLimiter(), &RateLimiter::limitLowered);
    int ok = 0;
    int failed = 0;
    QTestEventLoop loop;
    for (int i = 0; i < 12; ++i) {
        client.retrieveBalance([&](const StripeResponse &r) {
            ++(r.result.has_value() ? ok : failed);
            if (ok + failed == 12)
                loop.exitLoop();
        });
    }
    loop.enterLoopMSecs(60000);
    QCOMPARE(ok + failed, 12);
    QCOMPARE(ok, 12); // every 429 was retried until it got through
    QVERIFY(client.rateLimitedResponses() > 0);
    QCOMPARE(client.rateLimitedResponses(), m_fake->rateLimitedCount());
    QCOMPARE(limited.size(), client.rateLimitedResponses());
    QVERIFY(lowered.size() >= 1);
    QCOMPARE(lowered.first().first().toInt(), 10);
}

void TestStripeClient::logsCarryTheOutcomeButNeverTheKey()
{
    {
        QMutexLocker lock(&logMutex);
        logLines.clear();
    }
    QVERIFY(run([](StripeClient &c, auto cb) {
                c.createTransfer(gbpTransfer(4242), u"payout-log"_s, cb);
            }).result.has_value());
    auto config = this->config();
    config.secretKey = kWrongKey;
    StripeClient wrong(config);
    QVERIFY(!run(wrong, [](StripeClient &c, auto cb) { c.retrieveBalance(cb); }).result);

    QMutexLocker lock(&logMutex);
    const QString all = logLines.join(u'\n');
    // The capture works and the lines say what happened...
    QVERIFY2(all.contains(u"payoutdesk.stripe POST /v1/transfers -> 200 req_"), qPrintable(all));
    QVERIFY(all.contains(u"4242"));
    QVERIFY(all.contains(u"HTTP 401"));
    // ...and never with a key (cleanup() checks every line of every test too).
    QVERIFY(!all.contains(kKey));
    QVERIFY(!all.contains(kWrongKey));
}

QTEST_GUILESS_MAIN(TestStripeClient)
#include "tst_stripeclient.moc"
