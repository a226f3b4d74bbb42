// The contract of PayoutStore and RunLeaseStore.
#include "ContractSupport.h"
#include "Events.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <limits>

using namespace contract;

// ---------------------------------------------------------------------------
// Payouts

void LedgerContract::dueEntriesAreOldestFirstForLinkedArtistsOnly()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    const qint64 newer =
        sale(QStringLiteral("pi_2"), {{QStringLiteral("art_1"), 200}}, m_startMs - 1000)
            .value()
            .first();
    const qint64 older =
        sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"), 100}}, m_startMs - 5000)
            .value()
            .first();
    PD_OK(sale(QStringLiteral("pi_3"),
               {{QStringLiteral("art_1"), 400, EntryState::Held, QStringLiteral("x")},
                {QStringLiteral("art_1"), 800, EntryState::Void, Reason::Duplicate}}));
    const QList<DueEntry> due = ledger().payouts().dueEntries().value();
    QCOMPARE(due.size(), 2);
    QCOMPARE(due.at(0).id, older);
    QCOMPARE(due.at(1).id, newer);
    QCOMPARE(due.at(0).amount, Money(100, QStringLiteral("gbp")));
    QCOMPARE(due.at(0).destination, QStringLiteral("acct_1"));
    QCOMPARE(due.at(0).artist, QStringLiteral("art_1"));
    QCOMPARE(due.at(0).paymentIntent, QStringLiteral("pi_1"));
    QCOMPARE(due.at(0).chargeId, QString());
    QCOMPARE(due.at(0).createdAt.toMSecsSinceEpoch(), m_startMs - 5000);
}

void LedgerContract::dueEntriesHoldMoneyOfArtistsWithoutAccount()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    PD_OK(link(QStringLiteral("art_2"), {}));
    const QList<qint64> ids = sale(QStringLiteral("pi_1"),
                                   {{QStringLiteral("art_1"), 100}, {QStringLiteral("art_2"), 250}})
                                  .value();
    const QList<DueEntry> due = ledger().payouts().dueEntries().value();
    QCOMPARE(due.size(), 1);
    QCOMPARE(due.first().id, ids[0]);
    const Entry held = entry(ids[1]).value();
    QCOMPARE(held.state, EntryState::Held);
    QCOMPARE(held.reason, Reason::NoPayoutAccount);
    QCOMPARE(balance(QStringLiteral("art_2")).value().heldMinor, 250);
}

void LedgerContract::claimWritesSendingWithDerivedKeysAndIncreasingRows()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    PD_OK(link(QStringLiteral("art_2"), QStringLiteral("acct_2")));
    const QList<qint64> ids = sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"), 100},
                                                            {QStringLiteral("art_1"), 200},
                                                            {QStringLiteral("art_2"), 400}})
                                  .value();
    const PayoutGroup g1 = group({ids[0], ids[1]}).value();
    const PayoutGroup g2 = group({ids[2]}).value();
    const QList<ClaimedTransfer> claimed = ledger().payouts().claim({g1, g2}).value();
    QCOMPARE(claimed.size(), 2);
    QVERIFY(claimed[0].row > 0);
    QVERIFY(claimed[1].row > claimed[0].row);
    for (const ClaimedTransfer &t : claimed) {
        QCOMPARE(t.idempotencyKey, t.derivedKey());
        QVERIFY(!t.resumed);
    }
    QCOMPARE(claimed[0].entryIds, g1.entryIds);
    QCOMPARE(claimed[0].amount, Money(300, QStringLiteral("gbp")));
    QCOMPARE(claimed[0].destination, QStringLiteral("acct_1"));
    QCOMPARE(claimed[1].artist, QStringLiteral("art_2"));
    QVERIFY(claimed[0].idempotencyKey != claimed[1].idempotencyKey);
    const Entry e = entry(ids[1]).value();
    QCOMPARE(e.state, EntryState::Sending);
    QCOMPARE(e.idempotencyKey, claimed[0].idempotencyKey);
    QCOMPARE(balance(QStringLiteral("art_1")).value().sendingMinor, 300);
    QVERIFY(ledger().payouts().dueEntries().value().isEmpty());

    // A later claim gets a later row.
    const qint64 more =
        sale(QStringLiteral("pi_2"), {{QStringLiteral("art_1"), 5}}).value().first();
    QVERIFY(claimOne({more}).value().row > claimed[1].row);
}

