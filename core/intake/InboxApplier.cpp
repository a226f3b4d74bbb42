#include "InboxApplier.h"

#include "ledger/Ledger.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <cmath>
#include <limits>

namespace {

IntakeSource sourceFromName(const QString &name)
{
    return name == u"poll" ? IntakeSource::Poll : IntakeSource::Webhook;
}

} // namespace

void LagHistogram::add(qint64 ms)
{
    ms = qMax<qint64>(0, ms);
    const qint64 b = ms < 1000 ? ms : qMin<qint64>(kBuckets - 1, 1000 + (ms - 1000) / 100);
    ++m_buckets[size_t(b)];
    ++m_count;
    m_max = qMax(m_max, ms);
}

qint64 LagHistogram::percentile(double p) const
{
    // The rank of the event at p; counts are integers, so is the rank.
    const qint64 rank = qMax<qint64>(1, qint64(std::ceil(p * double(m_count))));
    qint64 seen = 0;
    for (int b = 0; b < kBuckets; ++b) {
        seen += m_buckets[size_t(b)];
        if (seen >= rank)
            return qMin(m_max, b < 1000 ? qint64(b) : 1000 + qint64(b - 1000 + 1) * 100);
    }
    return m_max;
}

InboxApplier::InboxApplier(Ledger &ledger, QObject *parent)
    : QObject(parent)
    , m_ledger(ledger)
    , m_intake(ledger)
{
    connect(&m_intake, &Intake::cartPurchaseRecorded, this, &InboxApplier::cartPurchaseRecorded);
    connect(&m_intake, &Intake::eventQuarantined, this, &InboxApplier::eventQuarantined);
}

