// verify: schema integrity and conservation of money, each check on its own.
#include "SqliteStores.h"

#include "ledger/sqlite/Schema.h"
#include "ledger/sqlite/SqliteLedger.h"
#include "ledger/sqlite/SqliteStatement.h"
#include "ledger/sqlite/SqliteSupport.h"

#include <QSqlError>
#include <QSqlQuery>

Result<VerifyReport> SqliteReader::verify()
{
    VerifyReport report;
    QSqlQuery q(m_db.database());
    q.setForwardOnly(true);

    // A list of (name, sql): each query returns one text column per problem.
    const std::pair<const char *, const char *> checks[] = {
        {"sqlite integrity",
         "SELECT integrity_check FROM pragma_integrity_check WHERE integrity_check <> 'ok'"},
        {"foreign keys",
         "SELECT 'entry ' || rowid || ' names a missing artist' FROM pragma_foreign_key_check"},
        {"conservation of money (ingested = the sum of every state: pending, sending, paid, "
         "held, void, reversing, reversed, clawback)",
         "WITH now_total AS (SELECT artist, currency, SUM(amount_minor) AS amount, COUNT(*) AS n "
         "                   FROM entries GROUP BY artist, currency), "
         "ingested AS (SELECT artist, currency, amount_minor, entries FROM totals "
         "             WHERE bucket = 'ingested'), "
         "keys AS (SELECT artist, currency FROM ingested UNION SELECT artist, currency FROM "
         "now_total) "
         "SELECT k.artist || ' ' || k.currency || ': ingested ' || IFNULL(i.amount_minor, 0) "
         "       || ' in ' || IFNULL(i.entries, 0) || ' entries, ledger holds ' "
         "       || IFNULL(t.amount, 0) || ' in ' || IFNULL(t.n, 0) || ' entries' "
         "FROM keys k LEFT JOIN ingested i USING (artist, currency) "
         "LEFT JOIN now_total t USING (artist, currency) "
         "WHERE IFNULL(i.amount_minor, 0) <> IFNULL(t.amount, 0) OR IFNULL(i.entries, 0) <> "
         "IFNULL(t.n, 0)"},
        {"state totals match the entries",
         "WITH actual AS (SELECT artist, currency, state AS bucket, SUM(amount_minor) AS amount, "
         "                COUNT(*) AS n FROM entries GROUP BY 1, 2, 3), "
         "held AS (SELECT * FROM totals WHERE bucket <> 'ingested'), "
         "keys AS (SELECT artist, currency, bucket FROM actual "
         "         UNION SELECT artist, currency, bucket FROM held WHERE entries <> 0 OR "
         "amount_minor <> 0) "
         "SELECT k.artist || ' ' || k.currency || ' ' || k.bucket || ': totals say ' "
         "       || IFNULL(b.amount_minor, 0) || ', entries say ' || IFNULL(a.amount, 0) "
         "FROM keys k LEFT JOIN held b USING (artist, currency, bucket) "
         "LEFT JOIN actual a USING (artist, currency, bucket) "
         "WHERE IFNULL(b.amount_minor, 0) <> IFNULL(a.amount, 0) OR IFNULL(b.entries, 0) <> "
         "IFNULL(a.n, 0)"},
        {"entry states",
         "SELECT 'entry ' || id || ' has unknown state ' || quote(state) FROM entries "
         "WHERE state NOT IN ('pending', 'sending', 'paid', 'held', 'void', 'reversing', "
         "'reversed', 'clawback')"},
        {"paid entries name their transfer",
         "SELECT 'entry ' || id || ' is paid but has no transfer id' FROM entries "
         "WHERE state IN ('paid', 'reversing', 'reversed', 'clawback') "
         "AND IFNULL(transfer_id, '') = ''"},
        {"sending entries carry their idempotency key",
         "SELECT 'entry ' || id || ' is sending without an idempotency key' FROM entries "
         "WHERE state = 'sending' AND IFNULL(idempotency_key, '') = ''"},
        {"paid transfers match the entries they paid",
         "SELECT 'transfer ' || t.idempotency_key || ' paid ' || t.amount_minor "
         "       || ' but its paid entries hold ' || IFNULL(SUM(e.amount_minor), 0) "
         "FROM transfers t LEFT JOIN entries e "
         "  ON e.idempotency_key = t.idempotency_key "
         "  AND e.state IN ('paid', 'reversing', 'reversed', 'clawback') "
         "WHERE t.state = 'paid' GROUP BY t.id "
         "HAVING IFNULL(SUM(e.amount_minor), 0) <> t.amount_minor"},
        {"paid entries belong to a paid transfer",
         "SELECT 'entry ' || e.id || ' is paid but its transfer attempt is ' "
         "       || IFNULL(t.state, 'missing') FROM entries e "
         "LEFT JOIN transfers t ON t.idempotency_key = e.idempotency_key "
         "WHERE e.state IN ('paid', 'reversing', 'reversed', 'clawback') "
         "AND e.idempotency_key IS NOT NULL AND IFNULL(t.state, '') <> "
         "'paid'"},
        {"reversed entries name their reversal",
         "SELECT 'entry ' || e.id || ' is reversed but no reversal of it succeeded' "
         "FROM entries e WHERE e.state = 'reversed' AND NOT EXISTS (SELECT 1 FROM reversals r "
         "WHERE r.entry_id = e.id AND r.state = 'reversed' "
         "AND COALESCE(r.stripe_reversal_id, '') <> '')"},
        {"every clawback has its recovery entry",
         "SELECT 'entry ' || e.id || ' is a clawback without a recovery entry of -' "
         "       || e.amount_minor FROM entries e WHERE e.state = 'clawback' AND NOT EXISTS ("
         "  SELECT 1 FROM reversals r JOIN entries c ON c.id = r.recovery_entry_id "
         "  WHERE r.entry_id = e.id AND r.state = 'refused' AND c.kind = 'clawback' "
         "  AND c.amount_minor = -e.amount_minor AND c.artist = e.artist "
         "  AND c.currency = e.currency) "
         "UNION ALL SELECT 'clawback entry ' || c.id || ' recovers no refused reversal' "
         "FROM entries c WHERE c.kind = 'clawback' AND (SELECT COUNT(*) FROM reversals r "
         "  WHERE r.recovery_entry_id = c.id AND r.state = 'refused') <> 1"},
        {"reversals in flight belong to reversing entries",
         "SELECT 'reversal ' || r.idempotency_key || ' is in flight but entry ' || r.entry_id "
         "       || ' is ' || COALESCE(e.state, 'missing') FROM reversals r "
         "LEFT JOIN entries e ON e.id = r.entry_id "
         "WHERE r.state = 'sending' AND COALESCE(e.state, '') <> 'reversing'"},
        {"columns of the current schema",
         "SELECT c.t || '.' || c.name || ' is missing' FROM (SELECT 'entries' AS t, 'title' AS "
         "name UNION ALL SELECT 'transfers', 'description') c WHERE NOT EXISTS (SELECT 1 FROM "
         "pragma_table_info(c.t) p WHERE p.name = c.name)"},
        // SQLite keeps what it is given: 12.5 or '12' in an INTEGER column
        // would be summed as a real or a text, and money must be exact.
        {"amounts are integers",
         "SELECT 'entry ' || id || ' has amount ' || quote(amount_minor) FROM entries "
         "WHERE typeof(amount_minor) <> 'integer' "
         "UNION ALL SELECT 'totals ' || artist || ' ' || currency || ' ' || bucket || ' has amount "
         "' || quote(amount_minor) || ' in ' || quote(entries) || ' entries' FROM totals "
         "WHERE typeof(amount_minor) <> 'integer' OR typeof(entries) <> 'integer' "
         "UNION ALL SELECT 'transfer ' || idempotency_key || ' has amount ' || "
         "quote(amount_minor) FROM transfers WHERE typeof(amount_minor) <> 'integer' "
         "UNION ALL SELECT 'sale ' || session_id || ' has amount ' || quote(amount_total) "
         "FROM sales WHERE typeof(amount_total) <> 'integer' "
         "UNION ALL SELECT 'reversal ' || idempotency_key || ' has amount ' || "
         "quote(amount_minor) FROM reversals WHERE typeof(amount_minor) <> 'integer'"},
    };
    for (const auto &[name, sql] : checks) {
        VerifyReport::Check check;
        check.name = QString::fromLatin1(name);
        // A check that cannot run (a damaged or missing table) fails with
        // the reason, and the other checks still run: verify is for damaged
        // files above all.
        if (!q.exec(QString::fromLatin1(sql))) {
            check.ok = false;
            check.problems << QStringLiteral("cannot run this check: %1").arg(q.lastError().text());
            report.checks.append(check);
            continue;
        }
        while (q.next()) {
            check.ok = false;
            if (check.problems.size() < 50)
                check.problems << q.value(0).toString();
        }
        report.checks.append(check);
    }
    VerifyReport::Check version;
    version.name = QStringLiteral("schema version");
    QSqlDatabase db = m_db.database();
    const Result<int> v = Schema::version(db);
    if (!v) {
        version.ok = false;
        version.problems
            << QStringLiteral("cannot read the schema version: %1").arg(v.error().message);
    } else if (*v != Schema::currentVersion()) {
        version.ok = false;
        version.problems << QStringLiteral("schema version %1, expected %2")
                                .arg(*v)
                                .arg(Schema::currentVersion());
    }
    report.checks.prepend(version);
    return report;
}
