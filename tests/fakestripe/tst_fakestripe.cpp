// Tests for FakeStripe over real loopback HTTP with QNetworkAccessManager,
// the client the engine uses. Nothing sleeps: every wait is on a signal.
#include "FakeStripe.h"
#include "FormParams.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QString kKey = u"sk_test_fakestripe"_s;

struct Response
{
    int status = 0; // 0 when no HTTP answer arrived
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QJsonObject json;
    QList<QPair<QByteArray, QByteArray>> headers;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    QString errorType() const { return json[u"error"][u"type"].toString(); }
    QString errorCode() const { return json[u"error"][u"code"].toString(); }
    QString errorParam() const { return json[u"error"][u"param"].toString(); }
    QString id() const { return json[u"id"].toString(); }
};

// Builds an x-www-form-urlencoded body, escaping keys too (so brackets
// travel as %5B/%5D, which the fake must decode).
QByteArray form(const QList<QPair<QString, QString>> &fields)
{
    QByteArray body;
    for (const auto &[key, value] : fields) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    }
    return body;
}

QByteArray transferBody(qint64 amount, const QString &destination = u"acct_ok"_s,
                        const QList<QPair<QString, QString>> &extra = {})
{
    QList<QPair<QString, QString>> fields = {{u"amount"_s, QString::number(amount)},
                                             {u"currency"_s, u"gbp"_s},
                                             {u"destination"_s, destination}};
    fields += extra;
    return form(fields);
}

QStringList ids(const QJsonObject &list)
{
    QStringList out;
    const QJsonArray data = list[u"data"].toArray();
    for (const QJsonValue &item : data)
        out.append(item[u"id"].toString());
    return out;
}

} // namespace

class TestFakeStripe final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void formParamsDecoding();
    void listensOnLoopbackOnly();
    void authRejectsMissingUnknownAndPublishableKeys();
    void authAcceptsBearerAndBasic();
    void balanceReadAndDebit();
    void transferSuccess();
    void formEncodingInTransfer();
    void idempotentReplayReturnsSameTransfer();
    void idempotencyKeyWithDifferentParamsIsRejected();
    void idempotencyKeysAreScopedByApiKey();
    void validationErrorsStoreNothing();
    void validationErrors_data();
    void validationErrors();
    void balanceInsufficientIsStored();
    void unknownDestination();
    void inactiveTransfersCapability();
    void sourceTransactionDrawsOnCharge();
    void accountsAndPaymentIntents();
    void unknownRoutesAndObjects();
    void rateLimitAnswers429AndCounts();
    void latencyDelaysAnswers();
    void deferredAnswersKeepConnectionsAlive();
    void inFlightKeyGets409();
    void clientKilledMidRequestThenRetries();
    void faultError500BeforeCommit();
    void faultError500AfterCommit();
    void faultTimeoutBeforeCommit();
    void faultTimeoutAfterCommit();
    void faultResetBeforeCommit();
    void faultResetAfterCommit();
    void faultResetAfterLatency();
    void qnamResendsOnceAfterResetWithoutBurst();
    void faultRateLimitAndLockTimeout();
    void randomFaultsAreSeeded();
    void transfersPagination();
    void transfersFilters();
    void eventsPaginationAndFilters();
    void metadataLimits_data();
    void metadataLimits();
    void controlApi();

private:
    Response send(const QByteArray &method, const QString &path, const QByteArray &body = {},
                  const QByteArray &idempotencyKey = {}, const QString &key = kKey,
                  int timeoutMs = 5000);
    Response postTransfer(const QByteArray &body, const QByteArray &idempotencyKey = {},
                          int timeoutMs = 5000)
    {
        return send("POST", u"/v1/transfers"_s, body, idempotencyKey, kKey, timeoutMs);
    }
    QNetworkReply *start(const QByteArray &method, const QString &path, const QByteArray &body = {},
                         const QByteArray &idempotencyKey = {}, const QString &key = kKey,
                         int timeoutMs = 5000);
    static Response collect(QNetworkReply *reply);

    std::unique_ptr<FakeStripe> m_fake;
    std::unique_ptr<QNetworkAccessManager> m_nam;
};

void TestFakeStripe::init()
{
    m_fake = std::make_unique<FakeStripe>();
    QVERIFY(m_fake->listen());
    m_fake->addApiKey(kKey);
    m_fake->setAvailableBalance(u"gbp"_s, 100000);
    m_fake->setPendingBalance(u"gbp"_s, 2500);
    m_fake->addAccount(u"acct_ok"_s);
    m_fake->addAccount(u"acct_inactive"_s, false, false);
    m_nam = std::make_unique<QNetworkAccessManager>();
}

void TestFakeStripe::cleanup()
{
    m_nam.reset();
    m_fake.reset();
}

QNetworkReply *TestFakeStripe::start(const QByteArray &method, const QString &path,
                                     const QByteArray &body, const QByteArray &idempotencyKey,
                                     const QString &key, int timeoutMs)
{
    QNetworkRequest request(m_fake->baseUrl().resolved(QUrl(path)));
    if (!key.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + key.toUtf8());
    if (!idempotencyKey.isEmpty())
        request.setRawHeader("Idempotency-Key", idempotencyKey);
    request.setRawHeader("Stripe-Version", "2024-06-20");
    request.setTransferTimeout(timeoutMs);
    if (method == "POST") {
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          u"application/x-www-form-urlencoded"_s);
        return m_nam->post(request, body);
    }
    return m_nam->sendCustomRequest(request, method);
}

Response TestFakeStripe::collect(QNetworkReply *reply)
{
    Response response;
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.error = reply->error();
    if (reply->isOpen()) // an aborted reply (timeout) is closed
        response.body = reply->readAll();
    response.json = QJsonDocument::fromJson(response.body).object();
    response.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return response;
}

