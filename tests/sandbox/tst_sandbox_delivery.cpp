// Tests for the sandbox's webhook delivery (EventDelivery, through
// FakeStripe): every event the fake stores reaches every endpoint, signed so
// that the engine's WebhookSignature::verify accepts it; a 500, a refused
// connection or a silent endpoint is retried a bounded number of times; the
// resend control route delivers an event again; pending_webhooks and
// delivery_success follow. The endpoints are real loopback HTTP servers;
// nothing sleeps.
#include "EventDelivery.h"
#include "FakeStripeTestSupport.h"
#include "LoopbackHttpServer.h"
#include "intake/WebhookSignature.h"
#include "util/Clock.h"

#include <QTcpServer>

namespace {

const QByteArray kSecret = "whsec_delivery_test_0123456789abcdef";

// A webhook receiver that records what arrives and answers with the next
// status of its script (then 200); -1 holds the request unanswered.
class Endpoint final
{
public:
    Endpoint()
        : m_server([this](const HttpExchange &exchange) { onRequest(exchange); })
    {
        QVERIFY(m_server.listenLoopback(0));
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1/webhook"_s.arg(m_server.port())); }
    QJsonObject event(qsizetype i) const
    {
        return QJsonDocument::fromJson(received.at(i).body).object();
    }

    QList<int> script;
    QList<HttpExchange> received;

private:
    void onRequest(const HttpExchange &exchange)
    {
        received.append(exchange);
        const int status = script.isEmpty() ? 200 : script.takeFirst();
        if (status >= 0)
            LoopbackHttpServer::write(exchange, {status, R"({"received":true})", {}});
    }

    LoopbackHttpServer m_server;
};

} // namespace

class TestSandboxDelivery final : public QObject, public FakeStripeFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void signingSecretsAreFresh();
    void deliversEveryEventSigned();
    void retriesAfterA500();
    void givesUpAfterTheLastRetry();
    void noAnswerIsRetried();
    void resendDeliversTheSameEventAgain();
    void everyEndpointGetsEveryEvent();

private:
    // Adds an endpoint and records every attempt made.
    void deliverTo(const Endpoint &endpoint, const QList<int> &retryDelaysMs = {20, 20})
    {
        m_fake->addWebhookEndpoint(endpoint.url(), kSecret);
        EventDelivery *delivery = m_fake->eventDelivery();
        delivery->setRetryDelaysMs(retryDelaysMs);
        if (!m_connected) {
            m_connected = true;
            connect(delivery, &EventDelivery::attempted, this,
                    [this](const EventDelivery::Attempt &a) { m_attempts.append(a); });
        }
    }
    static WebhookSignature::Verdict verdict(const HttpExchange &exchange,
                                             const QByteArray &secret = kSecret)
    {
        return WebhookSignature::verify(exchange.header("Stripe-Signature"), exchange.body, secret,
                                        SystemClock::instance().nowSecs());
    }
    qint64 pending(const QString &eventId)
    {
        return send("GET", u"/v1/events/"_s + eventId).json[u"pending_webhooks"].toInteger(-1);
    }

    QList<EventDelivery::Attempt> m_attempts;
    bool m_connected = false;
};

void TestSandboxDelivery::init()
{
    setUpFake();
    m_attempts.clear();
    m_connected = false;
}

void TestSandboxDelivery::cleanup()
{
    tearDownFake();
}

void TestSandboxDelivery::signingSecretsAreFresh()
{
    const QByteArray a = EventDelivery::newSigningSecret();
    const QByteArray b = EventDelivery::newSigningSecret();
    QVERIFY(a.startsWith("whsec_"));
    QCOMPARE(a.size(), 6 + 32);
    QVERIFY(a != b);
    QVERIFY(!m_fake->eventDelivery()); // nothing is delivered until an endpoint exists
}

