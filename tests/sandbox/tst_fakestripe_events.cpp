// Tests for the events the fake writes itself, as Stripe would, and the
// control route that changes a connected account: transfer.created,
// transfer.reversed (partial and full), account.updated, how they show in
// GET /v1/events (newest first, filters), and that replays and refusals
// write nothing. Real loopback HTTP; nothing sleeps.
#include "FakeStripeTestSupport.h"

class TestFakeStripeEvents final : public QObject, public FakeStripeFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void transferCreatedEvent();
    void replaysAndRefusalsWriteNoEvent();
    void reversalEvents();
    void accountUpdatedFromTheApi();
    void controlRouteChangesAnAccount();
    void controlRouteCreatesAnAccountWithABalance();
    void controlRouteRefusesBadInput_data();
    void controlRouteRefusesBadInput();
    void ownAndPostedEventsListNewestFirst();
    void stateShowsAccountsAndCounts();

private:
    QJsonObject event(const QString &id) { return send("GET", u"/v1/events/"_s + id).json; }
    QJsonObject newest(const QString &type)
    {
        const QJsonArray data =
            send("GET", u"/v1/events?limit=1&type="_s + type).json[u"data"].toArray();
        return data.isEmpty() ? QJsonObject() : data.first().toObject();
    }
    Response control(const QString &path, const QByteArray &body)
    {
        return send("POST", path, body, {}, QString());
    }
};

void TestFakeStripeEvents::init()
{
    setUpFake();
}

void TestFakeStripeEvents::cleanup()
{
    tearDownFake();
}

