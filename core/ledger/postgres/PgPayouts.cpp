// The payout run's transactions (PayoutStore) on PostgreSQL. Several
// instances may share the ledger: a claim moves entries from pending to
// sending with a check of how many moved, so of two claims of one entry
// the row lock lets exactly one succeed and the other fails as a conflict.
#include "PostgresStores.h"

#include "ledger/PayoutAudit.h"
#include "ledger/postgres/PostgresLedger.h"
#include "util/Clock.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace {

const QString kEngine = QStringLiteral("engine");

QList<qint64> parseIdList(const QString &text)
{
    QList<qint64> ids;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts))
        ids << part.toLongLong();
    return ids;
}

QDateTime fromMsValue(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

Status done(const Result<PgResult> &r)
{
    if (!r)
        return fail(r.error());
    return {};
}

} // namespace

Result<QList<ClaimedTransfer>> PgPayouts::unresolved()
{
    const Result<PgResult> r =
        m_db.conn().exec("SELECT id, idempotency_key, artist, currency, amount_minor, destination, "
                         "COALESCE(source_transaction, ''), entry_ids, attempts, created_at, "
                         "COALESCE(description, '') FROM transfers "
                         "WHERE state = 'sending' ORDER BY id");
    if (!r)
        return fail(r.error());
    QList<ClaimedTransfer> out;
    for (int i = 0; i < r->rows(); ++i) {
        ClaimedTransfer t;
        t.row = r->int64(i, 0);
        t.idempotencyKey = r->text(i, 1);
        t.artist = r->text(i, 2);
        t.amount = Money(r->int64(i, 4), r->text(i, 3));
        t.destination = r->text(i, 5);
        t.sourceTransaction = r->text(i, 6);
        t.entryIds = parseIdList(r->text(i, 7));
        t.attempts = int(r->int64(i, 8));
        t.createdAt = fromMsValue(r->int64(i, 9));
        t.description = r->text(i, 10);
        t.resumed = true;
        out.append(t);
    }
    return out;
}

Result<QStringList> PgPayouts::accountsWithHeld(const QStringList &reasons)
{
    const Result<PgResult> r = m_db.conn().exec(
        "SELECT DISTINCT a.account FROM artists a JOIN entries e ON e.artist = a.id "
        "WHERE e.state = 'held' AND e.reason = ANY($1::text[]) "
        "AND COALESCE(a.account, '') <> '' ORDER BY a.account",
        {PgParam::textArray(reasons)});
    if (!r)
        return fail(r.error());
    QStringList accounts;
    for (int i = 0; i < r->rows(); ++i)
        accounts.append(r->text(i, 0));
    return accounts;
}

Result<QList<DueEntry>> PgPayouts::dueEntries()
{
    const qint64 now = m_db.clock().nowMs();
    // Money of artists with no payout account cannot be sent: show it as held.
    const Status held = m_db.write([&]() -> Status {
        const Result<PgResult> r = m_db.conn().exec(
            "UPDATE entries SET state = 'held', reason = $1, updated_at = $2 "
            "WHERE state = 'pending' "
            "AND artist IN (SELECT id FROM artists WHERE COALESCE(account, '') = '')",
            {Reason::NoPayoutAccount, now});
        if (!r)
            return fail(r.error());
        if (r->affected() > 0)
            return audit(PayoutAudit::entriesHeldWithoutAccount(r->affected()));
        return {};
    });
    if (!held)
        return fail(held.error());

    const Result<PgResult> r = m_db.conn().exec(
        "SELECT e.id, e.artist, e.currency, e.amount_minor, e.created_at, a.account, "
        "e.payment_intent, COALESCE(s.charge_id, '') FROM entries e "
        "JOIN artists a ON a.id = e.artist LEFT JOIN sales s ON s.session_id = e.reference "
        "WHERE e.state = 'pending' AND (e.next_attempt_at IS NULL OR e.next_attempt_at <= $1) "
        "AND COALESCE(a.account, '') <> '' ORDER BY e.created_at, e.id",
        {now});
    if (!r)
        return fail(r.error());
    QList<DueEntry> entries;
    entries.reserve(r->rows());
    for (int i = 0; i < r->rows(); ++i) {
        DueEntry e;
        e.id = r->int64(i, 0);
        e.artist = r->text(i, 1);
        e.amount = Money(r->int64(i, 3), r->text(i, 2));
        e.createdAt = fromMsValue(r->int64(i, 4));
        e.destination = r->text(i, 5);
        e.paymentIntent = r->text(i, 6);
        e.chargeId = r->text(i, 7);
        entries.append(e);
    }
    return entries;
}

