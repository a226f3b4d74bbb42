// The small PostgreSQL stores: meta, change feed, audit log, run lease and
// accounts. (The backup is in PgBackup.cpp.)
#include "PostgresStores.h"

#include "ledger/postgres/PgListener.h"
#include "ledger/postgres/PostgresLedger.h"
#include "util/Clock.h"

namespace {

Status done(const Result<PgResult> &r)
{
    if (!r)
        return fail(r.error());
    return {};
}

} // namespace

Result<QString> PgMeta::value(const QString &key)
{
    const Result<PgResult> r = m_db.conn().exec("SELECT value FROM meta WHERE key = $1", {key});
    if (!r)
        return fail(r.error());
    return r->rows() ? r->text(0, 0) : QString();
}

Status PgMeta::setValue(const QString &key, const QString &value)
{
    return m_db.write([&]() -> Status {
        return done(m_db.conn().exec("INSERT INTO meta (key, value) VALUES ($1, $2) "
                                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                     {key, value}));
    });
}

PgChangeFeed::PgChangeFeed(PostgresLedger &db)
    : m_db(db)
{}

PgChangeFeed::~PgChangeFeed() = default;

QObject *PgChangeFeed::pushNotifier()
{
    if (!m_listener) {
        m_listener = std::make_unique<PgListener>(m_db.connectUri(), m_db.displayName());
        m_listener->start();
    }
    return m_listener.get();
}

Result<qint64> PgChangeFeed::version()
{
    // Every connection's committed writes, counted in the same transactions
    // (PostgresLedger::transact): the sum changes when, and only when,
    // anything committed, on this connection or any other, on any machine.
    const Result<PgResult> r =
        m_db.conn().exec("SELECT COALESCE(SUM(commits), 0)::bigint FROM change_counters");
    if (!r)
        return fail(r.error());
    return r->int64(0, 0);
}

Status PgAudit::append(const QString &actor, const QString &action, const QString &artist,
                       qint64 entryId, const QString &detail)
{
    Q_ASSERT(m_db.inTransaction());
    return done(m_db.conn().exec("INSERT INTO audit_log (at, actor, action, artist, entry_id, "
                                 "detail) VALUES ($1, $2, $3, $4, $5, $6)",
                                 {m_db.clock().nowMs(), actor, action, PgParam::orNull(artist),
                                  entryId > 0 ? PgParam(entryId) : PgParam(nullptr), detail}));
}

Status PgAudit::appendAll(const QString &actor, const QList<PayoutAudit::Row> &rows)
{
    Q_ASSERT(m_db.inTransaction());
    if (rows.isEmpty())
        return {};
    QStringList actions, artists, details;
    QList<qint64> entryIds;
    for (const PayoutAudit::Row &row : rows) {
        actions << row.action;
        artists << row.artist;
        entryIds << row.entryId;
        details << row.detail;
    }
    // The serial ids follow the ordinality, so the log keeps the given order.
    return done(m_db.conn().exec(
        "INSERT INTO audit_log (at, actor, action, artist, entry_id, detail) "
        "SELECT $1, $2, u.action, NULLIF(u.artist, ''), NULLIF(u.entry_id, 0), u.detail "
        "FROM unnest($3::text[], $4::text[], $5::bigint[], $6::text[]) WITH ORDINALITY "
        "AS u(action, artist, entry_id, detail, n) ORDER BY u.n",
        {m_db.clock().nowMs(), actor, PgParam::textArray(actions), PgParam::textArray(artists),
         PgParam::idArray(entryIds), PgParam::textArray(details)}));
}

Result<std::optional<LeaseState>> PgLeases::lease(const QString &name)
{
    const Result<PgResult> r =
        m_db.conn().exec("SELECT holder, expires_at FROM leases WHERE name = $1", {name});
    if (!r)
        return fail(r.error());
    std::optional<LeaseState> out;
    if (r->rows())
        out = LeaseState{r->text(0, 0), r->int64(0, 1)};
    return out;
}

