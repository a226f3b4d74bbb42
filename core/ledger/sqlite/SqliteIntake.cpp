// Intake's storage (IntakeStore) on SQLite: the hot path of a bulk import.
// Every statement is prepared once per connection on the C API, and the
// values a cart's rows share are converted to UTF-8 (the file's encoding)
// once per cart instead of by SQLite once per row.
#include "SqliteStores.h"

#include "ledger/sqlite/SqliteLedger.h"
#include "ledger/sqlite/SqliteStatement.h"
#include "util/Clock.h"

#include <sqlite3.h>

namespace {

// A state's and a kind's names as stored, in UTF-8 once for the whole
// program rather than once per row; spelled by stateName and kindName.
const QByteArray &stateUtf8(EntryState state)
{
    static const auto names = [] {
        std::array<QByteArray, std::size(kAllEntryStates)> out;
        for (const EntryState s : kAllEntryStates)
            out[std::size_t(s)] = stateName(s).toUtf8();
        return out;
    }();
    return names[std::size_t(state)];
}

const QByteArray &kindUtf8(EntryKind kind)
{
    static const QByteArray sale = kindName(EntryKind::Sale).toUtf8();
    static const QByteArray commission = kindName(EntryKind::Commission).toUtf8();
    static const QByteArray clawback = kindName(EntryKind::Clawback).toUtf8();
    switch (kind) {
    case EntryKind::Sale:
        break;
    case EntryKind::Commission:
        return commission;
    case EntryKind::Clawback:
        return clawback;
    }
    return sale;
}

// A QString's UTF-8 for binding, without a heap allocation for the short
// ASCII text an import binds (ids, names, currencies): SQLite would otherwise
// translate every UTF-16 value into a buffer of its own, and toUtf8() would
// allocate one. Bound values must outlive the step, so keep it in scope.
class Utf8
{
public:
    explicit Utf8(QStringView text)
    {
        if (text.size() <= qsizetype(sizeof m_buf)) {
            qsizetype i = 0;
            for (; i < text.size(); ++i) {
                const char16_t c = text[i].unicode();
                if (c >= 0x80)
                    break;
                m_buf[i] = char(c);
            }
            if (i == text.size()) {
                m_view = QByteArrayView(m_buf, i);
                return;
            }
        }
        m_heap = text.toUtf8();
        m_view = m_heap;
    }
    Q_DISABLE_COPY_MOVE(Utf8)
    operator QByteArrayView() const { return m_view; }

private:
    char m_buf[96];
    QByteArray m_heap;
    QByteArrayView m_view;
};

void bindOrNull(SqliteStatement &q, int index, const QString &text)
{
    if (text.isEmpty())
        q.bindNull(index);
    else
        q.bind(index, text);
}

// Runs a one-row query and reads whether it found a row.
Result<bool> found(SqliteStatement &q)
{
    const Result<bool> row = q.step();
    q.reset();
    return row;
}

} // namespace

Result<QString> SqliteIntake::processedOutcome(const QString &eventId)
{
    SqliteStatement &q = m_db.statement("SELECT outcome FROM processed_events WHERE event_id = ?1");
    const Utf8 id(eventId);
    q.bindUtf8(1, id);
    const Result<bool> row = q.step();
    QString outcome = row && *row ? q.columnText(0) : QString();
    q.reset();
    if (!row)
        return fail(row.error());
    return outcome;
}