Result<QList<ClaimedTransfer>> PgPayouts::claim(const QList<PayoutGroup> &groups)
{
    // A run claims thousands of transfers at once: a fixed number of
    // statements for all of them (row numbers, titles, transfers, entries,
    // audit), not five round trips each, so that the first transfer leaves
    // soon after the balance check.
    QList<ClaimedTransfer> claimed;
    if (groups.isEmpty())
        return claimed;
    const Status s = m_db.write([&]() -> Status {
        claimed.clear();
        const qint64 now = m_db.clock().nowMs();
        // The row numbers first, so that each row is written once with its
        // key (which names the row).
        const Result<PgResult> rows =
            m_db.conn().exec("SELECT nextval(pg_get_serial_sequence('transfers', 'id')) "
                             "FROM generate_series(1, $1::int)",
                             {qint64(groups.size())});
        if (!rows)
            return fail(rows.error());
        QList<qint64> allEntries;
        for (const PayoutGroup &g : groups)
            allEntries << g.entryIds;
        const Result<PgResult> titleRows =
            m_db.conn().exec("SELECT id, title FROM entries WHERE id = ANY($1::bigint[])",
                             {PgParam::idArray(allEntries)});
        if (!titleRows)
            return fail(titleRows.error());
        QHash<qint64, QString> titles;
        titles.reserve(titleRows->rows());
        for (int i = 0; i < titleRows->rows(); ++i)
            titles.insert(titleRows->int64(i, 0), titleRows->text(i, 1));

        QList<qint64> ids, amounts, entryIds;
        QStringList keys, artists, currencies, destinations, sources, entryLists, descriptions,
            entryKeys;
        QList<PayoutAudit::Row> auditRows;
        for (qsizetype n = 0; n < groups.size(); ++n) {
            const PayoutGroup &g = groups.at(n);
            ClaimedTransfer t;
            t.row = rows->int64(int(n), 0);
            t.artist = g.artist;
            t.amount = g.amount;
            t.destination = g.destination;
            t.sourceTransaction = g.sourceTransaction;
            t.entryIds = g.entryIds;
            t.createdAt = fromMsValue(now);
            t.idempotencyKey = t.derivedKey();
            QList<qint64> sorted = t.entryIds;
            std::sort(sorted.begin(), sorted.end());
            QStringList named;
            for (const qint64 id : std::as_const(sorted))
                if (const auto it = titles.constFind(id); it != titles.cend())
                    named << *it;
            t.description = transferDescription(t.artist, t.entryIds.size(), named);

            ids << t.row;
            keys << t.idempotencyKey;
            artists << t.artist;
            currencies << t.amount.currency;
            amounts << t.amount.minor;
            destinations << t.destination;
            sources << t.sourceTransaction;
            entryLists << t.entryIdsText();
            descriptions << t.description;
            for (const qint64 id : std::as_const(t.entryIds)) {
                entryIds << id;
                entryKeys << t.idempotencyKey;
            }
            auditRows << PayoutAudit::transferClaimed(t);
            claimed.append(t);
        }
        if (Status st = done(m_db.conn().exec(
                "INSERT INTO transfers (id, idempotency_key, artist, currency, amount_minor, "
                "destination, source_transaction, entry_ids, state, created_at, updated_at, "
                "description) "
                "SELECT u.id, u.key, u.artist, u.currency, u.amount, u.destination, "
                "NULLIF(u.source, ''), u.entries, 'sending', $10, $10, u.description "
                "FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], "
                "$6::text[], $7::text[], $8::text[], $9::text[]) "
                "AS u(id, key, artist, currency, amount, destination, source, entries, "
                "description)",
                {PgParam::idArray(ids), PgParam::textArray(keys), PgParam::textArray(artists),
                 PgParam::textArray(currencies), PgParam::idArray(amounts),
                 PgParam::textArray(destinations), PgParam::textArray(sources),
                 PgParam::textArray(entryLists), PgParam::textArray(descriptions), now}));
            !st)
            return st;
        // Only entries still pending move; the row lock makes a second
        // instance's claim of the same entries wait, then miss them.
        const Result<PgResult> moved = m_db.conn().exec(
            "UPDATE entries e SET state = 'sending', idempotency_key = u.key, reason = NULL, "
            "updated_at = $3 FROM unnest($1::bigint[], $2::text[]) AS u(id, key) "
            "WHERE e.id = u.id AND e.state = 'pending' RETURNING e.id",
            {PgParam::idArray(entryIds), PgParam::textArray(entryKeys), now});
        if (!moved)
            return fail(moved.error());
        if (moved->rows() != entryIds.size()) {
            QSet<qint64> taken;
            for (int i = 0; i < moved->rows(); ++i)
                taken.insert(moved->int64(i, 0));
            QString artist;
            for (const ClaimedTransfer &t : std::as_const(claimed))
                for (const qint64 id : t.entryIds)
                    if (artist.isEmpty() && !taken.contains(id))
                        artist = t.artist;
            return fail(
                Error{Error::Kind::Conflict,
                      QStringLiteral("entries of %1 changed while being claimed").arg(artist)});
        }
        return m_db.auditLog().appendAll(kEngine, auditRows);
    });
    if (!s)
        return fail(s.error());
    return claimed;
}

