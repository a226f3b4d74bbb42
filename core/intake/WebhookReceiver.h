#pragma once

#include "http/HttpServer.h"
#include "intake/Intake.h"

#include <QObject>
#include <QThread>

#include <atomic>

class LedgerLocation;
class Clock;
class InboxWorker;

// POST /webhook: verifies Stripe-Signature on the raw bytes, then hands the
// raw body to a writer thread that journals it in the ledger's inbox.
// Requests that arrive while a journal commit is in progress are journaled
// together in the next transaction (group commit), so one fsync serves many
// requests; no request is answered 2xx before the transaction holding its
// body has committed, and the answer is `{"received":true,"id":<inbox row>}`:
// the event is safe, not yet validated. The same thread applies the inbox
// moments later (InboxApplier): a poison event is quarantined then, and a
// cart purchase announced by cartPurchaseRecorded. Bad signatures get 400 at
// once and reach nothing.
class WebhookReceiver final : public QObject
{
    Q_OBJECT
public:
    WebhookReceiver(HttpServer &server, const LedgerLocation &ledger, QByteArray signingSecret,
                    Clock &clock, QObject *parent = nullptr);
    ~WebhookReceiver() override;

    // Opens the writer's ledger connection and applies what a previous run
    // left in the inbox; must succeed before requests come.
    Status start();
    // Journals what is queued (and answers it), applies the whole inbox
    // (a clean shutdown drains it), and stops the writer thread.
    void stop();
    // Rows journaled by another connection wait in the inbox: apply them.
    void wake();

    qint64 receivedCount() const { return m_received; }
    qint64 commitCount() const { return m_commits; }

Q_SIGNALS:
    void cartPurchaseRecorded(const CartPurchase &purchase);
    void eventQuarantined(const QString &eventId, const QString &reason);
    // A journal commit: that many requests were answered 2xx.
    void batchCommitted(int events);
    // Inbox rows applied in one transaction.
    void applied(int rows);

private:
    struct Waiting
    {
        QByteArray body;
        HttpReply reply;
    };
    void handle(const QHttpServerRequest &request, HttpReply reply);
    void flush();
    void onJournaled(const QList<qint64> &ids, const QString &error);

    QByteArray m_secret;
    Clock &m_clock;
    QThread m_thread;
    std::atomic<int> m_unanswered{0}; // read by the writer thread
    InboxWorker *m_worker = nullptr;
    QList<Waiting> m_queue;    // verified, waiting for the next journal commit
    QList<Waiting> m_inFlight; // in the transaction being committed now
    bool m_busy = false;
    qint64 m_received = 0;
    qint64 m_commits = 0;
};
