// StripeClient on the wire: the exact requests it sends and how it reads
// answers Stripe's fake never gives (Stripe-Should-Retry, Retry-After,
// unreadable bodies, redirects, an echoed key). A canned HTTP server on
// loopback records every request and answers from a queue.
#include "StripeTestCalls.h"
#include "stripe/StripeApi.h"
#include "stripe/StripeClient.h"

#include <QElapsedTimer>
#include <QQueue>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

#include <memory>

using namespace Qt::StringLiterals;
using Kind = StripeError::Kind;

namespace {

const QString kKey = u"sk_test_wire0123456789abcdefXYZ"_s;

struct Canned
{
    int status = 200;
    QByteArray body = "{}"_ba;
    QList<QPair<QByteArray, QByteArray>> headers;
};

struct Recorded
{
    QByteArray method;
    QByteArray target; // path and query as sent
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};

// HTTP/1.1 just far enough for QNetworkAccessManager: Content-Length bodies,
// keep-alive, one answer per request in arrival order.
class CannedServer
{
public:
    CannedServer()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(socket);
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QUrl url(const QString &path = {}) const
    {
        return QUrl(u"http://127.0.0.1:"_s + QString::number(m_server.serverPort()) + path);
    }
    void answer(Canned canned) { m_answers.enqueue(std::move(canned)); }
    QList<Recorded> requests;

private:
    void serve(QTcpSocket *socket)
    {
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            *buffer += socket->readAll();
            while (auto request = take(*buffer))
                reply(socket, *request);
        });
    }
    static std::optional<Recorded> take(QByteArray &buffer)
    {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return std::nullopt;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        Recorded r;
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        r.method = requestLine.value(0);
        r.target = requestLine.value(1);
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            const QByteArray name = lines.at(i).left(colon).trimmed();
            const QByteArray value = lines.at(i).mid(colon + 1).trimmed();
            r.headers.append({name, value});
            if (name.compare("Content-Length", Qt::CaseInsensitive) == 0)
                length = value.toLongLong();
        }
        if (buffer.size() < end + 4 + length)
            return std::nullopt;
        r.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        return r;
    }
    void reply(QTcpSocket *socket, const Recorded &request)
    {
        requests.append(request);
        const Canned c = m_answers.isEmpty() ? Canned() : m_answers.dequeue();
        QByteArray out = "HTTP/1.1 " + QByteArray::number(c.status) + " Canned\r\n" +
                         "Content-Type: application/json\r\nContent-Length: " +
                         QByteArray::number(c.body.size()) + "\r\nRequest-Id: req_canned" +
                         QByteArray::number(requests.size()) + "\r\n";
        for (const auto &[name, value] : c.headers)
            out += name + ": " + value + "\r\n";
        out += "\r\n" + c.body;
        socket->write(out);
    }

    QTcpServer m_server;
    QQueue<Canned> m_answers;
};

QByteArray stripeError(const char *type, const char *message)
{
    return R"({"error":{"type":")"_ba + type + R"(","message":")"_ba + message + R"("}})"_ba;
}

} // namespace

class TestStripeWire final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void postCarriesKeyVersionAndIdempotencyKey();
    void getCarriesFiltersAsQuery();
    void apiBaseMayHaveAPath();
    void retriesSendTheSameBytes();
    void shouldRetryFalseStopsRetrying();
    void shouldRetryTrueRetriesA400();
    void retryAfterIsHonoured();
    void unreadableSuccessIsAnUnknownOutcome();
    void redirectsAreNotFollowed();
    void echoedKeyNeverReachesTheError();

private:
    static StripeResponse run(const std::function<void(StripeClient::Callback)> &start)
    {
        return waitForCall(start);
    }
    StripeClient::Config config() const;

    std::unique_ptr<CannedServer> m_server;
    std::unique_ptr<StripeClient> m_client;
};

void TestStripeWire::init()
{
    m_server = std::make_unique<CannedServer>();
    QVERIFY(m_server->listen());
    m_client = std::make_unique<StripeClient>(config());
}

void TestStripeWire::cleanup()
{
    m_client.reset();
    m_server.reset();
}

StripeClient::Config TestStripeWire::config() const
{
    StripeClient::Config c;
    c.apiBase = m_server->url();
    c.secretKey = kKey;
    c.requestsPerSecond = 100;
    c.timeoutMs = 5000;
    c.initialRetryDelayMs = 40; // short: the canned server has no reset window to outlast
    c.maxRetryDelayMs = 200;
    return c;
}

