#pragma once

#include <QObject>
#include <QTimer>

class Ledger;

// Tells the window that the ledger changed, whoever changed it:
//  - this process's commits arrive through Ledger::changed();
//  - another process's commits (`payoutdesk serve`, `trigger-payouts`, an
//    engine elsewhere) are noticed by polling Ledger::dataVersion(), which
//    SQLite changes only for other connections' commits.
// Bursts (a run commits once per transfer) are coalesced into one
// ledgerChanged(), so the views refresh a few times a second at most.
class LedgerWatcher final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultPollMs = 500;
    static constexpr int kCoalesceMs = 100;

    explicit LedgerWatcher(Ledger &ledger, QObject *parent = nullptr, int pollMs = kDefaultPollMs);

    Ledger &ledger() const { return m_ledger; }

Q_SIGNALS:
    void ledgerChanged();

private:
    void poll();
    void schedule();

    Ledger &m_ledger;
    QTimer m_poll;
    QTimer m_coalesce;
    qint64 m_version = -1;
};
