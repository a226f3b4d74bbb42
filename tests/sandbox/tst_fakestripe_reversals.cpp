// Tests for the fake's transfer reversals and the reads around them, over
// real loopback HTTP: POST and GET /v1/transfers/{id}/reversals, what the
// transfer shows afterwards, the connected account's own balance (credited
// by transfers, drawn on by reversals), idempotency and faults on the
// reversal POST, and GET /v1/accounts/{id} with its requirements. Nothing
// sleeps: every wait is on a signal.
#include "FakeStripeTestSupport.h"

class TestFakeStripeReversals final : public QObject, public FakeStripeFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void transfersCreditTheConnectedAccount();
    void fullReversalByDefault();
    void partialReversalsThenTheRest();
    void reversalsAreListedAndRetrievable();
    void insufficientAccountBalanceIsRefusedAndStored();
    void idempotentReplayReversesOnce();
    void sameKeyDifferentReversalIsAnIdempotencyError();
    void tooMuchAndAlreadyReversed();
    void validationErrorsStoreNothing_data();
    void validationErrorsStoreNothing();
    void unknownTransfer();
    void faultsApplyToReversals();
    void accountsShowRequirements();
    void paymentIntentNamesItsLatestCharge();

private:
    QString pay(qint64 amount, const QString &destination = u"acct_ok"_s)
    {
        const Response r = postTransfer(transferBody(amount, destination));
        if (r.status != 200)
            qWarning("transfer failed: %s", r.body.constData());
        return r.id();
    }
    Response reverse(const QString &transferId, const QByteArray &body = {},
                     const QByteArray &idempotencyKey = {})
    {
        return send("POST", u"/v1/transfers/"_s + transferId + u"/reversals"_s, body,
                    idempotencyKey);
    }
};

void TestFakeStripeReversals::init()
{
    setUpFake();
}

void TestFakeStripeReversals::cleanup()
{
    tearDownFake();
}

void TestFakeStripeReversals::transfersCreditTheConnectedAccount()
{
    QCOMPARE(m_fake->accountBalance(u"acct_ok"_s, u"gbp"_s), 0);
    pay(700);
    pay(300);
    QCOMPARE(m_fake->accountBalance(u"acct_ok"_s, u"gbp"_s), 1000);
    QCOMPARE(m_fake->availableBalance(u"gbp"_s), 99000);
    // A transfer drawn on a charge lands in the account too.
    m_fake->addPaymentIntent(u"pi_1"_s, u"ch_1"_s, 500, u"gbp"_s);
    QCOMPARE(postTransfer(transferBody(500, u"acct_ok"_s, {{u"source_transaction"_s, u"ch_1"_s}}))
                 .status,
             200);
    QCOMPARE(m_fake->accountBalance(u"acct_ok"_s, u"gbp"_s), 1500);
}

void TestFakeStripeReversals::fullReversalByDefault()
{
    const QString transfer = pay(1200);
    QSignalSpy reversed(m_fake.get(), &FakeStripe::transferReversed);
    const Response r = reverse(transfer, {}, "rev-1");
    QCOMPARE(r.status, 200);
    QVERIFY(r.id().startsWith(u"trr_"));
    QCOMPARE(r.json[u"object"].toString(), u"transfer_reversal"_s);
    QCOMPARE(r.json[u"amount"].toInteger(), 1200);
    QCOMPARE(r.json[u"currency"].toString(), u"gbp"_s);
    QCOMPARE(r.json[u"transfer"].toString(), transfer);
    QVERIFY(r.json[u"created"].toInteger() > 0);
    QVERIFY(r.header("Request-Id").startsWith("req_"));
    QCOMPARE(reversed.count(), 1);

    // Money goes back: from the artist's balance to the platform's.
    QCOMPARE(m_fake->accountBalance(u"acct_ok"_s, u"gbp"_s), 0);
    QCOMPARE(m_fake->availableBalance(u"gbp"_s), 100000);
    const Response t = send("GET", u"/v1/transfers/"_s + transfer);
    QCOMPARE(t.json[u"amount_reversed"].toInteger(), 1200);
    QCOMPARE(t.json[u"reversed"].toBool(), true);
    QCOMPARE(t.json[u"reversals"][u"total_count"].toInteger(), 1);
    QCOMPARE(ids(t.json[u"reversals"].toObject()), QStringList{r.id()});
}