Response TestFakeStripe::send(const QByteArray &method, const QString &path, const QByteArray &body,
                              const QByteArray &idempotencyKey, const QString &key, int timeoutMs)
{
    QNetworkReply *reply = start(method, path, body, idempotencyKey, key, timeoutMs);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(timeoutMs + 5000))
        qWarning("request did not finish");
    return collect(reply);
}

void TestFakeStripe::formParamsDecoding()
{
    const FormParams params = FormParams::parse(
        "a=1+2&b=%2B%20x&metadata%5Bk%5D=v&metadata[e]=&types[]=x&types[]=y&expand[0]=p"
        "&expand[1]=q&d=caf%C3%A9&flag&deep[a][b]=1");
    QCOMPARE(params.value(u"a"_s), u"1 2"_s);
    QCOMPARE(params.value(u"b"_s), u"+ x"_s);
    QCOMPARE(params.value(u"d"_s), u"café"_s);
    QVERIFY(params.contains(u"flag"_s));
    QCOMPARE(params.hash(u"metadata"_s).value(u"k"_s), u"v"_s);
    QVERIFY(params.hash(u"metadata"_s).contains(u"e"_s));
    QCOMPARE(params.list(u"types"_s), (QStringList{u"x"_s, u"y"_s}));
    QCOMPARE(params.list(u"expand"_s), (QStringList{u"p"_s, u"q"_s}));
    QVERIFY(!params.badNesting(u"metadata"_s));
    QVERIFY(params.badNesting(u"deep"_s));
    // Parameter order does not change the fingerprint; values do.
    QCOMPARE(FormParams::parse("x=1&y=2").fingerprint(),
             FormParams::parse("y=2&x=1").fingerprint());
    QVERIFY(FormParams::parse("x=1").fingerprint() != FormParams::parse("x=2").fingerprint());
}

void TestFakeStripe::listensOnLoopbackOnly()
{
    QCOMPARE(m_fake->baseUrl().host(), u"127.0.0.1"_s);
    QHostAddress external;
    const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
    for (const QHostAddress &address : addresses) {
        if (!address.isLoopback() && address.protocol() == QAbstractSocket::IPv4Protocol) {
            external = address;
            break;
        }
    }
    if (external.isNull())
        QSKIP("no non-loopback IPv4 address on this machine");
    QTcpSocket socket;
    QSignalSpy failed(&socket, &QTcpSocket::errorOccurred);
    QSignalSpy connected(&socket, &QTcpSocket::connected);
    socket.connectToHost(external, m_fake->port());
    QTRY_VERIFY_WITH_TIMEOUT(failed.count() + connected.count() > 0, 5000);
    QCOMPARE(connected.count(), 0);
}

void TestFakeStripe::authRejectsMissingUnknownAndPublishableKeys()
{
    m_fake->addApiKey(u"pk_test_public"_s); // publishable keys never work, even if known
    for (const QString &key : {QString(), u"sk_test_unknown_key_123"_s, u"pk_test_public"_s}) {
        const Response r = send("GET", u"/v1/balance"_s, {}, {}, key);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorType(), u"authentication_error"_s);
        QVERIFY(!r.json[u"error"][u"message"].toString().isEmpty());
        QVERIFY(r.header("Request-Id").startsWith("req_"));
    }
    const Response post = postTransfer(transferBody(100));
    QCOMPARE(post.status, 200); // sanity: the right key works
    const Response bad = send("POST", u"/v1/transfers"_s, transferBody(100), "k", u"sk_test_x"_s);
    QCOMPARE(bad.status, 401);
    QCOMPARE(m_fake->transfers().size(), 1);
}

void TestFakeStripe::authAcceptsBearerAndBasic()
{
    QNetworkRequest request(m_fake->baseUrl().resolved(QUrl(u"/v1/balance"_s)));
    request.setRawHeader("Authorization", "Basic " + QByteArray(kKey.toUtf8() + ':').toBase64());
    QNetworkReply *reply = m_nam->get(request);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait());
    QCOMPARE(collect(reply).status, 200);
    QCOMPARE(send("GET", u"/v1/balance"_s).status, 200);
}

void TestFakeStripe::balanceReadAndDebit()
{
    Response r = send("GET", u"/v1/balance"_s);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json[u"object"].toString(), u"balance"_s);
    const QJsonObject available = r.json[u"available"].toArray().first().toObject();
    QCOMPARE(available[u"amount"].toInteger(), 100000);
    QCOMPARE(available[u"currency"].toString(), u"gbp"_s);
    QCOMPARE(available[u"source_types"][u"card"].toInteger(), 100000);
    QCOMPARE(r.json[u"pending"].toArray().first()[u"amount"].toInteger(), 2500);

    QCOMPARE(postTransfer(transferBody(2500)).status, 200);
    QCOMPARE(m_fake->availableBalance(u"gbp"_s), 97500);
    r = send("GET", u"/v1/balance"_s);
    QCOMPARE(r.json[u"available"].toArray().first()[u"amount"].toInteger(), 97500);
    QCOMPARE(r.json[u"pending"].toArray().first()[u"amount"].toInteger(), 2500);
}

