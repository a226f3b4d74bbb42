// verify on PostgreSQL: the schema and conservation of money, each check on
// its own, and reporting goes on when a check cannot run.
#include "PostgresStores.h"

#include "ledger/postgres/PgSchema.h"
#include "ledger/postgres/PostgresLedger.h"

Result<VerifyReport> PgReader::verify()
{
    VerifyReport report;
    // A list of (name, sql): each query returns one text column per problem.
    const std::pair<const char *, const char *> checks[] = {
        {"entries name known artists",
         "SELECT 'entry ' || e.id || ' names a missing artist' FROM entries e "
         "LEFT JOIN artists a ON a.id = e.artist WHERE a.id IS NULL"},
        {"conservation of money (ingested = the sum of every state: pending, sending, paid, "
         "held, void, reversing, reversed, clawback)",
         "WITH now_total AS (SELECT artist, currency, SUM(amount_minor) AS amount, COUNT(*) AS n "
         "                   FROM entries GROUP BY artist, currency), "
         "ingested AS (SELECT artist, currency, amount_minor, entries FROM totals "
         "             WHERE bucket = 'ingested'), "
         "keys AS (SELECT artist, currency FROM ingested UNION SELECT artist, currency FROM "
         "now_total) "
         "SELECT k.artist || ' ' || k.currency || ': ingested ' || COALESCE(i.amount_minor, 0) "
         "       || ' in ' || COALESCE(i.entries, 0) || ' entries, ledger holds ' "
         "       || COALESCE(t.amount, 0) || ' in ' || COALESCE(t.n, 0) || ' entries' "
         "FROM keys k LEFT JOIN ingested i USING (artist, currency) "
         "LEFT JOIN now_total t USING (artist, currency) "
         "WHERE COALESCE(i.amount_minor, 0) <> COALESCE(t.amount, 0) "
         "OR COALESCE(i.entries, 0) <> COALESCE(t.n, 0)"},
        {"state totals match the entries",
         "WITH actual AS (SELECT artist, currency, state AS bucket, SUM(amount_minor) AS amount, "
         "                COUNT(*) AS n FROM entries GROUP BY 1, 2, 3), "
         "held AS (SELECT * FROM totals WHERE bucket <> 'ingested'), "
         "keys AS (SELECT artist, currency, bucket FROM actual "
         "         UNION SELECT artist, currency, bucket FROM held WHERE entries <> 0 OR "
         "amount_minor <> 0) "
         "SELECT k.artist || ' ' || k.currency || ' ' || k.bucket || ': totals say ' "
         "       || COALESCE(b.amount_minor, 0) || ', entries say ' || COALESCE(a.amount, 0) "
         "FROM keys k LEFT JOIN held b USING (artist, currency, bucket) "
         "LEFT JOIN actual a USING (artist, currency, bucket) "
         "WHERE COALESCE(b.amount_minor, 0) <> COALESCE(a.amount, 0) "
         "OR COALESCE(b.entries, 0) <> COALESCE(a.n, 0)"},
        {"entry states",
         "SELECT 'entry ' || id || ' has unknown state ' || quote_literal(state) FROM entries "
         "WHERE state NOT IN ('pending', 'sending', 'paid', 'held', 'void', 'reversing', "
         "'reversed', 'clawback')"},
        {"paid entries name their transfer",
         "SELECT 'entry ' || id || ' is paid but has no transfer id' FROM entries "
         "WHERE state IN ('paid', 'reversing', 'reversed', 'clawback') "
         "AND COALESCE(transfer_id, '') = ''"},
        {"sending entries carry their idempotency key",
         "SELECT 'entry ' || id || ' is sending without an idempotency key' FROM entries "
         "WHERE state = 'sending' AND COALESCE(idempotency_key, '') = ''"},
        {"paid transfers match the entries they paid",
         "SELECT 'transfer ' || t.idempotency_key || ' paid ' || t.amount_minor "
         "       || ' but its paid entries hold ' || COALESCE(SUM(e.amount_minor), 0) "
         "FROM transfers t LEFT JOIN entries e "
         "  ON e.idempotency_key = t.idempotency_key "
         "  AND e.state IN ('paid', 'reversing', 'reversed', 'clawback') "
         "WHERE t.state = 'paid' GROUP BY t.id "
         "HAVING COALESCE(SUM(e.amount_minor), 0) <> t.amount_minor"},
        {"paid entries belong to a paid transfer",
         "SELECT 'entry ' || e.id || ' is paid but its transfer attempt is ' "
         "       || COALESCE(t.state, 'missing') FROM entries e "
         "LEFT JOIN transfers t ON t.idempotency_key = e.idempotency_key "
         "WHERE e.state IN ('paid', 'reversing', 'reversed', 'clawback') "
         "AND e.idempotency_key IS NOT NULL "
         "AND COALESCE(t.state, '') <> 'paid'"},
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
         "SELECT c.t || '.' || c.name || ' is missing' FROM (VALUES ('entries', 'title'), "
         "('transfers', 'description')) AS c(t, name) WHERE NOT EXISTS (SELECT 1 FROM "
         "information_schema.columns i WHERE i.table_schema = current_schema() "
         "AND i.table_name = c.t AND i.column_name = c.name)"},
        // The server keeps a column's type, so an amount is an integer if
        // its column is one: a column altered to numeric or float would not be.
        {"amounts are integers",
         "SELECT table_name || '.' || column_name || ' is ' || data_type || ', not bigint' "
         "FROM information_schema.columns WHERE table_schema = current_schema() "
         "AND (table_name, column_name) IN (('entries', 'amount_minor'), "
         "('totals', 'amount_minor'), ('totals', 'entries'), ('transfers', 'amount_minor'), "
         "('sales', 'amount_total'), ('reversals', 'amount_minor')) AND data_type <> 'bigint'"},
    };
    for (const auto &[name, sql] : checks) {
        VerifyReport::Check check;
        check.name = QString::fromLatin1(name);
        // Run once, unprepared: a damaged or missing table fails this check
        // with the reason, and the other checks still run.
        const Result<PgResult> r = m_db.conn().execOnce(QString::fromLatin1(sql));
        if (!r) {
            check.ok = false;
            check.problems << QStringLiteral("cannot run this check: %1").arg(r.error().message);
            report.checks.append(check);
            continue;
        }
        for (int i = 0; i < r->rows(); ++i) {
            check.ok = false;
            if (check.problems.size() < 50)
                check.problems << r->text(i, 0);
        }
        report.checks.append(check);
    }
    VerifyReport::Check version;
    version.name = QStringLiteral("schema version");
    const Result<int> v = PgSchema::version(m_db.conn());
    if (!v) {
        version.ok = false;
        version.problems
            << QStringLiteral("cannot read the schema version: %1").arg(v.error().message);
    } else if (*v != PgSchema::currentVersion()) {
        version.ok = false;
        version.problems << QStringLiteral("schema version %1, expected %2")
                                .arg(*v)
                                .arg(PgSchema::currentVersion());
    }
    report.checks.prepend(version);
    return report;
}