void TestFakeStripeReversals::partialReversalsThenTheRest()
{
    const QString transfer = pay(1000);
    const Response first = reverse(transfer, form({{u"amount"_s, u"300"_s}}));
    QCOMPARE(first.status, 200);
    QCOMPARE(first.json[u"amount"].toInteger(), 300);
    Response t = send("GET", u"/v1/transfers/"_s + transfer);
    QCOMPARE(t.json[u"amount_reversed"].toInteger(), 300);
    QCOMPARE(t.json[u"reversed"].toBool(true), false); // partly reversed is not "reversed"
    QCOMPARE(m_fake->accountBalance(u"acct_ok"_s, u"gbp"_s), 700);

    // No amount: all that is not reversed yet.
    const Response rest = reverse(transfer, form({{u"metadata[reason]"_s, u"refund"_s}}));
    QCOMPARE(rest.status, 200);
    QCOMPARE(rest.json[u"amount"].toInteger(), 700);
    QCOMPARE(rest.json[u"metadata"][u"reason"].toString(), u"refund"_s);
    t = send("GET", u"/v1/transfers/"_s + transfer);
    QCOMPARE(t.json[u"amount_reversed"].toInteger(), 1000);
    QCOMPARE(t.json[u"reversed"].toBool(), true);
    QCOMPARE(ids(t.json[u"reversals"].toObject()), (QStringList{rest.id(), first.id()}));
    QCOMPARE(m_fake->availableBalance(u"gbp"_s), 100000);
}

void TestFakeStripeReversals::reversalsAreListedAndRetrievable()
{
    const QString transfer = pay(1000);
    const QString other = pay(50);
    QStringList made; // oldest first
    for (int i = 0; i < 3; ++i)
        made.append(reverse(transfer, form({{u"amount"_s, u"100"_s}})).id());
    reverse(other);

    const auto list = [&](const QString &query) {
        return send("GET", u"/v1/transfers/"_s + transfer + u"/reversals"_s + query);
    };
    Response page = list({});
    QCOMPARE(page.status, 200);
    QCOMPARE(page.json[u"object"].toString(), u"list"_s);
    QCOMPARE(page.json[u"url"].toString(), u"/v1/transfers/"_s + transfer + u"/reversals"_s);
    QCOMPARE(ids(page.json), (QStringList{made[2], made[1], made[0]}));
    page = list(u"?limit=2"_s);
    QCOMPARE(ids(page.json), (QStringList{made[2], made[1]}));
    QCOMPARE(page.json[u"has_more"].toBool(), true);
    page = list(u"?limit=2&starting_after="_s + made[1]);
    QCOMPARE(ids(page.json), QStringList{made[0]});
    QCOMPARE(page.json[u"has_more"].toBool(true), false);
    QCOMPARE(list(u"?colour=red"_s).errorCode(), u"parameter_unknown"_s);
    QCOMPARE(list(u"?created[gt]=1"_s).errorCode(), u"parameter_unknown"_s);

    const Response one =
        send("GET", u"/v1/transfers/"_s + transfer + u"/reversals/"_s + made.first());
    QCOMPARE(one.status, 200);
    QCOMPARE(one.json[u"amount"].toInteger(), 100);
    // A reversal is found under its own transfer only.
    const Response elsewhere =
        send("GET", u"/v1/transfers/"_s + other + u"/reversals/"_s + made.first());
    QCOMPARE(elsewhere.status, 404);
    QCOMPARE(elsewhere.errorCode(), u"resource_missing"_s);
    QCOMPARE(send("GET", u"/v1/transfers/tr_nope/reversals"_s).status, 404);
    QCOMPARE(send("GET", u"/v1/transfers/"_s + transfer + u"/refunds"_s).status, 404);
}