void LedgerContract::claimOfAnEntryNoLongerPendingConflictsAndLeavesNothing()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    const QList<qint64> ids = sale(QStringLiteral("pi_1"),
                                   {{QStringLiteral("art_1"), 100}, {QStringLiteral("art_1"), 200}})
                                  .value();
    const PayoutGroup first = group({ids[0]}).value();
    const ClaimedTransfer earlier = claimOne({ids[0]}).value();
    const PayoutGroup second = group({ids[1]}).value();

    const Result<QList<ClaimedTransfer>> again = ledger().payouts().claim({second, first});
    QVERIFY(!again);
    QCOMPARE(int(again.error().kind), int(Error::Kind::Conflict));
    const Entry untouched = entry(ids[1]).value();
    QCOMPARE(untouched.state, EntryState::Pending);
    QCOMPARE(untouched.idempotencyKey, QString());
    const QList<ClaimedTransfer> open = ledger().payouts().unresolved().value();
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.first().row, earlier.row);
    QCOMPARE(balance(QStringLiteral("art_1")).value().sendingMinor, 100);
}

void LedgerContract::claimOfManyKeepsEachTransferAsGivenAndAuditsInOrder()
{
    // A run claims all its transfers in one call: each keeps its own
    // description, charge and key across a restart, whatever the titles hold.
    const QString odd = QStringLiteral("Say \"Hi\", {now} \\ back, Ünïcode");
    for (const char *a : {"art_1", "art_2", "art_3"})
        PD_OK(link(QString::fromLatin1(a), QStringLiteral("acct_") + QString::fromLatin1(a)));
    const QList<qint64> ids =
        sale(QStringLiteral("pi_1"),
             {{QStringLiteral("art_1"), 100, EntryState::Pending, {}, EntryKind::Sale, {}, odd},
              {QStringLiteral("art_2"),
               200,
               EntryState::Pending,
               {},
               EntryKind::Sale,
               {},
               QStringLiteral("Plain")},
              {QStringLiteral("art_3"), 300}})
            .value();
    PayoutGroup charged = group({ids[1]}).value();
    charged.sourceTransaction = QStringLiteral("ch_9");
    const QList<ClaimedTransfer> claimed =
        ledger()
            .payouts()
            .claim({group({ids[0]}).value(), charged, group({ids[2]}).value()})
            .value();
    QCOMPARE(claimed.size(), 3);
    QVERIFY(claimed[0].description.contains(odd));
    PD_OK(reopen());

    const QList<ClaimedTransfer> open = ledger().payouts().unresolved().value();
    QCOMPARE(open.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(open[i].row, claimed[i].row);
        QCOMPARE(open[i].idempotencyKey, claimed[i].idempotencyKey);
        QCOMPARE(open[i].description, claimed[i].description);
        QCOMPARE(open[i].entryIds, QList<qint64>{ids[i]});
        QCOMPARE(open[i].amount, Money(100 * (i + 1), QStringLiteral("gbp")));
        QCOMPARE(open[i].sourceTransaction, i == 1 ? QStringLiteral("ch_9") : QString());
        QCOMPARE(entry(ids[i]).value().idempotencyKey, claimed[i].idempotencyKey);
    }
    QStringList audited;
    const QList<AuditRow> rows = ledger().reader().auditRows({}).value();
    for (const AuditRow &row : rows)
        if (row.action == u"transfer.claimed") {
            QCOMPARE(row.actor, QStringLiteral("engine"));
            QCOMPARE(row.entryId, 0);
            audited << row.artist;
        }
    QCOMPARE(audited, (QStringList{QStringLiteral("art_1"), QStringLiteral("art_2"),
                                   QStringLiteral("art_3")}));
}

void LedgerContract::recordPaidKeepsTheTransfer()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    const qint64 id =
        sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"), 100}}).value().first();
    const ClaimedTransfer t = claimOne({id}).value();
    PD_OK(ledger().payouts().recordPaid(t, QStringLiteral("tr_1"), QStringLiteral("req_1")));
    const Entry e = entry(id).value();
    QCOMPARE(e.state, EntryState::Paid);
    QCOMPARE(e.transferId, QStringLiteral("tr_1"));
    QCOMPARE(e.idempotencyKey, t.idempotencyKey);
    QCOMPARE(balance(QStringLiteral("art_1")).value().paidMinor, 100);
    QCOMPARE(balance(QStringLiteral("art_1")).value().sendingMinor, 0);
    QVERIFY(ledger().payouts().unresolved().value().isEmpty());
    QVERIFY(ledger().reader().verify().value().ok());
}

