#include "Intake.h"

#include "intake/IntakeBatch.h"

#include "ledger/Ledger.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QHash>
#include <QLocale>
#include <QSet>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentMap>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>

#include <deque>

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

QString sourceTag(IntakeSource source)
{
    return u'[' + sourceName(source).toUpper() + u']';
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
    case K::AccountReady:
        return QStringLiteral("account_ready");
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

ParsedEvent parseOne(const QByteArray &body)
{
    return ParsedEvent{body, parseStripeEvent(body)};
}

QList<ParsedEvent> parseSerially(const QList<QByteArray> &bodies)
{
    QList<ParsedEvent> out;
    out.reserve(bodies.size());
    for (const QByteArray &b : bodies)
        out.append(parseOne(b));
    return out;
}

// Validates a long list in chunks on threads of its own, a few chunks ahead
// of the writer, which takes the events one by one in order. It leaves one
// core to the writer: a parser competing with it for the core slows the
// import down more than it speeds it up.
class ParseAhead
{
public:
    explicit ParseAhead(const QList<QByteArray> &bodies)
        : m_bodies(bodies)
    {
        m_pool.setMaxThreadCount(qMax(1, QThread::idealThreadCount() - 1));
        launch();
    }
    ~ParseAhead()
    {
        for (QFuture<QList<ParsedEvent>> &f : m_ahead)
            f.waitForFinished();
    }
    Q_DISABLE_COPY_MOVE(ParseAhead)

    // The next event; the reference is valid until the following call.
    const ParsedEvent &next()
    {
        if (m_pos == m_chunk.size()) {
            Q_ASSERT(!m_ahead.empty());
            m_chunk = m_ahead.front().result();
            m_ahead.pop_front();
            m_pos = 0;
            launch();
        }
        return m_chunk.at(m_pos++);
    }

private:
    // Small, so that the writer's first wait is a few milliseconds; large
    // enough that scheduling a chunk costs nothing next to parsing it.
    static constexpr qsizetype kChunk = 1000;

    void launch()
    {
        // One chunk queued behind each running one, so a parser never idles.
        const std::size_t depth = std::size_t(2 * m_pool.maxThreadCount());
        while (m_ahead.size() < depth && m_launched < m_bodies.size()) {
            m_ahead.push_back(
                QtConcurrent::run(&m_pool, parseSerially, m_bodies.mid(m_launched, kChunk)));
            m_launched += kChunk;
        }
    }

    const QList<QByteArray> &m_bodies;
    QThreadPool m_pool;
    std::deque<QFuture<QList<ParsedEvent>>> m_ahead;
    QList<ParsedEvent> m_chunk;
    qsizetype m_pos = 0;
    qsizetype m_launched = 0;
};

} // namespace

namespace {
std::atomic<bool> g_processLivemode{false};
} // namespace

void Intake::setProcessLivemode(bool live)
{
    g_processLivemode = live;
}

bool Intake::livemode() const
{
    return m_livemode.value_or(g_processLivemode.load());
}

Intake::Intake(Ledger &ledger, QObject *parent)
    : QObject(parent)
    , m_ledger(ledger)
{
    qRegisterMetaType<CartPurchase>();
}

QList<ParsedEvent> Intake::parse(const QList<QByteArray> &bodies)
{
    // Validation is pure and costs about half as much as writing, so large
    // batches are parsed on every core.
    if (bodies.size() >= 256)
        return QtConcurrent::blockingMapped<QList<ParsedEvent>>(bodies, parseOne);
    return parseSerially(bodies);
}

Result<QList<IntakeOutcome>> Intake::ingest(const QList<QByteArray> &bodies, IntakeSource source)
{
    return ingestParsed(parse(bodies), source);
}

Result<QList<IntakeOutcome>> Intake::ingestParsed(const QList<ParsedEvent> &events,
                                                  IntakeSource source,
                                                  const std::function<Status()> &alsoInTransaction)
{
    qsizetype i = 0;
    return ingestFrom(
        events.size(), source, [&]() -> const ParsedEvent & { return events.at(i++); },
        alsoInTransaction);
}

