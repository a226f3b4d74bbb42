#include "WindowEngine.h"

#include "Cli.h"
#include "MainWindow.h"
#include "common/RunControl.h"
#include "common/ScheduleSource.h"
#include "engine/Cleanup.h"
#include "engine/PayoutEngine.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Logging.h"

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
    return m_scheduler ? m_scheduler->mode() : Scheduler::Mode::Development;
}

Status WindowEngine::start(const QString &stripeKey, MainWindow &window, Intake *purchases)
{
    const Result<Scheduler::Mode> mode =
        Scheduler::modeFor(m_ctx.settings->string(Settings::Key::Mode), stripeKey);
    if (!mode)
        return fail(mode.error());
    m_engine = std::make_unique<PayoutEngine>(m_ctx.engineConfig(stripeKey), *m_ctx.clock);
    m_scheduler = std::make_unique<Scheduler>(*mode, m_ctx.scheduleIntervals(), *m_ctx.clock);
    connect(m_scheduler.get(), &Scheduler::runDue, m_engine.get(), &PayoutEngine::requestRun);
    if (purchases)
        connect(purchases, &Intake::cartPurchaseRecorded, m_scheduler.get(),
                &Scheduler::onCartPurchase);
    // Other processes (status, artists' windows) read the next run here.
    connect(m_scheduler.get(), &Scheduler::nextRunChanged, this, [this](const QDateTime &when) {
        (void)m_ledger.setMeta(LedgerSchedule::MetaKey,
                               when.isValid() ? when.toUTC().toString(Qt::ISODate) : QString());
    });
    connect(m_scheduler.get(), &Scheduler::cleanupDue, this, [this] {
        Cleanup cleanup(m_ledger, m_ctx.settings->integer(Settings::Key::RetentionDays));
        if (const auto r = cleanup.run(false, QStringLiteral("schedule")); !r)
            qCWarning(lcCleanup).noquote() << "[CLEANUP] failed:" << r.error().message;
    });
    m_runs = std::make_unique<EngineRunControl<PayoutEngine>>(*m_engine);
    m_schedule = std::make_unique<SchedulerSchedule<Scheduler>>(*m_scheduler);
    window.setRunControl(m_runs.get());
    window.setScheduleSource(m_schedule.get());
    window.setEngineMode(*mode);
    m_scheduler->start();
    return {};
}
