#include "LedgerContract.h"

#include "Events.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <limits>
#include <optional>
#include <type_traits>

namespace {

template<typename T> QByteArray why(const std::expected<T, Error> &r)
{
    return r ? QByteArray() : r.error().message.toUtf8();
}

// PayoutStore::recordRetry takes the backoff as a number or, in a later
// revision of the interface, as a function of the attempts; the contract is
// the same: the next attempt is `backoffMs` after now.
template<typename Store>
Status recordRetry(Store &store, const ClaimedTransfer &t, const QString &error, qint64 backoffMs)
{
    const QString request = QStringLiteral("req_retry");
    if constexpr (requires { store.recordRetry(t, error, request, backoffMs); })
        return store.recordRetry(t, error, request, backoffMs);
    else
        return store.recordRetry(t, error, request, [backoffMs](int) { return backoffMs; });
}

// Runs a store call inside Ledger::write(), as its owner does (intake and
// cleanup call their stores only inside a write), and hands back its result.
template<typename F> auto inWrite(Ledger &ledger, F call) -> std::invoke_result_t<F>
{
    using R = std::invoke_result_t<F>;
    if constexpr (std::is_same_v<R, Status>) {
        return ledger.write(call);
    } else {
        std::optional<R> out;
        const Status s = ledger.write([&]() -> Status {
            out.emplace(call());
            return *out ? Status() : Status(fail(out->error()));
        });
        if (!s)
            return fail(s.error());
        return std::move(*out);
    }
}

LedgerReader::EntryFilter everything()
{
    LedgerReader::EntryFilter f;
    f.limit = 100000;
    return f;
}

const QString kLease = QStringLiteral("payout-run");

} // namespace

// Fails the test with the error's message when a Result or Status holds one.
#define PD_OK(expr)                                                                                \
    do {                                                                                           \
        const auto &pdResult = (expr);                                                             \
        QVERIFY2(pdResult.has_value(), why(pdResult).constData());                                 \
    } while (false)

LedgerContract::LedgerContract(Backend backend, QObject *parent)
    : QObject(parent)
    , m_backend(std::move(backend))
{}

LedgerContract::~LedgerContract() = default;

void LedgerContract::initTestCase()
{
    if (!m_backend.skipReason.isEmpty())
        QSKIP(qPrintable(m_backend.skipReason));
    QVERIFY(m_files.isValid());
    qInfo("ledger contract on the %s backend", qPrintable(m_backend.name));
}

