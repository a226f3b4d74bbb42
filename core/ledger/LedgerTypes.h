#pragma once

#include "money/Money.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <iterator>
#include <optional>

// The life of one money-owed entry (ARCHITECTURE.md, "The money-owed entry and
// its states"). Stored as the lower-case names below. A paid entry whose sale
// is refunded moves on: `reversing` while its share is being taken back with
// a transfer reversal, then `reversed` (the money is back), or `clawback`
// (Stripe refused: the artist's balance could not cover it; a recovery
// entry of the negated amount is netted against their next payouts).
enum class EntryState { Pending, Sending, Paid, Held, Void, Reversing, Reversed, Clawback };
inline constexpr EntryState kAllEntryStates[] = {
    EntryState::Pending, EntryState::Sending,   EntryState::Paid,     EntryState::Held,
    EntryState::Void,    EntryState::Reversing, EntryState::Reversed, EntryState::Clawback};
QString stateName(EntryState state);
std::optional<EntryState> entryStateFromString(QStringView s);

// Clawback: the recovery of a paid share whose reversal Stripe refused, a
// negative amount owed (ARCHITECTURE.md), netted against the artist's next
// payouts; never on its own in a transfer, never below zero.
enum class EntryKind { Sale, Commission, Clawback };
QString kindName(EntryKind kind);
std::optional<EntryKind> entryKindFromString(QStringView s);

// Reasons shown to an artist or admin; kept as constants so the engine, the
// cleanup and the UI agree on the wording.
namespace Reason {
inline const QString NoPayoutAccount = QStringLiteral("no payout account");
inline const QString Refunded = QStringLiteral("refunded");
inline const QString Duplicate = QStringLiteral("duplicate");
inline const QString AccountReset = QStringLiteral("account reset");
// A sale paid out, then refunded: the entry waits for its transfer reversal.
inline const QString RefundedAfterPayout = QStringLiteral("refunded after payout");
} // namespace Reason

struct Entry
{
    qint64 id = 0;
    QString artist;
    Money amount;
    EntryKind kind = EntryKind::Sale;
    QString track;
    QString reference; // the Checkout Session id, shown to artists
    QString paymentIntent;
    QString eventId;
    QDateTime createdAt;
    EntryState state = EntryState::Pending;
    int attempts = 0;
    QDateTime nextAttemptAt;
    QString lastError;
    QString reason;
    QString idempotencyKey;
    QString transferId;
    QDateTime updatedAt;
    // The track's (or commission's) title as the store showed it, from the
    // cart item (EVENTS.md); empty when the store sent none.
    QString title;
};

// How an entry's track is shown to its artist: "Title (trk_9)", the title
// or the track id alone when only one is known, empty when neither is.
QString trackLabel(const QString &title, const QString &track);
// The reference an artist sees for an entry: its track label, or the
// Checkout Session id when the entry names no track (a commission without
// a title).
QString shownReference(const Entry &e);

// Totals of one artist in one currency, per state, in minor units.
struct ArtistBalance
{
    QString artist;
    QString currency;
    qint64 pendingMinor = 0;
    qint64 sendingMinor = 0;
    qint64 paidMinor = 0;
    qint64 heldMinor = 0;
    qint64 voidMinor = 0;
    qint64 reversingMinor = 0; // paid, refunded, reversal not yet done
    qint64 reversedMinor = 0;  // paid, refunded, taken back
    qint64 clawbackMinor = 0;  // paid, refunded, to be recovered from later payouts
    qint64 entries = 0;        // all states
    qint64 countByState[std::size(kAllEntryStates)] = {}; // indexed by int(EntryState)

    // Folds one row of a backend's per-state totals in.
    void add(EntryState state, qint64 amountMinor, qint64 count)
    {
        entries += count;
        countByState[int(state)] += count;
        switch (state) {
        case EntryState::Pending:
            pendingMinor += amountMinor;
            break;
        case EntryState::Sending:
            sendingMinor += amountMinor;
            break;
        case EntryState::Paid:
            paidMinor += amountMinor;
            break;
        case EntryState::Held:
            heldMinor += amountMinor;
            break;
        case EntryState::Void:
            voidMinor += amountMinor;
            break;
        case EntryState::Reversing:
            reversingMinor += amountMinor;
            break;
        case EntryState::Reversed:
            reversedMinor += amountMinor;
            break;
        case EntryState::Clawback:
            clawbackMinor += amountMinor;
            break;
        }
    }
};

// A raw event waiting in the inbox (journaled, not yet applied).
struct InboxRow
{
    qint64 id = 0;
    qint64 receivedAtMs = 0;
    QString source; // webhook
    QByteArray body;
    int attempts = 0; // failed tries so far (database errors)
};

// What `status` shows of the inbox: rows waiting to be applied and the age
// of the oldest.
struct InboxBacklog
{
    qint64 waiting = 0;
    QDateTime oldest;    // invalid: nothing waiting
    qint64 retrying = 0; // of those, rows that failed with a database error
};

struct Artist
{
    QString id;
    QString name;
    QString account; // acct_..., empty when not linked
};

struct QuarantinedEvent
{
    qint64 id = 0;
    QString eventId;
    QString type;
    QString source;
    QString reason;
    QByteArray body;
    QDateTime receivedAt;
    QString status; // open, replayed, dismissed, archived
};

// One row of the append-only audit trail: who changed what, and why.
struct AuditRow
{
    qint64 id = 0;
    QDateTime at;
    QString actor;
    QString action;     // e.g. account.reset, artist.linked, holds.released
    QString artist;     // empty: not about one artist
    qint64 entryId = 0; // 0: not about one entry
    QString detail;
};

// What `verify` found: each check with its verdict, and whether all passed.
struct VerifyReport
{
    struct Check
    {
        QString name;
        bool ok = true;
        QStringList problems;
    };
    QList<Check> checks;
    bool ok() const
    {
        for (const auto &c : checks)
            if (!c.ok)
                return false;
        return true;
    }
};