void LedgerContract::recordRetryBacksOffThenIsDueAgain()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    const qint64 id =
        sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"), 100}}).value().first();
    const ClaimedTransfer t = claimOne({id}).value();
    PD_OK(recordRetry(ledger().payouts(), t, QStringLiteral("rate limited"), 60'000));
    const Entry e = entry(id).value();
    QCOMPARE(e.state, EntryState::Pending);
    QCOMPARE(e.attempts, 1);
    QVERIFY2(e.lastError.contains(QStringLiteral("rate limited")), qPrintable(e.lastError));
    QCOMPARE(e.nextAttemptAt.toMSecsSinceEpoch(), m_startMs + 60'000);
    QVERIFY(ledger().payouts().unresolved().value().isEmpty());

    QVERIFY(ledger().payouts().dueEntries().value().isEmpty());
    m_clock.advanceMs(59'999);
    QVERIFY(ledger().payouts().dueEntries().value().isEmpty());
    m_clock.advanceMs(1);
    QCOMPARE(ledger().payouts().dueEntries().value().size(), 1);
}

void LedgerContract::recordHeldHoldsWithTheReason()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    const qint64 id =
        sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"), 100}}).value().first();
    const ClaimedTransfer t = claimOne({id}).value();
    PD_OK(ledger().payouts().recordHeld(t, QStringLiteral("payout account not ready"),
                                        QStringLiteral("account_invalid"),
                                        QStringLiteral("req_1")));
    const Entry e = entry(id).value();
    QCOMPARE(e.state, EntryState::Held);
    QCOMPARE(e.reason, QStringLiteral("payout account not ready"));
    QVERIFY2(e.lastError.contains(QStringLiteral("account_invalid")), qPrintable(e.lastError));
    QCOMPARE(balance(QStringLiteral("art_1")).value().heldMinor, 100);
    QVERIFY(ledger().payouts().unresolved().value().isEmpty());
    QVERIFY(ledger().payouts().dueEntries().value().isEmpty());
}

void LedgerContract::recordUnknownKeepsTheEntriesSending()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    const qint64 id =
        sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"), 100}}).value().first();
    const ClaimedTransfer t = claimOne({id}).value();
    PD_OK(ledger().payouts().recordUnknown(t, QStringLiteral("timed out")));
    QCOMPARE(entry(id).value().state, EntryState::Sending);
    const QList<ClaimedTransfer> open = ledger().payouts().unresolved().value();
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.first().idempotencyKey, t.idempotencyKey);
    QVERIFY(ledger().payouts().dueEntries().value().isEmpty());
}

void LedgerContract::unresolvedListsSendingAttemptsAfterAReopen()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    const QList<qint64> ids = sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"),
                                                             100,
                                                             EntryState::Pending,
                                                             {},
                                                             EntryKind::Sale,
                                                             {},
                                                             QStringLiteral("Blue Hour")},
                                                            {QStringLiteral("art_1"), 20}})
                                  .value();
    const ClaimedTransfer t = claimOne(ids).value();
    // The description is written with the claim, so a resend repeats it.
    QCOMPARE(t.description, QStringLiteral("Payout Desk: 2 entries for art_1: Blue Hour"));
    PD_OK(reopen()); // the process died after the claim's commit
    const QList<ClaimedTransfer> open = ledger().payouts().unresolved().value();
    QCOMPARE(open.size(), 1);
    const ClaimedTransfer &r = open.first();
    QCOMPARE(r.row, t.row);
    QCOMPARE(r.idempotencyKey, t.idempotencyKey);
    QCOMPARE(r.artist, QStringLiteral("art_1"));
    QCOMPARE(r.amount, Money(120, QStringLiteral("gbp")));
    QCOMPARE(r.destination, QStringLiteral("acct_1"));
    QCOMPARE(r.entryIds, ids);
    QCOMPARE(r.description, t.description);
    QVERIFY(r.resumed);
    QCOMPARE(entry(ids[0]).value().state, EntryState::Sending);
}

void LedgerContract::releaseUnsentReturnsEntriesToPending()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    const qint64 id =
        sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"), 100}}).value().first();
    const ClaimedTransfer t = claimOne({id}).value();
    PD_OK(ledger().payouts().releaseUnsent({t}, QStringLiteral("run stopped")));
    const Entry e = entry(id).value();
    QCOMPARE(e.state, EntryState::Pending);
    QCOMPARE(e.attempts, 0);
    QVERIFY(ledger().payouts().unresolved().value().isEmpty());
    QCOMPARE(ledger().payouts().dueEntries().value().size(), 1); // due at once, no backoff
    QCOMPARE(balance(QStringLiteral("art_1")).value().pendingMinor, 100);
}

