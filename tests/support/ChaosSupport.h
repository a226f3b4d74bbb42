#pragma once

// What the chaos tests share (tst_chaos on a SQLite file, tst_chaos_instances
// on PostgreSQL with two serve processes): the fake Stripe with its fault
// mix, the sales they pay, and the checks after the runs.
#include "FakeStripe.h"

#include <QByteArray>
#include <QList>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>

class Ledger;

namespace Chaos {

// 5xx, timeouts and resets, before and after the transfer is committed.
QList<FakeStripe::Fault> faultMix();

// The fake Stripe of a chaos test, listening: `key` accepted, a balance
// that never runs out, 3 ms latency, connected accounts acct_c0 ..
// acct_c<artists - 1>, and `faultRate` of the money-moving POSTs faulted
// (the mix above, drawn from `seed`).
bool setUpFake(FakeStripe &fake, const QString &key, int artists, double faultRate, quint32 seed);

// Cart purchases of three items for random artists c0 .. c<artists - 1>
// (each linked to its acct_c account), numbered evt_cN; what they owe
// artists is summed in owed().
class Sales
{
public:
    Sales(int artists, quint32 seed)
        : m_artists(artists)
        , m_rng(seed)
    {}
    QByteArray cart(int n);
    QList<QByteArray> carts(int from, int to);
    qint64 owed() const { return m_owed; }
    QRandomGenerator &rng() { return m_rng; }

private:
    int m_artists;
    QRandomGenerator m_rng;
    qint64 m_owed = 0;
};

// Entries still to pay: pending, sending, held or void.
qint64 unpaidEntries(Ledger &ledger);

// Every entry paid exactly once: `entries` entries paid for `owed` in all;
// Stripe's transfers add up to `owed`, one per transfer group, and are the
// very transfers the paid entries name. Empty when all holds, else the
// first thing that does not.
QString checkPaidOnce(Ledger &ledger, const FakeStripe &fake, int entries, qint64 owed);

// `payoutdesk-cli ARGS... verify`: empty when it passed, else its output.
QString verify(const QString &bin, const QStringList &args);

} // namespace Chaos
