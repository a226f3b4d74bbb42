// The contract of the inbox, cleanup, meta, change feed, backup, audit and
// reader stores, and conservation of money across all of them.
#include "ContractSupport.h"
#include "Events.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <limits>

using namespace contract;

// ---------------------------------------------------------------------------
// Inbox

void LedgerContract::journalReturnsIdsInOrderAndKeepsBodies()
{
    QByteArray binary("{\"a\":\"");
    binary.append('\0').append("\xff\"}", 3);
    const QList<qint64> ids =
        ledger()
            .inbox()
            .journal({"{\"n\":1}", binary, "{\"n\":3}"}, QStringLiteral("webhook"))
            .value();
    QCOMPARE(ids.size(), 3);
    QVERIFY(ids[0] < ids[1] && ids[1] < ids[2]);
    const QList<InboxRow> rows = ledger().inbox().due(10, m_clock.nowMs()).value();
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows[0].id, ids[0]);
    QCOMPARE(rows[1].id, ids[1]);
    QCOMPARE(rows[1].body, binary);
    QCOMPARE(rows[2].body, QByteArray("{\"n\":3}"));
    QCOMPARE(rows[0].source, QStringLiteral("webhook"));
    QCOMPARE(rows[0].receivedAtMs, m_clock.nowMs());
    QCOMPARE(rows[0].attempts, 0);
    // Journaled, not applied: nothing else changed.
    QCOMPARE(ledger().reader().countEntries(everything()).value(), 0);
}

void LedgerContract::dueHonoursLimitAndAfterId()
{
    const QList<qint64> ids =
        ledger().inbox().journal({"1", "2", "3", "4", "5"}, QStringLiteral("webhook")).value();
    const QList<InboxRow> first = ledger().inbox().due(2, m_clock.nowMs()).value();
    QCOMPARE(first.size(), 2);
    QCOMPARE(first[1].id, ids[1]);
    const QList<InboxRow> next = ledger().inbox().due(2, m_clock.nowMs(), first[1].id).value();
    QCOMPARE(next.size(), 2);
    QCOMPARE(next[0].id, ids[2]);
    QCOMPARE(next[0].body, QByteArray("3"));
    QCOMPARE(ledger().inbox().due(10, m_clock.nowMs(), ids[4]).value().size(), 0);
}

void LedgerContract::attemptFailedHoldsARowBackUntilItsRetryTime()
{
    InboxStore &in = ledger().inbox();
    const QList<qint64> ids = in.journal({"a", "b"}, QStringLiteral("webhook")).value();
    QCOMPARE(in.nextRetry().value(), -1);
    const qint64 retryAt = m_clock.nowMs() + 5'000;
    PD_OK(in.attemptFailed(ids[0], QStringLiteral("disk on fire"), retryAt));
    QList<InboxRow> due = in.due(10, m_clock.nowMs()).value();
    QCOMPARE(due.size(), 1);
    QCOMPARE(due[0].id, ids[1]);
    QCOMPARE(in.nextRetry().value(), retryAt);
    const InboxBacklog b = in.backlog().value();
    QCOMPARE(b.waiting, 2); // held back, never dropped
    QCOMPARE(b.retrying, 1);
    QCOMPARE(in.due(10, retryAt - 1).value().size(), 1);
    due = in.due(10, retryAt).value();
    QCOMPARE(due.size(), 2);
    QCOMPARE(due[0].id, ids[0]);
    QCOMPARE(due[0].attempts, 1);
}

