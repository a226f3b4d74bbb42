#pragma once

#include "ledger/LedgerTypes.h"
#include "util/Error.h"

#include <QList>
#include <QString>
#include <QStringList>

// An entry as cleanup judges it.
struct CleanupCandidate
{
    qint64 id = 0;
    QString artist;
    EntryState state = EntryState::Pending;
    qint64 amountMinor = 0;
    QString currency;
    bool artistKnown = true; // the artist has a row in the ledger
};

// What the daily cleanup reads and changes (ARCHITECTURE.md, "Cleanup").
// The rules (what is a duplicate worth voiding, which reason an invalid
// entry gets) are engine/Cleanup's; every method here runs inside its write.
class CleanupStore
{
public:
    virtual ~CleanupStore() = default;

    // Later copies of one (payment intent, artist, track, kind) among the
    // entries not void, in id order; the first copy is not listed.
    virtual Result<QList<CleanupCandidate>> duplicateCopies() = 0;
    // Pending or held entries that cannot be paid as stored: an amount of
    // zero or less, no artist or an unknown one, or a currency not in
    // `knownCurrencies`; in id order.
    virtual Result<QList<CleanupCandidate>>
    invalidOpenEntries(const QStringList &knownCurrencies) = 0;
    virtual Status voidEntry(qint64 id, const QString &reason) = 0;
    // Moves processed-event ids received before `beforeMs` to the archive;
    // returns how many moved.
    virtual Result<int> archiveProcessedEvents(qint64 beforeMs) = 0;
    // Marks quarantine rows received before `beforeMs` archived.
    virtual Result<int> archiveQuarantine(qint64 beforeMs) = 0;
    // Marks one open quarantine row dismissed: a person looked at it and
    // decided it will never be replayed. False when no open row has that id.
    virtual Result<bool> dismissQuarantined(qint64 id) = 0;
    // Entries in `sending` whose last change was before `beforeMs`.
    virtual Result<int> countStuckSending(qint64 beforeMs) = 0;
};
