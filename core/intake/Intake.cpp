#include "Intake.h"

#include "ledger/Ledger.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QHash>
#include <QLocale>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

QString sourceName(IntakeSource source)
{
    switch (source) {
    case IntakeSource::Webhook:
        return QStringLiteral("webhook");
    case IntakeSource::Poll:
        return QStringLiteral("poll");
    case IntakeSource::Import:
        return QStringLiteral("import");
    case IntakeSource::Replay:
        return QStringLiteral("replay");
    }
    return {};
}

QString outcomeName(IntakeOutcome::Kind kind)
{
    using K = IntakeOutcome::Kind;
    switch (kind) {
    case K::Recorded:
        return QStringLiteral("recorded");
    case K::Remembered:
        return QStringLiteral("remembered");
    case K::PaymentFailed:
        return QStringLiteral("payment_failed");
    case K::Refunded:
        return QStringLiteral("refunded");
    case K::Ignored:
        return QStringLiteral("ignored");
    case K::Duplicate:
        return QStringLiteral("duplicate");
    case K::Quarantined:
        return QStringLiteral("quarantined");
    }
    return {};
}

namespace {
// Qt Sql binds a null QString as SQL NULL; columns that mean "none" with an
// empty string (track of a commission) need a non-null empty value.
QString nonNull(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}
} // namespace

// One transaction's worth of intake: the prepared statements, the per-batch
// caches and what to announce once the transaction has committed.
class Intake::Batch
{
public:
    Batch(Ledger &ledger, IntakeSource source)
        : m_ledger(ledger)
        , m_db(ledger.database())
        , m_source(sourceName(source))
        , m_now(ledger.clock().nowMs())
    {}

