// The webhook inbox (InboxStore) on PostgreSQL: the receiver journals raw
// events here and the applier marks them applied.
#include "PostgresStores.h"

#include "ledger/postgres/PostgresLedger.h"
#include "util/Clock.h"

#include <algorithm>

Result<QList<qint64>> PgInbox::journal(const QList<QByteArray> &bodies, const QString &source)
{
    QList<qint64> ids;
    const Status s = m_db.write([&]() -> Status {
        ids.clear();
        // A 2xx follows this commit: it waits for the WAL flush even when
        // the applier's commits on this connection do not.
        if (m_db.applyRelaxed())
            if (const Result<PgResult> r =
                    m_db.conn().exec("SELECT set_config('synchronous_commit', 'on', true)");
                !r)
                return fail(r.error());
        const qint64 now = m_db.clock().nowMs();
        for (const QByteArray &body : bodies) {
            const Result<PgResult> r = m_db.conn().exec(
                "INSERT INTO inbox (received_at, source, body) VALUES ($1, $2, $3) RETURNING id",
                {now, source, PgParam::bytes(body)});
            if (!r)
                return fail(r.error());
            ids.append(r->int64(0, 0));
        }
        return {};
    });
    if (!s)
        return fail(s.error());
    return ids;
}

namespace {

// How long an applier's claim on inbox rows keeps other instances away.
constexpr qint64 kClaimMs = 30'000;

} // namespace

Result<QList<InboxRow>> PgInbox::due(int limit, qint64 nowMs, qint64 afterId)
{
    // The waiting rows that no other instance is applying, claimed for this
    // one: rows another applier holds locked right now are skipped, and so
    // are rows it claimed until its claim expires. One statement, outside
    // any write: a claim is not a change of the ledger.
    const qint64 now = m_db.clock().nowMs();
    const Result<PgResult> r = m_db.conn().exec(
        "WITH picked AS (SELECT id FROM inbox WHERE applied_at IS NULL AND id > $3::bigint "
        "AND (next_attempt_at IS NULL OR next_attempt_at <= $1::bigint) "
        "AND (claimed_by IS NULL OR claimed_by = $4::text OR claimed_until < $5::bigint) "
        "ORDER BY id LIMIT $2::bigint FOR UPDATE SKIP LOCKED) "
        "UPDATE inbox i SET claimed_by = $4::text, claimed_until = $6::bigint FROM picked "
        "WHERE i.id = picked.id RETURNING i.id, i.received_at, i.source, i.body, i.attempts",
        {nowMs, qint64(limit), afterId, m_db.instanceId(), now, now + kClaimMs});
    if (!r)
        return fail(r.error());
    QList<InboxRow> rows;
    rows.reserve(r->rows());
    for (int i = 0; i < r->rows(); ++i)
        rows.append(
            {r->int64(i, 0), r->int64(i, 1), r->text(i, 2), r->bytes(i, 3), int(r->int64(i, 4))});
    std::sort(rows.begin(), rows.end(),
              [](const InboxRow &a, const InboxRow &b) { return a.id < b.id; });
    return rows;
}

Status PgInbox::markApplied(const QList<qint64> &ids, qint64 atMs)
{
    Q_ASSERT(m_db.inTransaction());
    const Result<PgResult> r =
        m_db.conn().exec("UPDATE inbox SET applied_at = $1, next_attempt_at = NULL "
                         "WHERE id = ANY($2::bigint[]) AND applied_at IS NULL",
                         {atMs, PgParam::idArray(ids)});
    if (!r)
        return fail(r.error());
    return {};
}

Status PgInbox::attemptFailed(qint64 id, const QString &error, qint64 retryAtMs)
{
    return m_db.write([&]() -> Status {
        const Result<PgResult> r = m_db.conn().exec(
            "UPDATE inbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 "
            "WHERE id = $3 AND applied_at IS NULL",
            {error, retryAtMs, id});
        if (!r)
            return fail(r.error());
        return {};
    });
}

Result<qint64> PgInbox::nextRetry()
{
    const Result<PgResult> r =
        m_db.conn().exec("SELECT COALESCE(MIN(next_attempt_at), -1) FROM inbox WHERE "
                         "applied_at IS NULL AND next_attempt_at IS NOT NULL");
    if (!r)
        return fail(r.error());
    return r->int64(0, 0);
}

Result<InboxBacklog> PgInbox::backlog()
{
    const Result<PgResult> r =
        m_db.conn().exec("SELECT COUNT(*), MIN(received_at), COUNT(next_attempt_at) FROM inbox "
                         "WHERE applied_at IS NULL");
    if (!r)
        return fail(r.error());
    InboxBacklog b;
    b.waiting = r->int64(0, 0);
    if (b.waiting > 0)
        b.oldest = QDateTime::fromMSecsSinceEpoch(r->int64(0, 1), Qt::UTC);
    b.retrying = r->int64(0, 2);
    return b;
}

Status PgInbox::relaxApplyDurability(bool relaxed)
{
    // synchronous_commit=off for the applier: a crash may lose its last
    // commits, never corrupt them, and the inbox still holds their bodies.
    // A later commit that waits for the flush (a journal, a claim) makes
    // every earlier one durable too, since the WAL is written in order.
    return m_db.setApplyRelaxed(relaxed);
}
