// The contract of IntakeStore and AccountStore.
#include "ContractSupport.h"
#include "Events.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <limits>

using namespace contract;

// ---------------------------------------------------------------------------
// Intake

void LedgerContract::processedEventIdsAreRemembered()
{
    IntakeStore &in = ledger().intake();
    QCOMPARE(in.processedOutcome(QStringLiteral("evt_1")).value(), QString());
    PD_OK(inWrite(ledger(), [&] {
        return in.markProcessed(QStringLiteral("evt_1"),
                                QStringLiteral("checkout.session.completed"),
                                QStringLiteral("webhook"), QStringLiteral("recorded"));
    }));
    QCOMPARE(in.processedOutcome(QStringLiteral("evt_1")).value(), QStringLiteral("recorded"));
    QCOMPARE(in.processedOutcome(QStringLiteral("evt_2")).value(), QString());
    PD_OK(reopen());
    QCOMPARE(ledger().intake().processedOutcome(QStringLiteral("evt_1")).value(),
             QStringLiteral("recorded"));
}

void LedgerContract::quarantineKeepsTheBodyWholeWithItsReason()
{
    QByteArray body("{\"id\":\"evt_q\",\"x\":\"");
    body.append('\0').append("\xff\xfe", 2).append("\"}\r\n");
    PD_OK(inWrite(ledger(), [&] {
        return ledger().intake().quarantine(
            QStringLiteral("evt_q"), QStringLiteral("checkout.session.completed"),
            QStringLiteral("webhook"), QStringLiteral("no line items"), body);
    }));
    const QList<QuarantinedEvent> open = ledger().reader().quarantine().value();
    QCOMPARE(open.size(), 1);
    const QuarantinedEvent &q = open.first();
    QCOMPARE(q.body, body); // byte for byte
    QCOMPARE(q.reason, QStringLiteral("no line items"));
    QCOMPARE(q.eventId, QStringLiteral("evt_q"));
    QCOMPARE(q.type, QStringLiteral("checkout.session.completed"));
    QCOMPARE(q.source, QStringLiteral("webhook"));
    QCOMPARE(q.status, QStringLiteral("open"));
    QCOMPARE(q.receivedAt, m_clock.now());
    QCOMPARE(ledger().reader().countQuarantined().value(), 1);
    const std::optional<QuarantinedEvent> one = ledger().reader().quarantinedEvent(q.id).value();
    QVERIFY(one);
    QCOMPARE(one->body, body);
    QCOMPARE(ledger().reader().quarantinedEvent(q.id + 1000).value(), std::nullopt);
}

void LedgerContract::quarantineTakesABodyWithoutIdOrType()
{
    PD_OK(inWrite(ledger(), [&] {
        return ledger().intake().quarantine({}, {}, QStringLiteral("webhook"),
                                            QStringLiteral("not JSON"), "not json at all");
    }));
    const QList<QuarantinedEvent> open = ledger().reader().quarantine().value();
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.first().eventId, QString());
    QCOMPARE(open.first().body, QByteArray("not json at all"));
}

void LedgerContract::markReplayedReopensTheEventForIntake()
{
    IntakeStore &in = ledger().intake();
    PD_OK(ledger().write([&]() -> Status {
        if (Status st = in.markProcessed(QStringLiteral("evt_q"), QStringLiteral("t"),
                                         QStringLiteral("webhook"), QStringLiteral("quarantined"));
            !st)
            return st;
        return in.quarantine(QStringLiteral("evt_q"), QStringLiteral("t"),
                             QStringLiteral("webhook"), QStringLiteral("bad"), "{}");
    }));
    const qint64 id = ledger().reader().quarantine().value().value(0).id;
    PD_OK(inWrite(ledger(), [&] { return in.markReplayed(id, QStringLiteral("evt_q")); }));
    QCOMPARE(in.processedOutcome(QStringLiteral("evt_q")).value(), QString());
    QCOMPARE(ledger().reader().countQuarantined().value(), 0);
    const QList<QuarantinedEvent> replayed =
        ledger().reader().quarantine(QStringLiteral("replayed")).value();
    QCOMPARE(replayed.size(), 1);
    QCOMPARE(replayed.first().id, id);
    QCOMPARE(replayed.first().status, QStringLiteral("replayed"));
}

