#pragma once

// Private to Intake.cpp: how one batch of validated events changes the
// ledger. Kept apart from Intake's orchestration (parsing, signals, replay).

#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "ledger/SqliteStatement.h"
#include "util/Clock.h"

#include <QHash>
#include <QSet>

#include <sqlite3.h>

// One transaction's worth of intake: the prepared statements, the per-batch
// aggregates and what to announce once the transaction has committed. The
// statements run on the SQLite C API (see SqliteStatement): this is the path
// a bulk import of a hundred thousand events takes.
class Intake::Batch
{
public:
    Batch(Ledger &ledger, IntakeSource source, QHash<QString, QString> &accounts)
        : m_ledger(ledger)
        , m_db(ledger.sqliteHandle())
        , m_source(sourceName(source))
        , m_now(ledger.clock().nowMs())
        , m_accounts(accounts)
    {}

    Status begin()
    {
        SqliteStatement &q = stmt("SELECT EXISTS (SELECT 1 FROM refunds)");
        const Result<bool> row = q.step();
        if (!row)
            return fail(row.error());
        m_refundsExist = *row && q.columnInt64(0) != 0;
        q.reset();
        return {};
    }

    Result<IntakeOutcome> process(const ParsedEvent &parsed)
    {
        const QString &eventId = parsed.event ? parsed.event->id : parsed.event.error().eventId;
        if (!eventId.isEmpty()) {
            const Result<QString> earlier = processedOutcome(eventId);
            if (!earlier)
                return fail(earlier.error());
            if (!earlier->isEmpty())
                return IntakeOutcome{IntakeOutcome::Kind::Duplicate, eventId,
                                     QStringLiteral("already processed (%1)").arg(*earlier)};
        }
        if (!parsed.event)
            return quarantine(parsed.body, parsed.event.error());

        const StripeEvent &ev = *parsed.event;
        using K = StripeEvent::Kind;
        Result<IntakeOutcome> outcome;
        switch (ev.kind) {
        case K::Other:
            outcome = IntakeOutcome{IntakeOutcome::Kind::Ignored, ev.id,
                                    QStringLiteral("type %1 is not read").arg(ev.type)};
            break;
        case K::CheckoutCompleted:
        case K::AsyncPaymentSucceeded:
            if (ev.kind == K::CheckoutCompleted && ev.session->paymentStatus == u"unpaid")
                outcome = rememberUnpaid(ev);
            else
                outcome = recordPurchase(ev);
            break;
        case K::AsyncPaymentFailed:
            outcome = paymentFailed(ev);
            break;
        case K::ChargeRefunded:
            outcome = refund(ev);
            break;
        }
        if (!outcome)
            return outcome;
        if (Status s = markProcessed(ev.id, ev.type, outcomeName(outcome->kind)); !s)
            return fail(s.error());
        return outcome;
    }

    // Writes the batch's aggregated totals: money ingested, and the state
    // buckets of the entries it inserted.
    Status finish()
    {
        SqliteStatement &q = stmt("INSERT INTO totals (artist, currency, bucket, amount_minor, "
                                  "entries) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (artist, "
                                  "currency, bucket) DO UPDATE SET amount_minor = amount_minor + "
                                  "excluded.amount_minor, entries = entries + excluded.entries");
        const auto write = [&q](const QByteArray &artist, const QByteArray &currency,
                                QByteArrayView bucket, const Sum &sum) {
            q.bindUtf8(1, artist).bindUtf8(2, currency).bindUtf8(3, bucket);
            q.bind(4, sum.amountMinor).bind(5, sum.entries);
            return q.run();
        };
        for (auto it = m_totals.cbegin(); it != m_totals.cend(); ++it) {
            const QByteArray artist = it.key().first.toUtf8();
            const QByteArray currency = it.key().second.toUtf8();
            if (Status s = write(artist, currency, "ingested", it->ingested); !s)
                return s;
            for (const EntryState state : kAllEntryStates) {
                const Sum &sum = it->byState[std::size_t(state)];
                if (sum.entries == 0)
                    continue;
                if (Status s = write(artist, currency, stateUtf8(state), sum); !s)
                    return s;
            }
        }
        return {};
    }