void LedgerContract::recordNotCreatedMakesEntriesClaimableUnderANewKey()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    const qint64 id =
        sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"), 100}}).value().first();
    const ClaimedTransfer t = claimOne({id}).value();
    PD_OK(ledger().payouts().recordNotCreated(t, QStringLiteral("no transfer in its group")));
    QCOMPARE(entry(id).value().state, EntryState::Pending);
    QVERIFY(ledger().payouts().unresolved().value().isEmpty());
    QCOMPARE(ledger().payouts().dueEntries().value().size(), 1);
    const ClaimedTransfer again = claimOne({id}).value();
    QVERIFY(again.row > t.row);
    QVERIFY(again.idempotencyKey != t.idempotencyKey);
}

void LedgerContract::setChargeIdShowsInDueEntries()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    PD_OK(sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"), 100}}));
    PD_OK(sale(QStringLiteral("pi_2"), {{QStringLiteral("art_1"), 200}}));
    QCOMPARE(ledger().payouts().dueEntries().value().first().chargeId, QString());
    PD_OK(ledger().payouts().setChargeId(QStringLiteral("pi_1"), QStringLiteral("ch_1")));
    const QList<DueEntry> due = ledger().payouts().dueEntries().value();
    QCOMPARE(due.size(), 2);
    for (const DueEntry &d : due)
        QCOMPARE(d.chargeId,
                 d.paymentIntent == QStringLiteral("pi_1") ? QStringLiteral("ch_1") : QString());
}

void LedgerContract::markWaitingKeepsTheLastErrorAndClaimClearsTheReason()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    const qint64 id =
        sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"), 100}}).value().first();
    PD_OK(recordRetry(ledger().payouts(), claimOne({id}).value(), QStringLiteral("boom"), 0));
    const QString waiting = QStringLiteral("waiting for the store's balance");
    PD_OK(ledger().payouts().markWaiting({group({id}).value()}, waiting));
    Entry e = entry(id).value();
    QCOMPARE(e.state, EntryState::Pending);
    QCOMPARE(e.reason, waiting);
    QVERIFY2(e.lastError.contains(QStringLiteral("boom")), qPrintable(e.lastError));
    QCOMPARE(ledger().payouts().dueEntries().value().size(), 1); // waiting is still due
    PD_OK(claimOne({id}));
    QCOMPARE(entry(id).value().reason, QString());
}

// ---------------------------------------------------------------------------
// Reversals and clawbacks

namespace {

Status refundAll(Ledger &ledger, const QString &paymentIntent)
{
    return ledger.write([&]() -> Status {
        const Result<RefundEffect> r = ledger.intake().applyFullRefund(
            paymentIntent, QStringLiteral("evt_r_") + paymentIntent, Reason::Refunded);
        return r ? Status() : Status(fail(r.error()));
    });
}

} // namespace

