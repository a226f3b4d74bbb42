#include "Events.h"
#include "LedgerSeed.h"
#include "SqliteAccess.h"
#include "account/AccountReset.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using K = IntakeOutcome::Kind;

// Every EVENTS.md rule: what a sale, a duplicate, a refund or a bad event
// does to the ledger.
class TestIntake final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<Intake> m_intake;
    int m_n = 0;

    qint64 entries() { return m_ledger->reader().countEntries({}).value(); }
    // Event ids in `ids` that intake marked processed.
    qint64 processed(const QStringList &ids)
    {
        qint64 n = 0;
        for (const QString &id : ids)
            n += !m_ledger->intake().processedOutcome(id).value().isEmpty();
        return n;
    }

    // SQLite-specific: no store reads sales (their payment status and
    // purchase type) or the audit log, so these counts read the rows.
    qint64 sqliteCount(const QString &sql)
    {
        QSqlQuery q(sqliteConnection(*m_ledger));
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }
    qint64 salesWhere(const QString &where)
    {
        return sqliteCount(QStringLiteral("SELECT COUNT(*) FROM sales WHERE ") + where);
    }
    // SQLite-specific: a trigger that makes one insert fail, as a full disk
    // would; no store can be told to fail.
    void refuseInsertOfSession(const QString &session)
    {
        QSqlQuery q(sqliteConnection(*m_ledger));
        if (!q.exec(QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON entries "
                                   "WHEN NEW.reference = '%1' "
                                   "BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
                        .arg(session)))
            qFatal("cannot create the trigger");
    }
    IntakeOutcome ingest(const QByteArray &body)
    {
        const Result<IntakeOutcome> r = m_intake->ingestOne(body, IntakeSource::Webhook);
        if (!r)
            qFatal("intake failed: %s", qPrintable(r.error().message));
        return *r;
    }
    static Events::Cart threeItemCart()
    {
        Events::Cart c;
        c.items = {Events::item(QStringLiteral("art_1"), 560, QStringLiteral("trk_1"), {},
                                QStringLiteral("acct_1")),
                   Events::item(QStringLiteral("art_2"), 840, QStringLiteral("trk_7"), {},
                                QStringLiteral("acct_2")),
                   Events::item(QStringLiteral("art_3"), 70, {}, QStringLiteral("commission"),
                                QStringLiteral("acct_3"))};
        return c;
    }
    // n different purchases: events evt_0.., sessions cs_0.., intents pi_0..
    static QList<QByteArray> distinctCarts(int n)
    {
        QList<QByteArray> bodies;
        for (int i = 0; i < n; ++i) {
            Events::Cart c = threeItemCart();
            c.eventId = QStringLiteral("evt_%1").arg(i);
            c.session = QStringLiteral("cs_%1").arg(i);
            c.paymentIntent = QStringLiteral("pi_%1").arg(i);
            bodies.append(Events::cart(c));
        }
        return bodies;
    }

