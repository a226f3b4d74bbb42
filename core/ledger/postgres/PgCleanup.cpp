// What the daily cleanup reads and changes (CleanupStore) on PostgreSQL.
#include "PostgresStores.h"

#include "ledger/postgres/PostgresLedger.h"
#include "util/Clock.h"

namespace {

Result<QList<CleanupCandidate>> candidates(const Result<PgResult> &r)
{
    if (!r)
        return fail(r.error());
    QList<CleanupCandidate> out;
    for (int i = 0; i < r->rows(); ++i) {
        CleanupCandidate c;
        c.id = r->int64(i, 0);
        c.artist = r->text(i, 1);
        c.state = entryStateFromString(r->text(i, 2)).value_or(EntryState::Void);
        c.amountMinor = r->int64(i, 3);
        c.currency = r->text(i, 4);
        c.artistKnown = r->int64(i, 5) != 0;
        out.append(c);
    }
    return out;
}

Result<int> affected(const Result<PgResult> &r)
{
    if (!r)
        return fail(r.error());
    return int(r->affected());
}

} // namespace

Result<QList<CleanupCandidate>> PgCleanup::duplicateCopies()
{
    return candidates(m_db.conn().exec(
        "SELECT e.id, e.artist, e.state, e.amount_minor, e.currency, 1 FROM entries e JOIN ("
        "  SELECT payment_intent, artist, track, kind, MIN(id) AS first_id FROM entries "
        "  WHERE state <> 'void' AND kind <> 'clawback' "
        "  GROUP BY payment_intent, artist, track, kind "
        "  HAVING COUNT(*) > 1) d "
        "ON e.payment_intent = d.payment_intent AND e.artist = d.artist "
        "AND e.track = d.track AND e.kind = d.kind "
        "WHERE e.state <> 'void' AND e.id > d.first_id ORDER BY e.id"));
}

Result<QList<CleanupCandidate>> PgCleanup::invalidOpenEntries(const QStringList &knownCurrencies)
{
    return candidates(
        m_db.conn().exec("SELECT id, artist, state, amount_minor, currency, "
                         "  (SELECT COUNT(*) FROM artists a WHERE a.id = e.artist) FROM entries e "
                         "WHERE state IN ('pending', 'held') "
                         "  AND ((amount_minor <= 0 AND kind <> 'clawback') OR artist = '' "
                         "  OR NOT EXISTS (SELECT 1 FROM artists a WHERE a.id = e.artist) "
                         "  OR NOT (currency = ANY($1::text[]))) ORDER BY id",
                         {PgParam::textArray(knownCurrencies)}));
}

Status PgCleanup::voidEntry(qint64 id, const QString &reason)
{
    const Result<PgResult> r = m_db.conn().exec(
        "UPDATE entries SET state = 'void', reason = $1, updated_at = $2 WHERE id = $3",
        {reason, m_db.clock().nowMs(), id});
    if (!r)
        return fail(r.error());
    return {};
}

Result<int> PgCleanup::archiveProcessedEvents(qint64 beforeMs)
{
    int moved = 0;
    const Status s = m_db.write([&]() -> Status {
        if (const Result<PgResult> r = m_db.conn().exec(
                "INSERT INTO processed_events_archive (event_id, type, source, outcome, "
                "received_at, archived_at) SELECT event_id, type, source, outcome, received_at, "
                "$1 FROM processed_events WHERE received_at < $2 ON CONFLICT DO NOTHING",
                {m_db.clock().nowMs(), beforeMs});
            !r)
            return fail(r.error());
        const Result<int> n = affected(
            m_db.conn().exec("DELETE FROM processed_events WHERE received_at < $1", {beforeMs}));
        if (!n)
            return fail(n.error());
        moved = *n;
        return {};
    });
    if (!s)
        return fail(s.error());
    return moved;
}

Result<int> PgCleanup::archiveQuarantine(qint64 beforeMs)
{
    return affected(m_db.conn().exec("UPDATE quarantine SET status = 'archived' "
                                     "WHERE status <> 'archived' AND received_at < $1",
                                     {beforeMs}));
}

Result<bool> PgCleanup::dismissQuarantined(qint64 id)
{
    const Result<int> n = affected(m_db.conn().exec(
        "UPDATE quarantine SET status = 'dismissed' WHERE id = $1 AND status = 'open'", {id}));
    if (!n)
        return fail(n.error());
    return *n == 1;
}

Result<int> PgCleanup::countStuckSending(qint64 beforeMs)
{
    const Result<PgResult> r = m_db.conn().exec(
        "SELECT COUNT(*) FROM entries WHERE state = 'sending' AND updated_at < $1", {beforeMs});
    if (!r)
        return fail(r.error());
    return int(r->int64(0, 0));
}
