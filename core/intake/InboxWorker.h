#pragma once

#include "intake/InboxApplier.h"
#include "ledger/Ledger.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>

// The webhook's writer thread: its own ledger connection journals verified
// raw events (group commit, durable before the 2xx) and, between journal
// commits, applies what the inbox holds. One connection for both means a
// journal commit never waits on SQLite's lock for another connection's apply
// (whose busy handler sleeps in whole milliseconds); it waits at most for
// the one apply batch in progress. Journals come first: while requests wait
// for their 2xx, the applier runs only once a worthwhile batch has built up.
class InboxWorker final : public QObject
{
    Q_OBJECT
public:
    // Rows that must be waiting, while requests wait for their answer, before
    // an apply batch may delay the next journal commit.
    static constexpr int kApplyFloor = 32;

    // `unanswered`: verified requests the receiver has not answered yet.
    InboxWorker(const LedgerLocation &ledger, Clock &clock, const std::atomic<int> &unanswered);

    // Opens the connection and applies whatever waits (a crash or a stop
    // between journal and apply left it): resume at start.
    Q_INVOKABLE QString open();
    void journal(const QList<QByteArray> &bodies);
    // Rows may be waiting (journaled elsewhere, or the receiver went idle).
    Q_INVOKABLE void wake();
    // Applies every waiting row (clean shutdown); returns how many.
    Q_INVOKABLE qint64 drain();
    Q_INVOKABLE void close();

Q_SIGNALS:
    void journaled(const QList<qint64> &ids, const QString &error);
    void cartPurchaseRecorded(const CartPurchase &purchase);
    void eventQuarantined(const QString &eventId, const QString &reason);
    void applied(int rows);

private:
    void scheduleApply();
    void applySome();
    void armRetry();

    Ledger m_ledger;
    std::unique_ptr<InboxApplier> m_applier;
    const std::atomic<int> &m_unanswered;
    QTimer m_retry;
    qint64 m_waiting = 0; // rows known to wait (journaled here, not yet applied)
    bool m_applyPosted = false;
};
