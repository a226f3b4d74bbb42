#pragma once

#include "engine/Cleanup.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QObject>

class Clock;

// Runs the engine's Cleanup (engine/Cleanup.h) for the admin: first as a
// dry run, whose report is the preview, then for real once confirmed. Each
// run happens on a worker thread with a ledger connection of its own (one
// Ledger per thread), so a cleanup of a large ledger never freezes the
// window; the window's LedgerWatcher sees the commit like any other
// process's.
class CleanupRunner final : public QObject
{
    Q_OBJECT
public:
    CleanupRunner(QString ledgerPath, Clock &clock, int retentionDays, QObject *parent = nullptr);
    ~CleanupRunner() override;

    // From start() until finished() is emitted (not the worker's own state,
    // which may end before the window has heard of it).
    bool isRunning() const { return m_busy; }
    void start(bool dryRun);
    // The last run's report, once finished() was emitted.
    Result<Cleanup::Report> result() const { return m_watcher.result(); }

    // What a report says, in the window's language; at most maxListed of the
    // changed entries are listed one by one.
    static QString describe(const Cleanup::Report &report, int maxListed = 12);
    static int changeCount(const Cleanup::Report &report);

Q_SIGNALS:
    void finished();

private:
    QString m_ledgerPath;
    Clock &m_clock;
    int m_retentionDays;
    bool m_busy = false;
    QFutureWatcher<Result<Cleanup::Report>> m_watcher;
};