void TestFakeStripe::transferSuccess()
{
    QSignalSpy created(m_fake.get(), &FakeStripe::transferCreated);
    const Response r = postTransfer(transferBody(1234, u"acct_ok"_s,
                                                 {{u"transfer_group"_s, u"run_7"_s},
                                                  {u"description"_s, u"Payout"_s},
                                                  {u"metadata[entry_ids]"_s, u"e1,e2"_s}}),
                                    "key-1");
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("Request-Id").startsWith("req_"));
    QVERIFY(r.header("Content-Type").startsWith("application/json"));
    QVERIFY(r.id().startsWith(u"tr_"));
    QCOMPARE(r.json[u"object"].toString(), u"transfer"_s);
    QCOMPARE(r.json[u"amount"].toInteger(), 1234);
    QCOMPARE(r.json[u"currency"].toString(), u"gbp"_s);
    QCOMPARE(r.json[u"destination"].toString(), u"acct_ok"_s);
    QCOMPARE(r.json[u"transfer_group"].toString(), u"run_7"_s);
    QVERIFY(r.json[u"source_transaction"].isNull());
    QCOMPARE(r.json[u"metadata"][u"entry_ids"].toString(), u"e1,e2"_s);
    QCOMPARE(r.json[u"reversed"].toBool(true), false);
    QVERIFY(r.json[u"created"].toInteger() > 0);

    QCOMPARE(created.count(), 1);
    const auto transfers = m_fake->transfers();
    QCOMPARE(transfers.size(), 1);
    QCOMPARE(transfers.first().id, r.id());
    QCOMPARE(transfers.first().idempotencyKey, u"key-1"_s);
    QCOMPARE(transfers.first().metadata.value(u"entry_ids"_s), u"e1,e2"_s);
    QCOMPARE(created.first().first().value<FakeStripe::Transfer>().id, r.id());

    const Response got = send("GET", u"/v1/transfers/"_s + r.id());
    QCOMPARE(got.status, 200);
    QCOMPARE(got.json, r.json);
}

void TestFakeStripe::formEncodingInTransfer()
{
    // Raw body: '+' is a space, %2B a plus, UTF-8 percent escapes decode.
    const Response r = postTransfer("amount=10&currency=gbp&destination=acct_ok"
                                    "&description=Caf%C3%A9+tips+%2B+more&metadata%5Bnote%5D=a+b");
    QCOMPARE(r.status, 200);
    QCOMPARE(m_fake->transfers().first().description, u"Café tips + more"_s);
    QCOMPARE(r.json[u"metadata"][u"note"].toString(), u"a b"_s);
}

void TestFakeStripe::idempotentReplayReturnsSameTransfer()
{
    const QByteArray body = transferBody(5000, u"acct_ok"_s, {{u"metadata[run]"_s, u"1"_s}});
    const Response first = postTransfer(body, "same-key");
    const Response second = postTransfer(body, "same-key");
    QCOMPARE(first.status, 200);
    QCOMPARE(second.status, 200);
    QCOMPARE(second.id(), first.id());
    QCOMPARE(second.body, first.body);
    QCOMPARE(second.header("Idempotent-Replayed"), "true");
    QVERIFY(first.header("Request-Id") != second.header("Request-Id"));
    QCOMPARE(m_fake->transfers().size(), 1);
    QCOMPARE(m_fake->availableBalance(u"gbp"_s), 95000);
    // Parameter order is not part of "the same parameters".
    const Response reordered = postTransfer(
        "metadata%5Brun%5D=1&destination=acct_ok&currency=gbp&amount=5000", "same-key");
    QCOMPARE(reordered.status, 200);
    QCOMPARE(reordered.id(), first.id());
    QCOMPARE(m_fake->transfers().size(), 1);
    // After Stripe prunes the key (24 h), the same request pays again: this
    // is why an old unknown outcome must be reconciled, not resent.
    m_fake->expireIdempotencyKeys();
    const Response afterExpiry = postTransfer(body, "same-key");
    QCOMPARE(afterExpiry.status, 200);
    QVERIFY(afterExpiry.id() != first.id());
    QCOMPARE(m_fake->transfers().size(), 2);
}

void TestFakeStripe::idempotencyKeyWithDifferentParamsIsRejected()
{
    QCOMPARE(postTransfer(transferBody(100), "k").status, 200);
    const Response r = postTransfer(transferBody(101), "k");
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorType(), u"idempotency_error"_s);
    QCOMPARE(m_fake->transfers().size(), 1);
    QCOMPARE(m_fake->availableBalance(u"gbp"_s), 99900);

    const Response tooLong = postTransfer(transferBody(100), QByteArray(256, 'x'));
    QCOMPARE(tooLong.status, 400);
    QCOMPARE(postTransfer(transferBody(100), QByteArray(255, 'x')).status, 200);
}

void TestFakeStripe::idempotencyKeysAreScopedByApiKey()
{
    m_fake->addApiKey(u"sk_test_other"_s);
    const Response a = postTransfer(transferBody(100), "shared");
    const Response b =
        send("POST", u"/v1/transfers"_s, transferBody(100), "shared", u"sk_test_other"_s);
    QCOMPARE(a.status, 200);
    QCOMPARE(b.status, 200);
    QVERIFY(a.id() != b.id());
    QCOMPARE(m_fake->transfers().size(), 2);
}

void TestFakeStripe::validationErrorsStoreNothing()
{
    const Response missing = postTransfer(form({{u"currency"_s, u"gbp"_s}}), "retry-me");
    QCOMPARE(missing.status, 400);
    QCOMPARE(missing.errorCode(), u"parameter_missing"_s);
    QCOMPARE(missing.errorParam(), u"amount"_s);
    // The key was not consumed: the corrected request runs.
    const Response fixed = postTransfer(transferBody(700), "retry-me");
    QCOMPARE(fixed.status, 200);
    QCOMPARE(m_fake->transfers().size(), 1);
}

void TestFakeStripe::validationErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("param");
    QTest::newRow("no amount") << form(
                                      {{u"currency"_s, u"gbp"_s}, {u"destination"_s, u"acct_ok"_s}})
                               << u"parameter_missing"_s << u"amount"_s;
    QTest::newRow("no currency") << form({{u"amount"_s, u"1"_s}, {u"destination"_s, u"acct_ok"_s}})
                                 << u"parameter_missing"_s << u"currency"_s;
    QTest::newRow("no destination") << form({{u"amount"_s, u"1"_s}, {u"currency"_s, u"gbp"_s}})
                                    << u"parameter_missing"_s << u"destination"_s;
    QTest::newRow("amount text") << transferBody(0).replace("amount=0", "amount=ten")
                                 << u"parameter_invalid_integer"_s << u"amount"_s;
    QTest::newRow("amount decimal") << transferBody(0).replace("amount=0", "amount=1.50")
                                    << u"parameter_invalid_integer"_s << u"amount"_s;
    QTest::newRow("amount zero") << transferBody(0) << u"parameter_invalid_integer"_s
                                 << u"amount"_s;
    QTest::newRow("amount negative")
        << transferBody(-5) << u"parameter_invalid_integer"_s << u"amount"_s;
    QTest::newRow("currency upper")
        << transferBody(1).replace("gbp", "GBP") << QString() << u"currency"_s;
    QTest::newRow("unknown param") << transferBody(1, u"acct_ok"_s, {{u"amout"_s, u"1"_s}})
                                   << u"parameter_unknown"_s << u"amout"_s;
}