    QList<CartPurchase> purchases;
    QList<std::pair<QString, QString>> quarantined;
    QList<std::pair<QString, QList<qint64>>> reversals;

private:
    SqliteStatement &stmt(const char *sql) { return m_ledger.statement(sql); }

    // A state's and a kind's names as stored, in UTF-8 once for the whole
    // program rather than once per row; spelled by stateName and kindName.
    static const QByteArray &stateUtf8(EntryState state)
    {
        static const auto names = [] {
            std::array<QByteArray, std::size(kAllEntryStates)> out;
            for (const EntryState s : kAllEntryStates)
                out[std::size_t(s)] = stateName(s).toUtf8();
            return out;
        }();
        return names[std::size_t(state)];
    }
    static const QByteArray &kindUtf8(EntryKind kind)
    {
        static const QByteArray sale = kindName(EntryKind::Sale).toUtf8();
        static const QByteArray commission = kindName(EntryKind::Commission).toUtf8();
        return kind == EntryKind::Commission ? commission : sale;
    }

    Result<bool> exists(const char *sql, std::initializer_list<QString> args)
    {
        SqliteStatement &q = stmt(sql);
        int i = 0;
        for (const QString &a : args)
            q.bind(++i, a);
        const Result<bool> row = q.step();
        q.reset();
        return row;
    }

    Status audit(const QString &action, const QString &detail, const QString &artist = {})
    {
        SqliteStatement &q = stmt("INSERT INTO audit_log (at, actor, action, artist, "
                                  "detail) VALUES (?1, ?2, ?3, ?4, ?5)");
        q.bind(1, m_now).bind(2, m_source).bind(3, action).bind(5, detail);
        if (artist.isEmpty())
            q.bindNull(4);
        else
            q.bind(4, artist);
        return q.run();
    }

    Result<QString> processedOutcome(const QString &eventId)
    {
        SqliteStatement &q = stmt("SELECT outcome FROM processed_events WHERE event_id = ?1");
        q.bind(1, eventId);
        const Result<bool> row = q.step();
        QString outcome = row && *row ? q.columnText(0) : QString();
        q.reset();
        if (!row)
            return fail(row.error());
        return outcome;
    }

    Status markProcessed(const QString &eventId, const QString &type, const QString &outcome)
    {
        SqliteStatement &q = stmt("INSERT INTO processed_events (event_id, type, source, outcome, "
                                  "received_at) VALUES (?1, ?2, ?3, ?4, ?5)");
        q.bind(1, eventId).bind(2, type).bind(3, m_source).bind(4, outcome).bind(5, m_now);
        return q.run();
    }

