#pragma once

#include "engine/Scheduler.h"
#include "util/Error.h"

#include <QObject>

#include <memory>

struct CliContext;
class Intake;
class Ledger;
class MainWindow;
class PayoutEngine;
class RunControl;
class ScheduleSource;

// The payout engine in the admin's window: a PayoutEngine and its Scheduler,
// wired as `payoutdesk serve` wires them (runs when due, the next run
// written to the ledger for other processes, the daily cleanup), and handed
// to the window through its RunControl and ScheduleSource adapters. Only
// the admin view runs one, and only with the platform's Stripe key; an
// artist's window follows the store's engine through the ledger instead.
class WindowEngine final : public QObject
{
    Q_OBJECT
public:
    WindowEngine(CliContext &ctx, Ledger &ledger, QObject *parent = nullptr);
    ~WindowEngine() override;

    // Starts the engine with this key and attaches it to the window; an
    // error (a live key in development mode, say) leaves nothing running.
    Status start(const QString &stripeKey, MainWindow &window, Intake *purchases);
    Scheduler::Mode mode() const;

private:
    CliContext &m_ctx;
    Ledger &m_ledger;
    std::unique_ptr<PayoutEngine> m_engine;
    std::unique_ptr<Scheduler> m_scheduler;
    std::unique_ptr<RunControl> m_runs;
    std::unique_ptr<ScheduleSource> m_schedule;
};