void TestFakeStripe::validationErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, param);
    const Response r = postTransfer(body, "v");
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorType(), u"invalid_request_error"_s);
    QCOMPARE(r.errorCode(), code);
    QCOMPARE(r.errorParam(), param);
    QVERIFY(m_fake->transfers().isEmpty());
}

void TestFakeStripe::balanceInsufficientIsStored()
{
    const Response r = postTransfer(transferBody(100001), "big");
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorCode(), u"balance_insufficient"_s);
    QCOMPARE(m_fake->availableBalance(u"gbp"_s), 100000);
    // An execution result is stored: the same key keeps answering it even
    // after funds arrive; a new key succeeds.
    m_fake->setAvailableBalance(u"gbp"_s, 200000);
    const Response again = postTransfer(transferBody(100001), "big");
    QCOMPARE(again.status, 400);
    QCOMPARE(again.body, r.body);
    QCOMPARE(postTransfer(transferBody(100001), "big-2").status, 200);
    QCOMPARE(m_fake->availableBalance(u"gbp"_s), 99999);
    // A currency with no balance at all is insufficient too.
    const Response eur = postTransfer(transferBody(1).replace("gbp", "eur"));
    QCOMPARE(eur.errorCode(), u"balance_insufficient"_s);
}

void TestFakeStripe::unknownDestination()
{
    const Response r = postTransfer(transferBody(100, u"acct_nobody"_s), "d1");
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorType(), u"invalid_request_error"_s);
    QCOMPARE(r.errorCode(), u"resource_missing"_s);
    QCOMPARE(r.errorParam(), u"destination"_s);
    // Stored: adding the account later does not change this key's answer.
    m_fake->addAccount(u"acct_nobody"_s);
    QCOMPARE(postTransfer(transferBody(100, u"acct_nobody"_s), "d1").status, 400);
    QCOMPARE(postTransfer(transferBody(100, u"acct_nobody"_s), "d2").status, 200);
}

void TestFakeStripe::inactiveTransfersCapability()
{
    const Response r = postTransfer(transferBody(100, u"acct_inactive"_s));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorCode(), u"insufficient_capabilities_for_transfer"_s);
    QCOMPARE(m_fake->availableBalance(u"gbp"_s), 100000);
    m_fake->setAccountTransfersActive(u"acct_inactive"_s, true);
    QCOMPARE(postTransfer(transferBody(100, u"acct_inactive"_s)).status, 200);
}

void TestFakeStripe::sourceTransactionDrawsOnCharge()
{
    m_fake->setAvailableBalance(u"gbp"_s, 0);
    m_fake->addPaymentIntent(u"pi_1"_s, u"ch_1"_s, 1000, u"gbp"_s);
    const Response pi = send("GET", u"/v1/payment_intents/pi_1"_s);
    QCOMPARE(pi.status, 200);
    QCOMPARE(pi.json[u"latest_charge"].toString(), u"ch_1"_s);

    const auto withSource = [](qint64 amount, const QString &charge) {
        return transferBody(amount, u"acct_ok"_s, {{u"source_transaction"_s, charge}});
    };
    const Response first = postTransfer(withSource(600, u"ch_1"_s));
    QCOMPARE(first.status, 200);
    QCOMPARE(first.json[u"source_transaction"].toString(), u"ch_1"_s);
    QCOMPARE(m_fake->availableBalance(u"gbp"_s), 0); // drawn on the charge
    const Response tooMuch = postTransfer(withSource(401, u"ch_1"_s));
    QCOMPARE(tooMuch.status, 400);
    QCOMPARE(tooMuch.errorType(), u"invalid_request_error"_s);
    QCOMPARE(postTransfer(withSource(400, u"ch_1"_s)).status, 200);
    const Response unknown = postTransfer(withSource(1, u"ch_nope"_s));
    QCOMPARE(unknown.status, 400);
    QCOMPARE(unknown.errorCode(), u"resource_missing"_s);
    QCOMPARE(unknown.errorParam(), u"source_transaction"_s);
    QCOMPARE(m_fake->transfers().size(), 2);
}

void TestFakeStripe::accountsAndPaymentIntents()
{
    const Response ok = send("GET", u"/v1/accounts/acct_ok"_s);
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.json[u"capabilities"][u"transfers"].toString(), u"active"_s);
    QCOMPARE(ok.json[u"payouts_enabled"].toBool(), true);
    const Response inactive = send("GET", u"/v1/accounts/acct_inactive"_s);
    QCOMPARE(inactive.json[u"capabilities"][u"transfers"].toString(), u"inactive"_s);
    QCOMPARE(inactive.json[u"payouts_enabled"].toBool(true), false);
    const Response missing = send("GET", u"/v1/accounts/acct_missing"_s);
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.errorCode(), u"resource_missing"_s);
    QCOMPARE(send("GET", u"/v1/payment_intents/pi_missing"_s).status, 404);
}

void TestFakeStripe::unknownRoutesAndObjects()
{
    QCOMPARE(send("GET", u"/v1/transfers/tr_missing"_s).errorCode(), u"resource_missing"_s);
    QCOMPARE(send("GET", u"/v1/events/evt_missing"_s).status, 404);
    QCOMPARE(send("GET", u"/v1/customers"_s).status, 404);
    QCOMPARE(send("DELETE", u"/v1/transfers"_s).status, 404);
    QCOMPARE(send("GET", u"/v1/transfers?colour=red"_s).errorCode(), u"parameter_unknown"_s);
}

