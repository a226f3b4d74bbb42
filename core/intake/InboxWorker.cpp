#include "InboxWorker.h"

#include "util/Clock.h"
#include "util/Logging.h"

InboxWorker::InboxWorker(const LedgerLocation &ledger, Clock &clock,
                         const std::atomic<int> &unanswered)
    : m_ledger(ledger, clock)
    , m_unanswered(unanswered)
    , m_retry(this)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        m_waiting = qMax<qint64>(m_waiting, kApplyFloor);
        scheduleApply();
    });
}

QString InboxWorker::open()
{
    if (const Status s = m_ledger.open(); !s)
        return s.error().message;
    m_applier = std::make_unique<InboxApplier>(m_ledger);
    connect(m_applier.get(), &InboxApplier::cartPurchaseRecorded, this,
            &InboxWorker::cartPurchaseRecorded);
    connect(m_applier.get(), &InboxApplier::eventQuarantined, this, &InboxWorker::eventQuarantined);
    connect(m_applier.get(), &InboxApplier::applied, this, &InboxWorker::applied);
    // Resume: what a crash (or a failed apply) left waiting is applied now,
    // before the first request can be answered.
    if (const qint64 n = m_applier->drain(); n > 0)
        qCInfo(lcWebhook).noquote() << "[WEBHOOK] Applied" << n << "events left in the inbox";
    armRetry();
    return {};
}

void InboxWorker::journal(const QList<QByteArray> &bodies)
{
    const Result<QList<qint64>> ids =
        m_ledger.inbox().journal(bodies, sourceName(IntakeSource::Webhook));
    Q_EMIT journaled(ids ? *ids : QList<qint64>(), ids ? QString() : ids.error().message);
    if (ids) {
        m_waiting += ids->size();
        scheduleApply();
    }
}

void InboxWorker::wake()
{
    m_waiting = qMax<qint64>(m_waiting, 1);
    scheduleApply();
}

void InboxWorker::scheduleApply()
{
    // Queued behind whatever the thread already has to do, so a journal
    // request that arrived meanwhile goes first.
    if (m_applyPosted || !m_applier)
        return;
    m_applyPosted = true;
    QMetaObject::invokeMethod(this, &InboxWorker::applySome, Qt::QueuedConnection);
}

void InboxWorker::applySome()
{
    m_applyPosted = false;
    if (m_waiting <= 0)
        return;
    // Requests are waiting for their 2xx: let their journal commit go first
    // unless enough rows have built up (the receiver wakes us when it idles).
    if (m_unanswered.load(std::memory_order_relaxed) > 0 && m_waiting < kApplyFloor)
        return;
    const Result<int> n = m_applier->applyDue(InboxApplier::kBatch);
    if (!n) {
        qCWarning(lcWebhook).noquote()
            << "[WEBHOOK] Cannot read the inbox; retrying:" << n.error().message;
        m_retry.start(std::chrono::milliseconds(m_ledger.clock().timerMsFor(1000)));
        return;
    }
    if (*n == InboxApplier::kBatch) {
        m_waiting = qMax<qint64>(m_waiting - *n, 1); // more may wait
        scheduleApply();
    } else {
        m_waiting = 0;
        armRetry();
    }
}

void InboxWorker::armRetry()
{
    // Rows held back after a database error come due later.
    const qint64 at = m_applier ? m_applier->nextRetryMs() : -1;
    if (at < 0 || m_retry.isActive())
        return;
    const qint64 in = qMax<qint64>(0, at - m_ledger.clock().nowMs());
    m_retry.start(std::chrono::milliseconds(m_ledger.clock().timerMsFor(in)));
}

qint64 InboxWorker::drain()
{
    m_retry.stop();
    const qint64 n = m_applier ? m_applier->drain() : 0;
    m_waiting = 0;
    return n;
}

void InboxWorker::close()
{
    m_retry.stop();
    m_applier.reset();
    m_ledger.close();
}
