#pragma once

#include "http/HttpServer.h"
#include "intake/Intake.h"

#include <QObject>
#include <QThread>

#include <atomic>

class LedgerLocation;
class Clock;
class InboxWorker;
class JournalWorker;

// POST /webhook: verifies Stripe-Signature on the raw bytes, then hands the
// raw body to the journal thread, which appends it to the webhook journal
// (WebhookJournal). Requests that arrive while a journal write is in
// progress are written together in the next one (group commit), so one
// fdatasync serves many requests; no request is answered 2xx before the
// write holding its body is on disk, and the answer is
// `{"received":true,"id":<journal sequence number>}`: the event is safe, not
// yet validated. The applier thread applies the journal to the ledger
// moments later (InboxApplier): a poison event is quarantined then, and a
// cart purchase announced by cartPurchaseRecorded. Bad signatures get 400 at
// once and reach nothing. When the applier falls too far behind, requests
// get 503 (Stripe delivers again later) rather than an unbounded backlog.
class WebhookReceiver final : public QObject
{
    Q_OBJECT
public:
    // Events journaled and not applied beyond which requests get 503.
    static constexpr qint64 kMaxBacklog = 200'000;

    // `journalDir`: WebhookJournal::dirFor() the ledger.
    WebhookReceiver(HttpServer &server, const LedgerLocation &ledger, const QString &journalDir,
                    QByteArray signingSecret, Clock &clock, QObject *parent = nullptr);
    ~WebhookReceiver() override;

    // Opens the journal (one receiver per journal) and the applier's ledger
    // connection, and applies what a previous run left; must succeed before
    // requests come.
    Status start();
    // Journals what is queued (and answers it), applies the whole journal
    // (a clean shutdown drains it), and stops both threads.
    void stop();
    // Rows wait in the inbox table (a retry): apply those due.
    void wake();

    // False once a journal write failed (every request then gets 500 until
    // a restart reopens the journal), or before start().
    bool journalHealthy() const;
    qint64 receivedCount() const { return m_received; }
    qint64 commitCount() const { return m_commits; }

Q_SIGNALS:
    void cartPurchaseRecorded(const CartPurchase &purchase);
    void eventQuarantined(const QString &eventId, const QString &reason);
    // A journal write: that many requests were answered 2xx.
    void batchCommitted(int events);
    // Events applied in one transaction.
    void applied(int rows);

private:
    void handle(const QHttpServerRequest &request, HttpReply reply);
    void onJournaled(qint64 firstSeq, int count, const QString &error);

    QByteArray m_secret;
    Clock &m_clock;
    QThread m_journalThread;
    QThread m_applierThread;
    JournalWorker *m_journal = nullptr;
    InboxWorker *m_worker = nullptr;
    QList<HttpReply> m_waiting; // verified and handed to the journal, in order
    qint64 m_received = 0;
    qint64 m_commits = 0;
};
