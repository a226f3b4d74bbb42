// What the windows, status and the API read (LedgerReader) on PostgreSQL.
#include "PostgresStores.h"

#include "ledger/postgres/PostgresLedger.h"

namespace {

QDateTime fromMs(const PgResult &r, int row, int col)
{
    if (r.isNull(row, col))
        return {};
    return QDateTime::fromMSecsSinceEpoch(r.int64(row, col), Qt::UTC);
}

QStringList stateNames(const QList<EntryState> &states)
{
    QStringList names;
    for (const EntryState s : states)
        names << stateName(s);
    return names;
}

// The filter's conditions and their parameters, numbered from $1.
QString whereClause(const LedgerReader::EntryFilter &f, QList<PgParam> &params, bool withKey)
{
    QStringList conds;
    if (withKey && f.afterId > 0) {
        params << PgParam(f.afterCreatedMs) << PgParam(f.afterId);
        conds << QStringLiteral("(created_at, id) > ($%1, $%2)")
                     .arg(params.size() - 1)
                     .arg(params.size());
    }
    if (!f.artist.isEmpty()) {
        params << PgParam(f.artist);
        conds << QStringLiteral("artist = $%1").arg(params.size());
    }
    if (!f.states.isEmpty()) {
        params << PgParam::textArray(stateNames(f.states));
        conds << QStringLiteral("state = ANY($%1::text[])").arg(params.size());
    }
    return conds.isEmpty() ? QString() : QStringLiteral(" WHERE ") + conds.join(u" AND ");
}

QuarantinedEvent quarantineRow(const PgResult &r, int i)
{
    return {r.int64(i, 0), r.text(i, 1),  r.text(i, 2),    r.text(i, 3),
            r.text(i, 4),  r.bytes(i, 5), fromMs(r, i, 6), r.text(i, 7)};
}

} // namespace

Result<QList<ArtistBalance>> PgReader::balances(const QString &artist)
{
    const Result<PgResult> r =
        m_db.conn().exec("SELECT artist, currency, bucket, amount_minor, entries FROM totals "
                         "WHERE bucket <> 'ingested' AND ($1::text IS NULL OR artist = $1::text) "
                         "ORDER BY artist COLLATE \"C\", currency COLLATE \"C\"",
                         {PgParam::orNull(artist)});
    if (!r)
        return fail(r.error());
    QList<ArtistBalance> out;
    for (int i = 0; i < r->rows(); ++i) {
        const QString a = r->text(i, 0);
        const QString c = r->text(i, 1);
        if (out.isEmpty() || out.last().artist != a || out.last().currency != c)
            out.append(ArtistBalance{a, c});
        ArtistBalance &b = out.last();
        const qint64 amount = r->int64(i, 3);
        const qint64 count = r->int64(i, 4);
        const EntryState state = entryStateFromString(r->text(i, 2)).value_or(EntryState::Void);
        b.add(state, amount, count);
    }
    return out;
}

Result<QHash<EntryState, qint64>> PgReader::stateCounts()
{
    const Result<PgResult> r = m_db.conn().exec(
        "SELECT bucket, SUM(entries)::bigint FROM totals WHERE bucket <> 'ingested' "
        "GROUP BY bucket");
    if (!r)
        return fail(r.error());
    QHash<EntryState, qint64> out;
    for (EntryState s : kAllEntryStates)
        out.insert(s, 0);
    for (int i = 0; i < r->rows(); ++i)
        if (const auto s = entryStateFromString(r->text(i, 0)))
            out[*s] = r->int64(i, 1);
    return out;
}

