#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

class QLocale;

// What one payout run did, for the log line, the CLI summary, the window
// and the tray notification.
struct PayoutRunSummary
{
    QDateTime startedAt;
    QDateTime finishedAt;
    QString trigger; // "fast payout", "hourly", "admin", "cli", ...
    int transfersAttempted = 0;
    int transfersPaid = 0;
    int entriesPaid = 0;
    int entriesRetrying = 0; // back to pending after a retryable failure
    int entriesHeld = 0;     // permanent failure: held with a reason
    int entriesUnknown = 0;  // outcome unknown: still sending, resent next run
    int entriesWaitingForBalance = 0;
    QMap<QString, qint64> paidMinorByCurrency;
    QString fatalError; // the run stopped early (bad key, lease lost, ...)
    QStringList notes;  // things an admin should read

    bool ok() const { return fatalError.isEmpty(); }
    bool needsAttention() const { return entriesHeld > 0 || entriesUnknown > 0; }
    QJsonObject toJson() const;
    QString toText(const QLocale &locale) const;
};
Q_DECLARE_METATYPE(PayoutRunSummary)
