#pragma once

// The sandbox's event builders, and readable QCOMPARE output for the
// engine's types.
#include "StripeEvents.h"

#include "intake/Intake.h"
#include "ledger/LedgerTypes.h"

#include <QTest>

// Readable QCOMPARE failures for the engine's enums.
namespace QTest {
template<> inline char *toString(const EntryState &s)
{
    return qstrdup(qPrintable(stateName(s)));
}
template<> inline char *toString(const EntryKind &k)
{
    return qstrdup(qPrintable(kindName(k)));
}
template<> inline char *toString(const IntakeOutcome::Kind &k)
{
    return qstrdup(qPrintable(outcomeName(k)));
}
template<> inline char *toString(const Money &m)
{
    return qstrdup(qPrintable(m.toDecimalString() + u' ' + m.currency));
}
} // namespace QTest

namespace Events {
// Cart n of a numbered series (evt_n, cs_n, pi_n): art_1 (linked to acct_1,
// 100 + n), art_2 (no account, 200) and a commission for art_3 (30).
inline QByteArray numberedCart(int n)
{
    Cart c;
    c.eventId = QStringLiteral("evt_%1").arg(n);
    c.session = QStringLiteral("cs_%1").arg(n);
    c.paymentIntent = QStringLiteral("pi_%1").arg(n);
    c.items = {item(QStringLiteral("art_1"), 100 + n, QStringLiteral("trk_1"), {},
                    QStringLiteral("acct_1")),
               item(QStringLiteral("art_2"), 200, QStringLiteral("trk_2")),
               item(QStringLiteral("art_3"), 30, {}, QStringLiteral("commission"))};
    return cart(c);
}
} // namespace Events