void TestStripeWire::postCarriesKeyVersionAndIdempotencyKey()
{
    m_server->answer({200, R"({"id":"tr_1","object":"transfer"})"_ba, {}});
    TransferRequest t;
    t.amountMinor = 560;
    t.currency = u"GBP"_s;
    t.destination = u"acct_artist1"_s;
    t.transferGroup = u"cart_9"_s;
    t.description = u"May & June"_s;
    t.metadata = {{u"entry_ids"_s, u"1,2"_s}};
    const StripeResponse r = run([&](auto cb) { m_client->createTransfer(t, u"pay-1-2"_s, cb); });
    QVERIFY(r.result.has_value());
    QCOMPARE(r.result->value(u"id").toString(), u"tr_1"_s);
    QCOMPARE(r.requestId, u"req_canned1"_s);

    QCOMPARE(m_server->requests.size(), qsizetype(1));
    const Recorded &req = m_server->requests.first();
    QCOMPARE(req.method, "POST"_ba);
    QCOMPARE(req.target, "/v1/transfers"_ba);
    QCOMPARE(req.header("Authorization"), QByteArray("Bearer "_ba + kKey.toUtf8()));
    QCOMPARE(req.header("Stripe-Version"), QByteArray(kStripeApiVersion));
    QCOMPARE(req.header("Stripe-Version"), "2024-06-20"_ba);
    QCOMPARE(req.header("Idempotency-Key"), "pay-1-2"_ba);
    QCOMPARE(req.header("Content-Type"), "application/x-www-form-urlencoded"_ba);
    QCOMPARE(req.body, "amount=560&currency=gbp&destination=acct_artist1&transfer_group=cart_9&"
                       "description=May%20%26%20June&metadata[entry_ids]=1%2C2"_ba);
}

void TestStripeWire::getCarriesFiltersAsQuery()
{
    m_server->answer({200, R"({"object":"list","data":[],"has_more":false})"_ba, {}});
    EventListQuery q;
    q.types = {u"checkout.session.completed"_s, u"payment_intent.*"_s};
    q.createdGt = 1'700'000'000;
    q.limit = 3;
    q.startingAfter = u"evt_9"_s;
    const StripeResponse r = run([&](auto cb) { m_client->listEvents(q, cb); });
    QVERIFY(r.result.has_value());

    const Recorded &req = m_server->requests.first();
    QCOMPARE(req.method, "GET"_ba);
    QVERIFY(req.header("Idempotency-Key").isEmpty());
    QCOMPARE(req.header("Stripe-Version"), "2024-06-20"_ba);
    const qsizetype question = req.target.indexOf('?');
    QCOMPARE(req.target.left(question), "/v1/events"_ba);
    const QUrlQuery query(QString::fromLatin1(req.target.mid(question + 1)));
    QCOMPARE(query.allQueryItemValues(u"types[]"_s, QUrl::FullyDecoded),
             (QStringList{u"checkout.session.completed"_s, u"payment_intent.*"_s}));
    QCOMPARE(query.queryItemValue(u"created[gt]"_s), u"1700000000"_s);
    QCOMPARE(query.queryItemValue(u"limit"_s), u"3"_s);
    QCOMPARE(query.queryItemValue(u"starting_after"_s), u"evt_9"_s);
}

void TestStripeWire::apiBaseMayHaveAPath()
{
    auto config = this->config();
    config.apiBase = m_server->url(u"/proxy/stripe/"_s);
    StripeClient client(config);
    const StripeResponse r = run([&](auto cb) { client.retrieveAccount(u"acct_7"_s, cb); });
    QVERIFY(r.result.has_value());
    QCOMPARE(m_server->requests.first().target, "/proxy/stripe/v1/accounts/acct_7"_ba);
}

void TestStripeWire::retriesSendTheSameBytes()
{
    m_server->answer({503, stripeError("api_error", "try later"), {}});
    m_server->answer({502, "<html>bad gateway</html>"_ba, {}});
    m_server->answer({200, R"({"id":"tr_2"})"_ba, {}});
    TransferRequest t{700, u"eur"_s, u"acct_a"_s, {}, {}, u"caf\u00e9"_s, {{u"k"_s, u"v"_s}}};
    const StripeResponse r = run([&](auto cb) { m_client->createTransfer(t, u"key-same"_s, cb); });
    QVERIFY(r.result.has_value());
    QCOMPARE(r.attempts, 3);
    QCOMPARE(m_client->requestsSent(), 3);
    QCOMPARE(m_server->requests.size(), qsizetype(3));
    for (const Recorded &req : std::as_const(m_server->requests)) {
        QCOMPARE(req.body, m_server->requests.first().body);
        QCOMPARE(req.header("Idempotency-Key"), "key-same"_ba);
    }
}