void TestFakeStripe::rateLimitAnswers429AndCounts()
{
    m_fake->setRateLimit(3);
    QList<QNetworkReply *> replies;
    for (int i = 0; i < 6; ++i)
        replies.append(start("GET", u"/v1/balance"_s));
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(replies.cbegin(), replies.cend(),
                                         [](QNetworkReply *r) { return r->isFinished(); }),
                             10000);
    int ok = 0;
    int limited = 0;
    for (QNetworkReply *reply : std::as_const(replies)) {
        const Response r = collect(reply);
        if (r.status == 200)
            ++ok;
        if (r.status == 429 && r.errorCode() == u"rate_limit")
            ++limited;
    }
    QCOMPARE(ok, 3);
    QCOMPARE(limited, 3);
    QCOMPARE(m_fake->rateLimitedCount(), 3);
    QCOMPARE(m_fake->requestCount(), 6);
}

void TestFakeStripe::latencyDelaysAnswers()
{
    m_fake->setLatencyMs(300);
    QElapsedTimer timer;
    timer.start();
    const Response r = send("GET", u"/v1/balance"_s);
    QCOMPARE(r.status, 200);
    QVERIFY2(timer.elapsed() >= 300, QByteArray::number(timer.elapsed()).constData());
    // Errors are delayed too.
    timer.restart();
    QCOMPARE(send("GET", u"/v1/balance"_s, {}, {}, u"sk_test_bad"_s).status, 401);
    QVERIFY(timer.elapsed() >= 300);
}

void TestFakeStripe::deferredAnswersKeepConnectionsAlive()
{
    m_fake->setLatencyMs(50);
    // QNAM reuses one keep-alive connection for sequential requests; every
    // answer written late by the fake must leave that connection usable.
    for (int i = 0; i < 4; ++i)
        QCOMPARE(postTransfer(transferBody(10)).status, 200);
    QCOMPARE(m_fake->connectionCount(), 1);

    // The same over a raw socket: two requests, one connection, both answered.
    QTcpSocket socket;
    QSignalSpy connected(&socket, &QTcpSocket::connected);
    socket.connectToHost(QHostAddress::LocalHost, m_fake->port());
    QVERIFY(connected.wait(5000));
    const QByteArray request = "GET /v1/balance HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "Authorization: Bearer " +
                               kKey.toUtf8() + "\r\n\r\n";
    for (int round = 0; round < 2; ++round) {
        socket.write(request);
        QByteArray received;
        QSignalSpy readyRead(&socket, &QTcpSocket::readyRead);
        // Read until the headers and the Content-Length worth of body are in.
        const auto complete = [&received] {
            const qsizetype end = received.indexOf("\r\n\r\n");
            if (end < 0)
                return false;
            const qsizetype at = received.indexOf("Content-Length: ");
            const qsizetype eol = received.indexOf("\r\n", at);
            const qsizetype length = received.mid(at + 16, eol - at - 16).toLongLong();
            return received.size() >= end + 4 + length;
        };
        while (!complete()) {
            QVERIFY(socket.bytesAvailable() > 0 || readyRead.wait(5000));
            received += socket.readAll();
        }
        QVERIFY(received.startsWith("HTTP/1.1 200 OK\r\n"));
        QVERIFY(received.contains("Connection: keep-alive\r\n"));
        QVERIFY(received.contains("Request-Id: req_"));
    }
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(m_fake->connectionCount(), 2);
}

void TestFakeStripe::inFlightKeyGets409()
{
    m_fake->setLatencyMs(400);
    // QNAM sends concurrent requests on separate connections.
    QNetworkReply *first = start("POST", u"/v1/transfers"_s, transferBody(100), "slow");
    QNetworkReply *second = start("POST", u"/v1/transfers"_s, transferBody(100), "slow");
    QTRY_VERIFY_WITH_TIMEOUT(first->isFinished() && second->isFinished(), 10000);
    const Response a = collect(first);
    const Response b = collect(second);
    QCOMPARE(a.status, 200);
    QCOMPARE(b.status, 409);
    QCOMPARE(b.errorCode(), u"idempotency_key_in_use"_s);
    QCOMPARE(m_fake->transfers().size(), 1);
    // Once the first is answered, a retry replays it.
    const Response retry = postTransfer(transferBody(100), "slow");
    QCOMPARE(retry.status, 200);
    QCOMPARE(retry.id(), a.id());
}

void TestFakeStripe::clientKilledMidRequestThenRetries()
{
    // The engine dies while a transfer is in flight; the fake's state
    // survives, and the restarted engine's retry with the same key replays.
    m_fake->setLatencyMs(200);
    QSignalSpy created(m_fake.get(), &FakeStripe::transferCreated);
    QNetworkReply *reply = start("POST", u"/v1/transfers"_s, transferBody(900), "crash");
    QVERIFY(created.wait(5000));
    reply->abort();
    reply->deleteLater();
    m_nam = std::make_unique<QNetworkAccessManager>(); // the "restarted" engine
    // While the first attempt is still running on the fake, the key answers
    // 409; once it is done, the retry replays the committed transfer.
    Response retry;
    QTRY_VERIFY_WITH_TIMEOUT((retry = postTransfer(transferBody(900), "crash")).status != 409,
                             5000);
    QCOMPARE(retry.status, 200);
    QCOMPARE(retry.id(), m_fake->transfers().first().id);
    QCOMPARE(m_fake->transfers().size(), 1);
    QCOMPARE(m_fake->availableBalance(u"gbp"_s), 99100);
}

