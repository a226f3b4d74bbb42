#pragma once

#include <QObject>
#include <QTimer>

class ChangeFeed;

// Tells the window that the ledger changed, whoever changed it. It polls
// ChangeFeed::version(), which moves on every commit of any connection
// (this process's, `payoutdesk serve`, `trigger-payouts`, another machine's
// for a server). A notifier with a changed() signal (the app's Ledger) makes
// this process's own commits show at once instead of at the next poll.
// Bursts (a run commits once per transfer) are coalesced into one
// ledgerChanged(), so the views refresh a few times a second at most.
class LedgerWatcher final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultPollMs = 500;
    static constexpr int kCoalesceMs = 100;

    // coalesceMs: 0 for a feed whose notifier batches by itself (a store's
    // snapshot changes once per read of the store).
    explicit LedgerWatcher(ChangeFeed &changes, QObject *notifier = nullptr,
                           QObject *parent = nullptr, int pollMs = kDefaultPollMs,
                           int coalesceMs = kCoalesceMs);

Q_SIGNALS:
    void ledgerChanged();

private Q_SLOTS:
    void schedule();

private:
    void poll();

    ChangeFeed &m_changes;
    QTimer m_poll;
    QTimer m_coalesce;
    qint64 m_version = -1;
};