Status PgPayouts::setEntries(const ClaimedTransfer &t, EntryState state, const QString &reason,
                             const QString &lastError, bool countAttempt, qint64 nextAttemptAt,
                             const QString &transferId)
{
    // Back to pending, the entries lose the attempt's key: a new claim keys them anew.
    return done(m_db.conn().exec(
        "UPDATE entries SET state = $1, reason = $2, last_error = $3, "
        "attempts = attempts + $4, next_attempt_at = $5, transfer_id = $6, "
        "idempotency_key = CASE WHEN $7::boolean THEN NULL ELSE idempotency_key END, "
        "updated_at = $8 WHERE idempotency_key = $9 AND state = 'sending'",
        {stateName(state), PgParam::orNull(reason), PgParam::orNull(lastError),
         countAttempt ? 1 : 0, nextAttemptAt > 0 ? PgParam(nextAttemptAt) : PgParam(nullptr),
         PgParam::orNull(transferId), state == EntryState::Pending, m_db.clock().nowMs(),
         t.idempotencyKey}));
}

Status PgPayouts::setTransfer(const ClaimedTransfer &t, const QString &state, const QString &error,
                              const QString &requestId, const QString &transferId,
                              bool countAttempt)
{
    const qint64 now = m_db.clock().nowMs();
    return done(m_db.conn().exec(
        "UPDATE transfers SET state = $1, last_error = $2, "
        "last_request_id = COALESCE($3, last_request_id), "
        "stripe_transfer_id = COALESCE($4, stripe_transfer_id), attempts = attempts + $5, "
        "updated_at = $6, completed_at = $7 WHERE id = $8",
        {state, PgParam::orNull(error), PgParam::orNull(requestId), PgParam::orNull(transferId),
         countAttempt ? 1 : 0, now, state == u"sending" ? PgParam(nullptr) : PgParam(now), t.row}));
}

Status PgPayouts::recordPaid(const ClaimedTransfer &t, const QString &transferId,
                             const QString &requestId)
{
    return m_db.write([&]() -> Status {
        if (Status s = setTransfer(t, QStringLiteral("paid"), {}, requestId, transferId, true); !s)
            return s;
        if (Status s = setEntries(t, EntryState::Paid, {}, {}, false, 0, transferId); !s)
            return s;
        return audit(PayoutAudit::transferPaid(t, transferId, requestId));
    });
}

