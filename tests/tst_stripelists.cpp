// StripeClient's reads against FakeStripe over loopback: accounts, payment
// intents, and paging through events and transfers the way the Events API
// poller and reconciliation do.
#include "FakeStripe.h"
#include "StripeTestCalls.h"
#include "stripe/StripeClient.h"

#include <QJsonArray>
#include <QTest>

#include <algorithm>
#include <memory>

using Kind = StripeError::Kind;

namespace {

QStringList idsOf(const QJsonObject &list)
{
    QStringList ids;
    const QJsonArray data = list.value(u"data").toArray();
    for (const QJsonValue &item : data)
        ids.append(item[u"id"].toString());
    return ids;
}

} // namespace

class TestStripeLists final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void retrievesAccountsAndPaymentIntents();
    void listEventsPages();
    void listTransfersPagesAndFilters();

private:
    StripeResponse run(const std::function<void(StripeClient &, StripeClient::Callback)> &start)
    {
        return waitForCall([&](StripeClient::Callback cb) { start(*m_client, std::move(cb)); });
    }

    std::unique_ptr<FakeStripe> m_fake;
    std::unique_ptr<StripeClient> m_client;
};

void TestStripeLists::init()
{
    m_fake = std::make_unique<FakeStripe>();
    QVERIFY(m_fake->listen());
    m_fake->addApiKey(u"sk_test_lists"_s);
    m_fake->setAvailableBalance(u"gbp"_s, 100'000);
    m_fake->addAccount(u"acct_artist1"_s);
    m_fake->addAccount(u"acct_artist2"_s);
    StripeClient::Config config;
    config.apiBase = m_fake->baseUrl();
    config.secretKey = u"sk_test_lists"_s;
    config.requestsPerSecond = 100;
    m_client = std::make_unique<StripeClient>(config);
}

void TestStripeLists::cleanup()
{
    m_client.reset();
    m_fake.reset();
}

void TestStripeLists::retrievesAccountsAndPaymentIntents()
{
    const StripeResponse account =
        run([](StripeClient &c, auto cb) { c.retrieveAccount(u"acct_artist1"_s, cb); });
    QVERIFY(account.result.has_value());
    QCOMPARE(account.result->value(u"capabilities")[u"transfers"].toString(), u"active"_s);
    QVERIFY(account.result->value(u"payouts_enabled").toBool());

    m_fake->addPaymentIntent(u"pi_sale1"_s, u"ch_sale1"_s, 1500, u"gbp"_s);
    const StripeResponse intent =
        run([](StripeClient &c, auto cb) { c.retrievePaymentIntent(u"pi_sale1"_s, cb); });
    QVERIFY(intent.result.has_value());
    QCOMPARE(intent.result->value(u"latest_charge").toString(), u"ch_sale1"_s);

    const StripeResponse missing =
        run([](StripeClient &c, auto cb) { c.retrieveAccount(u"acct_missing"_s, cb); });
    QVERIFY(!missing.result.has_value());
    QCOMPARE(missing.result.error().kind, Kind::NotFound);
    QCOMPARE(missing.result.error().code, u"resource_missing"_s);
    QVERIFY(!missing.result.error().isRetryable());
    QVERIFY(!missing.result.error().outcomeUnknown()); // a GET changes nothing

    // A transfer funded by the sale's charge, before the charge is available.
    TransferRequest t = gbpTransfer(1000);
    t.sourceTransaction = u"ch_sale1"_s;
    m_fake->setAvailableBalance(u"gbp"_s, 0);
    const StripeResponse funded =
        run([&](StripeClient &c, auto cb) { c.createTransfer(t, u"payout-src"_s, cb); });
    QVERIFY2(funded.result.has_value(), why(funded).constData());
    QCOMPARE(funded.result->value(u"source_transaction").toString(), u"ch_sale1"_s);
}

void TestStripeLists::listEventsPages()
{
    m_fake->setCurrentTime(1'700'000'000);
    QStringList added; // oldest first
    for (int i = 0; i < 25; ++i) {
        const QByteArray type =
            i % 2 ? "checkout.session.completed"_ba : "payment_intent.succeeded"_ba;
        added.append(m_fake->addEvent(R"({"type":")"_ba + type + R"(","created":)"_ba +
                                      QByteArray::number(1'700'000'000 + i) + "}"));
    }
    QStringList seen;
    EventListQuery query;
    query.limit = 10;
    for (int page = 0; page < 5; ++page) {
        const StripeResponse r = run([&](StripeClient &c, auto cb) { c.listEvents(query, cb); });
        QVERIFY(r.result.has_value());
        const QStringList ids = idsOf(*r.result);
        seen += ids;
        if (!r.result->value(u"has_more").toBool())
            break;
        query.startingAfter = ids.last();
    }
    QStringList newestFirst = added;
    std::reverse(newestFirst.begin(), newestFirst.end());
    QCOMPARE(seen, newestFirst);

    // Only newer than the newest seen: what a poller asks next time.
    const QString later = m_fake->addEvent(R"({"type":"payment_intent.succeeded"})"_ba);
    EventListQuery newer;
    newer.endingBefore = seen.first();
    const StripeResponse fresh = run([&](StripeClient &c, auto cb) { c.listEvents(newer, cb); });
    QVERIFY(fresh.result.has_value());
    QCOMPARE(idsOf(*fresh.result), QStringList{later});

    EventListQuery filtered;
    filtered.types = {u"checkout.session.completed"_s};
    filtered.createdGt = 1'700'000'019;
    filtered.limit = 100;
    const StripeResponse some = run([&](StripeClient &c, auto cb) { c.listEvents(filtered, cb); });
    QVERIFY(some.result.has_value());
    QCOMPARE(idsOf(*some.result), (QStringList{added.at(23), added.at(21)}));
}

void TestStripeLists::listTransfersPagesAndFilters()
{
    QStringList made; // oldest first
    for (int i = 0; i < 5; ++i) {
        TransferRequest t = gbpTransfer(100 + i, i < 3 ? u"acct_artist1"_s : u"acct_artist2"_s);
        t.transferGroup = i % 2 ? u"grp_odd"_s : u"grp_even"_s;
        const StripeResponse r = run([&](StripeClient &c, auto cb) {
            c.createTransfer(t, u"payout-list-"_s + QString::number(i), cb);
        });
        QVERIFY(r.result.has_value());
        made.append(r.result->value(u"id").toString());
    }

    QStringList seen;
    TransferListQuery query;
    query.limit = 2;
    for (int page = 0; page < 5; ++page) {
        const StripeResponse r = run([&](StripeClient &c, auto cb) { c.listTransfers(query, cb); });
        QVERIFY(r.result.has_value());
        seen += idsOf(*r.result);
        if (!r.result->value(u"has_more").toBool())
            break;
        query.startingAfter = seen.last();
    }
    QCOMPARE(seen, (QStringList{made[4], made[3], made[2], made[1], made[0]}));

    TransferListQuery byGroup;
    byGroup.transferGroup = u"grp_even"_s;
    byGroup.destination = u"acct_artist1"_s;
    byGroup.createdGte = 1; // the wall clock is far past it
    const StripeResponse r = run([&](StripeClient &c, auto cb) { c.listTransfers(byGroup, cb); });
    QVERIFY(r.result.has_value());
    QCOMPARE(idsOf(*r.result), (QStringList{made[2], made[0]}));
}

QTEST_GUILESS_MAIN(TestStripeLists)
#include "tst_stripelists.moc"