void TestStripeWire::shouldRetryFalseStopsRetrying()
{
    m_server->answer({500,
                      stripeError("api_error", "stored failure"),
                      {{"Stripe-Should-Retry"_ba, "false"_ba}}});
    TransferRequest t{100, u"gbp"_s, u"acct_a"_s, {}, {}, {}, {}};
    const StripeResponse r = run([&](auto cb) { m_client->createTransfer(t, u"k-500"_s, cb); });
    QVERIFY(!r.result.has_value());
    QCOMPARE(r.result.error().kind, Kind::Server);
    QCOMPARE(r.result.error().shouldRetryHeader, std::optional<bool>(false));
    QVERIFY(r.result.error().outcomeUnknown()); // still unknown: reconcile, don't resend now
    QCOMPARE(r.attempts, 1);
    QCOMPARE(m_server->requests.size(), qsizetype(1));
}

void TestStripeWire::shouldRetryTrueRetriesA400()
{
    m_server->answer({400,
                      stripeError("invalid_request_error", "transient"),
                      {{"Stripe-Should-Retry"_ba, "true"_ba}}});
    m_server->answer({200, R"({"object":"balance","available":[]})"_ba, {}});
    const StripeResponse r = run([&](auto cb) { m_client->retrieveBalance(cb); });
    QVERIFY(r.result.has_value());
    QCOMPARE(r.attempts, 2);
}

void TestStripeWire::retryAfterIsHonoured()
{
    m_server->answer(
        {429, stripeError("invalid_request_error", "slow down"), {{"Retry-After"_ba, "1"_ba}}});
    m_server->answer({200, R"({"object":"balance"})"_ba, {}});
    QElapsedTimer clock;
    clock.start();
    const StripeResponse r = run([&](auto cb) { m_client->retrieveBalance(cb); });
    QVERIFY(r.result.has_value());
    QCOMPARE(r.attempts, 2);
    QCOMPARE(m_client->rateLimitedResponses(), 1);
    QVERIFY(clock.elapsed() >= 1000);
}

void TestStripeWire::unreadableSuccessIsAnUnknownOutcome()
{
    m_server->answer({200, "<html>hello from a captive portal</html>"_ba, {}});
    TransferRequest t{100, u"gbp"_s, u"acct_a"_s, {}, {}, {}, {}};
    const StripeResponse r = run([&](auto cb) { m_client->createTransfer(t, u"k-html"_s, cb); });
    QVERIFY(!r.result.has_value());
    QCOMPARE(r.result.error().kind, Kind::Unknown);
    QCOMPARE(r.result.error().httpStatus, 200);
    QVERIFY(r.result.error().outcomeUnknown());
    QCOMPARE(m_server->requests.size(), qsizetype(1));
}

void TestStripeWire::redirectsAreNotFollowed()
{
    // Following would carry the Authorization header wherever a 3xx points.
    CannedServer elsewhere;
    QVERIFY(elsewhere.listen());
    m_server->answer({302, "{}"_ba, {{"Location"_ba, elsewhere.url(u"/steal"_s).toEncoded()}}});
    const StripeResponse r = run([&](auto cb) { m_client->retrieveBalance(cb); });
    QVERIFY(!r.result.has_value());
    QCOMPARE(r.result.error().httpStatus, 302);
    QCOMPARE(r.result.error().kind, Kind::Unknown);
    QVERIFY(elsewhere.requests.isEmpty());
}

void TestStripeWire::echoedKeyNeverReachesTheError()
{
    const QByteArray echo = "Invalid API Key provided: " + kKey.toUtf8();
    m_server->answer({401, stripeError("authentication_error", echo.constData()), {}});
    const StripeResponse r = run([&](auto cb) { m_client->retrieveBalance(cb); });
    QVERIFY(!r.result.has_value());
    const StripeError &e = r.result.error();
    QCOMPARE(e.kind, Kind::Authentication);
    QVERIFY(e.stopsTheRun());
    QCOMPARE(r.attempts, 1); // a bad key is not retried
    QVERIFY(!e.message.contains(kKey));
    QVERIFY2(!e.describe().contains(kKey), qPrintable(e.describe()));
}

QTEST_GUILESS_MAIN(TestStripeWire)
#include "tst_stripewire.moc"