void TestFakeStripeReversals::insufficientAccountBalanceIsRefusedAndStored()
{
    // The artist has been paid out to the bank since: 200 of 1000 remain.
    const QString transfer = pay(1000);
    m_fake->setAccountBalance(u"acct_ok"_s, u"gbp"_s, 200);
    const Response r = reverse(transfer, {}, "claw");
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorType(), u"invalid_request_error"_s);
    QCOMPARE(r.errorCode(), u"balance_insufficient"_s);
    QVERIFY(m_fake->reversals().isEmpty());
    QCOMPARE(m_fake->accountBalance(u"acct_ok"_s, u"gbp"_s), 200);
    QCOMPARE(m_fake->availableBalance(u"gbp"_s), 99000);
    const Response t = send("GET", u"/v1/transfers/"_s + transfer);
    QCOMPARE(t.json[u"amount_reversed"].toInteger(), 0);
    QCOMPARE(t.json[u"reversed"].toBool(true), false);

    // The refusal is an execution result: the same key keeps answering it
    // even once the balance could cover it; what it covers goes with a new key.
    m_fake->setAccountBalance(u"acct_ok"_s, u"gbp"_s, 5000);
    const Response again = reverse(transfer, {}, "claw");
    QCOMPARE(again.status, 400);
    QCOMPARE(again.body, r.body);
    QCOMPARE(again.header("Idempotent-Replayed"), "true");
    QCOMPARE(reverse(transfer, form({{u"amount"_s, u"200"_s}}), "claw-2").status, 200);
}

void TestFakeStripeReversals::idempotentReplayReversesOnce()
{
    const QString transfer = pay(1000);
    const QByteArray body = form({{u"amount"_s, u"400"_s}});
    const Response first = reverse(transfer, body, "rev-key");
    const Response second = reverse(transfer, body, "rev-key");
    QCOMPARE(first.status, 200);
    QCOMPARE(second.status, 200);
    QCOMPARE(second.id(), first.id());
    QCOMPARE(second.body, first.body);
    QCOMPARE(second.header("Idempotent-Replayed"), "true");
    QCOMPARE(m_fake->reversals().size(), 1);
    QCOMPARE(m_fake->accountBalance(u"acct_ok"_s, u"gbp"_s), 600);
    QCOMPARE(send("GET", u"/v1/transfers/"_s + transfer).json[u"amount_reversed"].toInteger(), 400);
}

void TestFakeStripeReversals::sameKeyDifferentReversalIsAnIdempotencyError()
{
    const QString a = pay(1000);
    const QString b = pay(1000);
    QCOMPARE(reverse(a, form({{u"amount"_s, u"100"_s}}), "k").status, 200);
    const Response otherAmount = reverse(a, form({{u"amount"_s, u"101"_s}}), "k");
    QCOMPARE(otherAmount.status, 400);
    QCOMPARE(otherAmount.errorType(), u"idempotency_error"_s);
    // The path is part of the request: the same body on another transfer differs.
    const Response otherTransfer = reverse(b, form({{u"amount"_s, u"100"_s}}), "k");
    QCOMPARE(otherTransfer.errorType(), u"idempotency_error"_s);
    // And a key used for a transfer cannot be reused for a reversal.
    QCOMPARE(postTransfer(transferBody(10), "t").status, 200);
    QCOMPARE(reverse(a, {}, "t").errorType(), u"idempotency_error"_s);
    QCOMPARE(m_fake->reversals().size(), 1);
}

void TestFakeStripeReversals::tooMuchAndAlreadyReversed()
{
    const QString transfer = pay(500);
    const Response tooMuch = reverse(transfer, form({{u"amount"_s, u"501"_s}}));
    QCOMPARE(tooMuch.status, 400);
    QCOMPARE(tooMuch.errorParam(), u"amount"_s);
    QCOMPARE(reverse(transfer).status, 200);
    const Response twice = reverse(transfer);
    QCOMPARE(twice.status, 400);
    QCOMPARE(twice.errorType(), u"invalid_request_error"_s);
    QVERIFY(twice.json[u"error"][u"message"].toString().contains(u"already"));
    QCOMPARE(m_fake->reversals().size(), 1);
}

void TestFakeStripeReversals::validationErrorsStoreNothing_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("param");
    QTest::newRow("amount zero") << form({{u"amount"_s, u"0"_s}}) << u"parameter_invalid_integer"_s
                                 << u"amount"_s;
    QTest::newRow("amount text") << form({{u"amount"_s, u"all"_s}})
                                 << u"parameter_invalid_integer"_s << u"amount"_s;
    QTest::newRow("unknown") << form({{u"destination"_s, u"acct_ok"_s}}) << u"parameter_unknown"_s
                             << u"destination"_s;
    QTest::newRow("metadata key 41")
        << form({{u"metadata["_s + QString(41, u'k') + u"]"_s, u"v"_s}}) << QString()
        << u"metadata"_s;
    QTest::newRow("fee flag") << form({{u"refund_application_fee"_s, u"yes"_s}}) << QString()
                              << u"refund_application_fee"_s;
}