void TestFakeStripe::faultError500BeforeCommit()
{
    m_fake->queueFault(FakeStripe::Fault::Error500BeforeCommit);
    const Response r = postTransfer(transferBody(100), "e500b");
    QCOMPARE(r.status, 500);
    QCOMPARE(r.errorType(), u"api_error"_s);
    QVERIFY(m_fake->transfers().isEmpty());
    // Stripe stores the 500 under the key: the retry gets it again.
    const Response retry = postTransfer(transferBody(100), "e500b");
    QCOMPARE(retry.status, 500);
    QCOMPARE(retry.body, r.body);
    QVERIFY(m_fake->transfers().isEmpty());
    QCOMPARE(m_fake->availableBalance(u"gbp"_s), 100000);
    QCOMPARE(m_fake->faultCount(), 1);
}

void TestFakeStripe::faultError500AfterCommit()
{
    m_fake->queueFault(FakeStripe::Fault::Error500AfterCommit);
    const Response r = postTransfer(transferBody(100), "e500a");
    QCOMPARE(r.status, 500);
    QCOMPARE(m_fake->transfers().size(), 1);
    const Response retry = postTransfer(transferBody(100), "e500a");
    QCOMPARE(retry.status, 200);
    QCOMPARE(retry.id(), m_fake->transfers().first().id);
    QCOMPARE(m_fake->transfers().size(), 1);
    QCOMPARE(m_fake->availableBalance(u"gbp"_s), 99900);
}

void TestFakeStripe::faultTimeoutBeforeCommit()
{
    m_fake->queueFault(FakeStripe::Fault::TimeoutBeforeCommit);
    const Response r = postTransfer(transferBody(100), "tb", 300);
    QCOMPARE(r.status, 0);
    QVERIFY(r.error != QNetworkReply::NoError);
    QVERIFY(m_fake->transfers().isEmpty());
    const Response retry = postTransfer(transferBody(100), "tb");
    QCOMPARE(retry.status, 200);
    QCOMPARE(m_fake->transfers().size(), 1);
}

void TestFakeStripe::faultTimeoutAfterCommit()
{
    m_fake->queueFault(FakeStripe::Fault::TimeoutAfterCommit);
    const Response r = postTransfer(transferBody(100), "ta", 300);
    QCOMPARE(r.status, 0);
    QVERIFY(r.error != QNetworkReply::NoError);
    QCOMPARE(m_fake->transfers().size(), 1);
    const Response retry = postTransfer(transferBody(100), "ta");
    QCOMPARE(retry.status, 200);
    QCOMPARE(retry.id(), m_fake->transfers().first().id);
    QCOMPARE(m_fake->transfers().size(), 1);
}

void TestFakeStripe::faultResetBeforeCommit()
{
    m_fake->queueFault(FakeStripe::Fault::ResetBeforeCommit);
    const Response r = postTransfer(transferBody(100), "rb");
    QCOMPARE(r.status, 0);
    QCOMPARE(r.error, QNetworkReply::RemoteHostClosedError);
    QVERIFY(m_fake->transfers().isEmpty());
    const Response retry = postTransfer(transferBody(100), "rb");
    QCOMPARE(retry.status, 200);
    QCOMPARE(m_fake->transfers().size(), 1);
}

void TestFakeStripe::faultResetAfterCommit()
{
    m_fake->queueFault(FakeStripe::Fault::ResetAfterCommit);
    const Response r = postTransfer(transferBody(100), "ra");
    QCOMPARE(r.status, 0);
    QCOMPARE(r.error, QNetworkReply::RemoteHostClosedError);
    QCOMPARE(m_fake->transfers().size(), 1);
    const Response retry = postTransfer(transferBody(100), "ra");
    QCOMPARE(retry.status, 200);
    QCOMPARE(retry.id(), m_fake->transfers().first().id);
    QCOMPARE(m_fake->transfers().size(), 1);
    QCOMPARE(m_fake->availableBalance(u"gbp"_s), 99900);
}

void TestFakeStripe::faultResetAfterLatency()
{
    // The reset is deferred like any answer; the socket must still be there.
    m_fake->setLatencyMs(100);
    m_fake->queueFault(FakeStripe::Fault::ResetAfterCommit);
    const Response r = postTransfer(transferBody(100), "ral");
    QCOMPARE(r.status, 0);
    QCOMPARE(r.error, QNetworkReply::RemoteHostClosedError);
    QCOMPARE(m_fake->transfers().size(), 1);
    QCOMPARE(postTransfer(transferBody(100), "ral").id(), m_fake->transfers().first().id);
}

void TestFakeStripe::qnamResendsOnceAfterResetWithoutBurst()
{
    // Pins the client behaviour setResetBurstMs() exists for: QNAM resends a
    // request once, silently, when the connection drops before any answer.
    m_fake->setResetBurstMs(0);
    m_fake->queueFault(FakeStripe::Fault::ResetBeforeCommit);
    const Response r = postTransfer(transferBody(100), "silent");
    QCOMPARE(r.status, 200);
    QCOMPARE(m_fake->requestCount(), 2);
    QCOMPARE(m_fake->faultCount(), 1);
    QCOMPARE(m_fake->transfers().size(), 1);
}

void TestFakeStripe::faultRateLimitAndLockTimeout()
{
    m_fake->queueFault(FakeStripe::Fault::RateLimit429);
    m_fake->queueFault(FakeStripe::Fault::LockTimeout429);
    const Response limited = postTransfer(transferBody(100), "rl");
    QCOMPARE(limited.status, 429);
    QCOMPARE(limited.errorCode(), u"rate_limit"_s);
    const Response locked = postTransfer(transferBody(100), "rl");
    QCOMPARE(locked.status, 429);
    QCOMPARE(locked.errorCode(), u"lock_timeout"_s);
    QVERIFY(m_fake->transfers().isEmpty());
    QCOMPARE(m_fake->rateLimitedCount(), 0); // injected, not the rate limiter
    // Nothing was stored under the key.
    QCOMPARE(postTransfer(transferBody(100), "rl").status, 200);
    QCOMPARE(m_fake->faultCount(), 2);
}

