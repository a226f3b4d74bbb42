// Intake's storage (IntakeStore) on PostgreSQL. Statements are prepared
// once per connection; a cart's entries go in one INSERT of arrays, so a
// cart costs one round trip to the server whatever its size.
#include "PostgresStores.h"

#include "ledger/postgres/PostgresLedger.h"
#include "util/Clock.h"

#include <QMap>

#include <algorithm>
#include <tuple>

namespace {

Result<bool> found(const Result<PgResult> &r)
{
    if (!r)
        return fail(r.error());
    return r->rows() > 0;
}

} // namespace

Result<QString> PgIntake::processedOutcome(const QString &eventId)
{
    const Result<PgResult> r =
        m_db.conn().exec("SELECT outcome FROM processed_events WHERE event_id = $1", {eventId});
    if (!r)
        return fail(r.error());
    return r->rows() ? r->text(0, 0) : QString();
}

Status PgIntake::markProcessed(const QString &eventId, const QString &type, const QString &source,
                               const QString &outcome)
{
    // No ON CONFLICT: when another instance applied the same event first
    // (a webhook delivered to both), the primary key refuses this one and
    // the whole batch rolls back, to be retried and found a duplicate. The
    // database decides, not a cache.
    const Result<PgResult> r = m_db.conn().exec(
        "INSERT INTO processed_events (event_id, type, source, outcome, received_at) "
        "VALUES ($1, $2, $3, $4, $5)",
        {eventId, type, source, outcome, m_db.clock().nowMs()});
    if (!r)
        return fail(r.error());
    return {};
}

Status PgIntake::quarantine(const QString &eventId, const QString &type, const QString &source,
                            const QString &reason, const QByteArray &body)
{
    const Result<PgResult> r =
        m_db.conn().exec("INSERT INTO quarantine (event_id, type, source, reason, body, "
                         "received_at) VALUES ($1, $2, $3, $4, $5, $6)",
                         {PgParam::orNull(eventId), PgParam::orNull(type), source, reason,
                          PgParam::bytes(body), m_db.clock().nowMs()});
    if (!r)
        return fail(r.error());
    return {};
}

Status PgIntake::markReplayed(qint64 quarantineId, const QString &eventId)
{
    return m_db.write([&]() -> Status {
        if (const Result<PgResult> r =
                m_db.conn().exec("DELETE FROM processed_events WHERE event_id = $1 "
                                 "AND outcome = 'quarantined'",
                                 {eventId});
            !r)
            return fail(r.error());
        if (const Result<PgResult> r = m_db.conn().exec(
                "UPDATE quarantine SET status = 'replayed' WHERE id = $1", {quarantineId});
            !r)
            return fail(r.error());
        return {};
    });
}

Status PgIntake::upsertSale(const SaleRecord &sale)
{
    const Result<PgResult> r = m_db.conn().exec(
        "INSERT INTO sales AS s (session_id, payment_intent, purchase_type, payment_status, "
        "amount_total, currency, created_at, event_id, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (session_id) DO UPDATE SET "
        "payment_status = excluded.payment_status, event_id = excluded.event_id, "
        "payment_intent = COALESCE(excluded.payment_intent, s.payment_intent), "
        "updated_at = excluded.updated_at",
        {sale.sessionId, PgParam::orNull(sale.paymentIntent), sale.purchaseType, sale.paymentStatus,
         sale.amountTotal, sale.currency, sale.createdAtMs, sale.eventId, m_db.clock().nowMs()});
    if (!r)
        return fail(r.error());
    return {};
}

Result<bool> PgIntake::anyRefunds()
{
    return found(m_db.conn().exec("SELECT 1 FROM refunds LIMIT 1"));
}

Result<bool> PgIntake::isRefunded(const QString &paymentIntent)
{
    return found(
        m_db.conn().exec("SELECT 1 FROM refunds WHERE payment_intent = $1", {paymentIntent}));
}

Result<bool> PgIntake::hasEntries(const QString &paymentIntent)
{
    return found(m_db.conn().exec("SELECT 1 FROM entries WHERE payment_intent = $1 LIMIT 1",
                                  {paymentIntent}));
}