void TestFakeStripeReversals::validationErrorsStoreNothing()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, param);
    const QString transfer = pay(100);
    const Response r = reverse(transfer, body, "v");
    QCOMPARE(r.status, 400);
    QCOMPARE(r.errorCode(), code);
    QCOMPARE(r.errorParam(), param);
    // Nothing was stored under the key: the corrected request runs.
    QCOMPARE(reverse(transfer, {}, "v").status, 200);
}

void TestFakeStripeReversals::unknownTransfer()
{
    const Response r = reverse(u"tr_nope"_s, {}, "u");
    QCOMPARE(r.status, 404);
    QCOMPARE(r.errorCode(), u"resource_missing"_s);
    QCOMPARE(r.errorParam(), u"id"_s);
    QCOMPARE(send("GET", u"/v1/transfers/tr_nope"_s).status, 404);
}

void TestFakeStripeReversals::faultsApplyToReversals()
{
    const QString transfer = pay(900);
    // The reversal commits, the answer is lost; the retry replays it.
    m_fake->queueFault(FakeStripe::Fault::Error500AfterCommit);
    const Response lost = reverse(transfer, {}, "rf");
    QCOMPARE(lost.status, 500);
    QCOMPARE(m_fake->reversals().size(), 1);
    const Response retry = reverse(transfer, {}, "rf");
    QCOMPARE(retry.status, 200);
    QCOMPARE(retry.id(), m_fake->reversals().first().id);
    QCOMPARE(m_fake->reversals().size(), 1);
    QCOMPARE(m_fake->accountBalance(u"acct_ok"_s, u"gbp"_s), 0);
    QCOMPARE(m_fake->faultCount(), 1);
}

void TestFakeStripeReversals::accountsShowRequirements()
{
    const Response ok = send("GET", u"/v1/accounts/acct_ok"_s);
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.json[u"object"].toString(), u"account"_s);
    QCOMPARE(ok.json[u"capabilities"][u"transfers"].toString(), u"active"_s);
    QCOMPARE(ok.json[u"payouts_enabled"].toBool(), true);
    QCOMPARE(ok.json[u"charges_enabled"].toBool(), true);
    QVERIFY(ok.json[u"requirements"][u"currently_due"].toArray().isEmpty());
    QVERIFY(ok.json[u"requirements"][u"disabled_reason"].isNull());

    const Response notReady = send("GET", u"/v1/accounts/acct_inactive"_s);
    QCOMPARE(notReady.json[u"capabilities"][u"transfers"].toString(), u"inactive"_s);
    QCOMPARE(notReady.json[u"payouts_enabled"].toBool(true), false);
    QVERIFY(!notReady.json[u"requirements"][u"currently_due"].toArray().isEmpty());
    QCOMPARE(notReady.json[u"requirements"][u"disabled_reason"].toString(),
             u"requirements.past_due"_s);

    m_fake->setAccountTransfersActive(u"acct_inactive"_s, true);
    m_fake->setAccountPayoutsEnabled(u"acct_inactive"_s, true);
    const Response ready = send("GET", u"/v1/accounts/acct_inactive"_s);
    QCOMPARE(ready.json[u"capabilities"][u"transfers"].toString(), u"active"_s);
    QCOMPARE(ready.json[u"payouts_enabled"].toBool(), true);
    QVERIFY(ready.json[u"requirements"][u"disabled_reason"].isNull());
}

void TestFakeStripeReversals::paymentIntentNamesItsLatestCharge()
{
    m_fake->addPaymentIntent(u"pi_42"_s, u"ch_42"_s, 2500, u"GBP"_s);
    const Response pi = send("GET", u"/v1/payment_intents/pi_42"_s);
    QCOMPARE(pi.status, 200);
    QCOMPARE(pi.json[u"object"].toString(), u"payment_intent"_s);
    QCOMPARE(pi.json[u"latest_charge"].toString(), u"ch_42"_s);
    QCOMPARE(pi.json[u"amount"].toInteger(), 2500);
    QCOMPARE(pi.json[u"currency"].toString(), u"gbp"_s);
    QCOMPARE(pi.json[u"status"].toString(), u"succeeded"_s);
    QCOMPARE(send("GET", u"/v1/payment_intents/pi_none"_s).errorCode(), u"resource_missing"_s);
}

QTEST_GUILESS_MAIN(TestFakeStripeReversals)
#include "tst_fakestripe_reversals.moc"
