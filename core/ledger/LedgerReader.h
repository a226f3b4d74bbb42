#pragma once

#include "ledger/LedgerTypes.h"
#include "util/Error.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

// Held money by reason, for `status` and the admin view.
struct HeldTotal
{
    QString artist;
    QString currency;
    QString reason;
    qint64 entries = 0;
    qint64 amountMinor = 0;
};

// A paid entry whose sale was refunded in full, and what its reversal did
// (ARCHITECTURE.md: paid --sale refunded--> reversal), for `reversals list`,
// `status`, the admin view and the artist's history.
struct RefundAfterPayout
{
    qint64 entryId = 0;
    QString artist;
    Money amount;
    QString reference;
    QString track;
    QString title;                            // the track's title, empty: none
    QString transferId;                       // the transfer that paid it
    EntryState state = EntryState::Reversing; // reversing, reversed or clawback
    QString reversalId;                       // trr_..., once reversed
    int attempts = 0;                         // reversal attempts that failed
    QString lastError;
    QDateTime nextAttemptAt; // reversing after a failure: not before then
    QDateTime updatedAt;
    // clawback: the recovery entry netted against later payouts, and its
    // state (pending or held: still to recover; sending; paid: recovered).
    qint64 recoveryEntryId = 0;
    std::optional<EntryState> recoveryState;
};

// A transfer Stripe made to an artist, as the ledger recorded it paid:
// for statements, which date a payment by when it happened, whatever
// happened to its entries later.
struct PaidTransfer
{
    QString transferId; // tr_...
    Money amount;       // net: recovery entries netted in
    QDateTime paidAt;   // when the ledger recorded it paid
};

// What the windows, `status` and the API read. Reads only: nothing here
// changes the ledger. An empty artist means every artist; a view scoped to
// one artist always passes that artist.
class LedgerReader
{
public:
    struct EntryFilter
    {
        QString artist;           // empty: all artists
        QList<EntryState> states; // empty: all states
        int limit = 500;
        qint64 offset = 0;
        // Keyset paging: when afterId > 0, only the entries after the one
        // at (afterCreatedMs, afterId) in the ledger's order. Unlike an
        // offset, a page that starts after a key stays put while earlier
        // entries change state. Paging fields: countEntries ignores them.
        qint64 afterCreatedMs = 0;
        qint64 afterId = 0;
    };
    struct AuditFilter
    {
        QString artist;  // empty: every row
        QDateTime since; // invalid: from the first row; else rows at or after it
        int limit = 1000;
    };

    virtual ~LedgerReader() = default;

    // Totals per artist and currency.
    virtual Result<QList<ArtistBalance>> balances(const QString &artist = {}) = 0;
    virtual Result<QHash<EntryState, qint64>> stateCounts() = 0;
    // Entries in the ledger's order (purchase time, then id).
    virtual Result<QList<Entry>> entries(const EntryFilter &filter) = 0;
    virtual Result<qint64> countEntries(const EntryFilter &filter) = 0;
    virtual Result<QList<HeldTotal>> heldTotals(const QString &artist = {}) = 0;
    // Refunds after payout, most recently changed first.
    virtual Result<QList<RefundAfterPayout>> refundsAfterPayout(const QString &artist = {}) = 0;
    // One artist's transfers recorded paid, oldest first.
    virtual Result<QList<PaidTransfer>> paidTransfers(const QString &artist) = 0;

    virtual Result<QList<Artist>> artists() = 0;
    virtual Result<std::optional<Artist>> artist(const QString &id) = 0;

    // Audit rows matching the filter, oldest first (by time, then id).
    virtual Result<QList<AuditRow>> auditRows(const AuditFilter &filter) = 0;

    // Quarantined events with `status` (open, replayed, dismissed, archived).
    virtual Result<QList<QuarantinedEvent>>
    quarantine(const QString &status = QStringLiteral("open")) = 0;
    virtual Result<qint64> countQuarantined(const QString &status = QStringLiteral("open")) = 0;
    virtual Result<std::optional<QuarantinedEvent>> quarantinedEvent(qint64 id) = 0;

    // Schema integrity and conservation of money (ARCHITECTURE.md): each
    // check reported separately, and reporting goes on on a damaged ledger.
    virtual Result<VerifyReport> verify() = 0;
};