void LedgerContract::markAppliedTakesRowsOutOfTheBacklog()
{
    InboxStore &in = ledger().inbox();
    const QList<qint64> ids = in.journal({"a"}, QStringLiteral("webhook")).value();
    m_clock.advanceSecs(10);
    const QList<qint64> later = in.journal({"b", "c"}, QStringLiteral("webhook")).value();
    PD_OK(in.attemptFailed(ids[0], QStringLiteral("x"), m_clock.nowMs() + 1'000));
    PD_OK(ledger().write([&] { return in.markApplied({ids[0], later[0]}, m_clock.nowMs()); }));
    const InboxBacklog b = in.backlog().value();
    QCOMPARE(b.waiting, 1);
    QCOMPARE(b.retrying, 0);
    QCOMPARE(b.oldest, m_clock.now());
    QCOMPARE(in.nextRetry().value(), -1);
    const QList<InboxRow> due = in.due(10, std::numeric_limits<qint64>::max()).value();
    QCOMPARE(due.size(), 1);
    QCOMPARE(due[0].id, later[1]);
}

void LedgerContract::backlogCountsWaitingRowsAndTheOldest()
{
    InboxStore &in = ledger().inbox();
    InboxBacklog b = in.backlog().value();
    QCOMPARE(b.waiting, 0);
    QVERIFY(!b.oldest.isValid());
    const QDateTime first = m_clock.now();
    PD_OK(in.journal({"a"}, QStringLiteral("webhook")));
    m_clock.advanceSecs(30);
    PD_OK(in.journal({"b", "c"}, QStringLiteral("webhook")));
    b = in.backlog().value();
    QCOMPARE(b.waiting, 3);
    QCOMPARE(b.oldest, first);
    QCOMPARE(b.retrying, 0);
}

// ---------------------------------------------------------------------------
// Cleanup

void LedgerContract::duplicateCopiesListsLaterCopiesOnly()
{
    const Item copy{QStringLiteral("art_1"), 100, EntryState::Pending, {}, EntryKind::Sale,
                    QStringLiteral("trk_1")};
    Item commission = copy;
    commission.kind = EntryKind::Commission;
    Item voided = copy;
    voided.state = EntryState::Void;
    voided.reason = Reason::Duplicate;
    const QList<qint64> ids =
        sale(QStringLiteral("pi_1"), {copy, commission, voided, copy, copy}).value();
    PD_OK(sale(QStringLiteral("pi_2"), {copy})); // another sale: not a copy
    const QList<CleanupCandidate> dups = ledger().cleanup().duplicateCopies().value();
    QCOMPARE(dups.size(), 2);
    QCOMPARE(dups[0].id, ids[3]);
    QCOMPARE(dups[1].id, ids[4]);
    QCOMPARE(dups[0].artist, QStringLiteral("art_1"));
    QCOMPARE(dups[0].amountMinor, 100);
    QCOMPARE(dups[0].currency, QStringLiteral("gbp"));
    QCOMPARE(dups[0].state, EntryState::Pending);
}

void LedgerContract::invalidOpenEntriesListsUnpayableOpenEntries()
{
    const QList<qint64> ids =
        sale(QStringLiteral("pi_1"),
             {{QStringLiteral("art_1"), 100},
              {QStringLiteral("art_1"), 0},
              {QStringLiteral("art_1"), -5, EntryState::Held, QStringLiteral("x")},
              {QStringLiteral("art_1"), 0, EntryState::Void, Reason::Duplicate}})
            .value();
    const qint64 odd =
        sale(QStringLiteral("pi_2"), {{QStringLiteral("art_1"), 100}}, 0, QStringLiteral("xyz"))
            .value()
            .first();
    const QList<CleanupCandidate> bad =
        ledger()
            .cleanup()
            .invalidOpenEntries({QStringLiteral("gbp"), QStringLiteral("eur")})
            .value();
    QCOMPARE(bad.size(), 3);
    QCOMPARE(bad[0].id, ids[1]);
    QCOMPARE(bad[1].id, ids[2]);
    QCOMPARE(bad[1].state, EntryState::Held);
    QCOMPARE(bad[1].amountMinor, -5);
    QCOMPARE(bad[2].id, odd);
    QCOMPARE(bad[2].currency, QStringLiteral("xyz"));
    QVERIFY(bad[2].artistKnown);
}

void LedgerContract::voidEntryVoidsWithTheReason()
{
    const QList<qint64> ids = sale(QStringLiteral("pi_1"),
                                   {{QStringLiteral("art_1"), 100}, {QStringLiteral("art_1"), 100}})
                                  .value();
    PD_OK(ledger().write([&] { return ledger().cleanup().voidEntry(ids[1], Reason::Duplicate); }));
    const Entry e = entry(ids[1]).value();
    QCOMPARE(e.state, EntryState::Void);
    QCOMPARE(e.reason, Reason::Duplicate);
    QCOMPARE(entry(ids[0]).value().state, EntryState::Pending);
    const ArtistBalance b = balance(QStringLiteral("art_1")).value();
    QCOMPARE(b.voidMinor, 100);
    QCOMPARE(b.pendingMinor, 100);
    QCOMPARE(b.entries, 2); // never a hard delete
}

void LedgerContract::archiveProcessedEventsMovesOnlyOldIds()
{
    IntakeStore &in = ledger().intake();
    PD_OK(inWrite(ledger(), [&] {
        return in.markProcessed(QStringLiteral("evt_old"), QStringLiteral("t"),
                                QStringLiteral("webhook"), QStringLiteral("recorded"));
    }));
    m_clock.advanceSecs(10 * 86'400);
    PD_OK(inWrite(ledger(), [&] {
        return in.markProcessed(QStringLiteral("evt_new"), QStringLiteral("t"),
                                QStringLiteral("webhook"), QStringLiteral("recorded"));
    }));
    const qint64 cut = m_clock.nowMs() - 86'400'000;
    Result<int> moved;
    PD_OK(ledger().write([&]() -> Status {
        moved = ledger().cleanup().archiveProcessedEvents(cut);
        return moved ? Status() : Status(fail(moved.error()));
    }));
    QCOMPARE(*moved, 1);
    QCOMPARE(in.processedOutcome(QStringLiteral("evt_new")).value(), QStringLiteral("recorded"));
    QCOMPARE(
        inWrite(ledger(), [&] { return ledger().cleanup().archiveProcessedEvents(cut); }).value(),
        0);
}

void LedgerContract::archiveQuarantineArchivesOnlyOldRows()
{
    IntakeStore &in = ledger().intake();
    PD_OK(inWrite(ledger(), [&] {
        return in.quarantine(QStringLiteral("evt_1"), QStringLiteral("t"),
                             QStringLiteral("webhook"), QStringLiteral("bad"), "1");
    }));
    m_clock.advanceSecs(10 * 86'400);
    PD_OK(inWrite(ledger(), [&] {
        return in.quarantine(QStringLiteral("evt_2"), QStringLiteral("t"),
                             QStringLiteral("webhook"), QStringLiteral("bad"), "2");
    }));
    const qint64 cut = m_clock.nowMs() - 86'400'000;
    QCOMPARE(inWrite(ledger(), [&] { return ledger().cleanup().archiveQuarantine(cut); }).value(),
             1);
    const QList<QuarantinedEvent> open = ledger().reader().quarantine().value();
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.first().eventId, QStringLiteral("evt_2"));
    const QList<QuarantinedEvent> archived =
        ledger().reader().quarantine(QStringLiteral("archived")).value();
    QCOMPARE(archived.size(), 1);
    QCOMPARE(archived.first().eventId, QStringLiteral("evt_1"));
    QCOMPARE(archived.first().body, QByteArray("1")); // archived, still whole
}

void LedgerContract::dismissQuarantinedClosesOnlyAnOpenRow()
{
    IntakeStore &in = ledger().intake();
    PD_OK(inWrite(ledger(), [&] {
        return in.quarantine(QStringLiteral("evt_1"), QStringLiteral("t"),
                             QStringLiteral("webhook"), QStringLiteral("bad"), "1");
    }));
    const qint64 id = ledger().reader().quarantine().value().value(0).id;
    CleanupStore &c = ledger().cleanup();
    QCOMPARE(inWrite(ledger(), [&] { return c.dismissQuarantined(id + 1000); }).value(), false);
    QCOMPARE(inWrite(ledger(), [&] { return c.dismissQuarantined(id); }).value(), true);
    QCOMPARE(inWrite(ledger(), [&] { return c.dismissQuarantined(id); }).value(), false); // once
    QCOMPARE(ledger().reader().countQuarantined().value(), 0);
    const std::optional<QuarantinedEvent> row = ledger().reader().quarantinedEvent(id).value();
    QVERIFY(row);
    QCOMPARE(row->status, QStringLiteral("dismissed"));
    QCOMPARE(row->body, QByteArray("1")); // kept whole
}

void LedgerContract::countStuckSendingCountsOnlyOldClaims()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    const QList<qint64> ids =
        sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"), 1}, {QStringLiteral("art_1"), 2}})
            .value();
    PD_OK(claimOne({ids[0]}));
    m_clock.advanceSecs(2 * 3600);
    PD_OK(claimOne({ids[1]}));
    QCOMPARE(ledger().cleanup().countStuckSending(m_clock.nowMs() - 3'600'000).value(), 1);
    QCOMPARE(ledger().cleanup().countStuckSending(m_clock.nowMs() + 1).value(), 2);
}

// ---------------------------------------------------------------------------
// Meta, change feed, backup, audit

void LedgerContract::metaIsEmptyUntilWrittenThenRoundTrips()
{
    MetaStore &m = ledger().meta();
    QCOMPARE(m.value(QStringLiteral("poller.cursor")).value(), QString());
    PD_OK(m.setValue(QStringLiteral("poller.cursor"), QStringLiteral("evt_42 ✓")));
    QCOMPARE(m.value(QStringLiteral("poller.cursor")).value(), QStringLiteral("evt_42 ✓"));
    PD_OK(m.setValue(QStringLiteral("poller.cursor"), QStringLiteral("evt_43")));
    PD_OK(reopen());
    QCOMPARE(ledger().meta().value(QStringLiteral("poller.cursor")).value(),
             QStringLiteral("evt_43"));
}

void LedgerContract::changeVersionMovesOnlyWhenSomethingCommits()
{
    ChangeFeed &feed = ledger().changes();
    const qint64 v0 = feed.version().value();
    PD_OK(ledger().reader().balances());
    QVERIFY(!ledger().write([&]() -> Status {
        if (Status st = link(QStringLiteral("art_1"), {}); !st)
            return st;
        return fail(Error::database(QStringLiteral("rolled back")));
    }));
    QCOMPARE(feed.version().value(), v0);
    PD_OK(link(QStringLiteral("art_1"), {}));
    const qint64 v1 = feed.version().value();
    QVERIFY(v1 != v0);
    QCOMPARE(feed.version().value(), v1);
}

void LedgerContract::changeVersionSeesAnotherConnectionsCommit()
{
    const std::unique_ptr<Ledger> other = openSecond();
    QVERIFY(other);
    const qint64 v0 = ledger().changes().version().value();
    PD_OK(other->meta().setValue(QStringLiteral("k"), QStringLiteral("v")));
    const qint64 v1 = ledger().changes().version().value();
    QVERIFY(v1 != v0);
    QCOMPARE(ledger().changes().version().value(), v1);
}

void LedgerContract::backupOpensAsALedgerWithTheSameBalances()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    const QList<qint64> ids = sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"), 100},
                                                            {QStringLiteral("art_1"), 200},
                                                            {QStringLiteral("art_2"), 400}})
                                  .value();
    PD_OK(ledger().payouts().recordPaid(claimOne({ids[0]}).value(), QStringLiteral("tr_1"),
                                        QStringLiteral("req_1")));
    const QString target = m_files.filePath(
        QStringLiteral("backup-%1%2").arg(++m_backups).arg(ledger().backup().fileSuffix()));
    PD_OK(ledger().backup().backupTo(target));
    QVERIFY(QFile::exists(target));
    const std::optional<LedgerLocation> copyAt =
        m_backend.backupLocation ? m_backend.backupLocation(target) : std::nullopt;
    if (!copyAt)
        return; // this backend's copy is not a ledger in place
    Ledger copy(*copyAt, m_clock);
    PD_OK(copy.open());
    const QList<ArtistBalance> original = ledger().reader().balances().value();
    const QList<ArtistBalance> copied = copy.reader().balances().value();
    QCOMPARE(copied.size(), original.size());
    for (qsizetype i = 0; i < copied.size(); ++i) {
        QCOMPARE(copied[i].artist, original[i].artist);
        QCOMPARE(copied[i].pendingMinor, original[i].pendingMinor);
        QCOMPARE(copied[i].paidMinor, original[i].paidMinor);
    }
    QCOMPARE(copy.accounts().account(QStringLiteral("art_1")).value(),
             std::optional<QString>(QStringLiteral("acct_1")));
    QVERIFY(copy.reader().verify().value().ok());
}