Status PgPayouts::recordRetry(const ClaimedTransfer &t, const QString &error,
                              const QString &requestId,
                              const std::function<qint64(int attempts)> &backoffMs)
{
    return m_db.write([&]() -> Status {
        if (Status s = setTransfer(t, QStringLiteral("failed"), error, requestId, {}, true); !s)
            return s;
        // The next attempt waits for the backoff of the most-tried entry.
        const Result<PgResult> most = m_db.conn().exec(
            "SELECT MAX(attempts) FROM entries WHERE idempotency_key = $1", {t.idempotencyKey});
        if (!most)
            return fail(most.error());
        const int attempts = most->rows() ? int(most->int64(0, 0)) + 1 : 1;
        const qint64 next = m_db.clock().nowMs() + backoffMs(attempts);
        if (Status s = setEntries(t, EntryState::Pending, {}, error, true, next, {}); !s)
            return s;
        return audit(PayoutAudit::transferRetry(t, error, next));
    });
}

Status PgPayouts::recordHeld(const ClaimedTransfer &t, const QString &reason, const QString &error,
                             const QString &requestId)
{
    return m_db.write([&]() -> Status {
        if (Status s = setTransfer(t, QStringLiteral("failed"), error, requestId, {}, true); !s)
            return s;
        if (Status s = setEntries(t, EntryState::Held, reason, error, true, 0, {}); !s)
            return s;
        return audit(PayoutAudit::transferHeld(t, reason, error));
    });
}

Status PgPayouts::recordUnknown(const ClaimedTransfer &t, const QString &error)
{
    return m_db.write([&]() -> Status {
        if (Status s = setTransfer(t, QStringLiteral("sending"), error, {}, {}, true); !s)
            return s;
        if (Status s = done(m_db.conn().exec("UPDATE entries SET last_error = $1, updated_at = $2 "
                                             "WHERE idempotency_key = $3 AND state = 'sending'",
                                             {error, m_db.clock().nowMs(), t.idempotencyKey}));
            !s)
            return s;
        return audit(PayoutAudit::transferUnknown(t, error));
    });
}

Status PgPayouts::releaseUnsent(const QList<ClaimedTransfer> &transfers, const QString &why)
{
    if (transfers.isEmpty())
        return {};
    return m_db.write([&]() -> Status {
        for (const ClaimedTransfer &t : transfers) {
            if (Status s = setTransfer(t, QStringLiteral("failed"), why, {}, {}, false); !s)
                return s;
            if (Status s = setEntries(t, EntryState::Pending, {}, why, false, 0, {}); !s)
                return s;
        }
        return audit(PayoutAudit::transfersReleased(transfers.size(), why));
    });
}

Status PgPayouts::recordNotCreated(const ClaimedTransfer &t, const QString &why)
{
    return m_db.write([&]() -> Status {
        if (Status s = setTransfer(t, QStringLiteral("failed"), why, {}, {}, false); !s)
            return s;
        if (Status s = setEntries(t, EntryState::Pending, {}, why, false, 0, {}); !s)
            return s;
        return audit(PayoutAudit::transferNotCreated(t, why));
    });
}

Status PgPayouts::setChargeId(const QString &paymentIntent, const QString &chargeId)
{
    return m_db.write([&]() -> Status {
        return done(m_db.conn().exec("UPDATE sales SET charge_id = $1 WHERE payment_intent = $2",
                                     {chargeId, paymentIntent}));
    });
}

Status PgPayouts::markWaiting(const QList<PayoutGroup> &groups, const QString &reason)
{
    if (groups.isEmpty())
        return {};
    return m_db.write([&]() -> Status {
        for (const PayoutGroup &g : groups)
            if (Status s = done(
                    m_db.conn().exec("UPDATE entries SET reason = $1, updated_at = $2 "
                                     "WHERE state = 'pending' AND id = ANY($3::bigint[])",
                                     {reason, m_db.clock().nowMs(), PgParam::idArray(g.entryIds)}));
                !s)
                return s;
        return {};
    });
}

Status PgPayouts::audit(const PayoutAudit::Row &row)
{
    return m_db.audit().append(kEngine, row.action, row.artist, row.entryId, row.detail);
}