void LedgerContract::insertedEntriesReadBackInOrderWithTheirFields()
{
    const qint64 created = m_startMs - 3600'000;
    const Result<QList<qint64>> ids = sale(
        QStringLiteral("pi_1"),
        {{QStringLiteral("art_1"),
          560,
          EntryState::Pending,
          {},
          EntryKind::Sale,
          QStringLiteral("trk_a")},
         {QStringLiteral("art_2"), 840, EntryState::Held, Reason::NoPayoutAccount, EntryKind::Sale,
          QStringLiteral("trk_b"), QStringLiteral("Nacht, \"Straße\" \U0001F3B5")},
         {QStringLiteral("art_3"),
          30,
          EntryState::Pending,
          {},
          EntryKind::Commission,
          QStringLiteral("")}},
        created, QStringLiteral("eur"));
    PD_OK(ids);
    QCOMPARE(ids->size(), 3);
    QVERIFY(ids->at(0) < ids->at(1) && ids->at(1) < ids->at(2));

    const QList<Entry> all = ledger().reader().entries(everything()).value();
    QCOMPARE(all.size(), 3);
    QCOMPARE(all.at(0).id, ids->at(0));
    QCOMPARE(all.at(2).id, ids->at(2));
    const Entry &e = all.at(1);
    QCOMPARE(e.artist, QStringLiteral("art_2"));
    QCOMPARE(e.amount, Money(840, QStringLiteral("eur")));
    QCOMPARE(e.kind, EntryKind::Sale);
    QCOMPARE(e.track, QStringLiteral("trk_b"));
    QCOMPARE(e.reference, QStringLiteral("cs_1"));
    QCOMPARE(e.paymentIntent, QStringLiteral("pi_1"));
    QCOMPARE(e.eventId, QStringLiteral("evt_1"));
    QCOMPARE(e.createdAt.toMSecsSinceEpoch(), created);
    QCOMPARE(e.state, EntryState::Held);
    QCOMPARE(e.reason, Reason::NoPayoutAccount);
    QCOMPARE(e.attempts, 0);
    QCOMPARE(e.transferId, QString());
    QCOMPARE(all.at(2).kind, EntryKind::Commission);
    QCOMPARE(all.at(0).reason, QString());
    // The title round-trips exactly (quotes, a comma, non-ASCII, a
    // character beyond the BMP); an entry without one reads back empty.
    QCOMPARE(e.title, QStringLiteral("Nacht, \"Straße\" \U0001F3B5"));
    QCOMPARE(all.at(0).title, QString());
}

void LedgerContract::insertEntriesAppendsToTheGivenIds()
{
    PD_OK(link(QStringLiteral("art_1"), QString()));
    NewEntries n;
    n.currency = QStringLiteral("gbp");
    n.reference = QStringLiteral("cs_1");
    n.paymentIntent = QStringLiteral("pi_1");
    n.eventId = QStringLiteral("evt_1");
    n.createdAtMs = m_startMs;
    n.rows = {{QStringLiteral("art_1"),
               100,
               EntryKind::Sale,
               QStringLiteral("trk_1"),
               EntryState::Pending,
               {},
               {}},
              {QStringLiteral("art_1"),
               200,
               EntryKind::Sale,
               QStringLiteral("trk_2"),
               EntryState::Pending,
               {},
               {}}};
    QList<qint64> ids{-7};
    PD_OK(ledger().write([&] { return ledger().intake().insertEntries(n, ids); }));
    QCOMPARE(ids.size(), 3);
    QCOMPARE(ids.first(), -7);
    QCOMPARE(entry(ids.at(2)).value().amount.minor, 200);
}

