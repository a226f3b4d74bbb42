// Tests for FakeStripe's reads and its surroundings over real loopback HTTP
// with QNetworkAccessManager: form parameter decoding, transfers drawn on a
// charge, accounts and payment intents, unknown routes, pagination and
// filters of /v1/transfers and /v1/events, metadata limits and the /_fake/
// control API. Nothing sleeps: every wait is on a signal.
#include "FakeStripeTestSupport.h"
#include "FormParams.h"

class TestFakeStripeLists final : public QObject, public FakeStripeFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void formParamsDecoding();
    void sourceTransactionDrawsOnCharge();
    void accountsAndPaymentIntents();
    void unknownRoutesAndObjects();
    void transfersPagination();
    void transfersFilters();
    void eventsPaginationAndFilters();
    void metadataLimits_data();
    void metadataLimits();
    void controlApi();
};

void TestFakeStripeLists::init()
{
    setUpFake();
}

void TestFakeStripeLists::cleanup()
{
    tearDownFake();
}

void TestFakeStripeLists::formParamsDecoding()
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

void TestFakeStripeLists::sourceTransactionDrawsOnCharge()
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

void TestFakeStripeLists::accountsAndPaymentIntents()
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

void TestFakeStripeLists::unknownRoutesAndObjects()
{
    QCOMPARE(send("GET", u"/v1/transfers/tr_missing"_s).errorCode(), u"resource_missing"_s);
    QCOMPARE(send("GET", u"/v1/events/evt_missing"_s).status, 404);
    QCOMPARE(send("GET", u"/v1/customers"_s).status, 404);
    QCOMPARE(send("DELETE", u"/v1/transfers"_s).status, 404);
    QCOMPARE(send("GET", u"/v1/transfers?colour=red"_s).errorCode(), u"parameter_unknown"_s);
}

void TestFakeStripeLists::transfersPagination()
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

void TestFakeStripeLists::transfersFilters()
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

void TestFakeStripeLists::eventsPaginationAndFilters()
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

void TestFakeStripeLists::metadataLimits_data()
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

void TestFakeStripeLists::metadataLimits()
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

void TestFakeStripeLists::controlApi()
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

QTEST_GUILESS_MAIN(TestFakeStripeLists)
#include "tst_fakestripe_lists.moc"
