// StripeError: parsing Stripe's error bodies and the classification the
// engine branches on, one row per line of docs/STRIPE.md's error table.
#include "stripe/StripeError.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using Kind = StripeError::Kind;

namespace {

QByteArray errorBody(const QString &type, const QString &code = {}, const QString &param = {},
                     const QString &message = u"Something went wrong."_s)
{
    QJsonObject error{{u"type"_s, type}, {u"message"_s, message}};
    if (!code.isEmpty())
        error.insert(u"code"_s, code);
    if (!param.isEmpty())
        error.insert(u"param"_s, param);
    return QJsonDocument(QJsonObject{{u"error"_s, error}}).toJson(QJsonDocument::Compact);
}

} // namespace

class TestStripeError final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classification_data();
    void classification();
    void parsesEveryField();
    void garbageBodies_data();
    void garbageBodies();
    void noAnswer();
    void refusedBeforeSending();
    void earlierUnknownAttemptKeepsTheOutcomeUnknown();
    void describeIsOneReadableLine();
    void describeMasksSecrets_data();
    void describeMasksSecrets();
    void redactRemovesAnExactSecret();
    void kindNames();
};

void TestStripeError::classification_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("shouldRetry"); // Stripe-Should-Retry header, empty = absent
    QTest::addColumn<QString>("method");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<bool>("retryable");
    QTest::addColumn<bool>("outcomeUnknown");
    QTest::addColumn<bool>("stopsTheRun");
    QTest::addColumn<bool>("concernsDestination");

    const QString post = u"POST"_s;
    const QString inv = u"invalid_request_error"_s;
    // clang-format off
    QTest::newRow("400 invalid request")
        << 400 << errorBody(inv, u"parameter_missing"_s, u"amount"_s) << QByteArray() << post
        << Kind::InvalidRequest << false << false << false << false;
    QTest::newRow("400 unknown code is permanent")
        << 400 << errorBody(inv, u"some_future_code"_s) << QByteArray() << post
        << Kind::InvalidRequest << false << false << false << false;
    QTest::newRow("400 idempotency_error")
        << 400 << errorBody(u"idempotency_error"_s) << QByteArray() << post
        << Kind::Idempotency << false << false << false << false;
    QTest::newRow("400 code rate_limit is a rate limit")
        << 400 << errorBody(inv, u"rate_limit"_s) << QByteArray() << post
        << Kind::RateLimited << true << false << false << false;
    QTest::newRow("400 balance_insufficient")
        << 400 << errorBody(inv, u"balance_insufficient"_s) << QByteArray() << post
        << Kind::InvalidRequest << false << false << false << false;
    QTest::newRow("400 insufficient_capabilities_for_transfer")
        << 400 << errorBody(inv, u"insufficient_capabilities_for_transfer"_s, u"destination"_s)
        << QByteArray() << post << Kind::InvalidRequest << false << false << false << true;
    QTest::newRow("400 unknown destination")
        << 400 << errorBody(inv, u"resource_missing"_s, u"destination"_s) << QByteArray() << post
        << Kind::InvalidRequest << false << false << false << true;
    QTest::newRow("401 bad key")
        << 401 << errorBody(u"authentication_error"_s) << QByteArray() << post
        << Kind::Authentication << false << false << true << false;
    QTest::newRow("402 card error")
        << 402 << errorBody(u"card_error"_s, u"card_declined"_s) << QByteArray() << post
        << Kind::Card << false << false << false << false;
    QTest::newRow("403 restricted key")
        << 403 << errorBody(inv) << QByteArray() << post
        << Kind::Permission << false << false << true << false;
    QTest::newRow("403 insufficient_capabilities_for_transfer holds the artist only")
        << 403 << errorBody(inv, u"insufficient_capabilities_for_transfer"_s) << QByteArray()
        << post << Kind::Permission << false << false << false << true;
    QTest::newRow("404 no such object")
        << 404 << errorBody(inv, u"resource_missing"_s, u"id"_s) << QByteArray() << post
        << Kind::NotFound << false << false << false << false;
    QTest::newRow("409 key in flight")
        << 409 << errorBody(inv, u"idempotency_key_in_use"_s) << QByteArray() << post
        << Kind::Conflict << true << true << false << false;
    QTest::newRow("429 rate_limit")
        << 429 << errorBody(inv, u"rate_limit"_s) << QByteArray() << post
        << Kind::RateLimited << true << false << false << false;
    QTest::newRow("429 lock_timeout retryable")
        << 429 << errorBody(inv, u"lock_timeout"_s) << QByteArray() << post
        << Kind::LockTimeout << true << false << false << false;
    QTest::newRow("429 without a body")
        << 429 << QByteArray() << QByteArray() << post
        << Kind::RateLimited << true << false << false << false;
    QTest::newRow("500") << 500 << errorBody(u"api_error"_s) << QByteArray() << post
                         << Kind::Server << true << true << false << false;
    QTest::newRow("502") << 502 << errorBody(u"api_error"_s) << QByteArray() << post
                         << Kind::Server << true << true << false << false;
    QTest::newRow("503") << 503 << errorBody(u"api_error"_s) << QByteArray() << post
                         << Kind::Server << true << true << false << false;
    QTest::newRow("504") << 504 << errorBody(u"api_error"_s) << QByteArray() << post
                         << Kind::Server << true << true << false << false;
    QTest::newRow("500 on a GET changes nothing")
        << 500 << errorBody(u"api_error"_s) << QByteArray() << u"GET"_s
        << Kind::Server << true << false << false << false;
    QTest::newRow("418 unexpected status")
        << 418 << errorBody(inv) << QByteArray() << post
        << Kind::Unknown << false << true << false << false;
    // Stripe-Should-Retry overrides the table, both ways.
    QTest::newRow("500 + Should-Retry false")
        << 500 << errorBody(u"api_error"_s) << "false"_ba << post
        << Kind::Server << false << true << false << false;
    QTest::newRow("409 + Should-Retry false")
        << 409 << errorBody(inv) << "false"_ba << post
        << Kind::Conflict << false << true << false << false;
    QTest::newRow("429 + Should-Retry false")
        << 429 << errorBody(inv, u"rate_limit"_s) << "false"_ba << post
        << Kind::RateLimited << false << false << false << false;
    QTest::newRow("400 + Should-Retry true")
        << 400 << errorBody(inv) << "true"_ba << post
        << Kind::InvalidRequest << true << false << false << false;
    QTest::newRow("Should-Retry header spelled loosely")
        << 400 << errorBody(inv) << " TRUE "_ba << post
        << Kind::InvalidRequest << true << false << false << false;
    QTest::newRow("Should-Retry garbage is ignored")
        << 500 << errorBody(u"api_error"_s) << "maybe"_ba << post
        << Kind::Server << true << true << false << false;
    QTest::newRow("502 from a proxy, HTML body")
        << 502 << "<html><body>502 Bad Gateway</body></html>"_ba << QByteArray() << post
        << Kind::Server << true << true << false << false;
    QTest::newRow("400 with a garbage body")
        << 400 << "\x01\x02not json{"_ba << QByteArray() << post
        << Kind::InvalidRequest << false << false << false << false;
    // clang-format on
}