void LedgerContract::hasEntryMatchesPaymentIntentArtistTrackAndKind()
{
    PD_OK(sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"),
                                         100,
                                         EntryState::Pending,
                                         {},
                                         EntryKind::Sale,
                                         QStringLiteral("trk_1")}}));
    IntakeStore &in = ledger().intake();
    QVERIFY(in.hasEntries(QStringLiteral("pi_1")).value());
    QVERIFY(!in.hasEntries(QStringLiteral("pi_2")).value());
    QVERIFY(in.hasEntry(QStringLiteral("pi_1"), QStringLiteral("art_1"), QStringLiteral("trk_1"),
                        EntryKind::Sale)
                .value());
    QVERIFY(!in.hasEntry(QStringLiteral("pi_1"), QStringLiteral("art_1"), QStringLiteral("trk_1"),
                         EntryKind::Commission)
                 .value());
    QVERIFY(!in.hasEntry(QStringLiteral("pi_1"), QStringLiteral("art_2"), QStringLiteral("trk_1"),
                         EntryKind::Sale)
                 .value());
    QVERIFY(!in.hasEntry(QStringLiteral("pi_1"), QStringLiteral("art_1"), QStringLiteral("trk_2"),
                         EntryKind::Sale)
                 .value());
}

void LedgerContract::saleAndEntryAmountReadBackWhatIntakeWrote()
{
    IntakeStore &in = ledger().intake();
    QCOMPARE(in.sale(QStringLiteral("cs_9")).value(), std::nullopt);
    SaleRecord s;
    s.sessionId = QStringLiteral("cs_9");
    s.purchaseType = QStringLiteral("cart");
    s.paymentStatus = QStringLiteral("unpaid");
    s.amountTotal = 100;
    s.currency = QStringLiteral("gbp");
    s.createdAtMs = m_startMs;
    s.eventId = QStringLiteral("evt_a");
    PD_OK(inWrite(ledger(), [&] { return in.upsertSale(s); }));
    std::optional<SaleRecord> got = in.sale(QStringLiteral("cs_9")).value();
    QVERIFY(got);
    QCOMPARE(got->paymentIntent, QString()); // not known yet
    QCOMPARE(got->paymentStatus, QStringLiteral("unpaid"));
    QCOMPARE(got->amountTotal, 100);
    QCOMPARE(got->createdAtMs, m_startMs);
    QCOMPARE(got->eventId, QStringLiteral("evt_a"));
    s.paymentIntent = QStringLiteral("pi_9");
    s.paymentStatus = QStringLiteral("paid");
    s.eventId = QStringLiteral("evt_b");
    PD_OK(inWrite(ledger(), [&] { return in.upsertSale(s); }));
    got = in.sale(QStringLiteral("cs_9")).value();
    QVERIFY(got);
    QCOMPARE(got->paymentIntent, QStringLiteral("pi_9"));
    QCOMPARE(got->paymentStatus, QStringLiteral("paid"));

    PD_OK(sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"),
                                         100,
                                         EntryState::Pending,
                                         {},
                                         EntryKind::Sale,
                                         QStringLiteral("trk_1")}}));
    QCOMPARE(in.entryAmount(QStringLiteral("pi_1"), QStringLiteral("art_1"),
                            QStringLiteral("trk_1"), EntryKind::Sale)
                 .value(),
             std::optional<qint64>(100));
    QCOMPARE(in.entryAmount(QStringLiteral("pi_1"), QStringLiteral("art_1"),
                            QStringLiteral("trk_1"), EntryKind::Commission)
                 .value(),
             std::nullopt);
    QCOMPARE(in.entryAmount(QStringLiteral("pi_2"), QStringLiteral("art_1"),
                            QStringLiteral("trk_1"), EntryKind::Sale)
                 .value(),
             std::nullopt);
}

