#pragma once

#include "http/HttpServer.h"
#include "intake/Intake.h"

#include <QObject>
#include <QThread>

class Clock;
class IntakeWorker;

// POST /webhook: verifies Stripe-Signature on the raw bytes, then hands the
// event to a writer thread that commits it to the ledger. Requests that
// arrive while a commit is in progress are committed together in the next
// transaction (group commit), so one fsync serves many requests; no request
// is answered 2xx before the transaction holding its event has committed.
// Bad signatures get 400 at once and reach nothing.
class WebhookReceiver final : public QObject
{
    Q_OBJECT
public:
    WebhookReceiver(HttpServer &server, const QString &ledgerPath, QByteArray signingSecret,
                    Clock &clock, QObject *parent = nullptr);
    ~WebhookReceiver() override;

    // Opens the writer's ledger connection; must succeed before requests come.
    Status start();
    // Commits what is queued and stops the writer thread.
    void stop();

    qint64 receivedCount() const { return m_received; }
    qint64 commitCount() const { return m_commits; }

Q_SIGNALS:
    void cartPurchaseRecorded(const CartPurchase &purchase);
    void eventQuarantined(const QString &eventId, const QString &reason);
    void batchCommitted(int events);

private:
    struct Waiting
    {
        ParsedEvent event;
        HttpReply reply;
    };
    void handle(const QHttpServerRequest &request, HttpReply reply);
    void flush();
    void onBatchDone(const QList<IntakeOutcome> &outcomes, const QString &error);

    QByteArray m_secret;
    Clock &m_clock;
    QThread m_thread;
    IntakeWorker *m_worker = nullptr;
    QList<Waiting> m_queue;    // verified, waiting for the next commit
    QList<Waiting> m_inFlight; // in the transaction being committed now
    bool m_busy = false;
    qint64 m_received = 0;
    qint64 m_commits = 0;
};
