#include "AccountReset.h"

#include "ledger/BackupStore.h"
#include "ledger/Ledger.h"
#include "ledger/LedgerTypes.h"
#include "util/Clock.h"

#include <QDir>
#include <QFileInfo>

namespace {

// Artist ids come from the store's metadata; only a safe subset of their
// characters goes into a file name.
QString fileSafe(const QString &s)
{
    QString out;
    for (const QChar c : s)
        out += (c.isLetterOrNumber() && c.unicode() < 128) || c == u'_' || c == u'-' ? c : u'_';
    return out.left(64);
}

} // namespace

Result<QString> AccountReset::backup(const LedgerLocation &location, const QString &backupDir,
                                     const QString &artist, const QDateTime &at)
{
    if (!QDir().mkpath(backupDir))
        return fail(Error::io(QStringLiteral("cannot create the backup folder %1").arg(backupDir)));
    // A connection of its own, so that a window may take the backup on a
    // worker thread while the ledger stays in use.
    Ledger ledger(location, SystemClock::instance());
    if (Status s = ledger.open(); !s)
        return fail(Error{
            s.error().kind,
            QStringLiteral("cannot open the ledger to back it up: %1").arg(s.error().message)});
    const QString suffix = ledger.backup().fileSuffix();
    const QString stem =
        QStringLiteral("ledger-%1-reset-%2")
            .arg(at.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")), fileSafe(artist));
    const QString target = unusedBackupPath(backupDir, stem, suffix);
    if (Status s = writeBackupFile(ledger.backup(), target); !s)
        return fail(s.error());
    return target;
}

Result<AccountResetOutcome> AccountReset::apply(Ledger &ledger, const QString &artist,
                                                const QString &actor, const QString &backupPath)
{
    AccountResetOutcome outcome;
    outcome.backupPath = backupPath;
    const Status s = ledger.write([&]() -> Status {
        const Result<std::optional<QString>> account = ledger.accounts().account(artist);
        if (!account)
            return fail(account.error());
        if (!*account)
            return fail(Error{Error::Kind::Validation,
                              QStringLiteral("there is no artist %1 in the ledger").arg(artist)});
        outcome.previousAccount = **account;
        if (Status st = ledger.accounts().setAccount(artist, {}); !st)
            return st;
        // Only pending money is held: an entry in sending may already be a
        // transfer at Stripe, and only a resend with its key may settle it.
        const Result<int> held = ledger.accounts().moveEntries(
            artist, EntryState::Pending, {}, EntryState::Held, Reason::AccountReset);
        if (!held)
            return fail(held.error());
        outcome.entriesHeld = *held;
        const Result<qint64> sending =
            ledger.reader().countEntries(LedgerReader::EntryFilter{artist, {EntryState::Sending}});
        if (!sending)
            return fail(sending.error());
        outcome.entriesSending = int(*sending);

        QString detail = QStringLiteral("account %1 unlinked; %2 pending entries held (%3); "
                                        "%4 entries left in sending; backup %5")
                             .arg(outcome.previousAccount.isEmpty() ? QStringLiteral("(none)")
                                                                    : outcome.previousAccount)
                             .arg(outcome.entriesHeld)
                             .arg(Reason::AccountReset)
                             .arg(outcome.entriesSending)
                             .arg(QFileInfo(backupPath).fileName());
        return ledger.auditLog().append(actor, AuditAction, artist, 0, detail);
    });
    if (!s)
        return fail(s.error());
    return outcome;
}

Result<AccountResetOutcome> AccountReset::run(Ledger &ledger, const QString &backupDir,
                                              const QString &artist, const QString &actor)
{
    const Result<QString> copy = backup(ledger.location(), backupDir, artist, ledger.clock().now());
    if (!copy)
        return fail(copy.error());
    return apply(ledger, artist, actor, *copy);
}