void LedgerContract::backupRefusesAnExistingTarget()
{
    const QString target = m_files.filePath(
        QStringLiteral("backup-%1%2").arg(++m_backups).arg(ledger().backup().fileSuffix()));
    {
        QFile f(target);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("keep me");
    }
    QVERIFY(!ledger().backup().backupTo(target));
    QFile f(target);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("keep me"));
}

void LedgerContract::auditAppendCommitsInsideAWrite()
{
    const qint64 v0 = ledger().changes().version().value();
    PD_OK(ledger().write([&] {
        return ledger().auditLog().append(QStringLiteral("admin"), QStringLiteral("note"),
                                          QStringLiteral("art_1"), 0, QStringLiteral("detail"));
    }));
    QVERIFY(ledger().changes().version().value() != v0); // the row committed
}

void LedgerContract::auditRowsFilterByArtistAndTimeOldestFirst()
{
    const auto append = [&](const QString &artist, qint64 entry, const QString &detail) {
        return ledger().write([&] {
            return ledger().auditLog().append(QStringLiteral("admin"), QStringLiteral("note"),
                                              artist, entry, detail);
        });
    };
    PD_OK(append(QStringLiteral("art_1"), 0, QStringLiteral("one")));
    m_clock.advanceSecs(60);
    const QDateTime second = m_clock.now();
    PD_OK(append({}, 0, QStringLiteral("two")));
    PD_OK(append(QStringLiteral("art_1"), 42, QStringLiteral("three")));
    LedgerReader &r = ledger().reader();
    const QList<AuditRow> all = r.auditRows({}).value();
    QCOMPARE(all.size(), 3);
    QCOMPARE(all.at(0).detail, QStringLiteral("one"));
    QCOMPARE(all.at(0).actor, QStringLiteral("admin"));
    QCOMPARE(all.at(0).action, QStringLiteral("note"));
    QCOMPARE(all.at(1).artist, QString()); // about no artist
    QCOMPARE(all.at(2).entryId, 42);
    QCOMPARE(all.at(1).at, second);
    QVERIFY(all.at(0).id < all.at(1).id && all.at(1).id < all.at(2).id);

    LedgerReader::AuditFilter f;
    f.artist = QStringLiteral("art_1");
    QCOMPARE(r.auditRows(f).value().size(), 2);
    f.since = second;
    const QList<AuditRow> since = r.auditRows(f).value();
    QCOMPARE(since.size(), 1);
    QCOMPARE(since.first().detail, QStringLiteral("three"));
    f = {};
    f.limit = 2;
    QCOMPARE(r.auditRows(f).value().size(), 2);
}

