#include "AccountReset.h"

#include "ledger/Ledger.h"
#include "ledger/LedgerTypes.h"
#include "util/Clock.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

#include <memory>

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

Error sqlError(const QSqlQuery &q, const char *what)
{
    return Error::database(QString::fromLatin1(what) + QStringLiteral(": ") + q.lastError().text());
}

struct SqliteCloser
{
    void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};

} // namespace

Result<QString> AccountReset::backup(const QString &ledgerPath, const QString &backupDir,
                                     const QString &artist, const QDateTime &at)
{
    if (!QDir().mkpath(backupDir))
        return fail(Error::io(QStringLiteral("cannot create the backup folder %1").arg(backupDir)));
    const QString stem =
        QStringLiteral("ledger-%1-reset-%2")
            .arg(at.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")), fileSafe(artist));
    QString target = QDir(backupDir).filePath(stem + QStringLiteral(".sqlite"));
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = QDir(backupDir).filePath(stem + QStringLiteral("-%1.sqlite").arg(n));

    // A connection of its own, read-only: VACUUM INTO reads one consistent
    // snapshot of the WAL database while other connections keep writing.
    sqlite3 *raw = nullptr;
    const QByteArray path = QFile::encodeName(ledgerPath);
    const int rc = sqlite3_open_v2(path.constData(), &raw, SQLITE_OPEN_READONLY, nullptr);
    const std::unique_ptr<sqlite3, SqliteCloser> db(raw);
    if (rc != SQLITE_OK)
        return fail(Error::database(QStringLiteral("cannot open the ledger to back it up: %1")
                                        .arg(QString::fromUtf8(sqlite3_errstr(rc)))));
    sqlite3_busy_timeout(db.get(), 10'000);

    // Written under a temporary name and renamed, so a backup file that
    // exists is always complete.
    const QString partial = target + QStringLiteral(".partial");
    QFile::remove(partial);
    sqlite3_stmt *stmt = nullptr;
    if (sqlite3_prepare_v2(db.get(), "VACUUM INTO ?1", -1, &stmt, nullptr) != SQLITE_OK)
        return fail(Error::database(QStringLiteral("cannot prepare the backup: %1")
                                        .arg(QString::fromUtf8(sqlite3_errmsg(db.get())))));
    const QByteArray partialName = QFile::encodeName(partial);
    sqlite3_bind_text(stmt, 1, partialName.constData(), int(partialName.size()), SQLITE_STATIC);
    const int step = sqlite3_step(stmt);
    const QString stepError = QString::fromUtf8(sqlite3_errmsg(db.get()));
    sqlite3_finalize(stmt);
    if (step != SQLITE_DONE) {
        QFile::remove(partial);
        return fail(
            Error::io(QStringLiteral("cannot write the backup %1: %2").arg(target, stepError)));
    }
    if (!QFile::rename(partial, target)) {
        QFile::remove(partial);
        return fail(Error::io(QStringLiteral("cannot move the backup into place: %1").arg(target)));
    }
    return target;
}

Result<AccountResetOutcome> AccountReset::apply(Ledger &ledger, const QString &artist,
                                                const QString &actor, const QString &backupPath)
{
    AccountResetOutcome outcome;
    outcome.backupPath = backupPath;
    const Status s = ledger.write([&]() -> Status {
        const qint64 now = ledger.clock().nowMs();
        QSqlQuery q(ledger.database());
        q.prepare(QStringLiteral("SELECT IFNULL(account, '') FROM artists WHERE id = ?"));
        q.addBindValue(artist);
        if (!q.exec())
            return fail(sqlError(q, "cannot read the artist"));
        if (!q.next())
            return fail(Error{Error::Kind::Validation,
                              QStringLiteral("there is no artist %1 in the ledger").arg(artist)});
        outcome.previousAccount = q.value(0).toString();
        q.finish();

        q.prepare(QStringLiteral("UPDATE artists SET account = NULL, updated_at = ? WHERE id = ?"));
        q.addBindValue(now);
        q.addBindValue(artist);
        if (!q.exec())
            return fail(sqlError(q, "cannot unlink the account"));

        // Only pending money is held: an entry in sending may already be a
        // transfer at Stripe, and only a resend with its key may settle it.
        q.prepare(QStringLiteral("UPDATE entries SET state = 'held', reason = ?, updated_at = ? "
                                 "WHERE artist = ? AND state = 'pending'"));
        q.addBindValue(Reason::AccountReset);
        q.addBindValue(now);
        q.addBindValue(artist);
        if (!q.exec())
            return fail(sqlError(q, "cannot hold the pending entries"));
        outcome.entriesHeld = q.numRowsAffected();

        q.prepare(
            QStringLiteral("SELECT COUNT(*) FROM entries WHERE artist = ? AND state = 'sending'"));
        q.addBindValue(artist);
        if (!q.exec() || !q.next())
            return fail(sqlError(q, "cannot count the entries in sending"));
        outcome.entriesSending = q.value(0).toInt();
        q.finish();

        QString detail = QStringLiteral("account %1 unlinked; %2 pending entries held (%3); "
                                        "%4 entries left in sending; backup %5")
                             .arg(outcome.previousAccount.isEmpty() ? QStringLiteral("(none)")
                                                                    : outcome.previousAccount)
                             .arg(outcome.entriesHeld)
                             .arg(Reason::AccountReset)
                             .arg(outcome.entriesSending)
                             .arg(QFileInfo(backupPath).fileName());
        return ledger.audit(actor, AuditAction, artist, 0, detail);
    });
    if (!s)
        return fail(s.error());
    return outcome;
}

Result<AccountResetOutcome> AccountReset::run(Ledger &ledger, const QString &backupDir,
                                              const QString &artist, const QString &actor)
{
    const Result<QString> copy = backup(ledger.path(), backupDir, artist, ledger.clock().now());
    if (!copy)
        return fail(copy.error());
    return apply(ledger, artist, actor, *copy);
}