Result<QList<Entry>> PgReader::entries(const EntryFilter &filter)
{
    QList<PgParam> params;
    const QString where = whereClause(filter, params, true);
    params << PgParam(qint64(qMax(0, filter.limit))) << PgParam(qMax<qint64>(0, filter.offset));
    const Result<PgResult> r = m_db.conn().execOnce(
        QStringLiteral("SELECT id, artist, amount_minor, currency, kind, track, reference, "
                       "payment_intent, event_id, created_at, state, attempts, "
                       "next_attempt_at, last_error, reason, idempotency_key, transfer_id, "
                       "updated_at, title FROM entries") +
            where +
            QStringLiteral(" ORDER BY created_at, id LIMIT $%1 OFFSET $%2")
                .arg(params.size() - 1)
                .arg(params.size()),
        params);
    if (!r)
        return fail(r.error());
    QList<Entry> out;
    out.reserve(r->rows());
    for (int i = 0; i < r->rows(); ++i) {
        Entry e;
        e.id = r->int64(i, 0);
        e.artist = r->text(i, 1);
        e.amount = Money{r->int64(i, 2), r->text(i, 3)};
        e.kind = entryKindFromString(r->text(i, 4)).value_or(EntryKind::Sale);
        e.track = r->text(i, 5);
        e.reference = r->text(i, 6);
        e.paymentIntent = r->text(i, 7);
        e.eventId = r->text(i, 8);
        e.createdAt = fromMs(*r, i, 9);
        e.state = entryStateFromString(r->text(i, 10)).value_or(EntryState::Void);
        e.attempts = int(r->int64(i, 11));
        e.nextAttemptAt = fromMs(*r, i, 12);
        e.lastError = r->text(i, 13);
        e.reason = r->text(i, 14);
        e.idempotencyKey = r->text(i, 15);
        e.transferId = r->text(i, 16);
        e.updatedAt = fromMs(*r, i, 17);
        e.title = r->text(i, 18);
        out.append(std::move(e));
    }
    return out;
}

Result<qint64> PgReader::countEntries(const EntryFilter &filter)
{
    QList<PgParam> params;
    const QString where = whereClause(filter, params, false);
    const Result<PgResult> r =
        m_db.conn().execOnce(QStringLiteral("SELECT COUNT(*) FROM entries") + where, params);
    if (!r)
        return fail(r.error());
    return r->int64(0, 0);
}

Result<QList<Artist>> PgReader::artists()
{
    const Result<PgResult> r = m_db.conn().exec(
        "SELECT id, name, COALESCE(account, '') FROM artists ORDER BY id COLLATE \"C\"");
    if (!r)
        return fail(r.error());
    QList<Artist> out;
    for (int i = 0; i < r->rows(); ++i)
        out.append({r->text(i, 0), r->text(i, 1), r->text(i, 2)});
    return out;
}

Result<std::optional<Artist>> PgReader::artist(const QString &id)
{
    const Result<PgResult> r =
        m_db.conn().exec("SELECT id, name, COALESCE(account, '') FROM artists WHERE id = $1", {id});
    if (!r)
        return fail(r.error());
    if (!r->rows())
        return std::optional<Artist>();
    return std::optional<Artist>(Artist{r->text(0, 0), r->text(0, 1), r->text(0, 2)});
}

Result<QList<QuarantinedEvent>> PgReader::quarantine(const QString &status)
{
    const Result<PgResult> r =
        m_db.conn().exec("SELECT id, event_id, type, source, reason, body, received_at, status "
                         "FROM quarantine WHERE status = $1 ORDER BY id",
                         {status});
    if (!r)
        return fail(r.error());
    QList<QuarantinedEvent> out;
    for (int i = 0; i < r->rows(); ++i)
        out.append(quarantineRow(*r, i));
    return out;
}

Result<std::optional<QuarantinedEvent>> PgReader::quarantinedEvent(qint64 id)
{
    const Result<PgResult> r =
        m_db.conn().exec("SELECT id, event_id, type, source, reason, body, received_at, status "
                         "FROM quarantine WHERE id = $1",
                         {id});
    if (!r)
        return fail(r.error());
    if (!r->rows())
        return std::optional<QuarantinedEvent>();
    return std::optional<QuarantinedEvent>(quarantineRow(*r, 0));
}

Result<qint64> PgReader::countQuarantined(const QString &status)
{
    const Result<PgResult> r =
        m_db.conn().exec("SELECT COUNT(*) FROM quarantine WHERE status = $1", {status});
    if (!r)
        return fail(r.error());
    return r->int64(0, 0);
}

Result<QList<AuditRow>> PgReader::auditRows(const AuditFilter &filter)
{
    const Result<PgResult> r = m_db.conn().exec(
        "SELECT id, at, actor, action, COALESCE(artist, ''), COALESCE(entry_id, 0), detail "
        "FROM audit_log WHERE ($1::text IS NULL OR artist = $1::text) "
        "AND ($2::bigint IS NULL OR at >= $2::bigint) ORDER BY at, id LIMIT $3::bigint",
        {PgParam::orNull(filter.artist),
         filter.since.isValid() ? PgParam(filter.since.toMSecsSinceEpoch()) : PgParam(nullptr),
         qint64(qMax(0, filter.limit))});
    if (!r)
        return fail(r.error());
    QList<AuditRow> out;
    for (int i = 0; i < r->rows(); ++i)
        out.append({r->int64(i, 0), fromMs(*r, i, 1), r->text(i, 2), r->text(i, 3), r->text(i, 4),
                    r->int64(i, 5), r->text(i, 6)});
    return out;
}

