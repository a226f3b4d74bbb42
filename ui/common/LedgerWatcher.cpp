#include "LedgerWatcher.h"

#include "ledger/Ledger.h"

LedgerWatcher::LedgerWatcher(Ledger &ledger, QObject *parent, int pollMs)
    : QObject(parent)
    , m_ledger(ledger)
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(kCoalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &LedgerWatcher::ledgerChanged);
    // Started, never restarted, by a change: a steady stream of commits
    // still yields a refresh every kCoalesceMs instead of none at all.
    connect(&m_ledger, &Ledger::changed, this, &LedgerWatcher::schedule);

    if (const Result<qint64> v = m_ledger.dataVersion())
        m_version = *v;
    m_poll.setInterval(pollMs);
    connect(&m_poll, &QTimer::timeout, this, &LedgerWatcher::poll);
    m_poll.start();
}

void LedgerWatcher::poll()
{
    const Result<qint64> v = m_ledger.dataVersion();
    if (!v || *v == m_version)
        return;
    m_version = *v;
    schedule();
}

void LedgerWatcher::schedule()
{
    if (!m_coalesce.isActive())
        m_coalesce.start();
}