void LedgerContract::balancesFollowTotalsAndStateChanges()
{
    PD_OK(sale(QStringLiteral("pi_1"),
               {{QStringLiteral("art_1"), 500},
                {QStringLiteral("art_1"), 300, EntryState::Held, Reason::NoPayoutAccount},
                {QStringLiteral("art_2"), 70}}));
    ArtistBalance b = balance(QStringLiteral("art_1")).value();
    QCOMPARE(b.pendingMinor, 500);
    QCOMPARE(b.heldMinor, 300);
    QCOMPARE(b.entries, 2);
    QCOMPARE(b.countByState[int(EntryState::Held)], 1);
    QCOMPARE(ledger().reader().balances().value().size(), 2);
    QCOMPARE(ledger().reader().balances(QStringLiteral("art_1")).value().size(), 1);

    QCOMPARE(
        ledger()
            .accounts()
            .moveEntries(QStringLiteral("art_1"), EntryState::Held, {}, EntryState::Pending, {})
            .value(),
        1);
    b = balance(QStringLiteral("art_1")).value();
    QCOMPARE(b.pendingMinor, 800);
    QCOMPARE(b.heldMinor, 0);
    QCOMPARE(b.countByState[int(EntryState::Pending)], 2);
    QCOMPARE(b.entries, 2);
}

void LedgerContract::ingestedTotalIsWhatTotalsSayPerArtistAndCurrency()
{
    QCOMPARE(
        ledger().intake().ingestedTotal(QStringLiteral("art_1"), QStringLiteral("gbp")).value(), 0);
    PD_OK(sale(QStringLiteral("pi_1"),
               {{QStringLiteral("art_1"), 500},
                {QStringLiteral("art_1"), 300, EntryState::Held, Reason::NoPayoutAccount},
                {QStringLiteral("art_2"), 70}}));
    QCOMPARE(
        ledger().intake().ingestedTotal(QStringLiteral("art_1"), QStringLiteral("gbp")).value(),
        800);
    QCOMPARE(
        ledger().intake().ingestedTotal(QStringLiteral("art_2"), QStringLiteral("gbp")).value(),
        70);
    QCOMPARE(
        ledger().intake().ingestedTotal(QStringLiteral("art_1"), QStringLiteral("eur")).value(), 0);
}

void LedgerContract::fullRefundVoidsOpenEntriesAndListsTransferredOnes()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    const QList<qint64> ids =
        sale(QStringLiteral("pi_1"),
             {{QStringLiteral("art_1"), 100},
              {QStringLiteral("art_1"), 200, EntryState::Held, Reason::NoPayoutAccount},
              {QStringLiteral("art_1"), 400},
              {QStringLiteral("art_1"), 800}})
            .value();
    const ClaimedTransfer paid = claimOne({ids[2]}).value();
    PD_OK(ledger().payouts().recordPaid(paid, QStringLiteral("tr_1"), QStringLiteral("req_1")));
    PD_OK(claimOne({ids[3]})); // sending: its outcome is not known
    PD_OK(sale(QStringLiteral("pi_2"), {{QStringLiteral("art_1"), 50}}));

    IntakeStore &in = ledger().intake();
    QVERIFY(!in.anyRefunds().value());
    QVERIFY(!in.isRefunded(QStringLiteral("pi_1")).value());
    Result<RefundEffect> effect;
    PD_OK(ledger().write([&]() -> Status {
        effect =
            in.applyFullRefund(QStringLiteral("pi_1"), QStringLiteral("evt_r"), Reason::Refunded);
        return effect ? Status() : Status(fail(effect.error()));
    }));
    QCOMPARE(effect->voided, 2);
    QList<qint64> listed = effect->paidOrSending;
    std::sort(listed.begin(), listed.end());
    QCOMPARE(listed, (QList<qint64>{ids[2], ids[3]}));
    QVERIFY(in.anyRefunds().value());
    QVERIFY(in.isRefunded(QStringLiteral("pi_1")).value());
    QVERIFY(!in.isRefunded(QStringLiteral("pi_2")).value());

    QCOMPARE(entry(ids[0]).value().state, EntryState::Void);
    QCOMPARE(entry(ids[0]).value().reason, Reason::Refunded);
    QCOMPARE(entry(ids[1]).value().state, EntryState::Void);
    // Paid: its share is to be reversed; sending: reversed once known paid.
    QCOMPARE(entry(ids[2]).value().state, EntryState::Reversing);
    QCOMPARE(entry(ids[2]).value().reason, Reason::RefundedAfterPayout);
    QCOMPARE(entry(ids[2]).value().transferId, QStringLiteral("tr_1"));
    QCOMPARE(entry(ids[3]).value().state, EntryState::Sending);
    const ArtistBalance b = balance(QStringLiteral("art_1")).value();
    QCOMPARE(b.voidMinor, 300);
    QCOMPARE(b.reversingMinor, 400);
    QCOMPARE(b.pendingMinor, 50); // the other sale is untouched
}

