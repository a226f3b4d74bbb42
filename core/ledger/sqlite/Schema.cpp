#include "Schema.h"

#include "util/Logging.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace {

// Version 1: the first release. Artists, money-owed entries, processed event
// ids, quarantine and the append-only audit log. Ids are plain rowids, not
// AUTOINCREMENT: rows are never deleted (triggers forbid it), so an id is
// never reused, and the sqlite_sequence update per insert is saved.
const char *const kStep1[] = {
    R"(CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL))",
    R"(CREATE TABLE artists (
         id TEXT PRIMARY KEY,
         name TEXT NOT NULL DEFAULT '',
         account TEXT,
         created_at INTEGER NOT NULL,
         updated_at INTEGER NOT NULL))",
    R"(CREATE TABLE entries (
         id INTEGER PRIMARY KEY,
         artist TEXT NOT NULL REFERENCES artists(id),
         amount_minor INTEGER NOT NULL,
         currency TEXT NOT NULL,
         kind TEXT NOT NULL,
         track TEXT NOT NULL DEFAULT '',
         reference TEXT NOT NULL,
         payment_intent TEXT NOT NULL,
         event_id TEXT,
         created_at INTEGER NOT NULL,
         state TEXT NOT NULL DEFAULT 'pending',
         attempts INTEGER NOT NULL DEFAULT 0,
         next_attempt_at INTEGER,
         last_error TEXT,
         reason TEXT,
         idempotency_key TEXT,
         transfer_id TEXT,
         updated_at INTEGER NOT NULL))",
    R"(CREATE INDEX entries_artist_state ON entries(artist, state))",
    R"(CREATE INDEX entries_state_due ON entries(state, next_attempt_at))",
    // Narrow on purpose: a payment intent has a handful of entries, and a
    // wide (payment_intent, artist, track, kind) key costs every insert.
    R"(CREATE INDEX entries_payment_intent ON entries(payment_intent))",
    R"(CREATE TABLE processed_events (
         event_id TEXT PRIMARY KEY,
         type TEXT NOT NULL,
         source TEXT NOT NULL,
         outcome TEXT NOT NULL,
         received_at INTEGER NOT NULL) WITHOUT ROWID)",
    R"(CREATE TABLE quarantine (
         id INTEGER PRIMARY KEY,
         event_id TEXT,
         type TEXT,
         source TEXT NOT NULL,
         reason TEXT NOT NULL,
         body BLOB NOT NULL,
         received_at INTEGER NOT NULL,
         status TEXT NOT NULL DEFAULT 'open'))",
    R"(CREATE INDEX quarantine_event ON quarantine(event_id))",
    R"(CREATE TABLE audit_log (
         id INTEGER PRIMARY KEY,
         at INTEGER NOT NULL,
         actor TEXT NOT NULL,
         action TEXT NOT NULL,
         artist TEXT,
         entry_id INTEGER,
         detail TEXT NOT NULL DEFAULT ''))",
    R"(CREATE TRIGGER audit_log_append_only_u BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END)",
    R"(CREATE TRIGGER audit_log_append_only_d BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END)",
};

// Version 2: bookkeeping that makes status fast and verify meaningful. One
// `totals` row per artist, currency and bucket: the bucket `ingested` is
// written by intake alone (the money that came in), one bucket per state
// says where that money is now. verify compares the two. An artist's rows
// are adjacent, so a commit touches one page of totals per artist. Sales and
// refunds are remembered so that an unpaid session, a refund that arrives
// before its purchase, and history work.
const char *const kStep2[] = {
    R"(CREATE TABLE sales (
         session_id TEXT PRIMARY KEY,
         payment_intent TEXT,
         purchase_type TEXT NOT NULL,
         payment_status TEXT NOT NULL,
         amount_total INTEGER NOT NULL,
         currency TEXT NOT NULL,
         created_at INTEGER NOT NULL,
         event_id TEXT NOT NULL,
         updated_at INTEGER NOT NULL) WITHOUT ROWID)",
    R"(CREATE INDEX sales_payment_intent ON sales(payment_intent))",
    R"(CREATE TABLE refunds (
         payment_intent TEXT PRIMARY KEY,
         event_id TEXT NOT NULL,
         refunded_at INTEGER NOT NULL) WITHOUT ROWID)",
    R"(CREATE TABLE totals (
         artist TEXT NOT NULL,
         currency TEXT NOT NULL,
         bucket TEXT NOT NULL,
         amount_minor INTEGER NOT NULL,
         entries INTEGER NOT NULL,
         PRIMARY KEY (artist, currency, bucket)) WITHOUT ROWID)",
    R"(INSERT INTO totals (artist, currency, bucket, amount_minor, entries)
         SELECT artist, currency, 'ingested', SUM(amount_minor), COUNT(*) FROM entries GROUP BY 1, 2)",
    R"(INSERT INTO totals (artist, currency, bucket, amount_minor, entries)
         SELECT artist, currency, state, SUM(amount_minor), COUNT(*) FROM entries GROUP BY 1, 2, 3)",
    // Inserts are counted by intake itself, aggregated per batch (a trigger
    // per row costs a fifth of a bulk import); every later change of an
    // entry goes through this trigger. Both sides are additive upserts, so
    // they may run in any order within a transaction.
    R"(CREATE TRIGGER entries_totals_u
       AFTER UPDATE OF state, amount_minor, artist, currency ON entries BEGIN
         INSERT INTO totals (artist, currency, bucket, amount_minor, entries)
           VALUES (OLD.artist, OLD.currency, OLD.state, -OLD.amount_minor, -1)
           ON CONFLICT (artist, currency, bucket) DO UPDATE
           SET amount_minor = amount_minor + excluded.amount_minor,
               entries = entries + excluded.entries;
         INSERT INTO totals (artist, currency, bucket, amount_minor, entries)
           VALUES (NEW.artist, NEW.currency, NEW.state, NEW.amount_minor, 1)
           ON CONFLICT (artist, currency, bucket) DO UPDATE
           SET amount_minor = amount_minor + excluded.amount_minor,
               entries = entries + excluded.entries;
       END)",
    R"(CREATE TRIGGER entries_never_deleted BEFORE DELETE ON entries
       BEGIN SELECT RAISE(ABORT, 'money-owed entries are never deleted; void them'); END)",
};