Status Intake::ingestInBatches(const QList<QByteArray> &bodies, IntakeSource source,
                               qsizetype batchSize,
                               const std::function<void(const QList<IntakeOutcome> &)> &committed)
{
    Q_ASSERT(batchSize > 0);
    ParseAhead parsed(bodies);
    for (qsizetype start = 0; start < bodies.size(); start += batchSize) {
        const Result<QList<IntakeOutcome>> r =
            ingestFrom(qMin(batchSize, bodies.size() - start), source,
                       [&]() -> const ParsedEvent & { return parsed.next(); });
        if (!r)
            return fail(r.error());
        if (committed)
            committed(*r);
    }
    return {};
}

Result<QList<IntakeOutcome>> Intake::ingestFrom(qsizetype count, IntakeSource source,
                                                const std::function<const ParsedEvent &()> &next,
                                                const std::function<Status()> &alsoInTransaction)
{
    QList<IntakeOutcome> outcomes;
    outcomes.reserve(count);
    std::optional<Batch> batch;
    const Status s = m_ledger.write([&]() -> Status {
        // Inside the write lock: no other connection can commit until ours
        // does, so an unchanged change-feed version means the cache is current.
        const Result<qint64> version = m_ledger.changes().version();
        if (!version || *version != m_accountsVersion)
            m_accounts.clear();
        batch.emplace(m_ledger, source, m_accounts, livemode());
        outcomes.clear();
        if (Status st = batch->begin(); !st)
            return st;
        for (qsizetype i = 0; i < count; ++i) {
            Result<IntakeOutcome> o = batch->process(next());
            if (!o)
                return fail(o.error());
            outcomes.append(std::move(*o));
        }
        if (Status st = batch->finish(); !st)
            return st;
        return alsoInTransaction ? alsoInTransaction() : Status{};
    });
    if (!s) {
        m_accounts.clear(); // the rolled-back batch may have cached artists it added
        return fail(s.error());
    }
    // The version after our own commit: any later commit changes it.
    if (const Result<qint64> version = m_ledger.changes().version())
        m_accountsVersion = *version;

    const QString tag = sourceTag(source);
    for (const IntakeOutcome &o : std::as_const(outcomes)) {
        if (o.kind == IntakeOutcome::Kind::Quarantined)
            qCWarning(lcIntake).noquote()
                << tag << "Event" << o.eventId << "quarantined:" << o.detail;
    }
    for (const auto &[id, reason] : std::as_const(batch->quarantined))
        Q_EMIT eventQuarantined(id, reason);
    // The refund.applied audit row names them too; the next payout run
    // sends the reversals (PayoutWorker).
    for (const auto &[pi, ids] : std::as_const(batch->reversals)) {
        QStringList list;
        for (const qint64 id : ids)
            list << QString::number(id);
        qCWarning(lcIntake).noquote()
            << tag << "Refund of" << pi << "- entries" << list.join(QStringLiteral(", "))
            << "were already transferred: the next payout run takes their share back";
    }
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
    const Result<std::optional<QuarantinedEvent>> row =
        m_ledger.reader().quarantinedEvent(quarantineId);
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
        if (Status st = m_ledger.intake().markReplayed(quarantineId, parsed->id); !st)
            return st;
        m_accounts.clear();
        batch.emplace(m_ledger, IntakeSource::Replay, m_accounts, livemode());
        if (Status st = batch->begin(); !st)
            return st;
        Result<IntakeOutcome> o = batch->process(ParsedEvent{event->body, *parsed});
        if (!o)
            return fail(o.error());
        outcome = *o;
        if (Status st = batch->finish(); !st)
            return st;
        return m_ledger.auditLog().append(actor, QStringLiteral("quarantine.replayed"), {}, 0,
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