Result<bool> PgIntake::hasEntry(const QString &paymentIntent, const QString &artist,
                                const QString &track, EntryKind kind)
{
    return found(m_db.conn().exec("SELECT 1 FROM entries WHERE payment_intent = $1 "
                                  "AND artist = $2 AND track = $3 AND kind = $4 LIMIT 1",
                                  {paymentIntent, artist, track, kindName(kind)}));
}

Result<std::optional<SaleRecord>> PgIntake::sale(const QString &sessionId)
{
    const Result<PgResult> r = m_db.conn().exec(
        "SELECT payment_intent, purchase_type, payment_status, amount_total, currency, "
        "created_at, event_id FROM sales WHERE session_id = $1",
        {sessionId});
    if (!r)
        return fail(r.error());
    std::optional<SaleRecord> out;
    if (r->rows())
        out = SaleRecord{sessionId,      r->text(0, 0), r->text(0, 1),  r->text(0, 2),
                         r->int64(0, 3), r->text(0, 4), r->int64(0, 5), r->text(0, 6)};
    return out;
}

Result<std::optional<qint64>> PgIntake::entryAmount(const QString &paymentIntent,
                                                    const QString &artist, const QString &track,
                                                    EntryKind kind)
{
    const Result<PgResult> r =
        m_db.conn().exec("SELECT amount_minor FROM entries WHERE payment_intent = $1 AND "
                         "artist = $2 AND track = $3 AND kind = $4 ORDER BY id LIMIT 1",
                         {paymentIntent, artist, track, kindName(kind)});
    if (!r)
        return fail(r.error());
    std::optional<qint64> out;
    if (r->rows())
        out = r->int64(0, 0);
    return out;
}

Result<qint64> PgIntake::ingestedTotal(const QString &artist, const QString &currency)
{
    const Result<PgResult> r =
        m_db.conn().exec("SELECT amount_minor FROM totals WHERE artist = $1 AND currency = $2 "
                         "AND bucket = 'ingested'",
                         {artist, currency});
    if (!r)
        return fail(r.error());
    return r->rows() ? r->int64(0, 0) : 0;
}

Status PgIntake::insertEntries(const NewEntries &entries, QList<qint64> &ids)
{
    if (entries.rows.isEmpty())
        return {};
    QStringList artists, kinds, tracks, states, reasons, titles;
    QList<qint64> amounts;
    for (const NewEntries::Row &row : entries.rows) {
        artists << row.artist;
        amounts << row.amountMinor;
        kinds << kindName(row.kind);
        tracks << row.track;
        states << stateName(row.state);
        reasons << row.reason;
        titles << row.title;
    }
    // Identity values are taken in the order the rows are inserted, which
    // is the arrays' order (ORDER BY n); sorted, the returned ids are the
    // rows' ids in row order.
    const Result<PgResult> r = m_db.conn().exec(
        "INSERT INTO entries (currency, reference, payment_intent, event_id, created_at, "
        "updated_at, artist, amount_minor, kind, track, state, reason, title) "
        "SELECT $1, $2, $3, $4, $5, $6, u.artist, u.amount, u.kind, u.track, u.state, "
        "NULLIF(u.reason, ''), u.title FROM unnest($7::text[], $8::bigint[], $9::text[], "
        "$10::text[], $11::text[], $12::text[], $13::text[]) WITH ORDINALITY AS u(artist, "
        "amount, kind, track, state, reason, title, n) ORDER BY u.n RETURNING id",
        {entries.currency, entries.reference, entries.paymentIntent,
         PgParam::orNull(entries.eventId), entries.createdAtMs, m_db.clock().nowMs(),
         PgParam::textArray(artists), PgParam::idArray(amounts), PgParam::textArray(kinds),
         PgParam::textArray(tracks), PgParam::textArray(states), PgParam::textArray(reasons),
         PgParam::textArray(titles)});
    if (!r)
        return fail(r.error());
    QList<qint64> inserted;
    inserted.reserve(r->rows());
    for (int i = 0; i < r->rows(); ++i)
        inserted << r->int64(i, 0);
    std::sort(inserted.begin(), inserted.end());
    ids.append(inserted);
    return {};
}