Result<bool> PgLeases::take(const QString &name, const QString &holder, qint64 nowMs,
                            qint64 expiresAtMs, const QString &replacing)
{
    // One statement, so one atomic step on the server: of several instances
    // racing for a free or expired lease, the row lock lets exactly one
    // update it, and the others see the new holder when they re-check.
    bool taken = false;
    const Status s = m_db.write([&]() -> Status {
        const Result<PgResult> r = m_db.conn().exec(
            "INSERT INTO leases AS l (name, holder, expires_at) VALUES ($1, $2, $3) "
            "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
            "expires_at = excluded.expires_at "
            "WHERE l.expires_at < $4::bigint OR l.holder = $2 OR l.holder = $5::text",
            {name, holder, expiresAtMs, nowMs, PgParam::orNull(replacing)});
        if (!r)
            return fail(r.error());
        taken = r->affected() == 1;
        return {};
    });
    if (!s)
        return fail(s.error());
    return taken;
}

Status PgLeases::release(const QString &name, const QString &holder)
{
    return m_db.write([&]() -> Status {
        return done(
            m_db.conn().exec("DELETE FROM leases WHERE name = $1 AND holder = $2", {name, holder}));
    });
}

// Run requests are counted in meta under "run_requests:NAME" (no table of
// their own): one upsert, so that two instances raising it at once both
// count (the row lock orders them).
Result<qint64> PgLeases::addRunRequest(const QString &name)
{
    qint64 count = 0;
    const Status s = m_db.write([&]() -> Status {
        const Result<PgResult> r = m_db.conn().exec(
            "INSERT INTO meta AS m (key, value) VALUES ('run_requests:' || $1::text, '1') "
            "ON CONFLICT (key) DO UPDATE SET value = (m.value::bigint + 1)::text "
            "RETURNING value::bigint",
            {name});
        if (!r)
            return fail(r.error());
        count = r->int64(0, 0);
        return {};
    });
    if (!s)
        return fail(s.error());
    return count;
}

Result<qint64> PgLeases::runRequests(const QString &name)
{
    const Result<PgResult> r = m_db.conn().exec(
        "SELECT value::bigint FROM meta WHERE key = 'run_requests:' || $1::text", {name});
    if (!r)
        return fail(r.error());
    return r->rows() ? r->int64(0, 0) : qint64(0);
}

Result<std::optional<QString>> PgAccounts::account(const QString &artist)
{
    const Result<PgResult> r =
        m_db.conn().exec("SELECT COALESCE(account, '') FROM artists WHERE id = $1", {artist});
    if (!r)
        return fail(r.error());
    std::optional<QString> account;
    if (r->rows())
        account = r->text(0, 0);
    return account;
}

Result<QStringList> PgAccounts::artistsWithAccount(const QString &account)
{
    const Result<PgResult> r =
        m_db.conn().exec("SELECT id FROM artists WHERE account = $1 ORDER BY id", {account});
    if (!r)
        return fail(r.error());
    QStringList artists;
    for (int i = 0; i < r->rows(); ++i)
        artists.append(r->text(i, 0));
    return artists;
}

Status PgAccounts::setAccount(const QString &artist, const QString &account)
{
    return m_db.write([&]() -> Status {
        return done(m_db.conn().exec(
            "INSERT INTO artists (id, account, created_at, updated_at) VALUES ($1, $2, $3, $3) "
            "ON CONFLICT (id) DO UPDATE SET account = excluded.account, "
            "updated_at = excluded.updated_at",
            {artist, PgParam::orNull(account), m_db.clock().nowMs()}));
    });
}

Result<int> PgAccounts::moveEntries(const QString &artist, EntryState from,
                                    const QStringList &fromReasons, EntryState to,
                                    const QString &reason)
{
    int moved = 0;
    const Status s = m_db.write([&]() -> Status {
        const Result<PgResult> r = m_db.conn().exec(
            "UPDATE entries SET state = $1, reason = $2, updated_at = $3 "
            "WHERE artist = $4 AND state = $5 "
            "AND ($6::text[] IS NULL OR reason = ANY($6::text[]))",
            {stateName(to), PgParam::orNull(reason), m_db.clock().nowMs(), artist, stateName(from),
             fromReasons.isEmpty() ? PgParam(nullptr) : PgParam::textArray(fromReasons)});
        if (!r)
            return fail(r.error());
        moved = int(r->affected());
        return {};
    });
    if (!s)
        return fail(s.error());
    return moved;
}