// ---------------------------------------------------------------------------
// Reader

void LedgerContract::entriesFilterByArtistStatesLimitAndOffset()
{
    const QList<qint64> a =
        sale(QStringLiteral("pi_1"),
             {{QStringLiteral("art_1"), 1},
              {QStringLiteral("art_1"), 2, EntryState::Held, QStringLiteral("x")},
              {QStringLiteral("art_1"), 4},
              {QStringLiteral("art_1"), 8, EntryState::Void, Reason::Duplicate},
              {QStringLiteral("art_2"), 16}})
            .value();
    LedgerReader &r = ledger().reader();
    LedgerReader::EntryFilter f;
    f.artist = QStringLiteral("art_1");
    QCOMPARE(r.entries(f).value().size(), 4);
    QCOMPARE(r.countEntries(f).value(), 4);
    f.states = {EntryState::Pending, EntryState::Held};
    QList<Entry> got = r.entries(f).value();
    QCOMPARE(got.size(), 3);
    QCOMPARE(got[0].id, a[0]);
    QCOMPARE(got[2].id, a[2]);
    f.limit = 1;
    f.offset = 1;
    got = r.entries(f).value();
    QCOMPARE(got.size(), 1);
    QCOMPARE(got[0].id, a[1]);
    QCOMPARE(r.countEntries(f).value(), 3); // counts every match, for paging
    LedgerReader::EntryFilter all;
    all.states = {EntryState::Pending};
    QCOMPARE(r.countEntries(all).value(), 3);
    QCOMPARE(r.entries(all).value().last().artist, QStringLiteral("art_2"));
}