void LedgerContract::upsertSaleLearnsThePaymentIntentLater()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    SaleRecord s;
    s.sessionId = QStringLiteral("cs_9");
    s.purchaseType = QStringLiteral("cart");
    s.paymentStatus = QStringLiteral("unpaid");
    s.amountTotal = 100;
    s.currency = QStringLiteral("gbp");
    s.createdAtMs = m_startMs;
    s.eventId = QStringLiteral("evt_a");
    PD_OK(inWrite(ledger(), [&] {
        return ledger().intake().upsertSale(s);
    })); // an unpaid session: no payment intent yet
    s.paymentIntent = QStringLiteral("pi_9");
    s.paymentStatus = QStringLiteral("paid");
    s.eventId = QStringLiteral("evt_b");
    PD_OK(inWrite(ledger(), [&] { return ledger().intake().upsertSale(s); }));
    NewEntries n; // intake's rows: they name the session, not the sale's payment intent
    n.currency = QStringLiteral("gbp");
    n.reference = QStringLiteral("cs_9");
    n.paymentIntent = QStringLiteral("pi_9");
    n.eventId = QStringLiteral("evt_b");
    n.createdAtMs = m_startMs;
    n.rows = {{QStringLiteral("art_1"),
               100,
               EntryKind::Sale,
               QStringLiteral("trk_1"),
               EntryState::Pending,
               {},
               {}}};
    TotalsDelta d;
    d.artist = QStringLiteral("art_1");
    d.currency = QStringLiteral("gbp");
    d.ingested = {100, 1};
    d.byState[std::size_t(EntryState::Pending)] = {100, 1};
    QList<qint64> ids;
    PD_OK(ledger().write([&]() -> Status {
        if (Status st = ledger().intake().insertEntries(n, ids); !st)
            return st;
        return ledger().intake().addTotals({d});
    }));
    // The sale now knows its payment intent: a charge id kept for it shows
    // on its due entries.
    PD_OK(ledger().payouts().setChargeId(QStringLiteral("pi_9"), QStringLiteral("ch_9")));
    const QList<DueEntry> due = ledger().payouts().dueEntries().value();
    QCOMPARE(due.size(), 1);
    QCOMPARE(due.first().chargeId, QStringLiteral("ch_9"));
}

// ---------------------------------------------------------------------------
// Accounts

void LedgerContract::setAccountCreatesLinksAndUnlinks()
{
    AccountStore &a = ledger().accounts();
    const QString art = QStringLiteral("art_1");
    QCOMPARE(a.account(art).value(), std::nullopt);
    QCOMPARE(ledger().reader().artist(art).value(), std::nullopt);
    PD_OK(a.setAccount(art, {}));
    QCOMPARE(a.account(art).value(), std::optional<QString>(QString()));
    PD_OK(a.setAccount(art, QStringLiteral("acct_1")));
    QCOMPARE(a.account(art).value(), std::optional<QString>(QStringLiteral("acct_1")));
    QCOMPARE(ledger().reader().artist(art).value()->account, QStringLiteral("acct_1"));
    PD_OK(a.setAccount(art, {}));
    QCOMPARE(a.account(art).value(), std::optional<QString>(QString()));
    QCOMPARE(ledger().reader().artists().value().size(), 1);
}