// Version 3: payouts. One row per transfer attempt, written with its
// idempotency key before the request leaves (the exactly-once rules of
// ARCHITECTURE.md), and the cross-process run lease.
const char *const kStep3[] = {
    R"(CREATE TABLE transfers (
         id INTEGER PRIMARY KEY,
         idempotency_key TEXT NOT NULL UNIQUE,
         artist TEXT NOT NULL,
         currency TEXT NOT NULL,
         amount_minor INTEGER NOT NULL,
         destination TEXT NOT NULL,
         source_transaction TEXT,
         entry_ids TEXT NOT NULL,
         state TEXT NOT NULL,
         stripe_transfer_id TEXT,
         attempts INTEGER NOT NULL DEFAULT 0,
         last_error TEXT,
         last_request_id TEXT,
         created_at INTEGER NOT NULL,
         updated_at INTEGER NOT NULL,
         completed_at INTEGER))",
    R"(CREATE INDEX transfers_state ON transfers(state))",
    R"(CREATE INDEX transfers_artist ON transfers(artist, completed_at))",
    R"(CREATE INDEX entries_idempotency_key ON entries(idempotency_key)
       WHERE idempotency_key IS NOT NULL)",
    R"(CREATE TABLE leases (
         name TEXT PRIMARY KEY,
         holder TEXT NOT NULL,
         expires_at INTEGER NOT NULL) WITHOUT ROWID)",
    R"(ALTER TABLE sales ADD COLUMN charge_id TEXT)",
    // Cleanup moves processed event ids past the retention here, keeping the
    // table every event is checked against small.
    R"(CREATE TABLE processed_events_archive (
         event_id TEXT PRIMARY KEY,
         type TEXT NOT NULL,
         source TEXT NOT NULL,
         outcome TEXT NOT NULL,
         received_at INTEGER NOT NULL,
         archived_at INTEGER NOT NULL) WITHOUT ROWID)",
};

// Version 4: the webhook inbox. A signed raw event is journaled here, and
// answered 2xx, before it is validated; the applier then takes waiting rows
// in order through intake and marks them applied in the same transaction.
// The signature header is not kept (it is only checked on arrival), nor any
// secret. Times are milliseconds: received_at is the journal commit's,
// applied_at the applier's. A database error while applying counts an
// attempt and leaves the row waiting until next_attempt_at; rows are never
// dropped. The partial index holds only the waiting rows, so the backlog and
// the applier's next batch cost nothing however long the applied history.
const char *const kStep4[] = {
    R"(CREATE TABLE inbox (
         id INTEGER PRIMARY KEY,
         received_at INTEGER NOT NULL,
         source TEXT NOT NULL,
         body BLOB NOT NULL,
         applied_at INTEGER,
         attempts INTEGER NOT NULL DEFAULT 0,
         next_attempt_at INTEGER,
         last_error TEXT))",
    R"(CREATE INDEX inbox_waiting ON inbox(id) WHERE applied_at IS NULL)",
};

struct Step
{
    const char *const *statements;
    std::size_t count;
};

template<std::size_t N> constexpr Step step(const char *const (&s)[N])
{
    return {s, N};
}

