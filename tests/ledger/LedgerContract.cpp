// The fixture, its helpers, and transactions.
#include "ContractSupport.h"
#include "Events.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <limits>

using namespace contract;

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

void LedgerContract::openAsFoundReadsAnExistingLedgerAsItIs()
{
    PD_OK(sale(QStringLiteral("pi_1"), {{QStringLiteral("art_1"), 100}}));
    Ledger found(m_location, m_clock);
    PD_OK(found.openAsFound());
    const QList<ArtistBalance> seen = found.reader().balances().value();
    QCOMPARE(seen.size(), 1);
    QCOMPARE(seen.first().pendingMinor, 100);
    QVERIFY(found.reader().verify().value().ok());
}