void LedgerContract::accountsAreFoundByTheirArtistsAndHolds()
{
    const QString notReady = QStringLiteral("payout account not ready");
    PD_OK(sale(QStringLiteral("pi_1"),
               {{QStringLiteral("art_1"), 1, EntryState::Held, notReady},
                {QStringLiteral("art_1"), 2, EntryState::Held, notReady},
                {QStringLiteral("art_2"), 4, EntryState::Held, Reason::NoPayoutAccount},
                {QStringLiteral("art_3"), 8, EntryState::Held, notReady},
                {QStringLiteral("art_4"), 16}}));
    AccountStore &a = ledger().accounts();
    PD_OK(a.setAccount(QStringLiteral("art_1"), QStringLiteral("acct_b")));
    PD_OK(a.setAccount(QStringLiteral("art_2"), QStringLiteral("acct_a")));
    PD_OK(a.setAccount(QStringLiteral("art_3"), {})); // held, but no account to ask about
    PD_OK(a.setAccount(QStringLiteral("art_4"), QStringLiteral("acct_b")));
    QCOMPARE(a.artistsWithAccount(QStringLiteral("acct_b")).value(),
             (QStringList{QStringLiteral("art_1"), QStringLiteral("art_4")}));
    QCOMPARE(a.artistsWithAccount(QStringLiteral("acct_none")).value(), QStringList());
    QCOMPARE(ledger().payouts().accountsWithHeld({notReady}).value(),
             QStringList{QStringLiteral("acct_b")});
    QCOMPARE(ledger().payouts().accountsWithHeld({notReady, Reason::NoPayoutAccount}).value(),
             (QStringList{QStringLiteral("acct_a"), QStringLiteral("acct_b")}));
}

void LedgerContract::moveEntriesMovesOnlyMatchingStateAndReason()
{
    const QString notReady = QStringLiteral("payout account not ready");
    const QList<qint64> ids =
        sale(QStringLiteral("pi_1"),
             {{QStringLiteral("art_1"), 1, EntryState::Held, Reason::NoPayoutAccount},
              {QStringLiteral("art_1"), 2, EntryState::Held, Reason::NoPayoutAccount},
              {QStringLiteral("art_1"), 4, EntryState::Held, notReady},
              {QStringLiteral("art_1"), 8},
              {QStringLiteral("art_2"), 16, EntryState::Held, Reason::NoPayoutAccount}})
            .value();
    AccountStore &a = ledger().accounts();
    QCOMPARE(a.moveEntries(QStringLiteral("art_1"), EntryState::Held, {Reason::NoPayoutAccount},
                           EntryState::Pending, {})
                 .value(),
             2);
    QCOMPARE(entry(ids[0]).value().state, EntryState::Pending);
    QCOMPARE(entry(ids[0]).value().reason, QString());
    QCOMPARE(entry(ids[2]).value().state, EntryState::Held);
    QCOMPARE(entry(ids[4]).value().state, EntryState::Held); // another artist's
    // The reset: every pending entry held with a reason.
    QCOMPARE(a.moveEntries(QStringLiteral("art_1"), EntryState::Pending, {}, EntryState::Held,
                           Reason::AccountReset)
                 .value(),
             3);
    QCOMPARE(entry(ids[3]).value().reason, Reason::AccountReset);
    QCOMPARE(balance(QStringLiteral("art_1")).value().heldMinor, 15);
    QCOMPARE(a.moveEntries(QStringLiteral("art_1"), EntryState::Pending, {}, EntryState::Held, {})
                 .value(),
             0);
}