void TestStripeError::classification()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, shouldRetry);
    QFETCH(QString, method);
    QFETCH(Kind, kind);
    QFETCH(bool, retryable);
    QFETCH(bool, outcomeUnknown);
    QFETCH(bool, stopsTheRun);
    QFETCH(bool, concernsDestination);

    StripeError e = StripeError::fromHttp(status, body, "req_123"_ba, shouldRetry);
    e.method = method;
    QCOMPARE(e.kind, kind);
    QCOMPARE(e.httpStatus, status);
    QCOMPARE(e.isRetryable(), retryable);
    QCOMPARE(e.outcomeUnknown(), outcomeUnknown);
    QCOMPARE(e.stopsTheRun(), stopsTheRun);
    QCOMPARE(e.concernsDestination(), concernsDestination);
    QCOMPARE(e.requestId, u"req_123"_s);
    QVERIFY(!e.message.isEmpty());
    QVERIFY(!e.describe().isEmpty());
}

void TestStripeError::parsesEveryField()
{
    const QByteArray body = R"({"error":{"type":"card_error","code":"card_declined",
        "message":"Your card was declined.","param":"source","decline_code":"insufficient_funds",
        "doc_url":"https://stripe.com/docs/error-codes/card-declined",
        "request_log_url":"https://dashboard.stripe.com/logs/req_1"}})"_ba;
    const StripeError e = StripeError::fromHttp(402, body, " req_abc \r"_ba, "false"_ba);
    QCOMPARE(e.kind, Kind::Card);
    QCOMPARE(e.type, u"card_error"_s);
    QCOMPARE(e.code, u"card_declined"_s);
    QCOMPARE(e.message, u"Your card was declined."_s);
    QCOMPARE(e.param, u"source"_s);
    QCOMPARE(e.declineCode, u"insufficient_funds"_s);
    QCOMPARE(e.requestId, u"req_abc"_s);
    QCOMPARE(e.shouldRetryHeader, std::optional<bool>(false));
    QVERIFY(!StripeError::fromHttp(402, body).shouldRetryHeader.has_value());
}

