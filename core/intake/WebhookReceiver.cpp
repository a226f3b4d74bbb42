#include "WebhookReceiver.h"

#include "http/HttpServer.h"
#include "intake/InboxWorker.h"
#include "intake/WebhookSignature.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QCoreApplication>
#include <QJsonObject>

WebhookReceiver::WebhookReceiver(HttpServer &server, const LedgerLocation &ledger,
                                 QByteArray signingSecret, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_secret(std::move(signingSecret))
    , m_clock(clock)
    , m_worker(new InboxWorker(ledger, clock, m_unanswered))
{
    qRegisterMetaType<QList<qint64>>();
    m_thread.setObjectName(QStringLiteral("webhook-writer"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &InboxWorker::journaled, this, &WebhookReceiver::onJournaled);
    connect(m_worker, &InboxWorker::cartPurchaseRecorded, this,
            &WebhookReceiver::cartPurchaseRecorded);
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
}

Status WebhookReceiver::start()
{
    m_thread.start();
    QString error;
    QMetaObject::invokeMethod(m_worker, &InboxWorker::open, Qt::BlockingQueuedConnection, &error);
    if (!error.isEmpty())
        return fail(Error::database(error));
    return {};
}

void WebhookReceiver::stop()
{
    if (!m_thread.isRunning())
        return;
    // Whatever is queued is journaled (and answered) before the thread ends.
    while (m_busy || !m_queue.isEmpty()) {
        if (!m_busy)
            flush();
        QMetaObject::invokeMethod(
            m_worker, [] {}, Qt::BlockingQueuedConnection);
        QCoreApplication::sendPostedEvents(this);
    }
    // A clean shutdown leaves nothing waiting in the inbox.
    qint64 drained = 0;
    QMetaObject::invokeMethod(m_worker, &InboxWorker::drain, Qt::BlockingQueuedConnection,
                              &drained);
    QMetaObject::invokeMethod(m_worker, &InboxWorker::close, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    // Announce what the drain applied (purchases, quarantines) to listeners.
    QCoreApplication::sendPostedEvents(this);
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
    ++m_received;
    m_unanswered.fetch_add(1, std::memory_order_relaxed);
    // Only the raw bytes travel: validation is the applier's, after the 2xx.
    m_queue.append({body, std::move(reply)});
    if (!m_busy)
        flush();
}

void WebhookReceiver::flush()
{
    if (m_queue.isEmpty())
        return;
    m_busy = true;
    std::swap(m_queue, m_inFlight);
    QList<QByteArray> bodies;
    bodies.reserve(m_inFlight.size());
    for (const Waiting &w : std::as_const(m_inFlight))
        bodies.append(w.body);
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, bodies] { worker->journal(bodies); }, Qt::QueuedConnection);
}

void WebhookReceiver::onJournaled(const QList<qint64> &ids, const QString &error)
{
    ++m_commits;
    if (!error.isEmpty()) {
        // Nothing was journaled: answer 500 so that Stripe delivers again.
        qCCritical(lcWebhook).noquote() << "[WEBHOOK] Could not store events:" << error;
        for (Waiting &w : m_inFlight)
            w.reply.sendJson(500, {{QStringLiteral("error"), QStringLiteral("not stored; retry")}});
    } else {
        for (qsizetype i = 0; i < m_inFlight.size(); ++i)
            m_inFlight[i].reply.sendJson(
                200, {{QStringLiteral("received"), true}, {QStringLiteral("id"), ids.at(i)}});
        Q_EMIT batchCommitted(int(m_inFlight.size()));
    }
    m_unanswered.fetch_sub(int(m_inFlight.size()), std::memory_order_relaxed);
    m_inFlight.clear();
    m_busy = false;
    if (!m_queue.isEmpty())
        flush();
    else
        wake(); // idle: the applier need not wait for more
}
