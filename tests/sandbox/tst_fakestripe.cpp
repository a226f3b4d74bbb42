// Tests for FakeStripe over real loopback HTTP with QNetworkAccessManager,
// the client the engine uses. Nothing sleeps: every wait is on a signal.
// This file covers POST /v1/transfers and what happens around it: keys,
// balance, idempotency, validation, injected faults, latency, the rate
// limiter and connections. Lists, events, accounts, payment intents, the
// request parameters and the /_fake/ control API are in
// tst_fakestripe_lists.cpp.
#include "FakeStripeTestSupport.h"

#include <QElapsedTimer>
#include <QNetworkInterface>
#include <QTcpSocket>

#include <algorithm>

class TestFakeStripe final : public QObject, public FakeStripeFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

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
};

void TestFakeStripe::init()
{
    setUpFake();
}

void TestFakeStripe::cleanup()
{
    tearDownFake();
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

QTEST_GUILESS_MAIN(TestFakeStripe)
#include "tst_fakestripe.moc"