void LedgerContract::init()
{
    m_clock.set(QDateTime::fromSecsSinceEpoch(1'767'225'600, Qt::UTC));
    m_startMs = m_clock.nowMs();
    const Result<LedgerLocation> location = m_backend.freshLocation();
    PD_OK(location);
    m_location = *location;
    m_ledger = std::make_unique<Ledger>(m_location, m_clock);
    PD_OK(m_ledger->open());
}

void LedgerContract::cleanup()
{
    m_ledger.reset();
    if (m_backend.discard && m_location.isValid())
        m_backend.discard(m_location);
    m_location = {};
}

Status LedgerContract::reopen()
{
    m_ledger.reset(); // a crash, as far as the ledger can tell: nothing more is written
    m_ledger = std::make_unique<Ledger>(m_location, m_clock);
    return m_ledger->open();
}

std::unique_ptr<Ledger> LedgerContract::openSecond()
{
    auto other = std::make_unique<Ledger>(m_location, m_clock);
    if (!other->open())
        return {};
    return other;
}

Result<QList<qint64>> LedgerContract::sale(const QString &paymentIntent, const QList<Item> &items,
                                           qint64 createdAtMs, const QString &currency)
{
    return ContractSeed::sale(*m_ledger, paymentIntent, items,
                              createdAtMs ? createdAtMs : m_clock.nowMs(), currency);
}

Status LedgerContract::link(const QString &artist, const QString &account)
{
    return m_ledger->accounts().setAccount(artist, account);
}

Result<Entry> LedgerContract::entry(qint64 id)
{
    const Result<QList<Entry>> all = m_ledger->reader().entries(everything());
    if (!all)
        return fail(all.error());
    for (const Entry &e : *all)
        if (e.id == id)
            return e;
    return fail(Error::database(QStringLiteral("no entry %1 read back").arg(id)));
}

Result<PayoutGroup> LedgerContract::group(const QList<qint64> &ids)
{
    PayoutGroup g;
    for (const qint64 id : ids) {
        const Result<Entry> e = entry(id);
        if (!e)
            return fail(e.error());
        const Result<std::optional<QString>> account = m_ledger->accounts().account(e->artist);
        if (!account)
            return fail(account.error());
        g.artist = e->artist;
        g.destination = account->value_or(QString());
        g.amount = Money(g.amount.minor + e->amount.minor, e->amount.currency);
        g.paymentIntent = e->paymentIntent;
        if (!g.oldest.isValid() || e->createdAt < g.oldest)
            g.oldest = e->createdAt;
        g.entryIds << id;
    }
    return g;
}

Result<ClaimedTransfer> LedgerContract::claimOne(const QList<qint64> &ids)
{
    const Result<PayoutGroup> g = group(ids);
    if (!g)
        return fail(g.error());
    const Result<QList<ClaimedTransfer>> claimed = m_ledger->payouts().claim({*g});
    if (!claimed)
        return fail(claimed.error());
    if (claimed->size() != 1)
        return fail(Error::database(
            QStringLiteral("%1 transfers claimed for one group").arg(claimed->size())));
    return claimed->first();
}

Result<ArtistBalance> LedgerContract::balance(const QString &artist, const QString &currency)
{
    const Result<QList<ArtistBalance>> all = m_ledger->reader().balances(artist);
    if (!all)
        return fail(all.error());
    for (const ArtistBalance &b : *all)
        if (b.artist == artist && b.currency == currency)
            return b;
    return fail(Error::database(QStringLiteral("no balance for %1 in %2").arg(artist, currency)));
}

// ---------------------------------------------------------------------------
// Transactions

void LedgerContract::failedWriteLeavesNothing()
{
    const qint64 commits = ledger().commitCount();
    const Status s = ledger().write([&]() -> Status {
        if (Status st =
                ledger().accounts().setAccount(QStringLiteral("art_1"), QStringLiteral("acct_1"));
            !st)
            return st;
        if (Status st = ledger().meta().setValue(QStringLiteral("k"), QStringLiteral("v")); !st)
            return st;
        return fail(Error::database(QStringLiteral("something later failed")));
    });
    QVERIFY(!s);
    QCOMPARE(s.error().message, QStringLiteral("something later failed"));
    QCOMPARE(ledger().accounts().account(QStringLiteral("art_1")).value(), std::nullopt);
    QCOMPARE(ledger().meta().value(QStringLiteral("k")).value(), QString());
    QCOMPARE(ledger().commitCount(), commits);
}

void LedgerContract::rehearseSeesItsChangesThenRollsBack()
{
    QSignalSpy changed(&ledger(), &Ledger::changed);
    std::optional<QString> seenInside;
    PD_OK(ledger().rehearse([&]() -> Status {
        if (Status st = link(QStringLiteral("art_1"), QStringLiteral("acct_1")); !st)
            return st;
        const auto account = ledger().accounts().account(QStringLiteral("art_1"));
        if (!account)
            return fail(account.error());
        seenInside = *account;
        return {};
    }));
    QCOMPARE(seenInside, std::optional<QString>(QStringLiteral("acct_1")));
    QCOMPARE(ledger().accounts().account(QStringLiteral("art_1")).value(), std::nullopt);
    QCOMPARE(changed.size(), 0);
}

void LedgerContract::nestedWriteJoinsTheOuterOne()
{
    QSignalSpy changed(&ledger(), &Ledger::changed);
    // An inner write that succeeded is rolled back with the outer one.
    const Status s = ledger().write([&]() -> Status {
        if (Status st = ledger().write([&] { return link(QStringLiteral("art_1"), QString()); });
            !st)
            return st;
        return fail(Error::database(QStringLiteral("outer failed")));
    });
    QVERIFY(!s);
    QCOMPARE(ledger().accounts().account(QStringLiteral("art_1")).value(), std::nullopt);
    QCOMPARE(changed.size(), 0);

    // Both succeed: one commit, not two.
    PD_OK(ledger().write([&]() -> Status {
        if (Status st = ledger().write([&] { return link(QStringLiteral("art_1"), QString()); });
            !st)
            return st;
        return link(QStringLiteral("art_2"), QString());
    }));
    QCOMPARE(changed.size(), 1);
    QVERIFY(ledger().accounts().account(QStringLiteral("art_1")).value().has_value());
    QVERIFY(ledger().accounts().account(QStringLiteral("art_2")).value().has_value());
}

void LedgerContract::changedIsEmittedAfterACommitOnly()
{
    QSignalSpy changed(&ledger(), &Ledger::changed);
    const qint64 commits = ledger().commitCount();
    qsizetype seenInside = -1;
    PD_OK(ledger().write([&]() -> Status {
        if (Status st = link(QStringLiteral("art_1"), QStringLiteral("acct_1")); !st)
            return st;
        seenInside = changed.size();
        return {};
    }));
    QCOMPARE(seenInside, 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(ledger().commitCount(), commits + 1);

    QVERIFY(!ledger().write([] { return Status(fail(Error::database(QStringLiteral("no")))); }));
    PD_OK(ledger().reader().balances());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(ledger().commitCount(), commits + 1);
}

void LedgerContract::storeCallOutsideAWriteCommitsOnItsOwn()
{
    QSignalSpy changed(&ledger(), &Ledger::changed);
    PD_OK(ledger().meta().setValue(QStringLiteral("k"), QStringLiteral("v")));
    QCOMPARE(changed.size(), 1);
    const std::unique_ptr<Ledger> other = openSecond();
    QVERIFY(other);
    QCOMPARE(other->meta().value(QStringLiteral("k")).value(), QStringLiteral("v"));
}

void LedgerContract::secondConnectionSeesCommittedMoney()
{
    const std::unique_ptr<Ledger> other = openSecond();
    QVERIFY(other);
    QVERIFY(other->reader().balances().value().isEmpty());
    PD_OK(sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"), 100}}));
    const QList<ArtistBalance> seen = other->reader().balances().value();
    QCOMPARE(seen.size(), 1);
    QCOMPARE(seen.first().pendingMinor, 100);
    QCOMPARE(other->reader().countEntries(everything()).value(), 1);
}

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
    const Result<QList<qint64>> ids =
        sale(QStringLiteral("pi_1"),
             {{QStringLiteral("art_1"),
               560,
               EntryState::Pending,
               {},
               EntryKind::Sale,
               QStringLiteral("trk_a")},
              {QStringLiteral("art_2"), 840, EntryState::Held, Reason::NoPayoutAccount,
               EntryKind::Sale, QStringLiteral("trk_b")},
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
               {}},
              {QStringLiteral("art_1"),
               200,
               EntryKind::Sale,
               QStringLiteral("trk_2"),
               EntryState::Pending,
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
    QCOMPARE(entry(ids[2]).value().state, EntryState::Paid);
    QCOMPARE(entry(ids[3]).value().state, EntryState::Sending);
    const ArtistBalance b = balance(QStringLiteral("art_1")).value();
    QCOMPARE(b.voidMinor, 300);
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
    const QList<qint64> ids = sale(QStringLiteral("pi_1"),
                                   {{QStringLiteral("art_1"), 100}, {QStringLiteral("art_1"), 20}})
                                  .value();
    const ClaimedTransfer t = claimOne(ids).value();
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
