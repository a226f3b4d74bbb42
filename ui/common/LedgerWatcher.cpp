#include "LedgerWatcher.h"

#include "ledger/ChangeFeed.h"

LedgerWatcher::LedgerWatcher(ChangeFeed &changes, QObject *notifier, QObject *parent, int pollMs,
                             int coalesceMs)
    : QObject(parent)
    , m_changes(changes)
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(coalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &LedgerWatcher::emitChanged);
    // Named by signature: the window knows its notifier only as a QObject
    // (ui never sees a Ledger). One without a changed() signal is ignored.
    if (notifier && notifier->metaObject()->indexOfSignal("changed()") >= 0)
        connect(notifier, SIGNAL(changed()), this, SLOT(schedule()));

    // Commits of every connection, pushed by the server as they happen.
    if (QObject *pushed = m_changes.pushNotifier()) {
        m_pushed = bool(connect(pushed, SIGNAL(changed()), this, SLOT(schedule())));
        if (m_pushed)
            pollMs = qMax(pollMs, kSafetyPollMs);
    }

    if (const Result<qint64> v = m_changes.version())
        m_version = *v;
    m_poll.setInterval(pollMs);
    connect(&m_poll, &QTimer::timeout, this, &LedgerWatcher::poll);
    m_poll.start();
}

void LedgerWatcher::poll()
{
    const Result<qint64> v = m_changes.version();
    if (!v || *v == m_version)
        return;
    m_version = *v;
    schedule();
}

void LedgerWatcher::schedule()
{
    // Started, never restarted, by a change: a steady stream of commits
    // still yields a refresh every kCoalesceMs instead of none at all.
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

void LedgerWatcher::emitChanged()
{
    // What the views are about to read: a poll that finds the same version
    // next does not refresh them again.
    if (const Result<qint64> v = m_changes.version())
        m_version = *v;
    Q_EMIT ledgerChanged();
}