void LedgerContract::reversalsAreKeyedOnceAndSettleAsReversedOrClawback()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    const QList<qint64> ids = sale(QStringLiteral("pi_1"),
                                   {{QStringLiteral("art_1"), 100}, {QStringLiteral("art_1"), 200}})
                                  .value();
    const ClaimedTransfer t = claimOne(ids).value();
    PD_OK(ledger().payouts().recordPaid(t, QStringLiteral("tr_1"), QStringLiteral("req_1")));
    PD_OK(refundAll(ledger(), QStringLiteral("pi_1")));

    const QList<ClaimedReversal> claimed = ledger().payouts().claimReversals().value();
    QCOMPARE(claimed.size(), 2);
    QVERIFY(claimed[1].row > claimed[0].row);
    for (const ClaimedReversal &r : claimed) {
        QCOMPARE(r.idempotencyKey, r.derivedKey());
        QCOMPARE(r.transferId, QStringLiteral("tr_1"));
        QVERIFY(!r.resumed);
    }
    QCOMPARE(claimed[0].entryId, ids[0]);
    QCOMPARE(claimed[1].amount, Money(200, QStringLiteral("gbp")));
    // Claimed again before an outcome: the same attempts, resumed, none new.
    const QList<ClaimedReversal> again = ledger().payouts().claimReversals().value();
    QCOMPARE(again.size(), 2);
    QCOMPARE(again[0].idempotencyKey, claimed[0].idempotencyKey);
    QVERIFY(again[0].resumed);

    PD_OK(ledger().payouts().recordReversed(claimed[0], QStringLiteral("trr_1"),
                                            QStringLiteral("req_2")));
    const Result<qint64> recovery = ledger().payouts().recordClawback(
        claimed[1], QStringLiteral("balance too low"), QStringLiteral("req_3"));
    QVERIFY(recovery);
    QCOMPARE(entry(ids[0]).value().state, EntryState::Reversed);
    const Entry clawed = entry(ids[1]).value();
    QCOMPARE(clawed.state, EntryState::Clawback);
    QCOMPARE(clawed.lastError, QStringLiteral("balance too low"));
    const Entry owed = entry(*recovery).value();
    QCOMPARE(owed.kind, EntryKind::Clawback);
    QCOMPARE(owed.state, EntryState::Pending);
    QCOMPARE(owed.amount, Money(-200, QStringLiteral("gbp")));
    QCOMPARE(owed.reference, clawed.reference);
    const ArtistBalance b = balance(QStringLiteral("art_1")).value();
    QCOMPARE(b.reversedMinor, 100);
    QCOMPARE(b.clawbackMinor, 200);
    QCOMPARE(b.pendingMinor, -200);
    // The recovery entry is due like any money owed, netted by the policy.
    const QList<DueEntry> due = ledger().payouts().dueEntries().value();
    QCOMPARE(due.size(), 1);
    QCOMPARE(due.first().id, *recovery);
    QVERIFY(ledger().payouts().claimReversals().value().isEmpty());
    QVERIFY(ledger().reader().verify().value().ok());
    // A settled attempt cannot be recorded twice.
    QVERIFY(!ledger().payouts().recordReversed(claimed[0], QStringLiteral("trr_9"), {}));
}