    Result<IntakeOutcome> process(const QByteArray &body)
    {
        auto parsed = parseStripeEvent(body);
        const QString eventId = parsed ? parsed->id : parsed.error().eventId;
        if (!eventId.isEmpty()) {
            const Result<QString> earlier = processedOutcome(eventId);
            if (!earlier)
                return fail(earlier.error());
            if (!earlier->isEmpty())
                return IntakeOutcome{IntakeOutcome::Kind::Duplicate, eventId,
                                     QStringLiteral("already processed (%1)").arg(*earlier)};
        }
        if (!parsed)
            return quarantine(body, parsed.error());

        const StripeEvent &ev = *parsed;
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

    Status flushTotals()
    {
        QSqlQuery &q = prepared(m_upsertIngested,
                                "INSERT INTO ingested (artist, currency, amount_minor, entries) "
                                "VALUES (?, ?, ?, ?) ON CONFLICT (artist, currency) DO UPDATE SET "
                                "amount_minor = amount_minor + excluded.amount_minor, "
                                "entries = entries + excluded.entries");
        for (auto it = m_ingested.cbegin(); it != m_ingested.cend(); ++it) {
            q.addBindValue(it.key().first);
            q.addBindValue(it.key().second);
            q.addBindValue(it.value().first);
            q.addBindValue(it.value().second);
            if (!q.exec())
                return error(q, "cannot update ingested totals");
        }
        m_ingested.clear();
        return {};
    }

    QList<CartPurchase> purchases;
    QList<std::pair<QString, QString>> quarantined;
    QList<std::pair<QString, QList<qint64>>> reversals;

private:
    static std::unexpected<Error> error(const QSqlQuery &q, const char *what)
    {
        return fail(Error::database(QString::fromLatin1(what) + QStringLiteral(": ")
                                    + q.lastError().text()));
    }

    QSqlQuery &prepared(std::optional<QSqlQuery> &slot, const char *sql)
    {
        if (!slot) {
            slot.emplace(m_db);
            slot->prepare(QString::fromLatin1(sql));
        }
        return *slot;
    }

    Result<QString> processedOutcome(const QString &eventId)
    {
        QSqlQuery &q = prepared(m_selProcessed,
                                "SELECT outcome FROM processed_events WHERE event_id = ?");
        q.addBindValue(eventId);
        if (!q.exec())
            return error(q, "cannot look up the event id");
        QString outcome = q.next() ? q.value(0).toString() : QString();
        q.finish();
        return outcome;
    }

    Status markProcessed(const QString &eventId, const QString &type, const QString &outcome)
    {
        QSqlQuery &q = prepared(m_insProcessed,
                                "INSERT INTO processed_events (event_id, type, source, outcome, "
                                "received_at) VALUES (?, ?, ?, ?, ?)");
        q.addBindValue(eventId);
        q.addBindValue(type);
        q.addBindValue(m_source);
        q.addBindValue(outcome);
        q.addBindValue(m_now);
        if (!q.exec())
            return error(q, "cannot remember the event id");
        return {};
    }

    Result<IntakeOutcome> quarantine(const QByteArray &body, const EventRejection &why)
    {
        QSqlQuery &q = prepared(m_insQuarantine,
                                "INSERT INTO quarantine (event_id, type, source, reason, body, "
                                "received_at) VALUES (?, ?, ?, ?, ?, ?)");
        q.addBindValue(why.eventId.isEmpty() ? QVariant() : QVariant(why.eventId));
        q.addBindValue(why.type.isEmpty() ? QVariant() : QVariant(why.type));
        q.addBindValue(m_source);
        q.addBindValue(why.reason);
        q.addBindValue(body);
        q.addBindValue(m_now);
        if (!q.exec())
            return error(q, "cannot quarantine the event");
        if (!why.eventId.isEmpty()) {
            if (Status s = markProcessed(why.eventId, why.type, QStringLiteral("quarantined")); !s)
                return fail(s.error());
        }
        if (Status s = m_ledger.audit(m_source, QStringLiteral("event.quarantined"), {}, 0,
                                      why.eventId + QStringLiteral(": ") + why.reason);
            !s)
            return fail(s.error());
        quarantined.append({why.eventId, why.reason});
        return IntakeOutcome{IntakeOutcome::Kind::Quarantined, why.eventId, why.reason};
    }

    Status upsertSale(const StripeEvent &ev, const QString &paymentStatus)
    {
        const CheckoutSession &s = *ev.session;
        QSqlQuery &q = prepared(
            m_upsertSale,
            "INSERT INTO sales (session_id, payment_intent, purchase_type, payment_status, "
            "amount_total, currency, created_at, event_id, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET "
            "payment_status = excluded.payment_status, event_id = excluded.event_id, "
            "payment_intent = IFNULL(excluded.payment_intent, payment_intent), "
            "updated_at = excluded.updated_at");
        q.addBindValue(s.id);
        q.addBindValue(s.paymentIntent.isEmpty() ? QVariant() : QVariant(s.paymentIntent));
        q.addBindValue(s.purchaseType);
        q.addBindValue(paymentStatus);
        q.addBindValue(s.amountTotal);
        q.addBindValue(s.currency);
        q.addBindValue(s.created.toMSecsSinceEpoch());
        q.addBindValue(ev.id);
        q.addBindValue(m_now);
        if (!q.exec())
            return error(q, "cannot record the sale");
        return {};
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
        return IntakeOutcome{IntakeOutcome::Kind::PaymentFailed, ev.id,
                             QStringLiteral("%1: payment failed, nothing owed").arg(ev.session->id)};
    }

    Result<bool> exists(std::optional<QSqlQuery> &slot, const char *sql, const QVariantList &args)
    {
        QSqlQuery &q = prepared(slot, sql);
        for (const QVariant &a : args)
            q.addBindValue(a);
        if (!q.exec())
            return error(q, "lookup failed");
        const bool found = q.next();
        q.finish();
        return found;
    }

    // The artist's account, creating or linking the artist as the item says.
    Result<QString> accountFor(const CartItem &item)
    {
        auto cached = m_accounts.constFind(item.artist);
        if (cached == m_accounts.cend()) {
            QSqlQuery &q = prepared(m_selArtist, "SELECT IFNULL(account, '') FROM artists WHERE id = ?");
            q.addBindValue(item.artist);
            if (!q.exec())
                return error(q, "cannot read the artist");
            std::optional<QString> account;
            if (q.next())
                account = q.value(0).toString();
            q.finish();
            if (!account) {
                QSqlQuery &ins = prepared(m_insArtist,
                                          "INSERT INTO artists (id, account, created_at, "
                                          "updated_at) VALUES (?, ?, ?, ?)");
                ins.addBindValue(item.artist);
                ins.addBindValue(item.account.isEmpty() ? QVariant() : QVariant(item.account));
                ins.addBindValue(m_now);
                ins.addBindValue(m_now);
                if (!ins.exec())
                    return error(ins, "cannot add the artist");
                account = item.account;
            }
            cached = m_accounts.insert(item.artist, *account);
        }
        if (cached->isEmpty() && !item.account.isEmpty()) {
            QSqlQuery &q = prepared(m_linkArtist,
                                    "UPDATE artists SET account = ?, updated_at = ? WHERE id = ?");
            q.addBindValue(item.account);
            q.addBindValue(m_now);
            q.addBindValue(item.artist);
            if (!q.exec())
                return error(q, "cannot link the artist");
            QSqlQuery &rel = prepared(m_releaseHeld,
                                      "UPDATE entries SET state = 'pending', reason = NULL, "
                                      "updated_at = ? WHERE artist = ? AND state = 'held' "
                                      "AND reason = ?");
            rel.addBindValue(m_now);
            rel.addBindValue(item.artist);
            rel.addBindValue(Reason::NoPayoutAccount);
            if (!rel.exec())
                return error(rel, "cannot release held entries");
            if (Status s = m_ledger.audit(m_source, QStringLiteral("artist.linked"), item.artist, 0,
                                          QStringLiteral("account %1 from a cart item").arg(item.account));
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
            if (Status st = m_ledger.audit(m_source, QStringLiteral("sale.instant_split"), {}, 0,
                                           QStringLiteral("%1 paid to the artist at charge time")
                                               .arg(s.id));
                !st)
                return fail(st.error());
            return IntakeOutcome{IntakeOutcome::Kind::Recorded, ev.id,
                                 QStringLiteral("%1: single-track instant split, nothing owed").arg(s.id)};
        }

        const Result<bool> refunded = exists(
            m_selRefund, "SELECT 1 FROM refunds WHERE payment_intent = ?", {s.paymentIntent});
        if (!refunded)
            return fail(refunded.error());
        // Only a payment intent seen before can have duplicates, so the
        // per-item check is skipped for the common, new purchase.
        const Result<bool> seen = exists(
            m_selIntent, "SELECT 1 FROM entries WHERE payment_intent = ? LIMIT 1", {s.paymentIntent});
        if (!seen)
            return fail(seen.error());

        CartPurchase purchase;
        purchase.eventId = ev.id;
        purchase.sessionId = s.id;
        purchase.currency = s.currency;
        QSet<QString> inThisCart;
        int duplicates = 0;
        for (const CartItem &item : s.items) {
            const QString key = item.artist + u'\x1f' + item.track + u'\x1f' + kindName(item.kind);
            bool duplicate = inThisCart.contains(key);
            if (!duplicate && *seen) {
                const Result<bool> dup = exists(m_selDuplicate,
                                                "SELECT 1 FROM entries WHERE payment_intent = ? "
                                                "AND artist = ? AND track = ? AND kind = ? LIMIT 1",
                                                {s.paymentIntent, item.artist, nonNull(item.track),
                                                 kindName(item.kind)});
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

            QString state = QStringLiteral("pending");
            QVariant reason;
            if (*refunded) {
                state = QStringLiteral("void");
                reason = Reason::Refunded;
            } else if (account->isEmpty()) {
                state = QStringLiteral("held");
                reason = Reason::NoPayoutAccount;
            }
            QSqlQuery &q = prepared(
                m_insEntry, "INSERT INTO entries (artist, amount_minor, currency, kind, track, "
                            "reference, payment_intent, event_id, created_at, state, reason, "
                            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            q.addBindValue(item.artist);
            q.addBindValue(item.amountMinor);
            q.addBindValue(s.currency);
            q.addBindValue(kindName(item.kind));
            q.addBindValue(nonNull(item.track));
            q.addBindValue(s.id);
            q.addBindValue(s.paymentIntent);
            q.addBindValue(ev.id);
            q.addBindValue(s.created.toMSecsSinceEpoch());
            q.addBindValue(state);
            q.addBindValue(reason);
            q.addBindValue(m_now);
            if (!q.exec())
                return error(q, "cannot add the entry");
            purchase.entryIds.append(q.lastInsertId().toLongLong());
            if (!purchase.artists.contains(item.artist))
                purchase.artists.append(item.artist);
            purchase.totalMinor += item.amountMinor;
            auto &total = m_ingested[{item.artist, s.currency}];
            total.first += item.amountMinor;
            total.second += 1;
        }

        QString detail = QStringLiteral("%1: %2 entries, %3 %4")
                             .arg(s.id)
                             .arg(purchase.entryIds.size())
                             .arg(Money{purchase.totalMinor, s.currency}.toDecimalString(),
                                  s.currency.toUpper());
        if (duplicates > 0)
            detail += QStringLiteral(", %1 duplicate items skipped").arg(duplicates);
        if (*refunded)
            detail += QStringLiteral(", voided: refunded before it arrived");
        if (Status st = m_ledger.audit(m_source, QStringLiteral("purchase.recorded"), {}, 0, detail); !st)
            return fail(st.error());
        if (!purchase.entryIds.isEmpty() && !*refunded)
            purchases.append(purchase);
        return IntakeOutcome{IntakeOutcome::Kind::Recorded, ev.id, detail,
                             int(purchase.entryIds.size())};
    }

    Result<IntakeOutcome> refund(const StripeEvent &ev)
    {
        const ChargeRefund &r = *ev.refund;
        if (!r.full || r.paymentIntent.isEmpty())
            return IntakeOutcome{IntakeOutcome::Kind::Ignored, ev.id,
                                 r.full ? QStringLiteral("refund without a payment intent")
                                        : QStringLiteral("partial refund: entries unchanged")};
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT INTO refunds (payment_intent, event_id, refunded_at) "
                                 "VALUES (?, ?, ?) ON CONFLICT DO NOTHING"));
        q.addBindValue(r.paymentIntent);
        q.addBindValue(ev.id);
        q.addBindValue(m_now);
        if (!q.exec())
            return error(q, "cannot record the refund");
        q.prepare(QStringLiteral("UPDATE entries SET state = 'void', reason = ?, updated_at = ? "
                                 "WHERE payment_intent = ? AND state IN ('pending', 'held')"));
        q.addBindValue(Reason::Refunded);
        q.addBindValue(m_now);
        q.addBindValue(r.paymentIntent);
        if (!q.exec())
            return error(q, "cannot void refunded entries");
        const int voided = q.numRowsAffected();
        q.prepare(QStringLiteral("SELECT id FROM entries WHERE payment_intent = ? "
                                 "AND state IN ('paid', 'sending') ORDER BY id"));
        q.addBindValue(r.paymentIntent);
        if (!q.exec())
            return error(q, "cannot read paid entries");
        QList<qint64> paid;
        while (q.next())
            paid.append(q.value(0).toLongLong());
        q.finish();
        QString detail = QStringLiteral("%1: %2 entries voided").arg(r.paymentIntent).arg(voided);
        if (!paid.isEmpty()) {
            QStringList ids;
            for (qint64 id : paid)
                ids << QString::number(id);
            detail += QStringLiteral("; entries %1 were already transferred and need a transfer "
                                     "reversal")
                          .arg(ids.join(QStringLiteral(", ")));
            reversals.append({r.paymentIntent, paid});
        }
        if (Status st = m_ledger.audit(m_source, QStringLiteral("refund.applied"), {}, 0, detail); !st)
            return fail(st.error());
        return IntakeOutcome{IntakeOutcome::Kind::Refunded, ev.id, detail};
    }

    Ledger &m_ledger;
    QSqlDatabase m_db;
    QString m_source;
    qint64 m_now;
    QHash<QString, QString> m_accounts;
    QHash<std::pair<QString, QString>, std::pair<qint64, qint64>> m_ingested;
    std::optional<QSqlQuery> m_selProcessed, m_insProcessed, m_insQuarantine, m_upsertSale,
        m_selRefund, m_selIntent, m_selDuplicate, m_selArtist, m_insArtist, m_linkArtist,
        m_releaseHeld, m_insEntry, m_upsertIngested;
};

Intake::Intake(Ledger &ledger, QObject *parent)
    : QObject(parent)
    , m_ledger(ledger)
{
    qRegisterMetaType<CartPurchase>();
}

Result<QList<IntakeOutcome>> Intake::ingest(const QList<QByteArray> &bodies, IntakeSource source)
{
    QList<IntakeOutcome> outcomes;
    outcomes.reserve(bodies.size());
    std::optional<Batch> batch;
    const Status s = m_ledger.write([&]() -> Status {
        batch.emplace(m_ledger, source);
        outcomes.clear();
        for (const QByteArray &body : bodies) {
            Result<IntakeOutcome> o = batch->process(body);
            if (!o)
                return fail(o.error());
            outcomes.append(std::move(*o));
        }
        return batch->flushTotals();
    });
    if (!s)
        return fail(s.error());

    for (const IntakeOutcome &o : std::as_const(outcomes)) {
        if (o.kind == IntakeOutcome::Kind::Quarantined)
            qCWarning(lcIntake).noquote()
                << "[WEBHOOK] Event" << o.eventId << "quarantined:" << o.detail;
    }
    for (const auto &[id, reason] : std::as_const(batch->quarantined))
        Q_EMIT eventQuarantined(id, reason);
    for (const auto &[pi, ids] : std::as_const(batch->reversals))
        Q_EMIT refundNeedsReversal(pi, ids);
    for (const CartPurchase &p : std::as_const(batch->purchases))
        Q_EMIT cartPurchaseRecorded(p);
    return outcomes;
}

Result<IntakeOutcome> Intake::ingestOne(const QByteArray &body, IntakeSource source)
{
    Result<QList<IntakeOutcome>> r = ingest({body}, source);
    if (!r)
        return fail(r.error());
    return r->first();
}

Result<IntakeOutcome> Intake::replayQuarantined(qint64 quarantineId, const QString &actor)
{
    const Result<QList<QuarantinedEvent>> open = m_ledger.quarantine();
    if (!open)
        return fail(open.error());
    const auto it = std::find_if(open->cbegin(), open->cend(),
                                 [&](const QuarantinedEvent &e) { return e.id == quarantineId; });
    if (it == open->cend())
        return fail(Error{Error::Kind::Validation,
                          QStringLiteral("no open quarantined event %1").arg(quarantineId)});
    const auto parsed = parseStripeEvent(it->body);
    if (!parsed)
        return fail(Error{Error::Kind::Validation,
                          QStringLiteral("still invalid: ") + parsed.error().reason});

    IntakeOutcome outcome;
    std::optional<Batch> batch;
    const Status s = m_ledger.write([&]() -> Status {
        QSqlQuery q(m_ledger.database());
        q.prepare(QStringLiteral("DELETE FROM processed_events WHERE event_id = ? "
                                 "AND outcome = 'quarantined'"));
        q.addBindValue(parsed->id);
        if (!q.exec())
            return fail(Error::database(q.lastError().text()));
        q.prepare(QStringLiteral("UPDATE quarantine SET status = 'replayed' WHERE id = ?"));
        q.addBindValue(quarantineId);
        if (!q.exec())
            return fail(Error::database(q.lastError().text()));
        batch.emplace(m_ledger, IntakeSource::Replay);
        Result<IntakeOutcome> o = batch->process(it->body);
        if (!o)
            return fail(o.error());
        outcome = *o;
        if (Status st = batch->flushTotals(); !st)
            return st;
        return m_ledger.audit(actor, QStringLiteral("quarantine.replayed"), {}, 0,
                              QStringLiteral("quarantine row %1 (%2): %3")
                                  .arg(quarantineId)
                                  .arg(parsed->id, outcomeName(outcome.kind)));
    });
    if (!s)
        return fail(s.error());
    for (const CartPurchase &p : std::as_const(batch->purchases))
        Q_EMIT cartPurchaseRecorded(p);
    return outcome;
}
