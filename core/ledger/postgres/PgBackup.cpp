// The backup (BackupStore) on PostgreSQL: one consistent snapshot of the
// ledger written as a plain SQL script, taken while other connections keep
// writing.
#include "PostgresStores.h"

#include "ledger/postgres/PgSchema.h"
#include "ledger/postgres/PostgresLedger.h"

#include <QFile>
#include <QFileInfo>

namespace {

// The tables a backup holds, parents first. Not the run lease (a restored
// ledger has no run in progress) nor the change feed's counters.
const char *const kTables[] = {
    "meta",       "artists",   "entries", "processed_events", "processed_events_archive",
    "quarantine", "audit_log", "sales",   "refunds",          "totals",
    "transfers",  "reversals", "inbox",   "artist_tokens",
};

// The tables whose ids come from an identity column.
const char *const kIdentityTables[] = {"entries",   "quarantine", "audit_log",    "transfers",
                                       "reversals", "inbox",      "artist_tokens"};

} // namespace

Status PgBackup::backupTo(const QString &targetFile)
{
    if (m_db.inTransaction())
        return fail(Error::database(QStringLiteral("a backup cannot be taken inside a write")));
    QFile out(targetFile);
    // NewOnly: a backup never overwrites a file, not even one that appears
    // between a check and the open.
    if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return fail(Error::io(
            QStringLiteral("%1 exists already or cannot be created; a backup never overwrites "
                           "a file")
                .arg(targetFile)));
    PgConnection &conn = m_db.conn();
    const auto write = [&](const QByteArray &bytes) -> Status {
        if (out.write(bytes) != bytes.size())
            return fail(Error::io(QStringLiteral("cannot write the backup %1: %2")
                                      .arg(targetFile, out.errorString())));
        return {};
    };
    const auto body = [&]() -> Status {
        // One snapshot for every table: the copy is consistent while other
        // instances go on writing.
        if (Status s =
                conn.script(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
            !s)
            return s;
        QByteArray head = "-- Payout Desk ledger backup (PostgreSQL), schema version " +
                          QByteArray::number(PgSchema::currentVersion()) +
                          ".\n-- Restore into an empty database: psql -v ON_ERROR_STOP=1 "
                          "--single-transaction -f THIS_FILE postgresql://...\n"
                          "SET client_encoding = 'UTF8';\n";
        for (const QString &statement : PgSchema::allStatements())
            head += statement.toUtf8() + ";\n";
        head += "INSERT INTO meta (key, value) VALUES ('schema_version', '" +
                QByteArray::number(PgSchema::currentVersion()) + "');\n";
        if (Status s = write(head); !s)
            return s;
        for (const char *table : kTables) {
            const QByteArray name(table);
            // The script wrote the schema_version row above.
            if (Status s = write("\nCOPY " + name + " FROM stdin;\n"); !s)
                return s;
            const QString select =
                name == "meta" ? QStringLiteral("COPY (SELECT * FROM meta WHERE key <> "
                                                "'schema_version') TO STDOUT")
                               : QStringLiteral("COPY %1 TO STDOUT").arg(QString::fromLatin1(name));
            if (Status s = conn.copyOut(select, write); !s)
                return s;
            if (Status s = write("\\.\n"); !s)
                return s;
        }
        // Identity columns go on after the highest id restored (quietly:
        // a DO block prints nothing in psql).
        QByteArray tail = "\nDO $$BEGIN\n";
        for (const char *table : kIdentityTables)
            tail += QByteArray("  PERFORM setval(pg_get_serial_sequence('") + table +
                    "', 'id'), COALESCE((SELECT MAX(id) FROM " + table + "), 0) + 1, false);\n";
        tail += "END$$;\n";
        return write(tail);
    };
    Status result = body();
    (void)conn.script(QStringLiteral("ROLLBACK"));
    if (result && !out.flush())
        result = fail(Error::io(
            QStringLiteral("cannot write the backup %1: %2").arg(targetFile, out.errorString())));
    out.close();
    if (!result) {
        out.remove();
        return fail(Error::io(QStringLiteral("cannot write the backup %1: %2")
                                  .arg(targetFile, result.error().message)));
    }
    return {};
}
