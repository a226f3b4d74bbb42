#pragma once

#include "ledger/LedgerLocation.h"
#include "ledger/LedgerTypes.h"
#include "util/Error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

class Clock;
class Ledger;

// What `ledger copy` did: the rows of each table on both sides, verify on
// both, and every difference found between them.
struct LedgerCopyReport
{
    struct Table
    {
        QString name;
        qint64 copied = 0; // rows read from the source's snapshot
        qint64 target = 0; // rows in the copy after its commit
    };
    QString source; // display names
    QString target;
    QList<Table> tables;
    VerifyReport sourceVerify;
    VerifyReport targetVerify;
    // Totals per artist, currency and state, and row counts, that differ
    // between the two; empty when the copy equals the source.
    QStringList differences;
    qint64 totalsCompared = 0; // artist-currency rows compared
    qint64 copyMs = 0;         // snapshot read and written, committed
    qint64 checkMs = 0;        // verify on both and the comparison

    bool equal() const { return sourceVerify.ok() && targetVerify.ok() && differences.isEmpty(); }
    QJsonObject toJson() const;
    QString toText() const;
};

// Moving a store (`ledger copy`, README "Moving a store to PostgreSQL"):
// every table of a ledger, rows as they are and ids kept, copied into an
// empty ledger on another backend, in one transaction on the target; then
// verify on both and a comparison of their totals and row counts. The SQL
// is the backends' (CopyStore); the order of the tables, the refusals and
// the checks are here.
class LedgerCopy final
{
public:
    // The tables a copy carries, parents first. Not the run lease (a copy
    // has no run in progress) nor the change feed's counters.
    static const QStringList &tables();
    static constexpr int kBatchRows = 5000;

    // Refuses (an error naming the cause, nothing written): a source whose
    // engine is running now (its heartbeat), a target that is the source, a
    // target that holds any row (the table is named), schemas whose tables
    // differ, a target that cannot be reached or opened. Any failure during
    // the copy rolls the target back to empty. A copy whose checks differ
    // is not an error: the report says so (equal() is false).
    static Result<LedgerCopyReport> run(const LedgerLocation &source, const LedgerLocation &target,
                                        Clock &clock, int batchRows = kBatchRows);

    // `ledger backup`: a consistent copy of the ledger (BackupStore) in
    // `file`, or when it is empty in backupDir as ledger-YYYYMMDD-HHMMSS
    // plus the backend's suffix (UTC; -2, -3, ... when taken), never over
    // an existing file; written under a temporary name and renamed, so a
    // backup file that exists is complete. Returns its path.
    static Result<QString> backup(Ledger &ledger, const QString &file, const QString &backupDir,
                                  const QDateTime &at);
    // How to restore a backup written by backup() from this kind of ledger.
    static QString restoreHint(LedgerLocation::Backend backend, const QString &path);
};