Status SqliteIntake::markProcessed(const QString &eventId, const QString &type,
                                   const QString &source, const QString &outcome)
{
    SqliteStatement &q = m_db.statement("INSERT INTO processed_events (event_id, type, source, "
                                        "outcome, received_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    const Utf8 id(eventId), type8(type), source8(source), outcome8(outcome);
    q.bindUtf8(1, id).bindUtf8(2, type8).bindUtf8(3, source8).bindUtf8(4, outcome8);
    q.bind(5, m_db.clock().nowMs());
    return q.run();
}

Status SqliteIntake::quarantine(const QString &eventId, const QString &type, const QString &source,
                                const QString &reason, const QByteArray &body)
{
    SqliteStatement &q = m_db.statement("INSERT INTO quarantine (event_id, type, source, reason, "
                                        "body, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    bindOrNull(q, 1, eventId);
    bindOrNull(q, 2, type);
    q.bind(3, source).bind(4, reason).bindBlob(5, body).bind(6, m_db.clock().nowMs());
    return q.run();
}

Status SqliteIntake::markReplayed(qint64 quarantineId, const QString &eventId)
{
    return m_db.write([&]() -> Status {
        SqliteStatement forget(m_db.handle(), "DELETE FROM processed_events WHERE event_id = ?1 "
                                              "AND outcome = 'quarantined'");
        forget.bind(1, eventId);
        if (Status s = forget.run(); !s)
            return s;
        SqliteStatement mark(m_db.handle(),
                             "UPDATE quarantine SET status = 'replayed' WHERE id = ?1");
        mark.bind(1, quarantineId);
        return mark.run();
    });
}

Status SqliteIntake::upsertSale(const SaleRecord &sale)
{
    SqliteStatement &q = m_db.statement(
        "INSERT INTO sales (session_id, payment_intent, purchase_type, payment_status, "
        "amount_total, currency, created_at, event_id, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (session_id) DO UPDATE SET "
        "payment_status = excluded.payment_status, event_id = excluded.event_id, "
        "payment_intent = IFNULL(excluded.payment_intent, payment_intent), "
        "updated_at = excluded.updated_at");
    const Utf8 session(sale.sessionId), paymentIntent(sale.paymentIntent), type(sale.purchaseType),
        status(sale.paymentStatus), currency(sale.currency), eventId(sale.eventId);
    q.bindUtf8(1, session);
    if (sale.paymentIntent.isEmpty())
        q.bindNull(2);
    else
        q.bindUtf8(2, paymentIntent);
    q.bindUtf8(3, type).bindUtf8(4, status).bind(5, sale.amountTotal);
    q.bindUtf8(6, currency).bind(7, sale.createdAtMs).bindUtf8(8, eventId);
    q.bind(9, m_db.clock().nowMs());
    return q.run();
}

Result<bool> SqliteIntake::anyRefunds()
{
    return found(m_db.statement("SELECT 1 FROM refunds LIMIT 1"));
}

Result<bool> SqliteIntake::isRefunded(const QString &paymentIntent)
{
    SqliteStatement &q = m_db.statement("SELECT 1 FROM refunds WHERE payment_intent = ?1");
    q.bind(1, paymentIntent);
    return found(q);
}

Result<bool> SqliteIntake::hasEntries(const QString &paymentIntent)
{
    SqliteStatement &q = m_db.statement("SELECT 1 FROM entries WHERE payment_intent = ?1 LIMIT 1");
    const Utf8 pi(paymentIntent);
    q.bindUtf8(1, pi);
    return found(q);
}

Result<bool> SqliteIntake::hasEntry(const QString &paymentIntent, const QString &artist,
                                    const QString &track, EntryKind kind)
{
    SqliteStatement &q = m_db.statement("SELECT 1 FROM entries WHERE payment_intent = ?1 "
                                        "AND artist = ?2 AND track = ?3 AND kind = ?4 LIMIT 1");
    q.bind(1, paymentIntent).bind(2, artist).bind(3, track).bindUtf8(4, kindUtf8(kind));
    return found(q);
}

Result<std::optional<SaleRecord>> SqliteIntake::sale(const QString &sessionId)
{
    SqliteStatement &q = m_db.statement(
        "SELECT payment_intent, purchase_type, payment_status, amount_total, currency, "
        "created_at, event_id FROM sales WHERE session_id = ?1");
    q.bind(1, sessionId);
    const Result<bool> row = q.step();
    std::optional<SaleRecord> out;
    if (row && *row)
        out = SaleRecord{sessionId,        q.columnText(0), q.columnText(1),  q.columnText(2),
                         q.columnInt64(3), q.columnText(4), q.columnInt64(5), q.columnText(6)};
    q.reset();
    if (!row)
        return fail(row.error());
    return out;
}

Result<std::optional<qint64>> SqliteIntake::entryAmount(const QString &paymentIntent,
                                                        const QString &artist, const QString &track,
                                                        EntryKind kind)
{
    SqliteStatement &q =
        m_db.statement("SELECT amount_minor FROM entries WHERE payment_intent = ?1 AND artist = ?2 "
                       "AND track = ?3 AND kind = ?4 ORDER BY id LIMIT 1");
    q.bind(1, paymentIntent).bind(2, artist).bind(3, track).bindUtf8(4, kindUtf8(kind));
    const Result<bool> row = q.step();
    std::optional<qint64> out;
    if (row && *row)
        out = q.columnInt64(0);
    q.reset();
    if (!row)
        return fail(row.error());
    return out;
}

Result<qint64> SqliteIntake::ingestedTotal(const QString &artist, const QString &currency)
{
    SqliteStatement &q = m_db.statement("SELECT amount_minor FROM totals WHERE artist = ?1 AND "
                                        "currency = ?2 AND bucket = 'ingested'");
    q.bind(1, artist).bind(2, currency);
    const Result<bool> row = q.step();
    const qint64 total = row && *row ? q.columnInt64(0) : 0;
    q.reset();
    if (!row)
        return fail(row.error());
    return total;
}

Status SqliteIntake::insertEntries(const NewEntries &entries, QList<qint64> &ids)
{
    const Utf8 currency(entries.currency), session(entries.reference),
        paymentIntent(entries.paymentIntent), eventId(entries.eventId);
    SqliteStatement &q = m_db.statement(
        "INSERT INTO entries (currency, reference, payment_intent, event_id, created_at, "
        "updated_at, artist, amount_minor, kind, track, state, reason, title) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    q.bindUtf8(1, currency).bindUtf8(2, session).bindUtf8(3, paymentIntent);
    q.bindUtf8(4, eventId).bind(5, entries.createdAtMs).bind(6, m_db.clock().nowMs());
    for (const NewEntries::Row &row : entries.rows) {
        const Utf8 artist(row.artist), track(row.track), title(row.title);
        q.bindUtf8(7, artist).bind(8, row.amountMinor).bindUtf8(9, kindUtf8(row.kind));
        q.bindUtf8(10, track).bindUtf8(11, stateUtf8(row.state));
        bindOrNull(q, 12, row.reason);
        q.bindUtf8(13, title);
        if (Status st = q.run(); !st)
            return st;
        // The rowid of the insert: SQLite's own RETURNING id, without a
        // second step per row on the hottest statement of an import.
        ids.append(sqlite3_last_insert_rowid(m_db.handle()));
    }
    return {};
}

Result<RefundEffect> SqliteIntake::applyFullRefund(const QString &paymentIntent,
                                                   const QString &eventId, const QString &reason)
{
    RefundEffect effect;
    const Status s = m_db.write([&]() -> Status {
        SqliteStatement ins(m_db.handle(),
                            "INSERT INTO refunds (payment_intent, event_id, "
                            "refunded_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
        const qint64 now = m_db.clock().nowMs();
        ins.bind(1, paymentIntent).bind(2, eventId).bind(3, now);
        if (Status st = ins.run(); !st)
            return st;
        SqliteStatement voidIt(m_db.handle(),
                               "UPDATE entries SET state = 'void', reason = ?1, updated_at = ?2 "
                               "WHERE payment_intent = ?3 AND state IN ('pending', 'held')");
        voidIt.bind(1, reason).bind(2, now).bind(3, paymentIntent);
        if (Status st = voidIt.run(); !st)
            return st;
        effect.voided = sqlite3_changes(m_db.handle());
        SqliteStatement reverse(
            m_db.handle(), "UPDATE entries SET state = 'reversing', reason = ?1, attempts = 0, "
                           "last_error = NULL, next_attempt_at = NULL, updated_at = ?2 "
                           "WHERE payment_intent = ?3 AND state = 'paid' AND kind <> 'clawback'");
        reverse.bind(1, Reason::RefundedAfterPayout).bind(2, now).bind(3, paymentIntent);
        if (Status st = reverse.run(); !st)
            return st;
        SqliteStatement paidQ(m_db.handle(), "SELECT id FROM entries WHERE payment_intent = ?1 "
                                             "AND state IN ('reversing', 'sending') ORDER BY id");
        paidQ.bind(1, paymentIntent);
        for (;;) {
            const Result<bool> row = paidQ.step();
            if (!row)
                return fail(row.error());
            if (!*row)
                break;
            effect.paidOrSending.append(paidQ.columnInt64(0));
        }
        return {};
    });
    if (!s)
        return fail(s.error());
    return effect;
}

Status SqliteIntake::addTotals(const QList<TotalsDelta> &deltas)
{
    SqliteStatement &q = m_db.statement(
        "INSERT INTO totals (artist, currency, bucket, amount_minor, entries) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (artist, currency, bucket) DO UPDATE SET "
        "amount_minor = amount_minor + excluded.amount_minor, "
        "entries = entries + excluded.entries");
    static const QByteArray ingested = QByteArrayLiteral("ingested");
    const auto write = [&q](const QByteArray &artist, const QByteArray &currency,
                            const QByteArray &bucket, const TotalsDelta::Sum &sum) {
        q.bindUtf8(1, artist).bindUtf8(2, currency).bindUtf8(3, bucket);
        q.bind(4, sum.amountMinor).bind(5, sum.entries);
        return q.run();
    };
    return m_db.write([&]() -> Status {
        for (const TotalsDelta &d : deltas) {
            const QByteArray artist = d.artist.toUtf8();
            const QByteArray currency = d.currency.toUtf8();
            if (Status s = write(artist, currency, ingested, d.ingested); !s)
                return s;
            for (const EntryState state : kAllEntryStates) {
                const TotalsDelta::Sum &sum = d.byState[std::size_t(state)];
                if (sum.entries == 0)
                    continue;
                if (Status s = write(artist, currency, stateUtf8(state), sum); !s)
                    return s;
            }
        }
        return {};
    });
}
