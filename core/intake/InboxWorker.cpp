#include "InboxWorker.h"

#include "util/Clock.h"
#include "util/Logging.h"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

JournalWorker::JournalWorker(QString dir)
    : m_dir(std::move(dir))
{}

QString JournalWorker::open()
{
    Result<std::unique_ptr<WebhookJournal::Writer>> w = WebhookJournal::Writer::open(m_dir);
    if (!w)
        return w.error().message;
    m_writer = std::move(*w);
    m_id = m_writer->id();
    m_lastSeq.store(m_writer->lastSeq(), std::memory_order_release);
    return {};
}

void JournalWorker::enqueue(const QByteArray &body, qint64 receivedAtMs)
{
    const std::lock_guard lock(m_mutex);
    if (m_pending.isEmpty())
        m_pendingSince = receivedAtMs;
    m_pending.append(body);
    if (!m_writePosted) {
        m_writePosted = true;
        QMetaObject::invokeMethod(this, &JournalWorker::writePending, Qt::QueuedConnection);
    }
}

void JournalWorker::writePending()
{
    for (;;) {
        QList<QByteArray> bodies;
        qint64 receivedAt = 0;
        {
            const std::lock_guard lock(m_mutex);
            if (m_pending.isEmpty()) {
                m_writePosted = false;
                return;
            }
            const qsizetype n = qMin<qsizetype>(m_pending.size(), kMaxGroup);
            bodies = m_pending.mid(0, n);
            m_pending.remove(0, n);
            receivedAt = m_pendingSince;
        }
        const Result<qint64> first =
            m_writer ? m_writer->append(bodies, receivedAt)
                     : Result<qint64>(fail(Error::io(QStringLiteral("the journal is not open"))));
        if (first)
            m_lastSeq.store(m_writer->lastSeq(), std::memory_order_release);
        else
            m_failed.store(true, std::memory_order_release);
        Q_EMIT journaled(first ? *first : 0, int(bodies.size()),
                         first ? QString() : first.error().message);
    }
}

void JournalWorker::close()
{
    m_writer.reset();
}

InboxWorker::InboxWorker(const LedgerLocation &ledger, QString journalDir, Clock &clock)
    : m_ledger(ledger, clock)
    , m_journalDir(std::move(journalDir))
    , m_retry(this)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        m_tableDue = true;
        scheduleApply();
    });
}

QString InboxWorker::open(const QString &journalId, qint64 durableSeq)
{
    if (const Status s = m_ledger.open(); !s)
        return s.error().message;
    m_journalId = journalId;
    m_durableSeq.store(durableSeq, std::memory_order_release);
    m_applier = std::make_unique<InboxApplier>(m_ledger);
    m_reader = std::make_unique<WebhookJournal::Reader>(m_journalDir);
    connect(m_applier.get(), &InboxApplier::cartPurchaseRecorded, this,
            [this](const CartPurchase &p) { m_purchases.append(p); });
    connect(m_applier.get(), &InboxApplier::eventQuarantined, this, &InboxWorker::eventQuarantined);
    connect(m_applier.get(), &InboxApplier::applied, this, &InboxWorker::applied);
    // Resume: what a crash (or a failed apply) left waiting is applied now,
    // before the first request can be answered.
    const qint64 n = drain();
    if (n > 0)
        qCInfo(lcWebhook).noquote() << "[WEBHOOK] Applied" << n << "events left in the inbox";
    if (const Result<qint64> mark = m_applier->journalMark(m_journalId); !mark)
        return mark.error().message;
    // Below the threads that answer requests: the applier takes only the
    // CPU they leave (SCHED_IDLE), so a burst is answered first and applied
    // right behind it. Its transactions are short (a batch), so another
    // connection waiting for the write lock waits little even then.
    const sched_param idle{};
    if (::pthread_setschedparam(::pthread_self(), SCHED_IDLE, &idle) != 0)
        (void)::setpriority(PRIO_PROCESS, ::gettid(), 19);
    return {};
}

