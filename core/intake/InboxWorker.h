#pragma once

#include "intake/InboxApplier.h"
#include "intake/WebhookJournal.h"
#include "ledger/Ledger.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>
#include <mutex>

// The webhook's journal thread: appends verified raw events to the journal
// file, a group per write and fdatasync, before their 2xx. Bodies are handed
// over on any thread (enqueue()); a write takes all that waits (up to
// kMaxGroup), and the next write starts as soon as the fdatasync returns,
// without waiting for the answers to go out. It never waits on the ledger,
// and the ledger never waits on it.
class JournalWorker final : public QObject
{
    Q_OBJECT
public:
    // Bodies in one journal write at most.
    static constexpr int kMaxGroup = 64;

    explicit JournalWorker(QString dir);

    // Opens (or creates) the journal; the error's message, or empty.
    Q_INVOKABLE QString open();
    // Any thread: the body waits for the next write.
    void enqueue(const QByteArray &body, qint64 receivedAtMs);
    Q_INVOKABLE void close();

    // Valid after open(), on any thread until close().
    QString id() const { return m_id; }
    qint64 lastSeq() const { return m_lastSeq.load(std::memory_order_acquire); }
    // A write failed: the journal takes nothing more until a restart.
    bool failed() const { return m_failed.load(std::memory_order_acquire); }

Q_SIGNALS:
    // The next `count` bodies in the order enqueued are durable as firstSeq,
    // firstSeq + 1, ...; or none of them is, and error says why.
    void journaled(qint64 firstSeq, int count, const QString &error);

private:
    void writePending();

    QString m_dir;
    QString m_id;
    std::unique_ptr<WebhookJournal::Writer> m_writer;
    std::atomic<qint64> m_lastSeq{0};
    std::atomic<bool> m_failed{false};
    std::mutex m_mutex; // guards the two below
    QList<QByteArray> m_pending;
    qint64 m_pendingSince = 0; // received-at of the oldest pending body
    bool m_writePosted = false;
};

// The webhook's applier thread: its own ledger connection applies the
// journal in batches (InboxApplier) behind the journal thread, and retries
// what waits in the inbox table. It runs at a lower CPU priority than the
// threads that answer requests: under a burst the 2xx come first and the
// ledger catches up behind them (the lag is `status`'s inbox backlog).
class InboxWorker final : public QObject
{
    Q_OBJECT
public:
    InboxWorker(const LedgerLocation &ledger, QString journalDir, Clock &clock);

    // Opens the connection and applies whatever waits up to `durableSeq` (a
    // crash or a stop between journal and apply left it): resume at start.
    Q_INVOKABLE QString open(const QString &journalId, qint64 durableSeq);
    // Records up to seq are durable in the journal: apply them.
    void journaledUpTo(qint64 seq);
    // Rows may be waiting in the inbox table: apply those due.
    Q_INVOKABLE void wake();
    // Applies everything waiting (clean shutdown); returns how many.
    Q_INVOKABLE qint64 drain();
    Q_INVOKABLE void close();

    // The journal's last applied sequence number, on any thread.
    qint64 appliedSeq() const { return m_appliedSeq.load(std::memory_order_acquire); }

Q_SIGNALS:
    // The purchases one call recorded, in order: one queued signal a batch,
    // not one an event, reaches the receiver's thread.
    void purchasesRecorded(const QList<CartPurchase> &purchases);
    void eventQuarantined(const QString &eventId, const QString &reason);
    void applied(int rows);

private:
    void announcePurchases();
    void scheduleApply();
    void applySome();
    void retryLater(const QString &what, const Error &error);
    void armRetry();
    void publishMark();

    Ledger m_ledger;
    QString m_journalDir;
    QString m_journalId;
    std::unique_ptr<InboxApplier> m_applier;
    std::unique_ptr<WebhookJournal::Reader> m_reader;
    QTimer m_retry;
    std::atomic<qint64> m_durableSeq{0};
    std::atomic<qint64> m_appliedSeq{0};
    std::atomic<bool> m_applyPosted{false};
    bool m_tableDue = false;         // rows may wait in the inbox table
    QList<CartPurchase> m_purchases; // recorded, not announced yet
};
