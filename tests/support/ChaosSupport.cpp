#include "ChaosSupport.h"

#include "Events.h"
#include "ledger/Ledger.h"

#include <QProcess>
#include <QSet>

#include <limits>

namespace Chaos {

QList<FakeStripe::Fault> faultMix()
{
    return {FakeStripe::Fault::Error500BeforeCommit, FakeStripe::Fault::Error500AfterCommit,
            FakeStripe::Fault::TimeoutBeforeCommit,  FakeStripe::Fault::TimeoutAfterCommit,
            FakeStripe::Fault::ResetBeforeCommit,    FakeStripe::Fault::ResetAfterCommit};
}

bool setUpFake(FakeStripe &fake, const QString &key, int artists, double faultRate, quint32 seed)
{
    if (!fake.listen())
        return false;
    fake.addApiKey(key);
    fake.setAvailableBalance(QStringLiteral("gbp"), 1'000'000'000);
    fake.setLatencyMs(3);
    for (int a = 0; a < artists; ++a)
        fake.addAccount(QStringLiteral("acct_c%1").arg(a));
    fake.setRandomFaults(faultRate, faultMix(), seed);
    return true;
}

QByteArray Sales::cart(int n)
{
    Events::Cart c;
    c.eventId = QStringLiteral("evt_c%1").arg(n);
    c.session = QStringLiteral("cs_c%1").arg(n);
    c.paymentIntent = QStringLiteral("pi_c%1").arg(n);
    for (int i = 0; i < 3; ++i) {
        const int a = int(m_rng.bounded(m_artists));
        const qint64 amount = 1 + m_rng.bounded(2000);
        m_owed += amount;
        c.items.append(Events::item(QStringLiteral("c%1").arg(a), amount,
                                    QStringLiteral("trk_%1_%2").arg(n).arg(i), {},
                                    QStringLiteral("acct_c%1").arg(a)));
    }
    return Events::cart(c);
}

QList<QByteArray> Sales::carts(int from, int to)
{
    QList<QByteArray> events;
    for (int n = from; n < to; ++n)
        events << cart(n);
    return events;
}

qint64 unpaidEntries(Ledger &ledger)
{
    const Result<qint64> unpaid = ledger.reader().countEntries(
        {{}, {EntryState::Pending, EntryState::Sending, EntryState::Held, EntryState::Void}});
    return unpaid ? *unpaid : -1;
}

QString checkPaidOnce(Ledger &ledger, const FakeStripe &fake, int entries, qint64 owed)
{
    const Result<QList<Entry>> paid =
        ledger.reader().entries({{}, {EntryState::Paid}, std::numeric_limits<int>::max()});
    if (!paid)
        return paid.error().message;
    qint64 paidMinor = 0;
    QSet<QString> ledgerIds; // the ledger's paid transfers, as its paid entries name them
    for (const Entry &e : *paid) {
        paidMinor += e.amount.minor;
        ledgerIds.insert(e.transferId);
    }
    if (paid->size() != entries || paidMinor != owed)
        return QStringLiteral("%1 entries paid for %2, expected %3 for %4")
            .arg(paid->size())
            .arg(paidMinor)
            .arg(entries)
            .arg(owed);

    // Stripe's transfers and the ledger's paid transfers, one to one.
    qint64 transferred = 0;
    QSet<QString> stripeIds, groups;
    const QList<FakeStripe::Transfer> transfers = fake.transfers();
    for (const FakeStripe::Transfer &t : transfers) {
        stripeIds.insert(t.id);
        transferred += t.amount;
        if (groups.contains(t.transferGroup))
            return QStringLiteral("two transfers for the attempt %1").arg(t.transferGroup);
        groups.insert(t.transferGroup);
    }
    if (transferred != owed) // nobody paid twice, nobody left out
        return QStringLiteral("Stripe transferred %1, owed %2").arg(transferred).arg(owed);
    if (ledgerIds != stripeIds)
        return QStringLiteral("the ledger names %1 transfers, Stripe made %2 (%3 in common)")
            .arg(ledgerIds.size())
            .arg(stripeIds.size())
            .arg(QSet<QString>(ledgerIds).intersect(stripeIds).size());
    return {};
}

QString verify(const QString &bin, const QStringList &args)
{
    QProcess verify;
    verify.setProcessChannelMode(QProcess::MergedChannels);
    verify.start(bin, args + QStringList{QStringLiteral("verify")});
    if (!verify.waitForFinished(60'000)) // verify talks to no one: blocking is fine
        return QStringLiteral("verify did not finish");
    if (verify.exitStatus() != QProcess::NormalExit || verify.exitCode() != 0)
        return QString::fromUtf8(verify.readAll());
    return {};
}

} // namespace Chaos