private Q_SLOTS:
    void init()
    {
        m_ledger = std::make_unique<Ledger>(m_dir.filePath(QStringLiteral("l%1.sqlite").arg(++m_n)),
                                            m_clock);
        QVERIFY(m_ledger->open());
        m_intake = std::make_unique<Intake>(*m_ledger);
    }
    void cleanup()
    {
        m_intake.reset();
        m_ledger.reset();
    }

    void paidCartRecordsOneEntryPerItem()
    {
        QSignalSpy recorded(m_intake.get(), &Intake::cartPurchaseRecorded);
        const IntakeOutcome o = ingest(Events::cart(threeItemCart()));
        QCOMPARE(o.kind, K::Recorded);
        QCOMPARE(o.entriesAdded, 3);
        QCOMPARE(recorded.size(), 1);
        const auto purchase = recorded.first().first().value<CartPurchase>();
        QCOMPARE(purchase.entryIds.size(), 3);
        QCOMPARE(purchase.totalMinor, 1470);
        QCOMPARE(purchase.artists, QStringList({QStringLiteral("art_1"), QStringLiteral("art_2"),
                                                QStringLiteral("art_3")}));

        const QList<Entry> e = m_ledger->reader().entries({}).value();
        QCOMPARE(e.size(), 3);
        QCOMPARE(e[0].amount, Money(560, QStringLiteral("gbp")));
        QCOMPARE(e[0].reference, QStringLiteral("cs_test_1"));
        QCOMPARE(e[0].state, EntryState::Pending);
        QCOMPARE(e[2].kind, EntryKind::Commission);
        QCOMPARE(m_ledger->reader().artist(QStringLiteral("art_2")).value()->account,
                 QStringLiteral("acct_2"));
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

    void validationRules_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("reason");
        const auto cartWith = [](const std::function<void(QJsonObject &)> &edit) {
            QJsonObject ev = Events::cartObject(threeItemCart());
            QJsonObject data = ev[u"data"].toObject();
            QJsonObject session = data[u"object"].toObject();
            edit(session);
            data[u"object"] = session;
            ev[u"data"] = data;
            return Events::toBytes(ev);
        };
        const auto withMeta = [&](const QString &key, const QJsonValue &value) {
            return cartWith([=](QJsonObject &s) {
                QJsonObject m = s[u"metadata"].toObject();
                if (value.isUndefined())
                    m.remove(key);
                else
                    m[key] = value;
                s[u"metadata"] = m;
            });
        };
        const auto withItems = [&](const QString &itemsJson) {
            return withMeta(QStringLiteral("cart_items"), itemsJson);
        };
        QTest::newRow("not JSON") << QByteArray("{not json") << "not valid JSON";
        QTest::newRow("not an object") << QByteArray("[1,2]") << "not a JSON object";
        QTest::newRow("no event id")
            << QByteArray(R"({"object":"event","type":"checkout.session.completed"})") << "no id";
        QTest::newRow("object is not a checkout session")
            << cartWith([](QJsonObject &s) { s[u"object"] = QStringLiteral("charge"); })
            << "not a Checkout Session";
        QTest::newRow("purchase_type missing")
            << withMeta(QStringLiteral("purchase_type"), QJsonValue::Undefined) << "purchase_type";
        QTest::newRow("purchase_type unknown")
            << withMeta(QStringLiteral("purchase_type"), QStringLiteral("gift")) << "purchase_type";
        QTest::newRow("cart_items missing")
            << withMeta(QStringLiteral("cart_items"), QJsonValue::Undefined)
            << "cart_items is missing";
        QTest::newRow("cart_items not JSON")
            << withItems(QStringLiteral("[{\"artist\":")) << "not valid JSON";
        QTest::newRow("cart_items empty") << withItems(QStringLiteral("[]")) << "non-empty array";
        QTest::newRow("cart_items an object")
            << withItems(QStringLiteral("{}")) << "non-empty array";
        QTest::newRow("item not an object") << withItems(QStringLiteral("[1]")) << "not an object";
        QTest::newRow("artist missing")
            << withItems(QStringLiteral(R"([{"track":"t","amount":1}])")) << "artist is required";
        QTest::newRow("artist not a string")
            << withItems(QStringLiteral(R"([{"artist":5,"track":"t","amount":1}])"))
            << "artist is required";
        QTest::newRow("amount missing")
            << withItems(QStringLiteral(R"([{"artist":"a","track":"t"}])")) << "amount missing";
        QTest::newRow("amount a string")
            << withItems(QStringLiteral(R"([{"artist":"a","track":"t","amount":"560"}])"))
            << "not a number";
        QTest::newRow("amount fractional")
            << withItems(QStringLiteral(R"([{"artist":"a","track":"t","amount":5.5}])"))
            << "not an integer";
        QTest::newRow("amount zero")
            << withItems(QStringLiteral(R"([{"artist":"a","track":"t","amount":0}])"))
            << "must be positive";
        QTest::newRow("amount negative")
            << withItems(QStringLiteral(R"([{"artist":"a","track":"t","amount":-5}])"))
            << "must be positive";
        QTest::newRow("amount beyond 64 bits")
            << withItems(
                   QStringLiteral(R"([{"artist":"a","track":"t","amount":9223372036854775808}])"))
            << "64 bits";
        QTest::newRow("track missing for a sale")
            << withItems(QStringLiteral(R"([{"artist":"a","amount":5}])")) << "track is required";
        QTest::newRow("kind unknown")
            << withItems(QStringLiteral(R"([{"artist":"a","track":"t","amount":5,"kind":"tip"}])"))
            << "kind must be";
        QTest::newRow("account malformed")
            << withItems(
                   QStringLiteral(R"([{"artist":"a","track":"t","amount":5,"account":"bank"}])"))
            << "acct_";
        QTest::newRow("items exceed amount_total")
            << cartWith([](QJsonObject &s) { s[u"amount_total"] = 1469; })
            << "more than amount_total";
        QTest::newRow("currency unknown")
            << cartWith([](QJsonObject &s) { s[u"currency"] = QStringLiteral("xyz"); })
            << "currency";
        QTest::newRow("currency upper case")
            << cartWith([](QJsonObject &s) { s[u"currency"] = QStringLiteral("GBP"); })
            << "currency";
        QTest::newRow("currency missing")
            << cartWith([](QJsonObject &s) { s.remove(u"currency"); }) << "currency";
        QTest::newRow("amount_total missing")
            << cartWith([](QJsonObject &s) { s.remove(u"amount_total"); }) << "amount_total";
        QTest::newRow("cart_items part missing")
            << withMeta(QStringLiteral("cart_items_3"), QStringLiteral("]"))
            << "cart_items_2 is missing";
        QTest::newRow("payment_intent missing")
            << cartWith([](QJsonObject &s) { s.remove(u"payment_intent"); }) << "payment_intent";
    }
    void validationRules()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, reason);
        QSignalSpy quarantined(m_intake.get(), &Intake::eventQuarantined);
        const IntakeOutcome o = ingest(body);
        QCOMPARE(o.kind, K::Quarantined);
        QVERIFY2(o.detail.contains(reason), qPrintable(o.detail));
        QCOMPARE(quarantined.size(), 1);
        // Stored whole, with its reason, and nothing of it in the ledger.
        const QList<QuarantinedEvent> q = m_ledger->reader().quarantine().value();
        QCOMPARE(q.size(), 1);
        QCOMPARE(q.first().body, body);
        QCOMPARE(q.first().reason, o.detail);
        QCOMPARE(entries(), 0);
        QCOMPARE(m_ledger->reader().artists().value().size(), 0);
        QCOMPARE(salesWhere(QStringLiteral("1")), 0);
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

    void titlesAreStoredWithTheirEntries()
    {
        Events::Cart c = threeItemCart();
        c.items[0] = Events::item(u"art_1"_qs, 560, u"trk_1"_qs, {}, u"acct_1"_qs, u"Midnight"_qs);
        QCOMPARE(ingest(Events::cart(c)).kind, K::Recorded);
        const QList<Entry> e = m_ledger->reader().entries({}).value();
        QCOMPARE(e[0].title, u"Midnight"_qs);
        QCOMPARE(shownReference(e[0]), u"Midnight (trk_1)"_qs);
        QCOMPARE(shownReference(e[1]), u"trk_7"_qs);     // no title: the track id
        QCOMPARE(shownReference(e[2]), u"cs_test_1"_qs); // a commission with neither
    }

    void quarantinedEventRedeliveredIsNotStoredTwice()
    {
        Events::Cart c = threeItemCart();
        c.currency = QStringLiteral("xyz");
        QCOMPARE(ingest(Events::cart(c)).kind, K::Quarantined);
        QCOMPARE(ingest(Events::cart(c)).kind, K::Duplicate);
        QCOMPARE(m_ledger->reader().quarantine().value().size(), 1);
    }

    void cartItemsSplitOverSeveralKeys()
    {
        Events::Cart c = threeItemCart();
        c.splitAt = 60; // three or more parts: cart_items, cart_items_2, ...
        const QByteArray body = Events::cart(c);
        QVERIFY(body.contains("cart_items_3"));
        const IntakeOutcome o = ingest(body);
        QCOMPARE(o.kind, K::Recorded);
        QCOMPARE(o.entriesAdded, 3);
    }

    void cartItemsPartsJoinInNumericOrder()
    {
        // Twelve parts: cart_items_10 must come after cart_items_9, not after _1.
        Events::Cart c = threeItemCart();
        c.splitAt = 20;
        const QByteArray body = Events::cart(c);
        QVERIFY(body.contains("cart_items_10"));
        QCOMPARE(ingest(body).entriesAdded, 3);
    }

    void sameEventTwiceRecordsOnce()
    {
        const QByteArray body = Events::cart(threeItemCart());
        QCOMPARE(ingest(body).kind, K::Recorded);
        QSignalSpy recorded(m_intake.get(), &Intake::cartPurchaseRecorded);
        QCOMPARE(ingest(body).kind, K::Duplicate);
        QCOMPARE(entries(), 3);
        QCOMPARE(recorded.size(), 0);
    }

    void samePurchaseUnderTwoEventIdsRecordsOnce()
    {
        Events::Cart c = threeItemCart();
        QCOMPARE(ingest(Events::cart(c)).entriesAdded, 3);
        c.eventId = QStringLiteral("evt_again");
        const IntakeOutcome o = ingest(Events::cart(c));
        QCOMPARE(o.entriesAdded, 0);
        QVERIFY(o.detail.contains(QStringLiteral("3 duplicate items")));
        QCOMPARE(entries(), 3);
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

    void unpaidThenAsyncPaymentSucceeded()
    {
        Events::Cart c = threeItemCart();
        c.paymentStatus = QStringLiteral("unpaid");
        QCOMPARE(ingest(Events::cart(c)).kind, K::Remembered);
        QCOMPARE(entries(), 0);
        QCOMPARE(salesWhere(QStringLiteral("payment_status = 'unpaid'")), 1);

        c.eventId = QStringLiteral("evt_async");
        c.type = QStringLiteral("checkout.session.async_payment_succeeded");
        c.paymentStatus = QStringLiteral("paid");
        const IntakeOutcome o = ingest(Events::cart(c));
        QCOMPARE(o.kind, K::Recorded);
        QCOMPARE(o.entriesAdded, 3);
        QCOMPARE(salesWhere(QStringLiteral("payment_status = 'paid'")), 1);
    }

    void unpaidThenAsyncPaymentFailedOwesNothing()
    {
        Events::Cart c = threeItemCart();
        c.paymentStatus = QStringLiteral("unpaid");
        QCOMPARE(ingest(Events::cart(c)).kind, K::Remembered);
        c.eventId = QStringLiteral("evt_failed");
        c.type = QStringLiteral("checkout.session.async_payment_failed");
        QCOMPARE(ingest(Events::cart(c)).kind, K::PaymentFailed);
        QCOMPARE(entries(), 0);
        QCOMPARE(salesWhere(QStringLiteral("payment_status = 'failed'")), 1);
    }

    void fullRefundVoidsPendingAndMarksPaidForReversal()
    {
        QCOMPARE(ingest(Events::cart(threeItemCart())).entriesAdded, 3);
        // One entry already went out in a transfer.
        const Result<ClaimedTransfer> sent = LedgerSeed::claim(*m_ledger, {1});
        QVERIFY(sent);
        QVERIFY(
            m_ledger->payouts().recordPaid(*sent, QStringLiteral("tr_1"), QStringLiteral("req_1")));
        // The admin is told which entries the next run reverses: a log line
        // and the refund's audit row; the entry itself shows it at once.
        QTest::ignoreMessage(QtWarningMsg, "[WEBHOOK] Refund of pi_1 - entries 1 were already "
                                           "transferred: the next payout run takes their share "
                                           "back");

        const IntakeOutcome o =
            ingest(Events::refund(QStringLiteral("evt_refund"), QStringLiteral("pi_1")));
        QCOMPARE(o.kind, K::Refunded);
        QVERIFY(o.detail.contains(u"entries 1 were already transferred"));
        QCOMPARE(sqliteCount(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'refund.applied' AND detail LIKE '%entries 1 were "
                                            "already transferred: the next payout run takes "
                                            "their share back with a transfer reversal%'")),
                 1);
        const QList<Entry> e = m_ledger->reader().entries({}).value();
        QCOMPARE(e[0].state, EntryState::Reversing);
        QCOMPARE(e[0].reason, Reason::RefundedAfterPayout);
        QCOMPARE(e[0].transferId, QStringLiteral("tr_1"));
        QCOMPARE(e[1].state, EntryState::Void);
        QCOMPARE(e[1].reason, Reason::Refunded);
        QCOMPARE(e[2].state, EntryState::Void);
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

    void partialRefundChangesNothing()
    {
        QCOMPARE(ingest(Events::cart(threeItemCart())).entriesAdded, 3);
        QCOMPARE(
            ingest(Events::refund(QStringLiteral("evt_r"), QStringLiteral("pi_1"), false)).kind,
            K::Ignored);
        QCOMPARE(m_ledger->reader().stateCounts().value().value(EntryState::Pending), 3);
    }

    void refundBeforeItsPurchaseVoidsTheLateEntries()
    {
        QCOMPARE(ingest(Events::refund(QStringLiteral("evt_r"), QStringLiteral("pi_1"))).kind,
                 K::Refunded);
        QSignalSpy recorded(m_intake.get(), &Intake::cartPurchaseRecorded);
        QCOMPARE(ingest(Events::cart(threeItemCart())).entriesAdded, 3);
        QCOMPARE(m_ledger->reader().stateCounts().value().value(EntryState::Void), 3);
        QCOMPARE(recorded.size(), 0); // nothing to pay out
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

    void singlePurchaseOwesNothing()
    {
        Events::Cart c;
        c.purchaseType = QStringLiteral("single");
        c.amountTotal = 99;
        const IntakeOutcome o = ingest(Events::cart(c));
        QCOMPARE(o.kind, K::Recorded);
        QCOMPARE(o.entriesAdded, 0);
        QCOMPARE(entries(), 0);
        QCOMPARE(salesWhere(QStringLiteral("purchase_type = 'single'")), 1);
    }

    void otherTypesAreIgnoredButRemembered()
    {
        const QByteArray body =
            Events::other(QStringLiteral("evt_x"), QStringLiteral("customer.created"));
        QCOMPARE(ingest(body).kind, K::Ignored);
        QCOMPARE(ingest(body).kind, K::Duplicate);
        QCOMPARE(entries(), 0);
    }

    void artistWithoutAccountAccruesOnHold()
    {
        Events::Cart c;
        c.items = {Events::item(QStringLiteral("art_new"), 300, QStringLiteral("trk_1"))};
        QCOMPARE(ingest(Events::cart(c)).entriesAdded, 1);
        QCOMPARE(m_ledger->reader().balances(QStringLiteral("art_new")).value().first().heldMinor,
                 300);
        // A later cart naming the account links the artist and releases the money.
        c.eventId = QStringLiteral("evt_2");
        c.session = QStringLiteral("cs_2");
        c.paymentIntent = QStringLiteral("pi_2");
        c.items = {Events::item(QStringLiteral("art_new"), 200, QStringLiteral("trk_2"), {},
                                QStringLiteral("acct_new"))};
        QCOMPARE(ingest(Events::cart(c)).entriesAdded, 1);
        const ArtistBalance b =
            m_ledger->reader().balances(QStringLiteral("art_new")).value().first();
        QCOMPARE(b.pendingMinor, 500);
        QCOMPARE(b.heldMinor, 0);
    }

    void cartItemNamingAnAccountReleasesMoneyHeldByAReset()
    {
        QCOMPARE(ingest(Events::cart(threeItemCart())).entriesAdded, 3);
        // The reset, through the same ledger object intake writes with.
        QVERIFY(
            AccountReset::apply(*m_ledger, QStringLiteral("art_1"), QStringLiteral("test"), {}));
        QCOMPARE(m_ledger->reader().balances(QStringLiteral("art_1")).value().first().heldMinor,
                 560);
        Events::Cart c;
        c.eventId = QStringLiteral("evt_relink");
        c.session = QStringLiteral("cs_relink");
        c.paymentIntent = QStringLiteral("pi_relink");
        c.items = {Events::item(QStringLiteral("art_1"), 100, QStringLiteral("trk_2"), {},
                                QStringLiteral("acct_1new"))};
        QCOMPARE(ingest(Events::cart(c)).entriesAdded, 1);
        const ArtistBalance b =
            m_ledger->reader().balances(QStringLiteral("art_1")).value().first();
        QCOMPARE(b.pendingMinor, 660);
        QCOMPARE(b.heldMinor, 0);
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

    void anAccountThatCanReceiveTransfersReleasesMoneyHeldForIt()
    {
        QCOMPARE(ingest(Events::cart(threeItemCart())).entriesAdded, 3);
        // A run found acct_1 and acct_2 not ready; art_2 also has money held
        // for another reason, which stays held.
        const QString notReady = QStringLiteral("payout account not ready");
        for (const char *artist : {"art_1", "art_2"})
            QCOMPARE(m_ledger->accounts()
                         .moveEntries(QString::fromLatin1(artist), EntryState::Pending, {},
                                      EntryState::Held, notReady)
                         .value(),
                     1);
        const auto held = [this](const char *artist) {
            return m_ledger->reader()
                .balances(QString::fromLatin1(artist))
                .value()
                .first()
                .heldMinor;
        };

        // Still onboarding: nothing moves, and the reason says so.
        IntakeOutcome o = ingest(
            Events::accountUpdated(QStringLiteral("evt_acc1"), QStringLiteral("acct_1"), false));
        QCOMPARE(o.kind, K::Ignored);
        QVERIFY2(o.detail.contains(u"cannot receive transfers yet"), qPrintable(o.detail));
        QCOMPARE(held("art_1"), 560);

        o = ingest(
            Events::accountUpdated(QStringLiteral("evt_acc2"), QStringLiteral("acct_1"), true));
        QCOMPARE(o.kind, K::AccountReady);
        QVERIFY2(o.detail.contains(u"1 held entries released"), qPrintable(o.detail));
        QCOMPARE(held("art_1"), 0);
        QCOMPARE(m_ledger->reader().balances(QStringLiteral("art_1")).value().first().pendingMinor,
                 560);
        QCOMPARE(held("art_2"), 840); // another account
        QCOMPARE(sqliteCount(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                            "'holds.released' AND artist = 'art_1'")),
                 1);
        // A redelivery changes nothing; a malformed account id is quarantined.
        QCOMPARE(ingest(Events::accountUpdated(QStringLiteral("evt_acc2"), QStringLiteral("acct_1"),
                                               true))
                     .kind,
                 K::Duplicate);
        o = ingest(
            Events::accountUpdated(QStringLiteral("evt_acc3"), QStringLiteral("acct_2 "), true));
        QCOMPARE(o.kind, K::Quarantined);
        QCOMPARE(held("art_2"), 840);
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

    void batchIsOneTransaction()
    {
        Events::Cart a = threeItemCart();
        Events::Cart b = threeItemCart();
        b.eventId = QStringLiteral("evt_b");
        b.session = QStringLiteral("cs_b");
        b.paymentIntent = QStringLiteral("pi_b");
        const auto r =
            m_intake->ingest({Events::cart(a), "{bad", Events::cart(b)}, IntakeSource::Import);
        QVERIFY(r);
        QCOMPARE(r->size(), 3);
        QCOMPARE(r->at(1).kind, K::Quarantined);
        QCOMPARE(entries(), 6);
    }

    // A long import (more events than one validation chunk, over several
    // transactions): every event's outcome, in the file's order, once each.
    void longImportCommitsEachBatchInOrder()
    {
        QList<QByteArray> bodies = distinctCarts(2500);
        bodies[1200] = "{bad";
        bodies.append(bodies.at(7)); // a redelivery, in a later batch
        QList<int> batchSizes;
        QList<IntakeOutcome> outcomes;
        QVERIFY(m_intake->ingestInBatches(bodies, IntakeSource::Import, 1000,
                                          [&](const QList<IntakeOutcome> &batch) {
                                              batchSizes.append(int(batch.size()));
                                              outcomes.append(batch);
                                          }));
        QCOMPARE(batchSizes, QList<int>({1000, 1000, 501}));
        QCOMPARE(outcomes.at(0).eventId, QStringLiteral("evt_0"));
        QCOMPARE(outcomes.at(1999).eventId, QStringLiteral("evt_1999"));
        QCOMPARE(outcomes.at(1200).kind, K::Quarantined);
        QCOMPARE(outcomes.at(2500).kind, K::Duplicate);
        QCOMPARE(outcomes.at(2500).eventId, QStringLiteral("evt_7"));
        QCOMPARE(entries(), 2499 * 3);
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

    // A batch that cannot be stored leaves nothing behind, the batches
    // before it stay, and nothing after it is attempted.
    void failedImportBatchKeepsTheEarlierOnes()
    {
        refuseInsertOfSession(QStringLiteral("cs_150"));
        const QList<QByteArray> bodies = distinctCarts(250);
        int batches = 0;
        const Status s = m_intake->ingestInBatches(
            bodies, IntakeSource::Import, 100, [&](const QList<IntakeOutcome> &) { ++batches; });
        QVERIFY(!s);
        QVERIFY2(s.error().message.contains(QStringLiteral("disk says no")),
                 qPrintable(s.error().message));
        QCOMPARE(batches, 1);
        QCOMPARE(entries(), 100 * 3);
        QStringList ids;
        for (int i = 0; i < 250; ++i)
            ids << QStringLiteral("evt_%1").arg(i);
        QCOMPARE(processed(ids), 100);
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

    void replayAfterTheCauseIsFixed()
    {
        // A row quarantined by an older release whose rules were stricter.
        const QByteArray body = Events::cart(threeItemCart());
        QVERIFY(m_ledger->write([&] {
            return m_ledger->intake().quarantine(
                QStringLiteral("evt_1"), QStringLiteral("checkout.session.completed"),
                QStringLiteral("webhook"), QStringLiteral("old rule"), body);
        }));
        const qint64 id = m_ledger->reader().quarantine().value().first().id;
        const Result<IntakeOutcome> o = m_intake->replayQuarantined(id, QStringLiteral("admin"));
        QVERIFY(o);
        QCOMPARE(o->kind, K::Recorded);
        QCOMPARE(entries(), 3);
        QCOMPARE(m_ledger->reader().quarantine().value().size(), 0);
    }

    void replayOfAStillInvalidEventChangesNothing()
    {
        QCOMPARE(ingest("{bad").kind, K::Quarantined);
        const qint64 id = m_ledger->reader().quarantine().value().first().id;
        const Result<IntakeOutcome> o = m_intake->replayQuarantined(id, QStringLiteral("admin"));
        QVERIFY(!o);
        QVERIFY(o.error().message.contains(QStringLiteral("still invalid")));
        QCOMPARE(m_ledger->reader().quarantine().value().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestIntake)
#include "tst_intake.moc"
