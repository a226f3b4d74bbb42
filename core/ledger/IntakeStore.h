#pragma once

#include "ledger/LedgerTypes.h"
#include "util/Error.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <array>
#include <optional>

// A checkout session as the ledger keeps it.
struct SaleRecord
{
    QString sessionId;
    QString paymentIntent; // empty: not known yet (an unpaid session)
    QString purchaseType;  // cart, single
    QString paymentStatus; // paid, unpaid, failed
    qint64 amountTotal = 0;
    QString currency;
    qint64 createdAtMs = 0;
    QString eventId;
};

// The entries of one cart purchase, as intake decided them.
struct NewEntries
{
    struct Row
    {
        QString artist;
        qint64 amountMinor = 0;
        EntryKind kind = EntryKind::Sale;
        QString track;
        EntryState state = EntryState::Pending;
        QString reason; // empty: none
        QString title;  // empty: none
    };
    QString currency;
    QString reference; // the Checkout Session id
    QString paymentIntent;
    QString eventId;
    qint64 createdAtMs = 0;
    QList<Row> rows;
};

// What a batch added to one artist's money in one currency: what was
// ingested, and into which state it went.
struct TotalsDelta
{
    struct Sum
    {
        qint64 amountMinor = 0;
        qint64 entries = 0;
    };
    QString artist;
    QString currency;
    Sum ingested;
    std::array<Sum, std::size(kAllEntryStates)> byState;
};

// What a full refund did to a sale's entries.
struct RefundEffect
{
    int voided = 0; // pending or held entries now void
    // Entries already transferred (now `reversing`), or maybe (`sending`,
    // reversing once paid): the payout run takes their share back.
    QList<qint64> paidOrSending;
};

// Intake's storage (ARCHITECTURE.md, "Data flow"): processed event ids,
// quarantine, sales, entries, refunds and totals. Intake (core/intake)
// decides what an event means and calls these inside one Ledger::write()
// per batch, and only there: outside a write a call may commit on its own
// without the ledger's changed() being told. This is the hot path of a bulk
// import, so implementations prepare their statements once per connection.
class IntakeStore
{
public:
    virtual ~IntakeStore() = default;

    // The outcome an event id was processed with; empty when never seen.
    virtual Result<QString> processedOutcome(const QString &eventId) = 0;
    virtual Status markProcessed(const QString &eventId, const QString &type, const QString &source,
                                 const QString &outcome) = 0;
    // Keeps a refused event whole, with its reason. eventId and type may be
    // empty (a body that is not even JSON).
    virtual Status quarantine(const QString &eventId, const QString &type, const QString &source,
                              const QString &reason, const QByteArray &body) = 0;
    // Before a quarantined event is replayed: its row is marked replayed and
    // its event id forgotten, so that intake takes it as new.
    virtual Status markReplayed(qint64 quarantineId, const QString &eventId) = 0;

    // Inserts the session, or updates its payment status, event and (when
    // now known) payment intent.
    virtual Status upsertSale(const SaleRecord &sale) = 0;
    virtual Result<bool> anyRefunds() = 0;
    virtual Result<bool> isRefunded(const QString &paymentIntent) = 0;
    virtual Result<bool> hasEntries(const QString &paymentIntent) = 0;
    virtual Result<bool> hasEntry(const QString &paymentIntent, const QString &artist,
                                  const QString &track, EntryKind kind) = 0;
    // The session as recorded (its payment intent and status), if known.
    virtual Result<std::optional<SaleRecord>> sale(const QString &sessionId) = 0;
    // The amount of the first entry with this key, if there is one: a later
    // copy with another amount is a conflict (EVENTS.md), not a duplicate.
    virtual Result<std::optional<qint64>> entryAmount(const QString &paymentIntent,
                                                      const QString &artist, const QString &track,
                                                      EntryKind kind) = 0;
    // Money ingested so far for the artist in the currency (0 when none).
    virtual Result<qint64> ingestedTotal(const QString &artist, const QString &currency) = 0;
    // Appends the entries' ids, in row order, to `ids`.
    virtual Status insertEntries(const NewEntries &entries, QList<qint64> &ids) = 0;
    // Records a full refund of `paymentIntent` (once), voids its pending and
    // held entries with `reason`, moves its paid ones to `reversing`, and
    // lists those and the ones still sending.
    virtual Result<RefundEffect> applyFullRefund(const QString &paymentIntent,
                                                 const QString &eventId, const QString &reason) = 0;
    // Adds a batch's sums to the per-artist totals.
    virtual Status addTotals(const QList<TotalsDelta> &deltas) = 0;
};
