#pragma once

#include "engine/Scheduler.h"
#include "util/Error.h"

#include <QObject>

#include <memory>

struct CliContext;
class EngineHost;
class HttpServer;
class Intake;
class Ledger;
class MainWindow;
class RunControl;
class ScheduleSource;

// The store's engine in a window: an EngineHost (the payout engine, its
// schedule, the daily cleanup, and with a signing secret the webhook
// receiver), handed to the window through its RunControl and
// ScheduleSource adapters. The admin's window runs one with the platform's
// Stripe key, the demo with the simulator's; an artist's window follows the
// store's engine through the ledger instead.
class WindowEngine final : public QObject
{
    Q_OBJECT
public:
    WindowEngine(CliContext &ctx, Ledger &ledger, QObject *parent = nullptr);
    ~WindowEngine() override;

    // Starts the engine with this key and attaches it to the window; an
    // error (a live key in development mode, say) leaves nothing running.
    // With a signing secret and a server, POST /webhook is routed on it.
    Status start(const QString &stripeKey, MainWindow &window, Intake *purchases,
                 const QByteArray &webhookSigningSecret = {}, HttpServer *server = nullptr);
    // Attaches an engine that runs already (the demo's) to the window.
    void attach(EngineHost &host, MainWindow &window, Intake *purchases);
    Scheduler::Mode mode() const;
    EngineHost *host() const { return m_host; }

private:
    CliContext &m_ctx;
    Ledger &m_ledger;
    std::unique_ptr<EngineHost> m_ownHost;
    EngineHost *m_host = nullptr;
    std::unique_ptr<RunControl> m_runs;
    std::unique_ptr<ScheduleSource> m_schedule;
};