void TestFakeStripeEvents::transferCreatedEvent()
{
    m_fake->setCurrentTime(1'800'000'000);
    QSignalSpy added(m_fake.get(), &FakeStripe::eventAdded);
    const Response t = postTransfer(
        transferBody(1234, u"acct_ok"_s,
                     {{u"transfer_group"_s, u"run_1"_s}, {u"metadata[entry_ids]"_s, u"e1"_s}}),
        "pay-1");
    QCOMPARE(t.status, 200);
    QCOMPARE(added.count(), 1);
    const QJsonObject e = newest(u"transfer.created"_s);
    QVERIFY(e[u"id"].toString().startsWith(u"evt_"));
    QCOMPARE(e[u"id"].toString(), added.first().first().toJsonObject()[u"id"].toString());
    QCOMPARE(e[u"object"].toString(), u"event"_s);
    QCOMPARE(e[u"type"].toString(), u"transfer.created"_s);
    QCOMPARE(e[u"created"].toInteger(), 1'800'000'000);
    QCOMPARE(e[u"livemode"].toBool(true), false);
    QVERIFY(!e[u"api_version"].toString().isEmpty());
    QCOMPARE(e[u"data"][u"object"].toObject(), t.json);
    // The event names the request that caused it, key included.
    QCOMPARE(e[u"request"][u"id"].toString().toLatin1(), t.header("Request-Id"));
    QCOMPARE(e[u"request"][u"idempotency_key"].toString(), u"pay-1"_s);
    QCOMPARE(e[u"pending_webhooks"].toInteger(), 0);
    QVERIFY(!e.contains(u"account")); // a platform event, not a Connect one
}

void TestFakeStripeEvents::replaysAndRefusalsWriteNoEvent()
{
    QCOMPARE(postTransfer(transferBody(100), "once").status, 200);
    QCOMPARE(postTransfer(transferBody(100), "once").status, 200); // replay
    QCOMPARE(postTransfer(transferBody(100, u"acct_inactive"_s)).status, 400);
    QCOMPARE(postTransfer(transferBody(10'000'000)).errorCode(), u"balance_insufficient"_s);
    QCOMPARE(m_fake->events().size(), 1);
    const QString transfer = m_fake->transfers().first().id;
    m_fake->setAccountBalance(u"acct_ok"_s, u"gbp"_s, 0);
    QCOMPARE(send("POST", u"/v1/transfers/"_s + transfer + u"/reversals"_s).status, 400);
    QCOMPARE(m_fake->events().size(), 1);
}

void TestFakeStripeEvents::reversalEvents()
{
    const QString transfer = postTransfer(transferBody(1000)).id();
    const QString path = u"/v1/transfers/"_s + transfer + u"/reversals"_s;
    QCOMPARE(send("POST", path, form({{u"amount"_s, u"400"_s}}), "r1").status, 200);
    // Stripe sends transfer.reversed for partial reversals too.
    QJsonObject e = newest(u"transfer.reversed"_s);
    QCOMPARE(e[u"data"][u"object"][u"id"].toString(), transfer);
    QCOMPARE(e[u"data"][u"object"][u"amount_reversed"].toInteger(), 400);
    QCOMPARE(e[u"data"][u"object"][u"reversed"].toBool(true), false);
    QCOMPARE(e[u"data"][u"previous_attributes"][u"amount_reversed"].toInteger(), 0);
    QVERIFY(!e[u"data"][u"previous_attributes"].toObject().contains(u"reversed"));
    QCOMPARE(e[u"request"][u"idempotency_key"].toString(), u"r1"_s);

    QCOMPARE(send("POST", path, {}, "r2").status, 200);
    e = newest(u"transfer.reversed"_s);
    QCOMPARE(e[u"data"][u"object"][u"amount_reversed"].toInteger(), 1000);
    QCOMPARE(e[u"data"][u"object"][u"reversed"].toBool(), true);
    QCOMPARE(e[u"data"][u"previous_attributes"][u"amount_reversed"].toInteger(), 400);
    QCOMPARE(e[u"data"][u"previous_attributes"][u"reversed"].toBool(true), false);
    QCOMPARE(e[u"data"][u"object"][u"reversals"][u"total_count"].toInteger(), 2);

    const QJsonArray all = send("GET", u"/v1/events?type=transfer.*"_s).json[u"data"].toArray();
    QCOMPARE(all.size(), 3);
    QCOMPARE(all.at(2)[u"type"].toString(), u"transfer.created"_s);
}

void TestFakeStripeEvents::accountUpdatedFromTheApi()
{
    m_fake->setAccountTransfersActive(u"acct_inactive"_s, true);
    QCOMPARE(m_fake->events().size(), 1);
    QJsonObject e = m_fake->events().last();
    QCOMPARE(e[u"type"].toString(), u"account.updated"_s);
    QCOMPARE(e[u"account"].toString(), u"acct_inactive"_s);
    QCOMPARE(e[u"data"][u"object"][u"id"].toString(), u"acct_inactive"_s);
    QCOMPARE(e[u"data"][u"object"][u"capabilities"][u"transfers"].toString(), u"active"_s);
    QCOMPARE(e[u"data"][u"previous_attributes"][u"capabilities"][u"transfers"].toString(),
             u"inactive"_s);
    QVERIFY(e[u"request"][u"id"].isNull());
    // No change, no event.
    m_fake->setAccountTransfersActive(u"acct_inactive"_s, true);
    m_fake->setAccountTransfersActive(u"acct_missing"_s, true);
    QCOMPARE(m_fake->events().size(), 1);
    m_fake->setAccountPayoutsEnabled(u"acct_inactive"_s, true);
    QCOMPARE(m_fake->events().size(), 2);
    e = m_fake->events().last();
    QCOMPARE(e[u"data"][u"object"][u"payouts_enabled"].toBool(), true);
    QCOMPARE(e[u"data"][u"previous_attributes"][u"payouts_enabled"].toBool(true), false);
}

void TestFakeStripeEvents::controlRouteChangesAnAccount()
{
    Response r = control(u"/_fake/accounts/acct_inactive"_s, "transfers=active");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json[u"capabilities"][u"transfers"].toString(), u"active"_s);
    QJsonObject e = newest(u"account.updated"_s);
    QCOMPARE(e[u"data"][u"object"][u"capabilities"][u"transfers"].toString(), u"active"_s);
    QCOMPARE(e[u"account"].toString(), u"acct_inactive"_s);
    QCOMPARE(postTransfer(transferBody(100, u"acct_inactive"_s)).status, 200);

    r = control(u"/_fake/accounts/acct_ok"_s, "transfers=inactive&payouts_enabled=false");
    QCOMPARE(r.status, 200);
    QCOMPARE(send("GET", u"/v1/accounts/acct_ok"_s).json[u"payouts_enabled"].toBool(true), false);
    QCOMPARE(postTransfer(transferBody(100, u"acct_ok"_s)).errorCode(),
             u"insufficient_capabilities_for_transfer"_s);
    // One event per change: acct_inactive once, acct_ok twice.
    const QJsonArray updates =
        send("GET", u"/v1/events?type=account.updated"_s).json[u"data"].toArray();
    QCOMPARE(updates.size(), 3);
    QCOMPARE(updates.at(0)[u"data"][u"object"][u"payouts_enabled"].toBool(true), false);
    QCOMPARE(updates.at(1)[u"data"][u"object"][u"capabilities"][u"transfers"].toString(),
             u"inactive"_s);
    // Setting what is already so writes nothing.
    QCOMPARE(control(u"/_fake/accounts/acct_ok"_s, "transfers=inactive").status, 200);
    QCOMPARE(send("GET", u"/v1/events?type=account.updated"_s).json[u"data"].toArray().size(), 3);
}

void TestFakeStripeEvents::controlRouteCreatesAnAccountWithABalance()
{
    const Response r =
        control(u"/_fake/accounts/acct_new"_s, "transfers=inactive&balance%5Bgbp%5D=250");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json[u"id"].toString(), u"acct_new"_s);
    QCOMPARE(r.json[u"balance"][u"gbp"].toInteger(), 250);
    QVERIFY(m_fake->hasAccount(u"acct_new"_s));
    QCOMPARE(m_fake->accountBalance(u"acct_new"_s, u"gbp"_s), 250);
    QVERIFY(m_fake->events().isEmpty()); // creation is not an update
    QCOMPARE(send("GET", u"/v1/accounts/acct_new"_s).json[u"capabilities"][u"transfers"].toString(),
             u"inactive"_s);
    // Emptying an artist's balance makes a later reversal fail.
    const QString t = postTransfer(transferBody(300)).id();
    QCOMPARE(control(u"/_fake/accounts/acct_ok"_s, "balance[gbp]=0").status, 200);
    QCOMPARE(send("POST", u"/v1/transfers/"_s + t + u"/reversals"_s).errorCode(),
             u"balance_insufficient"_s);
}

