#include "InboxApplier.h"

#include "ledger/Ledger.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <limits>

namespace {

IntakeSource sourceFromName(const QString &name)
{
    return name == u"poll" ? IntakeSource::Poll : IntakeSource::Webhook;
}

} // namespace

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

Status InboxApplier::applyRows(const QList<InboxRow> &rows, IntakeSource source)
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
    // are already durable in the inbox, and in WAL mode the commit is atomic
    // either way, so a crash can only lose it whole, leaving its rows
    // waiting to be applied again at the next start. Before anything acts
    // on the entries, a durable commit makes them durable too: the WAL is
    // one file written in order, and the next journal commit or the payout
    // run's claim (synchronous=FULL) syncs it up to and past this one.
    (void)m_ledger.inbox().relaxApplyDurability(true);
    const Result<QList<IntakeOutcome>> outcomes =
        m_intake.ingestParsed(Intake::parse(bodies), source, [&]() -> Status {
            return m_ledger.inbox().markApplied(ids, m_ledger.clock().nowMs());
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
        if (Status s = applyRows(run, source); !s) {
            // Nothing of the batch remains. Find the row(s) that fail: each
            // alone; a row that fails alone keeps waiting, counted.
            for (const InboxRow &row : run) {
                const Status alone = run.size() > 1 ? applyRows({row}, source) : s;
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