void TestSandboxDelivery::deliversEveryEventSigned()
{
    Endpoint endpoint;
    deliverTo(endpoint);
    const Response t = postTransfer(transferBody(500), "pay");
    QCOMPARE(t.status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.received.size(), 1, 10000);
    const HttpExchange &request = endpoint.received.first();
    QCOMPARE(request.method, "POST");
    QCOMPARE(request.path, u"/webhook"_s);
    QVERIFY(request.header("Content-Type").startsWith("application/json"));
    QCOMPARE(verdict(request), WebhookSignature::Verdict::Valid);
    QCOMPARE(verdict(request, "whsec_some_other_secret"), WebhookSignature::Verdict::Mismatch);
    const QJsonObject event = endpoint.event(0);
    QCOMPARE(event[u"type"].toString(), u"transfer.created"_s);
    QCOMPARE(event[u"data"][u"object"][u"id"].toString(), t.id());
    QCOMPARE(event[u"pending_webhooks"].toInteger(), 1);

    QTRY_COMPARE_WITH_TIMEOUT(m_attempts.size(), 1, 10000);
    QCOMPARE(m_attempts.first().status, 200);
    QCOMPARE(m_attempts.first().retryInMs, -1);
    QCOMPARE(m_attempts.first().eventId, event[u"id"].toString());
    QVERIFY(m_attempts.first().describe().contains(u"transfer.created"));
    QCOMPARE(pending(event[u"id"].toString()), 0);
    QCOMPARE(m_fake->eventDelivery()->inFlight(), 0);

    // Events posted to the control API go out the same way.
    const Response posted =
        send("POST", u"/_fake/events"_s, R"({"type":"charge.refunded"})", {}, QString());
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.received.size(), 2, 10000);
    QCOMPARE(endpoint.event(1)[u"id"].toString(), posted.id());
    QCOMPARE(verdict(endpoint.received.at(1)), WebhookSignature::Verdict::Valid);
}

void TestSandboxDelivery::retriesAfterA500()
{
    Endpoint endpoint;
    endpoint.script = {500};
    deliverTo(endpoint);
    QCOMPARE(
        send("POST", u"/_fake/accounts/acct_inactive"_s, "transfers=active", {}, QString()).status,
        200);
    QTRY_COMPARE_WITH_TIMEOUT(m_attempts.size(), 2, 10000);
    QCOMPARE(endpoint.received.size(), 2);
    QCOMPARE(m_attempts.at(0).status, 500);
    QCOMPARE(m_attempts.at(0).number, 1);
    QCOMPARE(m_attempts.at(0).retryInMs, 20);
    QCOMPARE(m_attempts.at(1).status, 200);
    QCOMPARE(m_attempts.at(1).number, 2);
    QCOMPARE(m_attempts.at(1).retryInMs, -1);
    // The same event both times, each signed for its own sending.
    QCOMPARE(endpoint.received.at(1).body, endpoint.received.at(0).body);
    QCOMPARE(endpoint.event(1)[u"type"].toString(), u"account.updated"_s);
    QCOMPARE(verdict(endpoint.received.at(1)), WebhookSignature::Verdict::Valid);
    QCOMPARE(pending(m_attempts.at(1).eventId), 0);
    QCOMPARE(m_fake->eventDelivery()->inFlight(), 0);
}

void TestSandboxDelivery::givesUpAfterTheLastRetry()
{
    Endpoint endpoint;
    endpoint.script = {500, 503, 502, 500, 500};
    deliverTo(endpoint, {10, 20});
    const QString id =
        send("POST", u"/_fake/events"_s, R"({"type":"payout.paid"})", {}, QString()).id();
    QTRY_COMPARE_WITH_TIMEOUT(m_attempts.size(), 3, 10000);
    QCOMPARE(endpoint.received.size(), 3); // the first try and two retries, no more
    QCOMPARE(m_attempts.last().status, 502);
    QCOMPARE(m_attempts.last().number, 3);
    QCOMPARE(m_attempts.last().maxAttempts, 3);
    QCOMPARE(m_attempts.last().retryInMs, -1);
    QVERIFY(m_attempts.last().describe().contains(u"giving up"));
    QCOMPARE(m_fake->eventDelivery()->inFlight(), 0);
    // Stripe counts it as still pending, and lists it as not delivered.
    QCOMPARE(pending(id), 1);
    QCOMPARE(ids(send("GET", u"/v1/events?delivery_success=false"_s).json), QStringList{id});
    QVERIFY(ids(send("GET", u"/v1/events?delivery_success=true"_s).json).isEmpty());
}