// Version 5: artists' API tokens (ledger/TokenStore.h). Only the SHA-256 of
// a token is kept; the unique index on it is how a request finds its
// artist. Rows are revoked, never deleted, so the list keeps the history.
const char *const kStep5[] = {
    R"(CREATE TABLE artist_tokens (
         id INTEGER PRIMARY KEY,
         artist TEXT NOT NULL REFERENCES artists(id),
         label TEXT NOT NULL DEFAULT '',
         token_hash TEXT NOT NULL UNIQUE,
         created_at INTEGER NOT NULL,
         last_used_at INTEGER,
         revoked_at INTEGER))",
    R"(CREATE INDEX artist_tokens_artist ON artist_tokens(artist))",
};

// Version 6: transfer reversals (ARCHITECTURE.md: paid --sale refunded-->
// reversal). One row per attempt to take a refunded entry's share back from
// the transfer that paid it, keyed before its request leaves, like a
// transfer attempt. A reversal Stripe refused for good names the recovery
// entry (kind clawback, the negated amount) that nets the share against the
// artist's next payouts.
const char *const kStep6[] = {
    R"(CREATE TABLE reversals (
         id INTEGER PRIMARY KEY,
         idempotency_key TEXT NOT NULL UNIQUE,
         entry_id INTEGER NOT NULL REFERENCES entries(id),
         artist TEXT NOT NULL,
         currency TEXT NOT NULL,
         amount_minor INTEGER NOT NULL,
         transfer_id TEXT NOT NULL,
         state TEXT NOT NULL,
         stripe_reversal_id TEXT,
         recovery_entry_id INTEGER REFERENCES entries(id),
         attempts INTEGER NOT NULL DEFAULT 0,
         last_error TEXT,
         last_request_id TEXT,
         created_at INTEGER NOT NULL,
         updated_at INTEGER NOT NULL,
         completed_at INTEGER))",
    R"(CREATE INDEX reversals_entry ON reversals(entry_id))",
    R"(CREATE INDEX reversals_state ON reversals(state))",
    R"(CREATE INDEX entries_reversing ON entries(state) WHERE state = 'reversing')",
};

// Version 7: track titles (EVENTS.md, the cart item's `title`), shown to the
// artist beside the reference; '' for entries recorded before (the store
// sent none, or it was not kept). A transfer keeps the description it was
// sent with, so a resend with the same idempotency key repeats it; NULL for
// transfers claimed before this version.
const char *const kStep7[] = {
    R"(ALTER TABLE entries ADD COLUMN title TEXT NOT NULL DEFAULT '')",
    R"(ALTER TABLE transfers ADD COLUMN description TEXT)",
};

const Step kSteps[] = {step(kStep1), step(kStep2), step(kStep3), step(kStep4),
                       step(kStep5), step(kStep6), step(kStep7)};

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        *error = q.lastError().text();
        return false;
    }
    return true;
}

} // namespace

namespace Schema {

int currentVersion()
{
    return int(std::size(kSteps));
}

Result<int> version(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(
            QStringLiteral("SELECT name FROM sqlite_master WHERE type='table' AND name='meta'")))
        return fail(Error::database(q.lastError().text()));
    if (!q.next())
        return 0;
    q.finish();
    if (!q.exec(QStringLiteral("SELECT value FROM meta WHERE key='schema_version'")))
        return fail(Error::database(q.lastError().text()));
    return q.next() ? q.value(0).toInt() : 0;
}

Status migrate(QSqlDatabase &db, int targetVersion)
{
    if (targetVersion < 0)
        targetVersion = currentVersion();
    QString error;
    if (!exec(db, QStringLiteral("BEGIN IMMEDIATE"), &error))
        return fail(
            Error::database(QStringLiteral("cannot lock the ledger to migrate it: ") + error));

    const auto rollback = [&](const QString &why) {
        QString ignored;
        exec(db, QStringLiteral("ROLLBACK"), &ignored);
        return fail(Error::database(why));
    };

    // Read the version inside the write lock, so two processes opening an old
    // file at once migrate it once.
    const Result<int> from = version(db);
    if (!from)
        return rollback(from.error().message);
    if (*from > currentVersion())
        return rollback(QStringLiteral("the ledger is at schema version %1, newer than this "
                                       "program understands (%2); upgrade Payout Desk")
                            .arg(*from)
                            .arg(currentVersion()));
    for (int v = *from + 1; v <= targetVersion; ++v) {
        const Step &s = kSteps[v - 1];
        for (std::size_t i = 0; i < s.count; ++i) {
            if (!exec(db, QString::fromUtf8(s.statements[i]), &error))
                return rollback(QStringLiteral("schema step %1 failed: %2").arg(v).arg(error));
        }
        if (!exec(db,
                  QStringLiteral("INSERT INTO meta (key, value) VALUES ('schema_version', '%1') "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                      .arg(v),
                  &error))
            return rollback(error);
        qCInfo(lcLedger) << "ledger schema migrated to version" << v;
    }
    if (!exec(db, QStringLiteral("COMMIT"), &error))
        return rollback(error);
    return {};
}

} // namespace Schema
