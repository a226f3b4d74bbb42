#include "WebhookReceiver.h"

#include "http/HttpServer.h"
#include "intake/IntakeWorker.h"
#include "intake/WebhookSignature.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QCoreApplication>
#include <QJsonObject>

WebhookReceiver::WebhookReceiver(HttpServer &server, const QString &ledgerPath,
                                 QByteArray signingSecret, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_secret(std::move(signingSecret))
    , m_clock(clock)
    , m_worker(new IntakeWorker(ledgerPath, clock))
{
    qRegisterMetaType<QList<IntakeOutcome>>();
    qRegisterMetaType<IntakeSource>();
    m_thread.setObjectName(QStringLiteral("webhook-writer"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &IntakeWorker::processed, this, &WebhookReceiver::onBatchDone);
    connect(m_worker, &IntakeWorker::cartPurchaseRecorded, this,
            &WebhookReceiver::cartPurchaseRecorded);
    connect(m_worker, &IntakeWorker::eventQuarantined, this, &WebhookReceiver::eventQuarantined);
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
    QMetaObject::invokeMethod(m_worker, &IntakeWorker::open, Qt::BlockingQueuedConnection, &error);
    if (!error.isEmpty())
        return fail(Error::database(error));
    return {};
}

void WebhookReceiver::stop()
{
    if (!m_thread.isRunning())
        return;
    // Whatever is queued is committed (and answered) before the thread ends.
    while (m_busy || !m_queue.isEmpty()) {
        if (!m_busy)
            flush();
        QMetaObject::invokeMethod(
            m_worker, [] {}, Qt::BlockingQueuedConnection);
        QCoreApplication::sendPostedEvents(this);
    }
    QMetaObject::invokeMethod(m_worker, &IntakeWorker::close, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
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
    // Validation is pure: doing it here, on the receiving thread, leaves the
    // writer thread nothing to do but write.
    m_queue.append({ParsedEvent{body, parseStripeEvent(body)}, std::move(reply)});
    if (!m_busy)
        flush();
}

void WebhookReceiver::flush()
{
    if (m_queue.isEmpty())
        return;
    m_busy = true;
    std::swap(m_queue, m_inFlight);
    QList<ParsedEvent> events;
    events.reserve(m_inFlight.size());
    for (const Waiting &w : std::as_const(m_inFlight))
        events.append(w.event);
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, events] { worker->process(events, IntakeSource::Webhook); },
        Qt::QueuedConnection);
}

void WebhookReceiver::onBatchDone(const QList<IntakeOutcome> &outcomes, const QString &error)
{
    ++m_commits;
    if (!error.isEmpty()) {
        // Nothing was committed: answer 500 so that Stripe delivers again.
        qCCritical(lcWebhook).noquote() << "[WEBHOOK] Could not store events:" << error;
        for (Waiting &w : m_inFlight)
            w.reply.sendJson(500, {{QStringLiteral("error"), QStringLiteral("not stored; retry")}});
    } else {
        for (qsizetype i = 0; i < m_inFlight.size(); ++i) {
            const IntakeOutcome &o = outcomes.at(i);
            if (o.kind == IntakeOutcome::Kind::Recorded && o.entriesAdded > 0)
                qCInfo(lcWebhook).noquote() << "[WEBHOOK] Cart purchase recorded:" << o.detail;
            (m_inFlight)[i].reply.sendJson(200, {{QStringLiteral("received"), true},
                                                 {QStringLiteral("id"), o.eventId},
                                                 {QStringLiteral("outcome"), outcomeName(o.kind)}});
        }
        Q_EMIT batchCommitted(int(m_inFlight.size()));
    }
    m_inFlight.clear();
    m_busy = false;
    if (!m_queue.isEmpty())
        flush();
}
