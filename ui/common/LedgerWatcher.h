#pragma once

#include <QObject>
#include <QTimer>

class ChangeFeed;

// Tells the window that the ledger changed, whoever changed it. It polls
// ChangeFeed::version(), which moves on every commit of any connection
// (this process's, `payoutdesk serve`, `trigger-payouts`, another machine's
// for a server). A notifier with a changed() signal (the app's Ledger) makes
// this process's own commits show at once instead of at the next poll.
// Where the feed pushes changes itself (ChangeFeed::pushNotifier(): a
// PostgreSQL ledger's LISTEN/NOTIFY), every commit of any machine shows at
// once, and the poll only runs every kSafetyPollMs as a safety net.
// Bursts (a run commits once per transfer) are coalesced into one
// ledgerChanged(), so the views refresh a few times a second at most.
class LedgerWatcher final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultPollMs = 500;
    static constexpr int kCoalesceMs = 100;
    // The poll beside a feed that pushes: at least this long.
    static constexpr int kSafetyPollMs = 10'000;

    // coalesceMs: 0 for a feed whose notifier batches by itself (a store's
    // snapshot changes once per read of the store).
    // pollMs: the poll without a push; with one, max(pollMs, kSafetyPollMs).
    explicit LedgerWatcher(ChangeFeed &changes, QObject *notifier = nullptr,
                           QObject *parent = nullptr, int pollMs = kDefaultPollMs,
                           int coalesceMs = kCoalesceMs);

    // Whether changes arrive pushed (and the poll is only a safety net).
    bool isPushed() const { return m_pushed; }
    int pollInterval() const { return m_poll.interval(); }

Q_SIGNALS:
    void ledgerChanged();

private Q_SLOTS:
    void schedule();

private:
    void poll();
    void emitChanged();

    ChangeFeed &m_changes;
    bool m_pushed = false;
    QTimer m_poll;
    QTimer m_coalesce;
    qint64 m_version = -1;
};
