#pragma once

#include "util/Error.h"

#include <QJsonObject>
#include <QList>
#include <QString>

class Ledger;

// The cleanup of ARCHITECTURE.md: duplicates and invalid entries become
// `void` with a reason, stale processed-event ids and quarantine rows are
// archived, and entries stuck in `sending` are reported for reconciliation
// (the next payout run resends or reconciles them; cleanup never voids
// them). Every change is a state change with an audit row, never a delete.
// A dry run performs the same transaction and rolls it back, so the preview
// is exactly what applying would do.
class Cleanup final
{
public:
    struct Change
    {
        qint64 entryId = 0;
        QString artist;
        QString from;
        QString to;
        QString reason;
    };
    struct Report
    {
        bool dryRun = false;
        QList<Change> changes;
        int duplicatesVoided = 0;
        int invalidVoided = 0;
        int duplicatesAlreadyPaid = 0; // copies paid twice before the rule: need a reversal
        int stuckSending = 0;
        int eventIdsArchived = 0;
        int quarantineArchived = 0;

        QJsonObject toJson() const;
        QString toText() const;
    };

    Cleanup(Ledger &ledger, int retentionDays);
    Result<Report> run(bool dryRun, const QString &actor);

private:
    Status voidDuplicates(Report &r, const QString &actor);
    Status voidInvalid(Report &r, const QString &actor);
    Status voidEntries(const QList<Change> &changes, int *counter, Report &r, const QString &actor);
    Status archiveStale(Report &r, const QString &actor);
    Status countStuck(Report &r);

    Ledger &m_ledger;
    int m_retentionDays;
};