void TestFakeStripe::randomFaultsAreSeeded()
{
    const auto outcomes = [this](quint32 seed) {
        m_fake->setRandomFaults(0.5, {FakeStripe::Fault::RateLimit429}, seed);
        QList<int> statuses;
        for (int i = 0; i < 12; ++i)
            statuses.append(postTransfer(transferBody(1)).status);
        return statuses;
    };
    const QList<int> first = outcomes(42);
    const QList<int> second = outcomes(42);
    QCOMPARE(first, second);
    QVERIFY(first.contains(429));
    QVERIFY(first.contains(200));
    // A queued fault wins over the random draw.
    m_fake->setRandomFaults(1.0, {FakeStripe::Fault::RateLimit429}, 1);
    m_fake->queueFault(FakeStripe::Fault::Error500AfterCommit);
    QCOMPARE(postTransfer(transferBody(1)).status, 500);
    QCOMPARE(postTransfer(transferBody(1)).status, 429);
}

void TestFakeStripe::transfersPagination()
{
    QStringList made; // oldest first
    for (int i = 0; i < 5; ++i) {
        m_fake->setCurrentTime(1000 + i);
        made.append(postTransfer(transferBody(10 + i)).id());
    }
    const auto list = [this](const QString &query) {
        const Response r = send("GET", u"/v1/transfers?"_s + query);
        return r.json;
    };
    QJsonObject page = list(u"limit=2"_s);
    QCOMPARE(page[u"object"].toString(), u"list"_s);
    QCOMPARE(page[u"url"].toString(), u"/v1/transfers"_s);
    QCOMPARE(ids(page), (QStringList{made[4], made[3]}));
    QCOMPARE(page[u"has_more"].toBool(), true);
    page = list(u"limit=2&starting_after="_s + made[3]);
    QCOMPARE(ids(page), (QStringList{made[2], made[1]}));
    QCOMPARE(page[u"has_more"].toBool(), true);
    page = list(u"limit=2&starting_after="_s + made[1]);
    QCOMPARE(ids(page), (QStringList{made[0]}));
    QCOMPARE(page[u"has_more"].toBool(true), false);
    page = list(u"limit=2&ending_before="_s + made[0]);
    QCOMPARE(ids(page), (QStringList{made[2], made[1]}));
    QCOMPARE(page[u"has_more"].toBool(), true);
    page = list(u"limit=2&ending_before="_s + made[2]);
    QCOMPARE(ids(page), (QStringList{made[4], made[3]}));
    QCOMPARE(page[u"has_more"].toBool(true), false);
    page = list(u"ending_before="_s + made[4]);
    QVERIFY(ids(page).isEmpty());
    QCOMPARE(ids(list({})).size(), 5); // default limit 10

    QCOMPARE(send("GET", u"/v1/transfers?limit=0"_s).status, 400);
    QCOMPARE(send("GET", u"/v1/transfers?limit=101"_s).errorParam(), u"limit"_s);
    QCOMPARE(send("GET", u"/v1/transfers?limit=100"_s).status, 200);
    QCOMPARE(send("GET", u"/v1/transfers?starting_after=tr_nope"_s).errorCode(),
             u"resource_missing"_s);
    QCOMPARE(
        send("GET", u"/v1/transfers?starting_after="_s + made[0] + u"&ending_before="_s + made[1])
            .status,
        400);
}

void TestFakeStripe::transfersFilters()
{
    m_fake->addAccount(u"acct_two"_s);
    m_fake->setCurrentTime(2000);
    const QString a =
        postTransfer(transferBody(1, u"acct_ok"_s, {{u"transfer_group"_s, u"g1"_s}})).id();
    m_fake->setCurrentTime(2001);
    const QString b =
        postTransfer(transferBody(2, u"acct_two"_s, {{u"transfer_group"_s, u"g1"_s}})).id();
    m_fake->setCurrentTime(2002);
    const QString c =
        postTransfer(transferBody(3, u"acct_two"_s, {{u"transfer_group"_s, u"g2"_s}})).id();
    const auto query = [this](const QString &q) {
        return ids(send("GET", u"/v1/transfers?"_s + q).json);
    };
    QCOMPARE(query(u"destination=acct_two"_s), (QStringList{c, b}));
    QCOMPARE(query(u"transfer_group=g1"_s), (QStringList{b, a}));
    QCOMPARE(query(u"destination=acct_two&transfer_group=g1"_s), (QStringList{b}));
    QCOMPARE(query(u"created%5Bgte%5D=2001"_s), (QStringList{c, b}));
    QCOMPARE(query(u"created[gt]=2000&created[lt]=2002"_s), (QStringList{b}));
    QCOMPARE(query(u"created[lte]=2001"_s), (QStringList{b, a}));
    QCOMPARE(query(u"created=2002"_s), (QStringList{c}));
    // A cursor outside the filter still positions the page.
    QCOMPARE(query(u"transfer_group=g1&starting_after="_s + c), (QStringList{b, a}));
    QCOMPARE(send("GET", u"/v1/transfers?created[gt]=soon"_s).status, 400);
}

