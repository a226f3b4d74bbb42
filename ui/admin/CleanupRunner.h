#pragma once

#include "engine/Cleanup.h"

#include <QCoreApplication>
#include <QObject>

class AdminActions;

// Runs the engine's Cleanup (engine/Cleanup.h) for the admin: first as a
// dry run, whose report is the preview, then for real once confirmed,
// through AdminActions::runCleanup, which never blocks the window (locally
// it runs on a worker thread with a connection of its own); the window's
// LedgerWatcher sees the commit like any other connection's.
class CleanupRunner final : public QObject
{
    Q_OBJECT
public:
    explicit CleanupRunner(AdminActions &actions, QObject *parent = nullptr);

    // From start() until finished() is emitted (not the worker's own state,
    // which may end before the window has heard of it).
    bool isRunning() const { return m_busy; }
    void start(bool dryRun);
    // The last run's report, once finished() was emitted.
    Result<Cleanup::Report> result() const { return m_result; }

    // What a report says, in the window's language; at most maxListed of the
    // changed entries are listed one by one.
    static QString describe(const Cleanup::Report &report, int maxListed = 12);
    static int changeCount(const Cleanup::Report &report);

Q_SIGNALS:
    void finished();

private:
    AdminActions &m_actions;
    bool m_busy = false;
    Result<Cleanup::Report> m_result = fail(Error::config(QStringLiteral("no cleanup ran")));
};