void TestSandboxDelivery::noAnswerIsRetried()
{
    // A port with nobody listening: connection refused.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const QUrl refused(u"http://127.0.0.1:%1/webhook"_s.arg(probe.serverPort()));
    probe.close();
    m_fake->addWebhookEndpoint(refused, kSecret);
    m_fake->eventDelivery()->setRetryDelaysMs({10});
    connect(m_fake->eventDelivery(), &EventDelivery::attempted, this,
            [this](const EventDelivery::Attempt &a) { m_attempts.append(a); });
    m_fake->addEvent(R"({"id":"evt_refused","type":"payout.paid"})");
    QTRY_COMPARE_WITH_TIMEOUT(m_attempts.size(), 2, 10000);
    QCOMPARE(m_attempts.at(0).status, 0);
    QVERIFY(!m_attempts.at(0).error.isEmpty());
    QCOMPARE(m_attempts.at(0).retryInMs, 10);
    QVERIFY(m_attempts.at(1).describe().contains(u"no answer"));
    QCOMPARE(m_fake->eventDelivery()->pendingWebhooks(u"evt_refused"_s), 1);
}

void TestSandboxDelivery::resendDeliversTheSameEventAgain()
{
    // Without an endpoint there is nothing to resend to.
    const QString early = m_fake->addEvent(R"({"type":"payout.paid"})");
    Response r = send("POST", u"/_fake/events/"_s + early + u"/resend"_s, {}, {}, QString());
    QCOMPARE(r.status, 400);

    Endpoint endpoint;
    deliverTo(endpoint);
    const QString transfer = postTransfer(transferBody(100)).id();
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.received.size(), 1, 10000);
    const QString id = endpoint.event(0)[u"id"].toString();
    r = send("POST", u"/_fake/events/"_s + id + u"/resend"_s, {}, {}, QString());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.id(), id);
    QCOMPARE(r.json[u"endpoints"].toInteger(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.received.size(), 2, 10000);
    QCOMPARE(endpoint.event(1)[u"id"].toString(), id);
    QCOMPARE(endpoint.event(1)[u"data"][u"object"][u"id"].toString(), transfer);
    QCOMPARE(verdict(endpoint.received.at(1)), WebhookSignature::Verdict::Valid);
    // An event from before the endpoint existed can be sent on request too.
    QVERIFY(m_fake->resendEvent(early));
    QTRY_COMPARE_WITH_TIMEOUT(endpoint.received.size(), 3, 10000);
    QCOMPARE(endpoint.event(2)[u"id"].toString(), early);
    QCOMPARE(m_fake->events().size(), 2); // resending writes no new event

    r = send("POST", u"/_fake/events/evt_nope/resend"_s, {}, {}, QString());
    QCOMPARE(r.status, 404);
    QCOMPARE(r.errorCode(), u"resource_missing"_s);
}

void TestSandboxDelivery::everyEndpointGetsEveryEvent()
{
    Endpoint a;
    Endpoint b;
    Endpoint silent;
    b.script = {404};
    silent.script = {-1};
    deliverTo(a, {});
    deliverTo(b, {});
    deliverTo(silent, {});
    m_fake->eventDelivery()->setTimeoutMs(300);
    m_fake->setAccountTransfersActive(u"acct_inactive"_s, true);
    QTRY_COMPARE_WITH_TIMEOUT(m_attempts.size(), 3, 10000);
    QCOMPARE(a.received.size(), 1);
    QCOMPARE(b.received.size(), 1);
    QCOMPARE(silent.received.size(), 1);
    QCOMPARE(a.received.first().body, b.received.first().body);
    int delivered = 0;
    for (const EventDelivery::Attempt &attempt : std::as_const(m_attempts))
        delivered += attempt.ok();
    QCOMPARE(delivered, 1);
    // No retries configured: a 404 and a timeout leave two endpoints pending.
    const QString id = a.event(0)[u"id"].toString();
    QCOMPARE(pending(id), 2);
    QCOMPARE(send("GET", u"/_fake/state"_s, {}, {}, QString())
                 .json[u"webhook_endpoints"]
                 .toArray()
                 .size(),
             3);
}

QTEST_GUILESS_MAIN(TestSandboxDelivery)
#include "tst_sandbox_delivery.moc"