    Result<IntakeOutcome> quarantine(const QByteArray &body, const EventRejection &why)
    {
        SqliteStatement &q = stmt("INSERT INTO quarantine (event_id, type, source, reason, body, "
                                  "received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        if (why.eventId.isEmpty())
            q.bindNull(1);
        else
            q.bind(1, why.eventId);
        if (why.type.isEmpty())
            q.bindNull(2);
        else
            q.bind(2, why.type);
        q.bind(3, m_source).bind(4, why.reason).bindBlob(5, body).bind(6, m_now);
        if (Status s = q.run(); !s)
            return fail(s.error());
        if (!why.eventId.isEmpty()) {
            if (Status s = markProcessed(why.eventId, why.type, QStringLiteral("quarantined")); !s)
                return fail(s.error());
        }
        if (Status s = audit(QStringLiteral("event.quarantined"),
                             why.eventId + QStringLiteral(": ") + why.reason);
            !s)
            return fail(s.error());
        quarantined.append({why.eventId, why.reason});
        return IntakeOutcome{IntakeOutcome::Kind::Quarantined, why.eventId, why.reason};
    }

    Status upsertSale(const StripeEvent &ev, const QString &paymentStatus)
    {
        const CheckoutSession &s = *ev.session;
        SqliteStatement &q = stmt(
            "INSERT INTO sales (session_id, payment_intent, purchase_type, payment_status, "
            "amount_total, currency, created_at, event_id, updated_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (session_id) DO UPDATE SET "
            "payment_status = excluded.payment_status, event_id = excluded.event_id, "
            "payment_intent = IFNULL(excluded.payment_intent, payment_intent), "
            "updated_at = excluded.updated_at");
        q.bind(1, s.id);
        if (s.paymentIntent.isEmpty())
            q.bindNull(2);
        else
            q.bind(2, s.paymentIntent);
        q.bind(3, s.purchaseType).bind(4, paymentStatus).bind(5, s.amountTotal);
        q.bind(6, s.currency).bind(7, s.created.toMSecsSinceEpoch()).bind(8, ev.id).bind(9, m_now);
        return q.run();
    }

    Result<IntakeOutcome> rememberUnpaid(const StripeEvent &ev)
    {
        if (Status s = upsertSale(ev, QStringLiteral("unpaid")); !s)
            return fail(s.error());
        return IntakeOutcome{IntakeOutcome::Kind::Remembered, ev.id,
                             QStringLiteral("%1 awaits payment").arg(ev.session->id)};
    }

    Result<IntakeOutcome> paymentFailed(const StripeEvent &ev)
    {
        if (Status s = upsertSale(ev, QStringLiteral("failed")); !s)
            return fail(s.error());
        return IntakeOutcome{
            IntakeOutcome::Kind::PaymentFailed, ev.id,
            QStringLiteral("%1: payment failed, nothing owed").arg(ev.session->id)};
    }

    // The artist's account, creating or linking the artist as the item says.
    Result<QString> accountFor(const CartItem &item)
    {
        auto cached = m_accounts.constFind(item.artist);
        if (cached == m_accounts.cend()) {
            SqliteStatement &q = stmt("SELECT IFNULL(account, '') FROM artists WHERE id = ?1");
            q.bind(1, item.artist);
            const Result<bool> row = q.step();
            std::optional<QString> account;
            if (row && *row)
                account = q.columnText(0);
            q.reset();
            if (!row)
                return fail(row.error());
            if (!account) {
                SqliteStatement &ins = stmt("INSERT INTO artists (id, account, created_at, "
                                            "updated_at) VALUES (?1, ?2, ?3, ?3)");
                ins.bind(1, item.artist).bind(3, m_now);
                if (item.account.isEmpty())
                    ins.bindNull(2);
                else
                    ins.bind(2, item.account);
                if (Status s = ins.run(); !s)
                    return fail(s.error());
                account = item.account;
            }
            cached = m_accounts.insert(item.artist, *account);
        }
        if (cached->isEmpty() && !item.account.isEmpty()) {
            SqliteStatement &q =
                stmt("UPDATE artists SET account = ?1, updated_at = ?2 WHERE id = ?3");
            q.bind(1, item.account).bind(2, m_now).bind(3, item.artist);
            if (Status s = q.run(); !s)
                return fail(s.error());
            SqliteStatement &rel = stmt("UPDATE entries SET state = 'pending', reason = NULL, "
                                        "updated_at = ?1 WHERE artist = ?2 AND state = 'held' "
                                        "AND reason IN (?3, ?4)");
            // Money held for lack of an account, or since the account was
            // reset, is payable again once an account is linked: the same
            // rule as Ledger::linkArtist.
            rel.bind(1, m_now).bind(2, item.artist).bind(3, Reason::NoPayoutAccount);
            rel.bind(4, Reason::AccountReset);
            if (Status s = rel.run(); !s)
                return fail(s.error());
            if (Status s = audit(QStringLiteral("artist.linked"),
                                 QStringLiteral("account %1 from a cart item").arg(item.account),
                                 item.artist);
                !s)
                return fail(s.error());
            m_accounts[item.artist] = item.account;
            cached = m_accounts.constFind(item.artist);
        }
        return *cached;
    }

    Result<IntakeOutcome> recordPurchase(const StripeEvent &ev)
    {
        const CheckoutSession &s = *ev.session;
        if (Status st = upsertSale(ev, QStringLiteral("paid")); !st)
            return fail(st.error());
        if (s.purchaseType == u"single") {
            if (Status st = audit(QStringLiteral("sale.instant_split"),
                                  QStringLiteral("%1 paid to the artist at charge time").arg(s.id));
                !st)
                return fail(st.error());
            return IntakeOutcome{
                IntakeOutcome::Kind::Recorded, ev.id,
                QStringLiteral("%1: single-track instant split, nothing owed").arg(s.id)};
        }

        bool refunded = false;
        if (m_refundsExist) {
            const Result<bool> r =
                exists("SELECT 1 FROM refunds WHERE payment_intent = ?1", {s.paymentIntent});
            if (!r)
                return fail(r.error());
            refunded = *r;
        }
        // Only a payment intent seen before can have duplicates, so the
        // per-item check is skipped for the common, new purchase.
        const Result<bool> seen =
            exists("SELECT 1 FROM entries WHERE payment_intent = ?1 LIMIT 1", {s.paymentIntent});
        if (!seen)
            return fail(seen.error());

        QList<NewEntry> rows;
        rows.reserve(s.items.size());
        QSet<QString> inThisCart;
        int duplicates = 0;
        for (const CartItem &item : s.items) {
            const QString kind = kindName(item.kind);
            const QString key = item.artist + u'\x1f' + item.track + u'\x1f' + kind;
            bool duplicate = inThisCart.contains(key);
            if (!duplicate && *seen) {
                const Result<bool> dup =
                    exists("SELECT 1 FROM entries WHERE payment_intent = ?1 "
                           "AND artist = ?2 AND track = ?3 AND kind = ?4 LIMIT 1",
                           {s.paymentIntent, item.artist, item.track, kind});
                if (!dup)
                    return fail(dup.error());
                duplicate = *dup;
            }
            if (duplicate) {
                ++duplicates;
                continue;
            }
            inThisCart.insert(key);
            const Result<QString> account = accountFor(item);
            if (!account)
                return fail(account.error());

            NewEntry row{&item, EntryState::Pending, nullptr};
            if (refunded)
                row = {&item, EntryState::Void, &Reason::Refunded};
            else if (account->isEmpty())
                row = {&item, EntryState::Held, &Reason::NoPayoutAccount};
            rows.append(row);
        }

        CartPurchase purchase;
        purchase.eventId = ev.id;
        purchase.sessionId = s.id;
        purchase.currency = s.currency;
        if (Status st = insertEntries(ev, rows, purchase.entryIds); !st)
            return fail(st.error());
        for (const NewEntry &row : std::as_const(rows)) {
            const CartItem &item = *row.item;
            if (!purchase.artists.contains(item.artist))
                purchase.artists.append(item.artist);
            purchase.totalMinor += item.amountMinor;
            ArtistSums &sums = m_totals[{item.artist, s.currency}];
            sums.ingested.add(item.amountMinor);
            sums.byState[std::size_t(row.state)].add(item.amountMinor);
        }

        QString detail = QStringLiteral("%1: %2 entries, %3 %4")
                             .arg(s.id)
                             .arg(purchase.entryIds.size())
                             .arg(Money(purchase.totalMinor, s.currency).toDecimalString(),
                                  s.currency.toUpper());
        if (duplicates > 0)
            detail += QStringLiteral(", %1 duplicate items skipped").arg(duplicates);
        if (refunded)
            detail += QStringLiteral(", voided: refunded before it arrived");
        if (Status st = audit(QStringLiteral("purchase.recorded"), detail); !st)
            return fail(st.error());
        if (!purchase.entryIds.isEmpty() && !refunded)
            purchases.append(purchase);
        return IntakeOutcome{IntakeOutcome::Kind::Recorded, ev.id, detail,
                             int(purchase.entryIds.size())};
    }

    // One cart item about to become an entry.
    struct NewEntry
    {
        const CartItem *item;
        EntryState state;
        const QString *reason; // null for a payable entry
    };

    // The cart's entries. The values the rows share (session, payment
    // intent, event, currency) are converted to UTF-8, the ledger's
    // encoding, once per cart instead of by SQLite once per row.
    Status insertEntries(const StripeEvent &ev, const QList<NewEntry> &rows, QList<qint64> &ids)
    {
        const CheckoutSession &s = *ev.session;
        const QByteArray currency = s.currency.toUtf8();
        const QByteArray session = s.id.toUtf8();
        const QByteArray paymentIntent = s.paymentIntent.toUtf8();
        const QByteArray eventId = ev.id.toUtf8();
        SqliteStatement &q =
            stmt("INSERT INTO entries (currency, reference, payment_intent, event_id, created_at, "
                 "updated_at, artist, amount_minor, kind, track, state, reason) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
        q.bindUtf8(1, currency).bindUtf8(2, session).bindUtf8(3, paymentIntent);
        q.bindUtf8(4, eventId).bind(5, s.created.toMSecsSinceEpoch()).bind(6, m_now);
        for (const NewEntry &row : rows) {
            const QByteArray artist = row.item->artist.toUtf8();
            const QByteArray track = row.item->track.toUtf8();
            q.bindUtf8(7, artist).bind(8, row.item->amountMinor);
            q.bindUtf8(9, kindUtf8(row.item->kind));
            q.bindUtf8(10, track).bindUtf8(11, stateUtf8(row.state));
            if (row.reason)
                q.bind(12, *row.reason);
            else
                q.bindNull(12);
            if (Status st = q.run(); !st)
                return st;
            ids.append(sqlite3_last_insert_rowid(m_db));
        }
        return {};
    }

    Result<IntakeOutcome> refund(const StripeEvent &ev)
    {
        const ChargeRefund &r = *ev.refund;
        if (!r.full || r.paymentIntent.isEmpty())
            return IntakeOutcome{IntakeOutcome::Kind::Ignored, ev.id,
                                 r.full ? QStringLiteral("refund without a payment intent")
                                        : QStringLiteral("partial refund: entries unchanged")};
        SqliteStatement ins(m_db, "INSERT INTO refunds (payment_intent, event_id, refunded_at) "
                                  "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
        ins.bind(1, r.paymentIntent).bind(2, ev.id).bind(3, m_now);
        if (Status s = ins.run(); !s)
            return fail(s.error());
        m_refundsExist = true;
        SqliteStatement voidIt(m_db,
                               "UPDATE entries SET state = 'void', reason = ?1, updated_at = ?2 "
                               "WHERE payment_intent = ?3 AND state IN ('pending', 'held')");
        voidIt.bind(1, Reason::Refunded).bind(2, m_now).bind(3, r.paymentIntent);
        if (Status s = voidIt.run(); !s)
            return fail(s.error());
        const int voided = sqlite3_changes(m_db);
        SqliteStatement paidQ(m_db, "SELECT id FROM entries WHERE payment_intent = ?1 "
                                    "AND state IN ('paid', 'sending') ORDER BY id");
        paidQ.bind(1, r.paymentIntent);
        QList<qint64> paid;
        for (;;) {
            const Result<bool> row = paidQ.step();
            if (!row)
                return fail(row.error());
            if (!*row)
                break;
            paid.append(paidQ.columnInt64(0));
        }
        QString detail = QStringLiteral("%1: %2 entries voided").arg(r.paymentIntent).arg(voided);
        if (!paid.isEmpty()) {
            QStringList ids;
            for (qint64 id : std::as_const(paid))
                ids << QString::number(id);
            detail += QStringLiteral("; entries %1 were already transferred and need a transfer "
                                     "reversal")
                          .arg(ids.join(QStringLiteral(", ")));
            reversals.append({r.paymentIntent, paid});
        }
        if (Status st = audit(QStringLiteral("refund.applied"), detail); !st)
            return fail(st.error());
        return IntakeOutcome{IntakeOutcome::Kind::Refunded, ev.id, detail};
    }

    Ledger &m_ledger;
    sqlite3 *m_db;
    QString m_source;
    qint64 m_now;
    QHash<QString, QString> &m_accounts;
    bool m_refundsExist = false;

    struct Sum
    {
        qint64 amountMinor = 0;
        qint64 entries = 0;
        void add(qint64 amount)
        {
            amountMinor += amount;
            ++entries;
        }
    };
    struct ArtistSums
    {
        Sum ingested;
        std::array<Sum, std::size(kAllEntryStates)> byState;
    };
    // (artist, currency) -> what this batch added, for finish().
    QHash<std::pair<QString, QString>, ArtistSums> m_totals;
};
