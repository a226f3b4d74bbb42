#include "WindowEngine.h"

#include "Cli.h"
#include "MainWindow.h"
#include "common/RunControl.h"
#include "common/ScheduleSource.h"
#include "engine/PayoutEngine.h"
#include "service/EngineHost.h"

WindowEngine::WindowEngine(CliContext &ctx, Ledger &ledger, QObject *parent)
    : QObject(parent)
    , m_ctx(ctx)
    , m_ledger(ledger)
{}

WindowEngine::~WindowEngine()
{
    // The window holds pointers to the adapters; they go before the engine.
    m_schedule.reset();
    m_runs.reset();
}

Scheduler::Mode WindowEngine::mode() const
{
    return m_host ? m_host->mode() : Scheduler::Mode::Development;
}

Status WindowEngine::start(const QString &stripeKey, MainWindow &window, Intake *purchases,
                           const QByteArray &webhookSigningSecret, HttpServer *server)
{
    if (stripeKey.isEmpty())
        return fail(Error::config(QStringLiteral("the window's engine needs the Stripe key")));
    Result<EngineHost::Config> config = m_ctx.engineHostConfig(stripeKey, webhookSigningSecret);
    if (!config)
        return fail(config.error());
    config->pollIntervalMs = 0; // the window takes sales from webhooks and imports only
    auto host = std::make_unique<EngineHost>(*config, m_ledger, *m_ctx.clock);
    if (Status s = host->start(server); !s)
        return s;
    m_ownHost = std::move(host);
    attach(*m_ownHost, window, purchases);
    return {};
}

void WindowEngine::attach(EngineHost &host, MainWindow &window, Intake *purchases)
{
    m_host = &host;
    if (purchases)
        host.followPurchases(*purchases);
    m_runs = std::make_unique<EngineRunControl<PayoutEngine>>(*host.engine());
    m_schedule = std::make_unique<SchedulerSchedule<Scheduler>>(*host.scheduler());
    window.setRunControl(m_runs.get());
    window.setScheduleSource(m_schedule.get());
    window.setEngineMode(host.mode());
}
