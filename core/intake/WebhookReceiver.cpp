#include "WebhookReceiver.h"

#include "http/HttpServer.h"
#include "intake/InboxWorker.h"
#include "intake/WebhookSignature.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QCoreApplication>
#include <QJsonObject>

WebhookReceiver::WebhookReceiver(HttpServer &server, const LedgerLocation &ledger,
                                 const QString &journalDir, QByteArray signingSecret, Clock &clock,
                                 QObject *parent)
    : QObject(parent)
    , m_secret(std::move(signingSecret))
    , m_clock(clock)
    , m_journal(new JournalWorker(journalDir))
    , m_worker(new InboxWorker(ledger, journalDir, clock))
{
    m_journalThread.setObjectName(QStringLiteral("webhook-journal"));
    m_applierThread.setObjectName(QStringLiteral("webhook-applier"));
    m_journal->moveToThread(&m_journalThread);
    m_worker->moveToThread(&m_applierThread);
    connect(&m_journalThread, &QThread::finished, m_journal, &QObject::deleteLater);
    connect(&m_applierThread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_journal, &JournalWorker::journaled, this, &WebhookReceiver::onJournaled);
    connect(m_worker, &InboxWorker::purchasesRecorded, this,
            [this](const QList<CartPurchase> &purchases) {
                for (const CartPurchase &p : purchases)
                    Q_EMIT cartPurchaseRecorded(p);
            });
    connect(m_worker, &InboxWorker::eventQuarantined, this, &WebhookReceiver::eventQuarantined);
    connect(m_worker, &InboxWorker::applied, this, &WebhookReceiver::applied);
    server.route(QHttpServerRequest::Method::Post, QStringLiteral("/webhook"),
                 [this](const QHttpServerRequest &request, HttpReply reply) {
                     handle(request, std::move(reply));
                 });
}

WebhookReceiver::~WebhookReceiver()
{
    stop();
    // Never started (or failed to): the workers were never moved to a
    // running thread's deleteLater.
    if (!m_journalThread.isFinished())
        delete m_journal;
    if (!m_applierThread.isFinished())
        delete m_worker;
}

Status WebhookReceiver::start()
{
    m_journalThread.start();
    QString error;
    QMetaObject::invokeMethod(m_journal, &JournalWorker::open, Qt::BlockingQueuedConnection,
                              &error);
    if (error.isEmpty()) {
        m_applierThread.start();
        QMetaObject::invokeMethod(
            m_worker,
            [this, &error] { error = m_worker->open(m_journal->id(), m_journal->lastSeq()); },
            Qt::BlockingQueuedConnection);
    }
    if (!error.isEmpty()) {
        stop();
        return fail(Error::database(error));
    }
    return {};
}

void WebhookReceiver::stop()
{
    if (!m_journalThread.isRunning())
        return;
    // Whatever was handed over is journaled (and answered) before the
    // threads end: the journal thread writes all that waits before it takes
    // the next call, and its answers are delivered here.
    if (!m_waiting.isEmpty()) {
        QMetaObject::invokeMethod(
            m_journal, [] {}, Qt::BlockingQueuedConnection);
        QCoreApplication::sendPostedEvents(this);
    }
    if (m_applierThread.isRunning()) {
        // A clean shutdown leaves nothing waiting.
        qint64 drained = 0;
        QMetaObject::invokeMethod(m_worker, &InboxWorker::drain, Qt::BlockingQueuedConnection,
                                  &drained);
        QMetaObject::invokeMethod(m_worker, &InboxWorker::close, Qt::BlockingQueuedConnection);
        m_applierThread.quit();
        m_applierThread.wait();
    }
    QMetaObject::invokeMethod(m_journal, &JournalWorker::close, Qt::BlockingQueuedConnection);
    if (m_commits > 0)
        qCInfo(lcWebhook).noquote()
            << QStringLiteral("[WEBHOOK] %1 requests journaled in %2 writes since start")
                   .arg(m_received)
                   .arg(m_commits);
    m_journalThread.quit();
    m_journalThread.wait();
    // Announce what the drain applied (purchases, quarantines) to listeners.
    QCoreApplication::sendPostedEvents(this);
}

bool WebhookReceiver::journalHealthy() const
{
    return m_journalThread.isRunning() && !m_journal->failed();
}

void WebhookReceiver::wake()
{
    QMetaObject::invokeMethod(m_worker, &InboxWorker::wake, Qt::QueuedConnection);
}

void WebhookReceiver::handle(const QHttpServerRequest &request, HttpReply reply)
{
    const QByteArray body = request.body();
    const auto verdict = WebhookSignature::verify(request.value("stripe-signature"), body, m_secret,
                                                  m_clock.nowSecs());
    if (verdict != WebhookSignature::Verdict::Valid) {
        qCWarning(lcWebhook).noquote()
            << "[WEBHOOK] Rejected a request:" << WebhookSignature::describe(verdict);
        reply.sendJson(400, {{QStringLiteral("error"), WebhookSignature::describe(verdict)}});
        return;
    }
    if (m_journal->lastSeq() - m_worker->appliedSeq() > kMaxBacklog) {
        // The ledger is far behind (or failing): Stripe delivers again later.
        reply.sendJson(503, {{QStringLiteral("error"),
                              QStringLiteral("too many events waiting to be applied; retry")}});
        return;
    }
    ++m_received;
    // Only the raw bytes travel: validation is the applier's, after the 2xx.
    m_waiting.append(std::move(reply));
    m_journal->enqueue(body, m_clock.nowMs());
}

void WebhookReceiver::onJournaled(qint64 firstSeq, int count, const QString &error)
{
    ++m_commits;
    const qsizetype n = qMin<qsizetype>(count, m_waiting.size());
    if (!error.isEmpty()) {
        // Nothing was journaled: answer 500 so that Stripe delivers again.
        qCCritical(lcWebhook).noquote() << "[WEBHOOK] Could not store events:" << error;
        for (qsizetype i = 0; i < n; ++i)
            m_waiting[i].sendJson(500,
                                  {{QStringLiteral("error"), QStringLiteral("not stored; retry")}});
    } else {
        for (qsizetype i = 0; i < n; ++i)
            m_waiting[i].sendJson(
                200, {{QStringLiteral("received"), true}, {QStringLiteral("id"), firstSeq + i}});
        m_worker->journaledUpTo(firstSeq + count - 1);
        Q_EMIT batchCommitted(count);
    }
    m_waiting.remove(0, n);
}