void LedgerContract::entriesAfterAKeyStayPutWhileEarlierOnesMove()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    // Two sales a minute apart; ids alone would not give the ledger's order
    // of purchase time then id, so the key holds both.
    const QList<qint64> late =
        sale(QStringLiteral("pi_late"),
             {{QStringLiteral("art_1"), 1}, {QStringLiteral("art_1"), 2}}, m_startMs + 60'000)
            .value();
    const QList<qint64> early =
        sale(QStringLiteral("pi_early"),
             {{QStringLiteral("art_1"), 4}, {QStringLiteral("art_2"), 8}}, m_startMs)
            .value();
    LedgerReader &r = ledger().reader();
    LedgerReader::EntryFilter f;
    f.artist = QStringLiteral("art_1");
    f.states = {EntryState::Pending};
    f.limit = 1;
    const QList<Entry> first = r.entries(f).value();
    QCOMPARE(first.size(), 1);
    QCOMPARE(first[0].id, early[0]);
    f.afterCreatedMs = first[0].createdAt.toMSecsSinceEpoch();
    f.afterId = first[0].id;
    // The first page's entry leaves the list (paid, say): an offset of 1
    // would now skip an entry; the key does not.
    PD_OK(ledger().payouts().recordPaid(claimOne({early[0]}).value(), QStringLiteral("tr_1"),
                                        QStringLiteral("req_1")));
    f.limit = 10;
    QList<Entry> rest = r.entries(f).value();
    QCOMPARE(rest.size(), 2);
    QCOMPARE(rest[0].id, late[0]);
    QCOMPARE(rest[1].id, late[1]);
    f.afterCreatedMs = rest[0].createdAt.toMSecsSinceEpoch();
    f.afterId = rest[0].id;
    rest = r.entries(f).value();
    QCOMPARE(rest.size(), 1);
    QCOMPARE(rest[0].id, late[1]);
    QCOMPARE(r.countEntries(f).value(), 2); // the key is paging: every match is counted
}