void TestFakeStripeEvents::controlRouteRefusesBadInput_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("capability") << u"/_fake/accounts/acct_ok"_s << "transfers=pending"_ba;
    QTest::newRow("payouts") << u"/_fake/accounts/acct_ok"_s << "payouts_enabled=yes"_ba;
    QTest::newRow("balance") << u"/_fake/accounts/acct_ok"_s << "balance[gbp]=-1"_ba;
    QTest::newRow("currency") << u"/_fake/accounts/acct_ok"_s << "balance[pounds]=1"_ba;
    QTest::newRow("unknown") << u"/_fake/accounts/acct_ok"_s << "colour=red"_ba;
    QTest::newRow("id") << u"/_fake/accounts/bob"_s << "transfers=active"_ba;
}

void TestFakeStripeEvents::controlRouteRefusesBadInput()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    const Response r = control(path, body);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorType(), u"invalid_request_error"_s);
    QVERIFY(m_fake->events().isEmpty());
    QVERIFY(!m_fake->hasAccount(u"bob"_s));
    QCOMPARE(m_fake->accountBalance(u"acct_ok"_s, u"gbp"_s), 0);
}

void TestFakeStripeEvents::ownAndPostedEventsListNewestFirst()
{
    const QString transfer = postTransfer(transferBody(100)).id();
    const Response posted =
        control(u"/_fake/events"_s, R"({"type":"checkout.session.completed"})"_ba);
    QCOMPARE(posted.status, 200);
    QCOMPARE(control(u"/_fake/accounts/acct_inactive"_s, "transfers=active").status, 200);
    QCOMPARE(send("POST", u"/v1/transfers/"_s + transfer + u"/reversals"_s).status, 200);

    const QJsonArray data = send("GET", u"/v1/events"_s).json[u"data"].toArray();
    QStringList types;
    for (const QJsonValue &e : data)
        types.append(e[u"type"].toString());
    QCOMPARE(types, (QStringList{u"transfer.reversed"_s, u"account.updated"_s,
                                 u"checkout.session.completed"_s, u"transfer.created"_s}));
    QCOMPARE(data.at(2)[u"id"].toString(), posted.id());
    QCOMPARE(ids(send("GET", u"/v1/events?types[]=transfer.created&types[]=account.*"_s).json),
             (QStringList{data.at(1)[u"id"].toString(), data.at(3)[u"id"].toString()}));
    // ending_before the newest seen: what a poller asks next.
    QCOMPARE(ids(send("GET", u"/v1/events?ending_before="_s + data.at(1)[u"id"].toString()).json),
             QStringList{data.at(0)[u"id"].toString()});
    // Without a webhook endpoint every event counts as delivered.
    QCOMPARE(ids(send("GET", u"/v1/events?delivery_success=true"_s).json).size(), 4);
    QVERIFY(ids(send("GET", u"/v1/events?delivery_success=false"_s).json).isEmpty());
    QCOMPARE(send("GET", u"/v1/events?delivery_success=maybe"_s).status, 400);
}

void TestFakeStripeEvents::stateShowsAccountsAndCounts()
{
    const QString transfer = postTransfer(transferBody(800)).id();
    QCOMPARE(send("POST", u"/v1/transfers/"_s + transfer + u"/reversals"_s,
                  form({{u"amount"_s, u"300"_s}}))
                 .status,
             200);
    const Response s = send("GET", u"/_fake/state"_s, {}, {}, QString());
    QCOMPARE(s.status, 200);
    QCOMPARE(s.json[u"available"][u"gbp"].toInteger(), 100000 - 800 + 300);
    QCOMPARE(s.json[u"pending"][u"gbp"].toInteger(), 2500);
    QCOMPARE(s.json[u"accounts"][u"acct_ok"][u"balance"][u"gbp"].toInteger(), 500);
    QCOMPARE(s.json[u"accounts"][u"acct_inactive"][u"transfers"].toString(), u"inactive"_s);
    QCOMPARE(s.json[u"transfers"].toInteger(), 1);
    QCOMPARE(s.json[u"reversals"].toInteger(), 1);
    QCOMPARE(s.json[u"events"].toInteger(), 2);
    QVERIFY(s.json[u"webhook_endpoints"].toArray().isEmpty());
}

QTEST_GUILESS_MAIN(TestFakeStripeEvents)
#include "tst_fakestripe_events.moc"
