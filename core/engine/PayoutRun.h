#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

class QLocale;

// What starts a payout run: the trigger names the engine's callers send,
// shown in summaries, logs and the window. Benchmarks and tests pass labels
// of their own.
namespace RunTrigger {
// The scheduler, 30 s after the last cart purchase (development mode only).
inline const QString FastPayout = QStringLiteral("fast payout");
// The scheduler's interval run (hourly by default).
inline const QString Scheduled = QStringLiteral("scheduled");
// An admin: "Pay out now" in the window, or POST /stripe/trigger-payouts.
inline const QString Admin = QStringLiteral("admin");
// `payoutdesk trigger-payouts` on the command line.
inline const QString Cli = QStringLiteral("cli");
// Another instance on the same ledger asked for a run while this one held
// the run lease (RunLease::request): one more run after this one's.
inline const QString Requested = QStringLiteral("requested by another instance");
} // namespace RunTrigger

// What one payout run did, for the log line, the CLI summary, the window
// and the tray notification.
struct PayoutRunSummary
{
    QDateTime startedAt;
    QDateTime finishedAt;
    QString trigger; // one of RunTrigger's names (or a bench or test label)
    int transfersAttempted = 0;
    int transfersPaid = 0;
    int entriesPaid = 0;
    int entriesRetrying = 0; // back to pending after a retryable failure
    int entriesHeld = 0;     // permanent failure: held with a reason
    int entriesUnknown = 0;  // outcome unknown: still sending, resent next run
    int entriesWaitingForBalance = 0;
    int artistsBelowMinimum = 0; // artists whose due money waits below the minimum payout
    QMap<QString, qint64> paidMinorByCurrency;
    // Refunds of money already paid (ARCHITECTURE.md: reversal or clawback).
    int reversalsDone = 0;     // shares taken back from transfers
    int clawbacks = 0;         // Stripe refused: netted against the artists' next payouts
    int reversalsRetrying = 0; // tried again after a backoff
    int reversalsUnknown = 0;  // outcome unknown: resent with the same key next run
    QMap<QString, qint64> reversedMinorByCurrency;
    QString fatalError; // the run stopped early (bad key, lease lost, ...)
    QStringList notes;  // other things an admin should read (English, as logged)

    bool ok() const { return fatalError.isEmpty(); }
    bool needsAttention() const
    {
        return entriesHeld > 0 || entriesUnknown > 0 || clawbacks > 0 || reversalsUnknown > 0;
    }
    QJsonObject toJson() const;
    QString toText(const QLocale &locale) const;
};
Q_DECLARE_METATYPE(PayoutRunSummary)