void LedgerContract::stateCountsCountEveryState()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    const QList<qint64> ids =
        sale(QStringLiteral("pi_1"),
             {{QStringLiteral("art_1"), 1},
              {QStringLiteral("art_1"), 2},
              {QStringLiteral("art_1"), 4, EntryState::Held, QStringLiteral("x")},
              {QStringLiteral("art_1"), 8, EntryState::Void, Reason::Duplicate}})
            .value();
    PD_OK(claimOne({ids[0]}));
    const QHash<EntryState, qint64> counts = ledger().reader().stateCounts().value();
    QCOMPARE(counts.value(EntryState::Pending), 1);
    QCOMPARE(counts.value(EntryState::Sending), 1);
    QCOMPARE(counts.value(EntryState::Held), 1);
    QCOMPARE(counts.value(EntryState::Void), 1);
    QCOMPARE(counts.value(EntryState::Paid), 0);
}

void LedgerContract::heldTotalsSumPerReason()
{
    const QString notReady = QStringLiteral("payout account not ready");
    PD_OK(sale(QStringLiteral("pi_1"),
               {{QStringLiteral("art_1"), 100, EntryState::Held, Reason::NoPayoutAccount},
                {QStringLiteral("art_1"), 200, EntryState::Held, Reason::NoPayoutAccount},
                {QStringLiteral("art_1"), 400, EntryState::Held, notReady},
                {QStringLiteral("art_1"), 800},
                {QStringLiteral("art_2"), 1600, EntryState::Held, notReady}}));
    const QList<HeldTotal> mine = ledger().reader().heldTotals(QStringLiteral("art_1")).value();
    QCOMPARE(mine.size(), 2);
    for (const HeldTotal &h : mine) {
        QCOMPARE(h.artist, QStringLiteral("art_1"));
        QCOMPARE(h.currency, QStringLiteral("gbp"));
        if (h.reason == Reason::NoPayoutAccount) {
            QCOMPARE(h.entries, 2);
            QCOMPARE(h.amountMinor, 300);
        } else {
            QCOMPARE(h.reason, notReady);
            QCOMPARE(h.amountMinor, 400);
        }
    }
    QCOMPARE(ledger().reader().heldTotals().value().size(), 3);
}

void LedgerContract::artistsListsKnownArtists()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    PD_OK(link(QStringLiteral("art_2"), {}));
    const QList<Artist> all = ledger().reader().artists().value();
    QCOMPARE(all.size(), 2);
    for (const Artist &a : all)
        QCOMPARE(a.account, a.id == QStringLiteral("art_1") ? QStringLiteral("acct_1") : QString());
    const std::optional<Artist> one = ledger().reader().artist(QStringLiteral("art_2")).value();
    QVERIFY(one);
    QCOMPARE(one->id, QStringLiteral("art_2"));
    QCOMPARE(one->account, QString());
    QCOMPARE(ledger().reader().artist(QStringLiteral("art_3")).value(), std::nullopt);
}