void TestStripeError::garbageBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("truncated json") << R"({"error":{"type":"api_er)"_ba;
    QTest::newRow("array") << "[1,2,3]"_ba;
    QTest::newRow("error is null") << R"({"error":null})"_ba;
    QTest::newRow("error is a number") << R"({"error":5})"_ba;
    QTest::newRow("fields of the wrong type")
        << R"({"error":{"type":5,"message":[1],"code":{},"param":null})"_ba;
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe\x80garbage", 11);
    QTest::newRow("huge html") << QByteArray(100'000, 'x').prepend("<html>");
}

void TestStripeError::garbageBodies()
{
    QFETCH(QByteArray, body);
    const StripeError e = StripeError::fromHttp(503, body, "req_9"_ba);
    QCOMPARE(e.kind, Kind::Server);
    QVERIFY(e.type.isEmpty());
    QVERIFY(e.code.isEmpty());
    QVERIFY(!e.message.isEmpty());
    const QString line = e.describe();
    QVERIFY(!line.contains(u'\n'));
    QVERIFY2(line.size() < 400, qPrintable(line)); // a hint of the body, not all of it
    QVERIFY(e.isRetryable());
}

void TestStripeError::noAnswer()
{
    StripeError network = StripeError::network(u"Connection refused"_s);
    QCOMPARE(network.kind, Kind::Network);
    QCOMPARE(network.httpStatus, 0);
    QVERIFY(network.isRetryable());
    network.method = u"POST"_s;
    QVERIFY(network.outcomeUnknown()); // the request may have reached Stripe
    network.method = u"GET"_s;
    QVERIFY(!network.outcomeUnknown());

    StripeError timeout = StripeError::timeout(300);
    timeout.method = u"POST"_s;
    QCOMPARE(timeout.kind, Kind::Timeout);
    QVERIFY(timeout.isRetryable());
    QVERIFY(timeout.outcomeUnknown());
    QVERIFY(!timeout.stopsTheRun());
    QVERIFY(timeout.describe().contains(u"300 ms"));
}

void TestStripeError::refusedBeforeSending()
{
    StripeError e = StripeError::invalidArgument(u"amount must be positive"_s, u"amount"_s);
    e.method = u"POST"_s;
    QCOMPARE(e.kind, Kind::InvalidRequest);
    QVERIFY(e.notSent);
    QVERIFY(!e.isRetryable());
    QVERIFY(!e.outcomeUnknown());
    QVERIFY(e.describe().contains(u"not sent"));
}

