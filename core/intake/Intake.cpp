#include "Intake.h"

#include "intake/IntakeBatch.h"

#include "ledger/Ledger.h"
#include "ledger/SqliteStatement.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QHash>
#include <QLocale>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QtConcurrent/QtConcurrentMap>

#include <sqlite3.h>

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

Intake::Intake(Ledger &ledger, QObject *parent)
    : QObject(parent)
    , m_ledger(ledger)
{
    qRegisterMetaType<CartPurchase>();
}

QList<ParsedEvent> Intake::parse(const QList<QByteArray> &bodies)
{
    const auto one = [](const QByteArray &body) {
        return ParsedEvent{body, parseStripeEvent(body)};
    };
    // Validation is pure and costs about as much as writing, so large
    // batches are parsed on every core.
    if (bodies.size() >= 256)
        return QtConcurrent::blockingMapped<QList<ParsedEvent>>(bodies, one);
    QList<ParsedEvent> out;
    out.reserve(bodies.size());
    for (const QByteArray &b : bodies)
        out.append(one(b));
    return out;
}

Result<QList<IntakeOutcome>> Intake::ingest(const QList<QByteArray> &bodies, IntakeSource source)
{
    return ingestParsed(parse(bodies), source);
}

Result<QList<IntakeOutcome>> Intake::ingestParsed(const QList<ParsedEvent> &events,
                                                  IntakeSource source)
{
    QList<IntakeOutcome> outcomes;
    outcomes.reserve(events.size());
    std::optional<Batch> batch;
    const Status s = m_ledger.write([&]() -> Status {
        // Inside the write lock: no other connection can commit until ours
        // does, so an unchanged data_version means the cache is current.
        const Result<qint64> version = m_ledger.dataVersion();
        if (!version || *version != m_accountsVersion || m_ledger.commitCount() != m_accountsCommit)
            m_accounts.clear();
        batch.emplace(m_ledger, source, m_accounts);
        outcomes.clear();
        if (Status st = batch->begin(); !st)
            return st;
        for (const ParsedEvent &event : events) {
            Result<IntakeOutcome> o = batch->process(event);
            if (!o)
                return fail(o.error());
            outcomes.append(std::move(*o));
        }
        return batch->finish();
    });
    if (!s) {
        m_accounts.clear(); // the rolled-back batch may have cached artists it added
        return fail(s.error());
    }
    // Our own commit does not change data_version for this connection.
    if (const Result<qint64> version = m_ledger.dataVersion())
        m_accountsVersion = *version;
    m_accountsCommit = m_ledger.commitCount();

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
    // One row by its id: replay must not read every quarantined body.
    const Result<std::optional<QuarantinedEvent>> row = m_ledger.quarantinedEvent(quarantineId);
    if (!row)
        return fail(row.error());
    const std::optional<QuarantinedEvent> &event = *row;
    if (!event || event->status != u"open")
        return fail(Error{Error::Kind::Validation,
                          QStringLiteral("no open quarantined event %1").arg(quarantineId)});
    const auto parsed = parseStripeEvent(event->body);
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
        m_accounts.clear();
        batch.emplace(m_ledger, IntakeSource::Replay, m_accounts);
        if (Status st = batch->begin(); !st)
            return st;
        Result<IntakeOutcome> o = batch->process(ParsedEvent{event->body, *parsed});
        if (!o)
            return fail(o.error());
        outcome = *o;
        if (Status st = batch->finish(); !st)
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
