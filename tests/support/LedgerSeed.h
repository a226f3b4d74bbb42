#pragma once

#include "ledger/LedgerTypes.h"
#include "ledger/PayoutTypes.h"
#include "util/Error.h"

#include <QDateTime>
#include <QList>
#include <QString>

class Intake;
class Ledger;

// Puts realistic data into a test ledger: sales through the real intake path
// (Events builders), then the later states a payout engine would leave
// behind, written as the engine writes them (one ledger write, the balances
// trigger keeping the totals). Shared by the core and the window tests.
namespace LedgerSeed {

// One paid cart purchase with one item per (artist, amount) pair; returns
// the ids of the entries it added, in item order.
Result<QList<qint64>> sale(Intake &intake, Ledger &ledger, const QString &eventId,
                           const QList<std::pair<QString, qint64>> &items,
                           const QString &currency = QStringLiteral("gbp"),
                           qint64 createdSecs = 1767225600, const QString &account = {});

struct EntryChange
{
    EntryState state = EntryState::Pending;
    QString reason;
    int attempts = 0;
    QString lastError;
    QDateTime nextAttemptAt;
    QString transferId;
    QString idempotencyKey;
    QDateTime updatedAt; // invalid: the ledger clock's now
};

// SQLite-specific: writes an entry's state fields directly, for display
// tests that need arbitrary states with exact values (a retry's error and
// next attempt, a hold's reason, a backdated change) that no store makes
// on its own: every store moves an entry only the way the engine does.
// Runs against a SQLite ledger only.
Status change(Ledger &ledger, qint64 entryId, const EntryChange &c);
// Claims pending entries of one artist and currency into one transfer
// attempt (state sending), through the ledger's own PayoutStore.
Result<ClaimedTransfer> claim(Ledger &ledger, const QList<qint64> &entryIds);
// Claims and records them paid by one Stripe transfer (PayoutStore, as the
// engine does after a 2xx), then dates the payment paidAt (SQLite-specific:
// no store backdates a payment).
Status pay(Ledger &ledger, const QList<qint64> &entryIds, const QString &transferId,
           const QDateTime &paidAt);

// An event refused by intake as a webhook's would be (a checkout session
// whose items are missing), with `body` as its raw body, through the
// ledger's own IntakeStore; returns its quarantine row's id.
Result<qint64> quarantine(Ledger &ledger, const QString &eventId, const QByteArray &body);

// SQLite-specific: the first column of the first row of `sql`, for facts no
// store exposes (the audit log). A caller that only needs a count of
// entries, artists or quarantined events uses ledger.reader() instead.
Result<qint64> scalar(Ledger &ledger, const QString &sql);

} // namespace LedgerSeed
