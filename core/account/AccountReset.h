#pragma once

#include "util/Error.h"

#include <QDateTime>
#include <QString>

class Ledger;
class LedgerLocation;

// What a reset did, for the dialog that confirms it and for the audit row.
struct AccountResetOutcome
{
    QString backupPath;      // the copy of the ledger written before anything changed
    QString previousAccount; // acct_..., empty when the artist was not linked
    int entriesHeld = 0;     // pending entries now held with Reason::AccountReset
    int entriesSending = 0;  // left in sending: their outcome is unknown (ARCHITECTURE.md rule 5)
};

// Resets an artist's Stripe account (ARCHITECTURE.md, "Reset account"): the
// artist is unlinked so they can onboard again, and no money is deleted.
// The steps are, in order:
//   1. backup(): a consistent copy of the ledger (BackupStore) in the backup
//      folder, so the state before the reset can always be looked at again;
//   2. apply(): one ledger write that unlinks the account, holds every
//      pending entry of the artist with Reason::AccountReset, leaves entries
//      in sending alone and appends an "account.reset" audit row.
// AccountRules::link releases the held entries when an account is linked
// again. backup() opens its own connection, so a window may run it on a
// worker thread; apply() runs on the ledger's own thread.
class AccountReset final
{
public:
    static inline const QString AuditAction = QStringLiteral("account.reset");

    // Writes the copy as "<backupDir>/ledger-<UTC time>-reset-<artist>.sqlite"
    // (never over an existing file) and returns its path.
    static Result<QString> backup(const LedgerLocation &location, const QString &backupDir,
                                  const QString &artist, const QDateTime &at);

    static Result<AccountResetOutcome> apply(Ledger &ledger, const QString &artist,
                                             const QString &actor, const QString &backupPath);

    // backup() then apply(), on the caller's thread.
    static Result<AccountResetOutcome> run(Ledger &ledger, const QString &backupDir,
                                           const QString &artist, const QString &actor);
};