void TestFakeStripe::eventsPaginationAndFilters()
{
    const QStringList types = {u"checkout.session.completed"_s, u"charge.refunded"_s,
                               u"checkout.session.async_payment_succeeded"_s, u"payout.paid"_s,
                               u"checkout.session.completed"_s};
    QStringList made;
    for (qsizetype i = 0; i < types.size(); ++i) {
        QJsonObject event;
        event.insert(u"id"_s, u"evt_%1"_s.arg(i));
        event.insert(u"type"_s, types.at(i));
        event.insert(u"created"_s, qint64(3000 + i));
        event.insert(u"data"_s, QJsonObject{{u"object"_s, QJsonObject{{u"id"_s, u"cs_x"_s}}}});
        made.append(m_fake->addEvent(QJsonDocument(event).toJson()));
    }
    QCOMPARE(made.first(), u"evt_0"_s);
    QVERIFY(m_fake->addEvent("not json").isEmpty());
    const auto query = [this](const QString &q) { return send("GET", u"/v1/events?"_s + q).json; };

    QJsonObject page = query(u"limit=2"_s);
    QCOMPARE(ids(page), (QStringList{made[4], made[3]}));
    QCOMPARE(page[u"has_more"].toBool(), true);
    QCOMPARE(page[u"url"].toString(), u"/v1/events"_s);
    page = query(u"limit=2&starting_after="_s + made[3]);
    QCOMPARE(ids(page), (QStringList{made[2], made[1]}));
    QCOMPARE(page[u"has_more"].toBool(), true);
    page = query(u"limit=3&ending_before="_s + made[1]);
    QCOMPARE(ids(page), (QStringList{made[4], made[3], made[2]}));
    QCOMPARE(page[u"has_more"].toBool(true), false);
    page = query(u"limit=1&ending_before="_s + made[1]);
    QCOMPARE(ids(page), (QStringList{made[2]}));
    QCOMPARE(page[u"has_more"].toBool(), true);

    QCOMPARE(ids(query(u"type=checkout.session.completed"_s)), (QStringList{made[4], made[0]}));
    QCOMPARE(ids(query(u"type=checkout.session.*"_s)), (QStringList{made[4], made[2], made[0]}));
    QCOMPARE(ids(query(u"type=*.paid"_s)), (QStringList{made[3]}));
    QCOMPARE(ids(query(u"types[]=charge.refunded&types[]=payout.paid"_s)),
             (QStringList{made[3], made[1]}));
    QCOMPARE(ids(query(u"types%5B0%5D=charge.refunded&types%5B1%5D=payout.*"_s)),
             (QStringList{made[3], made[1]}));
    QCOMPARE(ids(query(u"created[gte]=3003"_s)), (QStringList{made[4], made[3]}));
    QCOMPARE(ids(query(u"type=checkout.*&created[lt]=3002"_s)), (QStringList{made[0]}));

    QCOMPARE(send("GET", u"/v1/events?type=a&types[]=b"_s).status, 400);
    QString many;
    for (int i = 0; i < 21; ++i)
        many += u"types[]=t%1&"_s.arg(i);
    QCOMPARE(send("GET", u"/v1/events?"_s + many).errorParam(), u"types"_s);
    const Response one = send("GET", u"/v1/events/evt_2"_s);
    QCOMPARE(one.status, 200);
    QCOMPARE(one.json[u"type"].toString(), types.at(2));
    QCOMPARE(one.json[u"object"].toString(), u"event"_s);
}

void TestFakeStripe::metadataLimits_data()
{
    QTest::addColumn<int>("keys");
    QTest::addColumn<int>("keyLength");
    QTest::addColumn<int>("valueLength");
    QTest::addColumn<QString>("valueChar");
    QTest::addColumn<int>("status");
    QTest::newRow("50 keys") << 50 << 10 << 10 << u"v"_s << 200;
    QTest::newRow("51 keys") << 51 << 10 << 10 << u"v"_s << 400;
    QTest::newRow("key 40") << 1 << 40 << 10 << u"v"_s << 200;
    QTest::newRow("key 41") << 1 << 41 << 10 << u"v"_s << 400;
    QTest::newRow("value 500") << 1 << 10 << 500 << u"v"_s << 200;
    QTest::newRow("value 501") << 1 << 10 << 501 << u"v"_s << 400;
    // Characters, not UTF-8 bytes: 500 two-byte characters are fine.
    QTest::newRow("value 500 non-ascii") << 1 << 10 << 500 << u"é"_s << 200;
}

void TestFakeStripe::metadataLimits()
{
    QFETCH(int, keys);
    QFETCH(int, keyLength);
    QFETCH(int, valueLength);
    QFETCH(QString, valueChar);
    QFETCH(int, status);
    QList<QPair<QString, QString>> metadata;
    for (int i = 0; i < keys; ++i) {
        const QString key = QString(QString::number(i) + QString(keyLength, u'k')).left(keyLength);
        metadata.append({u"metadata["_s + key + u"]"_s, valueChar.repeated(valueLength)});
    }
    const Response r = postTransfer(transferBody(100, u"acct_ok"_s, metadata), "meta");
    QCOMPARE(r.status, status);
    if (status == 400) {
        QCOMPARE(r.errorType(), u"invalid_request_error"_s);
        QVERIFY(r.errorParam().startsWith(u"metadata"));
        QVERIFY(m_fake->transfers().isEmpty());
    } else {
        QCOMPARE(m_fake->transfers().first().metadata.size(), keys);
    }
}

void TestFakeStripe::controlApi()
{
    QCOMPARE(postTransfer(transferBody(100), "ctl").status, 200);
    // Control routes need no key.
    Response r = send("GET", u"/_fake/transfers"_s, {}, {}, QString());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json[u"data"].toArray().size(), 1);
    QCOMPARE(r.json[u"data"].toArray().first()[u"idempotency_key"].toString(), u"ctl"_s);

    r = send("POST", u"/_fake/events"_s, R"({"type":"payout.paid","created":5})", {}, QString());
    QCOMPARE(r.status, 200);
    const QString eventId = r.id();
    QVERIFY(eventId.startsWith(u"evt_"));
    QCOMPARE(send("GET", u"/v1/events/"_s + eventId).json[u"created"].toInteger(), 5);

    QCOMPARE(send("POST", u"/_fake/faults"_s, "kind=error_500_after_commit", {}, QString()).status,
             200);
    QCOMPARE(send("POST", u"/_fake/faults"_s, "kind=bogus", {}, QString()).status, 400);
    QCOMPARE(postTransfer(transferBody(100), "ctl-2").status, 500);
    QCOMPARE(m_fake->transfers().size(), 2);
    // Control requests are not counted as API requests.
    QCOMPARE(m_fake->requestCount(), 3);
}

QTEST_GUILESS_MAIN(TestFakeStripe)
#include "tst_fakestripe.moc"