void InboxWorker::announcePurchases()
{
    if (m_purchases.isEmpty())
        return;
    Q_EMIT purchasesRecorded(m_purchases);
    m_purchases.clear();
}

void InboxWorker::journaledUpTo(qint64 seq)
{
    qint64 known = m_durableSeq.load(std::memory_order_relaxed);
    while (known < seq && !m_durableSeq.compare_exchange_weak(known, seq))
        ;
    scheduleApply();
}

void InboxWorker::wake()
{
    m_tableDue = true;
    scheduleApply();
}

void InboxWorker::scheduleApply()
{
    // One queued call at a time, whichever thread asks.
    if (m_applyPosted.exchange(true))
        return;
    QMetaObject::invokeMethod(this, &InboxWorker::applySome, Qt::QueuedConnection);
}

void InboxWorker::applySome()
{
    m_applyPosted.store(false);
    if (!m_applier)
        return;
    const Result<int> n = m_applier->applyJournal(*m_reader, m_journalId,
                                                  m_durableSeq.load(std::memory_order_acquire));
    announcePurchases();
    if (!n)
        return retryLater(QStringLiteral("journal"), n.error());
    publishMark();
    if (*n > 0) {
        scheduleApply(); // more may wait; queued, so other calls interleave
        return;
    }
    // Caught up with the journal: the inbox table's turn, then the segments
    // the ledger no longer needs.
    if (m_tableDue) {
        const Result<int> rows = m_applier->applyDue(InboxApplier::kBatch);
        announcePurchases();
        if (!rows)
            return retryLater(QStringLiteral("inbox"), rows.error());
        if (*rows == InboxApplier::kBatch) {
            scheduleApply();
            return;
        }
        m_tableDue = false;
    }
    if (Status s = m_applier->dropAppliedJournal(*m_reader, m_journalId); !s)
        qCWarning(lcWebhook).noquote()
            << "[WEBHOOK] Cannot remove applied journal segments:" << s.error().message;
    armRetry();
}

void InboxWorker::retryLater(const QString &what, const Error &error)
{
    qCWarning(lcWebhook).noquote()
        << "[WEBHOOK] Cannot apply the" << what << "now; retrying in a second:" << error.message;
    m_retry.start(std::chrono::milliseconds(m_ledger.clock().timerMsFor(1000)));
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

void InboxWorker::publishMark()
{
    if (const Result<qint64> mark = m_applier->journalMark(m_journalId))
        m_appliedSeq.store(*mark, std::memory_order_release);
}

qint64 InboxWorker::drain()
{
    m_retry.stop();
    if (!m_applier)
        return 0;
    qint64 n = 0;
    const Result<qint64> journal = m_applier->drainJournal(
        *m_reader, m_journalId, m_durableSeq.load(std::memory_order_acquire));
    if (journal)
        n += *journal;
    else
        qCCritical(lcWebhook).noquote()
            << "[WEBHOOK] Cannot apply the journal; it is kept:" << journal.error().message;
    publishMark();
    n += m_applier->drain();
    announcePurchases();
    m_tableDue = false;
    if (Status s = m_applier->dropAppliedJournal(*m_reader, m_journalId); !s)
        qCWarning(lcWebhook).noquote()
            << "[WEBHOOK] Cannot remove applied journal segments:" << s.error().message;
    armRetry();
    return n;
}

void InboxWorker::close()
{
    m_retry.stop();
    if (m_applier && m_applier->journalLag().count() > 0) {
        const LagHistogram &lag = m_applier->journalLag();
        qCInfo(lcWebhook).noquote()
            << QStringLiteral("[WEBHOOK] Applied %1 journaled events since start; from the "
                              "journal write to applied: p50 %2 ms, p99 %3 ms, max %4 ms")
                   .arg(lag.count())
                   .arg(lag.percentile(0.50))
                   .arg(lag.percentile(0.99))
                   .arg(lag.max());
    }
    m_applier.reset();
    m_reader.reset();
    m_ledger.close();
}