void LedgerContract::verifyPassesOnAFreshLedger()
{
    const VerifyReport report = ledger().reader().verify().value();
    QVERIFY(!report.checks.isEmpty());
    for (const VerifyReport::Check &c : report.checks)
        QVERIFY2(c.ok,
                 qPrintable(c.name + QStringLiteral(": ") + c.problems.join(QStringLiteral("; "))));
    QVERIFY(report.ok());
}

// ---------------------------------------------------------------------------
// Conservation of money

void LedgerContract::moneyIsConservedThroughAMixedScenario()
{
    PD_OK(link(QStringLiteral("art_1"), QStringLiteral("acct_1")));
    PD_OK(link(QStringLiteral("art_2"), QStringLiteral("acct_2")));
    PD_OK(link(QStringLiteral("art_3"), {}));
    QHash<QString, qint64> ingested; // artist|currency -> minor units
    const auto add = [&](const QString &pi, const QList<Item> &items,
                         const QString &currency) -> QList<qint64> {
        for (const Item &i : items)
            ingested[i.artist + u'|' + currency] += i.amount;
        return sale(pi, items, 0, currency).value_or(QList<qint64>{});
    };
    const QList<qint64> s1 = add(QStringLiteral("pi_1"),
                                 {{QStringLiteral("art_1"), 1000},
                                  {QStringLiteral("art_2"), 2000},
                                  {QStringLiteral("art_3"), 3000}},
                                 QStringLiteral("gbp"));
    const QList<qint64> s2 = add(QStringLiteral("pi_2"),
                                 {{QStringLiteral("art_1"), 500}, {QStringLiteral("art_1"), 700}},
                                 QStringLiteral("eur"));
    const QList<qint64> s3 =
        add(QStringLiteral("pi_3"), {{QStringLiteral("art_2"), 50}, {QStringLiteral("art_2"), 60}},
            QStringLiteral("gbp"));
    QCOMPARE(s1.size() + s2.size() + s3.size(), 7);

    PayoutStore &p = ledger().payouts();
    QCOMPARE(p.dueEntries().value().size(), 6); // art_3's money is held
    PD_OK(p.recordPaid(claimOne({s1[0]}).value(), QStringLiteral("tr_1"), QStringLiteral("r")));
    PD_OK(recordRetry(p, claimOne({s2[0]}).value(), QStringLiteral("rate limited"), 1000));
    PD_OK(p.recordHeld(claimOne({s2[1]}).value(), QStringLiteral("not ready"), QStringLiteral("e"),
                       QStringLiteral("r")));
    PD_OK(p.recordUnknown(claimOne({s1[1]}).value(), QStringLiteral("timeout")));
    PD_OK(ledger().write([&] { return ledger().cleanup().voidEntry(s3[1], Reason::Duplicate); }));
    PD_OK(ledger().write([&]() -> Status {
        const Result<RefundEffect> r = ledger().intake().applyFullRefund(
            QStringLiteral("pi_3"), QStringLiteral("evt_r"), Reason::Refunded);
        return r ? Status() : Status(fail(r.error()));
    }));

    const QList<ArtistBalance> balances = ledger().reader().balances().value();
    QCOMPARE(balances.size(), ingested.size());
    for (const ArtistBalance &b : balances) {
        const qint64 held =
            b.pendingMinor + b.sendingMinor + b.paidMinor + b.heldMinor + b.voidMinor;
        QCOMPARE(held, ingested.value(b.artist + u'|' + b.currency, -1));
    }
    QCOMPARE(balance(QStringLiteral("art_1")).value().paidMinor, 1000);
    QCOMPARE(balance(QStringLiteral("art_2")).value().sendingMinor, 2000);
    QCOMPARE(balance(QStringLiteral("art_2")).value().voidMinor, 110);
    QCOMPARE(balance(QStringLiteral("art_3")).value().heldMinor, 3000);
    QCOMPARE(balance(QStringLiteral("art_1"), QStringLiteral("eur")).value().heldMinor, 700);
    const VerifyReport report = ledger().reader().verify().value();
    for (const VerifyReport::Check &c : report.checks)
        QVERIFY2(c.ok,
                 qPrintable(c.name + QStringLiteral(": ") + c.problems.join(QStringLiteral("; "))));
}
