#pragma once

#include "ledger/LedgerReader.h"
#include "ledger/LedgerTypes.h"
#include "service/EngineStatus.h"
#include "util/Error.h"

#include <QJsonObject>

class Ledger;
class QLocale;

// The figures `payoutdesk status` prints: totals per artist and currency,
// counts per state, quarantined events and the next scheduled run. Built
// from the ledger's totals table, so it costs the same for a ledger of ten
// entries or ten million.
struct StatusReport
{
    QString ledgerPath;
    // The mode this viewer's settings would run an engine in; shown only
    // when no engine has recorded its own (engine.mode).
    QString configuredMode;
    // The running engine's own account (mode, running or stopped, next
    // run), from the ledger: never the viewer's settings.
    EngineStatus engine;
    QList<ArtistBalance> balances;
    qint64 countByState[std::size(kAllEntryStates)] = {};
    using Held = HeldTotal;
    QList<Held> held; // why money is on hold, per artist, currency and reason
    // Refunds of money already paid, per artist, currency and what became
    // of them (reversing, reversed, clawback).
    struct Refunded
    {
        QString artist;
        QString currency;
        EntryState state = EntryState::Reversing;
        qint64 entries = 0;
        qint64 amountMinor = 0;
        qint64 toRecoverMinor = 0; // clawback: not yet netted against a payout
    };
    QList<Refunded> refunded;
    qint64 quarantined = 0;
    QDateTime nextRun;           // the engine's; invalid: nothing scheduled or no engine
    QDateTime lastPoll;          // the Events API poller's last success; invalid: never
    bool pollGapTooLong = false; // longer than Stripe keeps events (30 days)
    // The webhook inbox: events journaled (answered 2xx) and not applied yet.
    qint64 inboxBacklog = 0;
    qint64 inboxOldestAgeSecs = 0; // the oldest waiting row's age; 0 when none waits
    qint64 inboxRetrying = 0;      // of the backlog, rows held back after a database error

    // `journalDir`: the webhook journal's folder (WebhookJournal::dirFor());
    // its events not yet applied count in the inbox backlog.
    static Result<StatusReport> build(Ledger &ledger, const QString &artist = {},
                                      const QString &journalDir = {});
    // Reads the poller's last success from the ledger; `now` decides the gap.
    void readPoller(Ledger &ledger, const QDateTime &now);
    // Reads the inbox's backlog (the journal's and the inbox table's);
    // `now` gives the oldest event's age.
    void readInbox(Ledger &ledger, const QString &journalDir, const QDateTime &now);
    // The engine's mode when one recorded it, else the configured one.
    QString mode() const { return engine.mode.isEmpty() ? configuredMode : engine.mode; }
    // The stable machine-readable form documented in README.
    QJsonObject toJson() const;
    QString toText(const QLocale &locale) const;
};