void LedgerContract::aReversalRetryWaitsAndAnEntryPaidAfterItsRefundIsReversedToo()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    const qint64 id =
        sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"), 300}}).value().first();
    const ClaimedTransfer t = claimOne({id}).value();
    // Refunded while the transfer's outcome is unknown: nothing to reverse yet.
    PD_OK(refundAll(ledger(), QStringLiteral("pi_1")));
    QVERIFY(ledger().payouts().claimReversals().value().isEmpty());
    PD_OK(ledger().payouts().recordPaid(t, QStringLiteral("tr_1"), QStringLiteral("req_1")));
    const QList<ClaimedReversal> claimed = ledger().payouts().claimReversals().value();
    QCOMPARE(claimed.size(), 1);
    QCOMPARE(entry(id).value().state, EntryState::Reversing);

    PD_OK(ledger().payouts().recordReversalUnknown(claimed[0], QStringLiteral("timeout")));
    const QList<ClaimedReversal> resumed = ledger().payouts().claimReversals().value();
    QCOMPARE(resumed.size(), 1);
    QCOMPARE(resumed[0].attempts, 1);
    QVERIFY(resumed[0].resumed);

    PD_OK(ledger().payouts().recordReversalRetry(resumed[0], QStringLiteral("rate limited"),
                                                 QStringLiteral("req_2"), 60'000));
    const Entry e = entry(id).value();
    QCOMPARE(e.state, EntryState::Reversing);
    QCOMPARE(e.attempts, 1);
    QCOMPARE(e.lastError, QStringLiteral("rate limited"));
    QVERIFY(ledger().payouts().claimReversals().value().isEmpty()); // not due yet
    m_clock.advanceMs(60'001);
    const QList<ClaimedReversal> next = ledger().payouts().claimReversals().value();
    QCOMPARE(next.size(), 1);
    QVERIFY(next[0].idempotencyKey != claimed[0].idempotencyKey); // a new attempt, a new key
    QCOMPARE(next[0].entryAttempts, 1);
    QVERIFY(ledger().reader().verify().value().ok());
}

// ---------------------------------------------------------------------------
// Run lease

void LedgerContract::leaseIsTakenRenewedAndReleased()
{
    RunLeaseStore &l = ledger().leases();
    const qint64 now = m_clock.nowMs();
    QCOMPARE(l.lease(kLease).value(), std::nullopt);
    QVERIFY(l.take(kLease, QStringLiteral("h1"), now, now + 30'000).value());
    std::optional<LeaseState> s = l.lease(kLease).value();
    QVERIFY(s);
    QCOMPARE(s->holder, QStringLiteral("h1"));
    QCOMPARE(s->expiresAtMs, now + 30'000);

    m_clock.advanceSecs(20);
    QVERIFY(
        l.take(kLease, QStringLiteral("h1"), m_clock.nowMs(), m_clock.nowMs() + 30'000).value());
    QCOMPARE(l.lease(kLease).value()->expiresAtMs, m_clock.nowMs() + 30'000);

    PD_OK(l.release(kLease, QStringLiteral("h2"))); // not the holder: nothing happens
    QCOMPARE(l.lease(kLease).value()->holder, QStringLiteral("h1"));
    QVERIFY(
        !l.take(kLease, QStringLiteral("h2"), m_clock.nowMs(), m_clock.nowMs() + 30'000).value());
    PD_OK(l.release(kLease, QStringLiteral("h1")));
    QVERIFY(
        l.take(kLease, QStringLiteral("h2"), m_clock.nowMs(), m_clock.nowMs() + 30'000).value());
    QCOMPARE(l.lease(kLease).value()->holder, QStringLiteral("h2"));
}

void LedgerContract::secondHolderIsRefusedUntilTheLeaseExpires()
{
    const qint64 start = m_clock.nowMs();
    QVERIFY(ledger().leases().take(kLease, QStringLiteral("h1"), start, start + 30'000).value());
    // Another process, another connection.
    const std::unique_ptr<Ledger> other = openSecond();
    QVERIFY(other);
    RunLeaseStore &l = other->leases();
    m_clock.advanceMs(29'999);
    QVERIFY(
        !l.take(kLease, QStringLiteral("h2"), m_clock.nowMs(), m_clock.nowMs() + 30'000).value());
    QCOMPARE(l.lease(kLease).value()->holder, QStringLiteral("h1"));
    // Another name is another lease.
    QVERIFY(l.take(QStringLiteral("other-run"), QStringLiteral("h2"), m_clock.nowMs(),
                   m_clock.nowMs() + 1'000)
                .value());
    m_clock.advanceMs(2);
    QVERIFY(
        l.take(kLease, QStringLiteral("h2"), m_clock.nowMs(), m_clock.nowMs() + 30'000).value());
    QCOMPARE(ledger().leases().lease(kLease).value()->holder, QStringLiteral("h2"));
}

void LedgerContract::replacingTakesOverFromTheNamedHolderOnly()
{
    RunLeaseStore &l = ledger().leases();
    const qint64 now = m_clock.nowMs();
    QVERIFY(l.take(kLease, QStringLiteral("h1"), now, now + 30'000).value());
    QVERIFY(!l.take(kLease, QStringLiteral("h2"), now, now + 30'000, QStringLiteral("h3")).value());
    QCOMPARE(l.lease(kLease).value()->holder, QStringLiteral("h1"));
    QVERIFY(l.take(kLease, QStringLiteral("h2"), now, now + 45'000, QStringLiteral("h1")).value());
    QCOMPARE(l.lease(kLease).value()->holder, QStringLiteral("h2"));
    QCOMPARE(l.lease(kLease).value()->expiresAtMs, now + 45'000);
}

void LedgerContract::paidTransfersListAnArtistsPaymentsWithTheirTime()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    PD_OK(link(QStringLiteral("art_2"), QStringLiteral("acct_2")));
    const QList<qint64> ids = sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"), 100},
                                                            {QStringLiteral("art_1"), 20},
                                                            {QStringLiteral("art_2"), 400}})
                                  .value();
    const ClaimedTransfer t = claimOne({ids[0], ids[1]}).value();
    const QDateTime paidAt = m_clock.now();
    PD_OK(ledger().payouts().recordPaid(t, QStringLiteral("tr_1"), QStringLiteral("req_1")));
    (void)claimOne({ids[2]}).value(); // in flight: not paid
    m_clock.advanceSecs(86400);
    // Refunded later: the payment keeps its time and amount.
    PD_OK(refundAll(ledger(), QStringLiteral("pi_1")));
    const QList<PaidTransfer> paid =
        ledger().reader().paidTransfers(QStringLiteral("art_1")).value();
    QCOMPARE(paid.size(), 1);
    QCOMPARE(paid[0].transferId, QStringLiteral("tr_1"));
    QCOMPARE(paid[0].amount, Money(120, QStringLiteral("gbp")));
    QCOMPARE(paid[0].paidAt, paidAt);
    QVERIFY(ledger().reader().paidTransfers(QStringLiteral("art_2")).value().isEmpty());
    QVERIFY(ledger().reader().paidTransfers(QStringLiteral("art_9")).value().isEmpty());
}