qint64 InboxApplier::backoffMs(int attempts)
{
    return qMin<qint64>(300'000, 1000LL << qBound(0, attempts, 16));
}

Status InboxApplier::applyRows(const QList<InboxRow> &rows, IntakeSource source,
                               const std::function<Status()> &mark)
{
    QList<QByteArray> bodies;
    QList<qint64> ids;
    bodies.reserve(rows.size());
    ids.reserve(rows.size());
    for (const InboxRow &r : rows) {
        bodies.append(r.body);
        ids.append(r.id);
    }
    // Validation is pure; the rows' effects and their marks are one commit.
    // That commit skips its own fsync (synchronous=NORMAL): the raw events
    // are already durable in the journal, and in WAL mode the commit is
    // atomic either way, so a crash can only lose it whole, leaving its
    // events waiting to be applied again at the next start. Before anything
    // acts on the entries, a durable commit makes them durable too: the WAL
    // is one file written in order, and the payout run's claim
    // (synchronous=FULL) syncs it up to and past this one; so does the
    // durable mark written before journal segments are deleted.
    (void)m_ledger.inbox().relaxApplyDurability(true);
    const Result<QList<IntakeOutcome>> outcomes =
        m_intake.ingestParsed(Intake::parse(bodies), source, [&]() -> Status {
            return mark ? mark() : m_ledger.inbox().markApplied(ids, m_ledger.clock().nowMs());
        });
    if (Status s = m_ledger.inbox().relaxApplyDurability(false); !s)
        qCCritical(lcIntake).noquote()
            << "[INBOX] Cannot restore synchronous=FULL:" << s.error().message;
    if (!outcomes)
        return fail(outcomes.error());
    const QString tag = sourceTag(source);
    for (const IntakeOutcome &o : *outcomes) {
        if (o.kind == IntakeOutcome::Kind::Recorded && o.entriesAdded > 0)
            qCInfo(lcWebhook).noquote() << tag << "Cart purchase recorded:" << o.detail;
    }
    m_applied += rows.size();
    Q_EMIT applied(int(rows.size()));
    return {};
}

Result<int> InboxApplier::take(const QList<InboxRow> &rows)
{
    // One transaction per run of rows from the same door (its name is
    // recorded with each event).
    qsizetype start = 0;
    while (start < rows.size()) {
        qsizetype end = start + 1;
        while (end < rows.size() && rows.at(end).source == rows.at(start).source)
            ++end;
        const QList<InboxRow> run = rows.mid(start, end - start);
        const IntakeSource source = sourceFromName(run.first().source);
        if (Status s = applyRows(run, source, {}); !s) {
            // Nothing of the batch remains. Find the row(s) that fail: each
            // alone; a row that fails alone keeps waiting, counted.
            for (const InboxRow &row : run) {
                const Status alone = run.size() > 1 ? applyRows({row}, source, {}) : s;
                if (alone)
                    continue;
                ++m_failed;
                const qint64 retryAt = m_ledger.clock().nowMs() + backoffMs(row.attempts);
                qCWarning(lcIntake).noquote()
                    << "[INBOX] Could not apply inbox row" << row.id << "(attempt"
                    << row.attempts + 1
                    << "); it stays in the inbox and is retried:" << alone.error().message;
                if (Status st =
                        m_ledger.inbox().attemptFailed(row.id, alone.error().message, retryAt);
                    !st)
                    qCWarning(lcIntake).noquote()
                        << "[INBOX] Could not count the failed attempt:" << st.error().message;
            }
        }
        start = end;
    }
    return int(rows.size());
}

Result<int> InboxApplier::applyDue(int maxRows)
{
    const Result<QList<InboxRow>> rows = m_ledger.inbox().due(maxRows, m_ledger.clock().nowMs());
    if (!rows)
        return fail(rows.error());
    if (rows->isEmpty())
        return 0;
    return take(*rows);
}

qint64 InboxApplier::drain()
{
    const qint64 before = m_applied;
    // Each waiting row is tried once, in order: a row that fails again stays
    // behind `after`, so the loop ends even while the database keeps failing.
    qint64 after = 0;
    for (;;) {
        const Result<QList<InboxRow>> rows =
            m_ledger.inbox().due(kBatch, std::numeric_limits<qint64>::max(), after);
        if (!rows || rows->isEmpty())
            break;
        after = rows->last().id;
        (void)take(*rows);
    }
    return m_applied - before;
}

qint64 InboxApplier::nextRetryMs()
{
    return m_ledger.inbox().nextRetry().value_or(-1);
}

Result<qint64> InboxApplier::journalMark(const QString &journalId)
{
    if (m_markId == journalId && m_mark >= 0)
        return m_mark;
    const Result<QString> v = m_ledger.meta().value(WebhookJournal::appliedKey(journalId));
    if (!v)
        return fail(v.error());
    m_markId = journalId;
    m_mark = v->isEmpty() ? 0 : v->toLongLong();
    return m_mark;
}

Status InboxApplier::park(const WebhookJournal::Record &record, const QString &journalId,
                          const QString &error)
{
    // Into the inbox table, then the mark past it. A crash between the two
    // applies the record again from the journal at the next start as well:
    // the second copy is a duplicate of the first, which intake ignores.
    const Result<QList<qint64>> ids =
        m_ledger.inbox().journal({record.body}, sourceName(IntakeSource::Webhook));
    if (!ids)
        return fail(ids.error());
    const qint64 retryAt = m_ledger.clock().nowMs() + backoffMs(0);
    return m_ledger.write([&]() -> Status {
        if (Status s = m_ledger.inbox().attemptFailed(ids->first(), error, retryAt); !s)
            return s;
        return m_ledger.meta().setValue(WebhookJournal::appliedKey(journalId),
                                        QString::number(record.seq));
    });
}

Result<int> InboxApplier::applyJournal(WebhookJournal::Reader &reader, const QString &journalId,
                                       qint64 uptoSeq, int limit)
{
    const Result<qint64> mark = journalMark(journalId);
    if (!mark)
        return fail(mark.error());
    const Result<QList<WebhookJournal::Record>> records = reader.read(*mark, uptoSeq, limit);
    if (!records)
        return fail(records.error());
    if (records->isEmpty())
        return 0;
    const QString key = WebhookJournal::appliedKey(journalId);
    auto rowsOf = [](const QList<WebhookJournal::Record> &rs) {
        QList<InboxRow> rows;
        rows.reserve(rs.size());
        for (const WebhookJournal::Record &r : rs)
            rows.append({r.seq, r.receivedAtMs, QString(), r.body, 0});
        return rows;
    };
    auto markAt = [&](qint64 seq) {
        return [&, seq]() -> Status { return m_ledger.meta().setValue(key, QString::number(seq)); };
    };
    const qint64 last = records->last().seq;
    if (applyRows(rowsOf(*records), IntakeSource::Webhook, markAt(last))) {
        m_mark = last;
        const qint64 now = m_ledger.clock().nowMs();
        for (const WebhookJournal::Record &r : *records)
            m_lag.add(now - r.receivedAtMs);
        return int(records->size());
    }
    // Nothing of the batch remains: each alone, and one that fails alone
    // waits in the inbox table for its retry, so that the records behind it
    // are not held up.
    int taken = 0;
    for (const WebhookJournal::Record &r : *records) {
        const Status alone = applyRows(rowsOf({r}), IntakeSource::Webhook, markAt(r.seq));
        if (!alone) {
            ++m_failed;
            qCWarning(lcIntake).noquote()
                << "[INBOX] Could not apply journaled event" << r.seq
                << "; it waits in the inbox to be retried:" << alone.error().message;
            if (Status p = park(r, journalId, alone.error().message); !p) {
                if (taken == 0)
                    return fail(p.error());
                break; // retried from the journal later
            }
        }
        m_mark = r.seq;
        ++taken;
    }
    return taken;
}

Result<qint64> InboxApplier::drainJournal(WebhookJournal::Reader &reader, const QString &journalId,
                                          qint64 uptoSeq)
{
    qint64 total = 0;
    for (;;) {
        const Result<int> n = applyJournal(reader, journalId, uptoSeq);
        if (!n)
            return fail(n.error());
        total += *n;
        if (*n == 0)
            return total;
    }
}

Status InboxApplier::dropAppliedJournal(WebhookJournal::Reader &reader, const QString &journalId)
{
    const Result<qint64> mark = journalMark(journalId);
    if (!mark)
        return fail(mark.error());
    if (!reader.hasApplied(*mark))
        return {};
    // The applier's commits skipped their fsync: make the mark durable
    // before the events it covers leave the disk.
    if (Status s =
            m_ledger.meta().setValue(WebhookJournal::appliedKey(journalId), QString::number(*mark));
        !s)
        return s;
    return reader.dropApplied(*mark);
}