Result<RefundEffect> PgIntake::applyFullRefund(const QString &paymentIntent, const QString &eventId,
                                               const QString &reason)
{
    RefundEffect effect;
    const Status s = m_db.write([&]() -> Status {
        effect = {};
        const qint64 now = m_db.clock().nowMs();
        if (const Result<PgResult> r =
                m_db.conn().exec("INSERT INTO refunds (payment_intent, event_id, refunded_at) "
                                 "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                                 {paymentIntent, eventId, now});
            !r)
            return fail(r.error());
        const Result<PgResult> voided =
            m_db.conn().exec("UPDATE entries SET state = 'void', reason = $1, updated_at = $2 "
                             "WHERE payment_intent = $3 AND state IN ('pending', 'held')",
                             {reason, now, paymentIntent});
        if (!voided)
            return fail(voided.error());
        effect.voided = int(voided->affected());
        if (const Result<PgResult> r = m_db.conn().exec(
                "UPDATE entries SET state = 'reversing', reason = $1, attempts = 0, "
                "last_error = NULL, next_attempt_at = NULL, updated_at = $2 "
                "WHERE payment_intent = $3 AND state = 'paid' AND kind <> 'clawback'",
                {Reason::RefundedAfterPayout, now, paymentIntent});
            !r)
            return fail(r.error());
        const Result<PgResult> sent =
            m_db.conn().exec("SELECT id FROM entries WHERE payment_intent = $1 "
                             "AND state IN ('reversing', 'sending') ORDER BY id",
                             {paymentIntent});
        if (!sent)
            return fail(sent.error());
        for (int i = 0; i < sent->rows(); ++i)
            effect.paidOrSending << sent->int64(i, 0);
        return {};
    });
    if (!s)
        return fail(s.error());
    return effect;
}

Status PgIntake::addTotals(const QList<TotalsDelta> &deltas)
{
    // Summed per row first (one upsert may not touch a row twice), in key
    // order, so that two instances adding to the same artists lock their
    // totals rows in the same order and never deadlock.
    using Key = std::tuple<QString, QString, QString>;
    QMap<Key, TotalsDelta::Sum> sums;
    const QString ingested = QStringLiteral("ingested");
    const auto add = [&](const Key &key, const TotalsDelta::Sum &s) {
        TotalsDelta::Sum &t = sums[key];
        t.amountMinor += s.amountMinor;
        t.entries += s.entries;
    };
    for (const TotalsDelta &d : deltas) {
        add({d.artist, d.currency, ingested}, d.ingested);
        for (const EntryState state : kAllEntryStates) {
            const TotalsDelta::Sum &sum = d.byState[std::size_t(state)];
            if (sum.entries != 0)
                add({d.artist, d.currency, stateName(state)}, sum);
        }
    }
    if (sums.isEmpty())
        return {};
    QStringList artists, currencies, buckets;
    QList<qint64> amounts, counts;
    for (auto it = sums.cbegin(); it != sums.cend(); ++it) {
        artists << std::get<0>(it.key());
        currencies << std::get<1>(it.key());
        buckets << std::get<2>(it.key());
        amounts << it->amountMinor;
        counts << it->entries;
    }
    return m_db.write([&]() -> Status {
        const Result<PgResult> r = m_db.conn().exec(
            "INSERT INTO totals AS t (artist, currency, bucket, amount_minor, entries) "
            "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[]) "
            "ON CONFLICT (artist, currency, bucket) DO UPDATE SET "
            "amount_minor = t.amount_minor + excluded.amount_minor, "
            "entries = t.entries + excluded.entries",
            {PgParam::textArray(artists), PgParam::textArray(currencies),
             PgParam::textArray(buckets), PgParam::idArray(amounts), PgParam::idArray(counts)});
        if (!r)
            return fail(r.error());
        return {};
    });
}