Result<QList<RefundAfterPayout>> PgReader::refundsAfterPayout(const QString &artist)
{
    const Result<PgResult> r = m_db.conn().exec(
        "SELECT e.id, e.artist, e.amount_minor, e.currency, e.reference, e.track, "
        "COALESCE(e.transfer_id, ''), e.state, e.attempts, COALESCE(e.last_error, ''), "
        "COALESCE(e.next_attempt_at, 0), e.updated_at, "
        "COALESCE((SELECT r.stripe_reversal_id FROM reversals r WHERE r.entry_id = e.id "
        " AND r.state = 'reversed' ORDER BY r.id DESC LIMIT 1), ''), "
        "COALESCE((SELECT r.recovery_entry_id FROM reversals r WHERE r.entry_id = e.id "
        " AND r.state = 'refused' ORDER BY r.id DESC LIMIT 1), 0), "
        "COALESCE((SELECT c.state FROM reversals r JOIN entries c ON c.id = r.recovery_entry_id "
        " WHERE r.entry_id = e.id AND r.state = 'refused' ORDER BY r.id DESC LIMIT 1), ''), "
        "e.title FROM entries e WHERE e.state IN ('reversing', 'reversed', 'clawback') "
        "AND ($1::text IS NULL OR e.artist = $1::text) ORDER BY e.updated_at DESC, e.id DESC",
        {PgParam::orNull(artist)});
    if (!r)
        return fail(r.error());
    QList<RefundAfterPayout> out;
    for (int i = 0; i < r->rows(); ++i) {
        RefundAfterPayout x;
        x.entryId = r->int64(i, 0);
        x.artist = r->text(i, 1);
        x.amount = Money(r->int64(i, 2), r->text(i, 3));
        x.reference = r->text(i, 4);
        x.track = r->text(i, 5);
        x.transferId = r->text(i, 6);
        x.state = entryStateFromString(r->text(i, 7)).value_or(EntryState::Reversing);
        x.attempts = int(r->int64(i, 8));
        x.lastError = r->text(i, 9);
        if (const qint64 next = r->int64(i, 10); next > 0)
            x.nextAttemptAt = QDateTime::fromMSecsSinceEpoch(next, Qt::UTC);
        x.updatedAt = QDateTime::fromMSecsSinceEpoch(r->int64(i, 11), Qt::UTC);
        x.reversalId = r->text(i, 12);
        x.recoveryEntryId = r->int64(i, 13);
        if (const QString st = r->text(i, 14); !st.isEmpty())
            x.recoveryState = entryStateFromString(st);
        x.title = r->text(i, 15);
        out.append(x);
    }
    return out;
}

Result<QList<HeldTotal>> PgReader::heldTotals(const QString &artist)
{
    const Result<PgResult> r = m_db.conn().exec(
        "SELECT artist, currency, COALESCE(reason, ''), COUNT(*), SUM(amount_minor)::bigint "
        "FROM entries WHERE state = 'held' AND ($1::text IS NULL OR artist = $1::text) "
        "GROUP BY 1, 2, 3 ORDER BY artist COLLATE \"C\", currency COLLATE \"C\", "
        "COALESCE(reason, '') COLLATE \"C\"",
        {PgParam::orNull(artist)});
    if (!r)
        return fail(r.error());
    QList<HeldTotal> out;
    for (int i = 0; i < r->rows(); ++i)
        out.append({r->text(i, 0), r->text(i, 1), r->text(i, 2), r->int64(i, 3), r->int64(i, 4)});
    return out;
}

Result<QList<PaidTransfer>> PgReader::paidTransfers(const QString &artist)
{
    const Result<PgResult> r =
        m_db.conn().exec("SELECT COALESCE(stripe_transfer_id, ''), amount_minor, currency, "
                         "COALESCE(completed_at, updated_at) AS paid_at FROM transfers "
                         "WHERE artist = $1 AND state = 'paid' ORDER BY paid_at, id",
                         {artist});
    if (!r)
        return fail(r.error());
    QList<PaidTransfer> out;
    out.reserve(r->rows());
    for (int i = 0; i < r->rows(); ++i)
        out.append({r->text(i, 0), Money(r->int64(i, 1), r->text(i, 2)),
                    QDateTime::fromMSecsSinceEpoch(r->int64(i, 3), Qt::UTC)});
    return out;
}
