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