void TestStripeError::earlierUnknownAttemptKeepsTheOutcomeUnknown()
{
    // A timeout, then 429 on the retry: the first attempt may still have
    // executed, so the final 429 must not read as "nothing happened".
    StripeError limited =
        StripeError::fromHttp(429, errorBody(u"invalid_request_error"_s, u"rate_limit"_s));
    limited.method = u"POST"_s;
    QVERIFY(!limited.outcomeUnknown());
    limited.earlierAttemptOutcomeUnknown = true;
    QVERIFY(limited.outcomeUnknown());

    StripeError auth = StripeError::fromHttp(401, errorBody(u"authentication_error"_s));
    auth.method = u"POST"_s;
    auth.earlierAttemptOutcomeUnknown = true;
    QVERIFY(auth.outcomeUnknown());

    // An answer that passed the idempotency layer is the stored result.
    StripeError funds = StripeError::fromHttp(
        400, errorBody(u"invalid_request_error"_s, u"balance_insufficient"_s));
    funds.method = u"POST"_s;
    funds.earlierAttemptOutcomeUnknown = true;
    QVERIFY(!funds.outcomeUnknown());
}

void TestStripeError::describeIsOneReadableLine()
{
    StripeError e = StripeError::fromHttp(
        400,
        errorBody(u"invalid_request_error"_s, u"balance_insufficient"_s, u"amount"_s,
                  u"You have insufficient available funds\nin your Stripe account."_s),
        "req_77"_ba);
    e.method = u"POST"_s;
    e.path = u"/v1/transfers"_s;
    e.attempts = 3;
    const QString line = e.describe();
    QVERIFY(!line.contains(u'\n'));
    for (const auto &part :
         {u"POST /v1/transfers"_s, u"HTTP 400"_s, u"invalid_request_error/balance_insufficient"_s,
          u"param amount"_s, u"insufficient available funds in your Stripe account"_s, u"req_77"_s,
          u"3 attempts"_s}) {
        QVERIFY2(line.contains(part), qPrintable(line + u" lacks " + part));
    }
}

void TestStripeError::describeMasksSecrets_data()
{
    QTest::addColumn<QString>("secret");
    QTest::newRow("sk_test") << u"sk_test_51HxYzAbCdEfGhIjKlMnOpQrStUvWx"_s;
    // Live-shaped keys are assembled here so that no key-shaped literal sits
    // in the repository (the before-stop hook looks for them).
    QTest::newRow("sk_live") << QString(u"sk_live_"_s + u"51HxYzAbCdEfGhIjKlMnOpQrStUvWx"_s);
    QTest::newRow("rk_live") << QString(u"rk_live_"_s + u"AbCdEfGhIjKlMnOp1234"_s);
    QTest::newRow("short sk_test") << u"sk_test_abc123"_s;
    QTest::newRow("webhook secret") << QString(u"whsec_"_s + u"AbCdEfGhIjKlMnOpQrStUvWx1234"_s);
}

void TestStripeError::describeMasksSecrets()
{
    // Whoever echoes a key (a proxy, a misconfigured fake), describe() masks it.
    QFETCH(QString, secret);
    StripeError e = StripeError::fromHttp(
        500, errorBody(u"api_error"_s, {}, {}, u"bad key "_s + secret + u" rejected"_s));
    e.path = u"/v1/balance?"_s + secret;
    const QString line = e.describe();
    QVERIFY2(!line.contains(secret), qPrintable(line));
    QVERIFY(line.contains(u"****"));
}

void TestStripeError::redactRemovesAnExactSecret()
{
    const QString secret = u"not-shaped-like-a-key-9f8e7d"_s;
    StripeError e = StripeError::fromHttp(401, errorBody(u"authentication_error"_s, {}, {},
                                                         u"Invalid API Key provided: "_s + secret));
    QVERIFY(e.describe().contains(secret));
    e.redact(secret);
    QVERIFY(!e.describe().contains(secret));
    QVERIFY(e.describe().contains(u"[redacted]"));
}

void TestStripeError::kindNames()
{
    QCOMPARE(kindName(Kind::LockTimeout), u"LockTimeout"_s);
    QCOMPARE(kindName(Kind::Network), u"Network"_s);
    QCOMPARE(kindName(Kind::Unknown), u"Unknown"_s);
}

QTEST_GUILESS_MAIN(TestStripeError)
#include "tst_stripeerror.moc"
