#include "EngineHost.h"

#include "engine/Cleanup.h"
#include "intake/EventsPoller.h"
#include "intake/InboxApplier.h"
#include "intake/Intake.h"
#include "intake/WebhookJournal.h"
#include "intake/WebhookReceiver.h"
#include "ledger/Ledger.h"
#include "stripe/StripeClient.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QFileInfo>
#include <QJsonDocument>

EngineHost::EngineHost(Config config, Ledger &ledger, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_ledger(ledger)
    , m_clock(clock)
{
    connect(&m_heartbeat, &QTimer::timeout, this, &EngineHost::beat);
}

EngineHost::~EngineHost()
{
    stop();
}

Status EngineHost::start(HttpServer *server)
{
    // Every intake of this process (receiver, poller, replay) refuses events
    // whose livemode differs from the key's (EVENTS.md); no key: test mode.
    Intake::setProcessLivemode(isLiveStripeKey(m_config.engine.stripeSecretKey));
    if (m_config.webhookJournalDir.isEmpty() && !m_config.engine.ledger.filePath().isEmpty())
        m_config.webhookJournalDir = WebhookJournal::dirFor(m_config.engine.ledger, {});
    if (!m_config.webhookSigningSecret.isEmpty()) {
        if (m_config.webhookJournalDir.isEmpty())
            return fail(Error::config(QStringLiteral("the webhook journal needs a folder")));
        if (!server)
            return fail(Error::config(QStringLiteral("the webhook receiver needs an HTTP server")));
        m_receiver = std::make_unique<WebhookReceiver>(*server, m_config.engine.ledger,
                                                       m_config.webhookJournalDir,
                                                       m_config.webhookSigningSecret, m_clock);
        if (Status s = m_receiver->start(); !s) {
            m_receiver.reset();
            return s;
        }
        connect(m_receiver.get(), &WebhookReceiver::cartPurchaseRecorded, this,
                &EngineHost::onCartPurchase);
    } else {
        // No receiver to resume the journal: what an earlier run journaled
        // and did not apply (a crash) is applied here, once, before anything
        // else.
        applyLeftovers();
    }

    if (!m_config.engine.stripeSecretKey.isEmpty()) {
        m_engine = std::make_unique<PayoutEngine>(m_config.engine, m_clock);
        m_scheduler = std::make_unique<Scheduler>(m_config.mode, m_config.intervals, m_clock);
        connect(m_scheduler.get(), &Scheduler::runDue, m_engine.get(), &PayoutEngine::requestRun);
        connect(m_scheduler.get(), &Scheduler::nextRunChanged, this, &EngineHost::writeNextRun);
        connect(m_scheduler.get(), &Scheduler::cleanupDue, this, &EngineHost::runCleanup);
        connect(
            m_engine.get(), &PayoutEngine::runFinished, this, [this](const PayoutRunSummary &s) {
                if (s.trigger == RunTrigger::FastPayout)
                    qCInfo(lcSchedule).noquote() << "[FAST PAYOUT] Triggered payout completed";
                // The notes may name artists and grow long; the counts are what
                // other processes show.
                QJsonObject summary = s.toJson();
                summary.remove(QStringLiteral("notes"));
                writeStatus(
                    {{EngineStatus::kLastRunKey,
                      QString::fromUtf8(QJsonDocument(summary).toJson(QJsonDocument::Compact))}},
                    "the last run");
            });

        if (m_config.pollIntervalMs > 0) {
            // The Events API poller catches what webhooks missed (or all of
            // it, where no webhook endpoint is reachable), through the same
            // intake rules; it leaves most of the rate limit to payouts.
            StripeClient::Config pc;
            pc.apiBase = m_config.engine.stripeApiBase;
            pc.secretKey = m_config.engine.stripeSecretKey;
            pc.requestsPerSecond = qMax(1, m_config.engine.requestsPerSecond / 5);
            m_pollClient = std::make_unique<StripeClient>(pc);
            m_pollIntake = std::make_unique<Intake>(m_ledger);
            m_poller = std::make_unique<EventsPoller>(m_ledger, *m_pollIntake, *m_pollClient);
            followPurchases(*m_pollIntake);
            m_poller->start(m_config.pollIntervalMs);
        }
    }
    // Running, before the schedule writes its first next run: a reader never
    // sees a next run under a "stopped" engine.
    writeStatus({{EngineStatus::kModeKey, Scheduler::modeName(m_config.mode)},
                 {EngineStatus::kStateKey, EngineStatus::kRunningValue},
                 {EngineStatus::kHeartbeatKey, m_clock.now().toUTC().toString(Qt::ISODateWithMs)}},
                "that the engine runs");
    if (m_scheduler)
        m_scheduler->start();
    // At least 50 ms of real time: a demo's clock at 1000x still beats
    // within EngineStatus::kStaleAfterMs of its own time, without a commit
    // per millisecond.
    m_heartbeat.start(std::chrono::milliseconds(
        qMax<qint64>(50, m_clock.timerMsFor(m_config.heartbeatIntervalMs))));
    m_started = true;
    return {};
}

void EngineHost::stop()
{
    if (!m_started)
        return;
    m_started = false;
    if (m_receiver)
        m_receiver->stop();
    if (m_poller)
        m_poller->stop();
    m_heartbeat.stop();
    if (m_scheduler) {
        // The scheduler announces an empty schedule as it stops; that is
        // recorded below, with the stop, in one write rather than two.
        disconnect(m_scheduler.get(), &Scheduler::nextRunChanged, this, &EngineHost::writeNextRun);
        m_scheduler->stop();
    }
    // A stopped engine promises no run: other processes stop counting down.
    // The next run is cleared with "" (the value column is NOT NULL).
    writeStatus({{EngineStatus::kNextRunKey, QStringLiteral("")},
                 {EngineStatus::kStateKey, EngineStatus::kStoppedValue},
                 {EngineStatus::kHeartbeatKey, m_clock.now().toUTC().toString(Qt::ISODateWithMs)}},
                "that the engine stopped");
}

void EngineHost::applyLeftovers()
{
    InboxApplier applier(m_ledger);
    connect(&applier, &InboxApplier::cartPurchaseRecorded, this, &EngineHost::onCartPurchase);
    qint64 n = 0;
    const QString dir = m_config.webhookJournalDir;
    if (!dir.isEmpty() && QFileInfo::exists(dir)) {
        // Opening it as its writer cuts a torn end off; when another process
        // holds it, that process applies it.
        const auto writer = WebhookJournal::Writer::open(dir);
        if (writer) {
            WebhookJournal::Reader reader(dir);
            const Result<qint64> journal =
                applier.drainJournal(reader, (*writer)->id(), (*writer)->lastSeq());
            if (!journal)
                qCCritical(lcWebhook).noquote()
                    << "[WEBHOOK] Cannot apply the journal; it is kept:" << journal.error().message;
            n += journal.value_or(0);
            (void)applier.dropAppliedJournal(reader, (*writer)->id());
        } else if (writer.error().kind != Error::Kind::Conflict) {
            qCWarning(lcWebhook).noquote()
                << "[WEBHOOK] Cannot open the journal:" << writer.error().message;
        }
    }
    n += applier.drain();
    if (n > 0)
        qCInfo(lcWebhook).noquote() << "[WEBHOOK] Applied" << n << "events left in the inbox";
}

void EngineHost::followPurchases(Intake &intake)
{
    connect(&intake, &Intake::cartPurchaseRecorded, this, &EngineHost::onCartPurchase);
}

void EngineHost::onCartPurchase(const CartPurchase &purchase)
{
    if (m_scheduler) {
        if (m_scheduler->mode() == Scheduler::Mode::Development)
            qCInfo(lcWebhook).noquote()
                << "[WEBHOOK] Cart purchase detected - triggering fast payout";
        m_scheduler->onCartPurchase();
    }
    Q_EMIT cartPurchaseRecorded(purchase);
}

void EngineHost::writeNextRun(const QDateTime &when)
{
    // Never a null value: the meta column is NOT NULL, and "" reads as
    // "no run scheduled".
    const QString value = when.isValid() ? when.toUTC().toString(Qt::ISODate) : QStringLiteral("");
    writeStatus({{EngineStatus::kNextRunKey, value}}, "the next run");
}

void EngineHost::writeStatus(const QList<std::pair<QString, QString>> &values, const char *what)
{
    MetaStore &meta = m_ledger.meta();
    const Status s = m_ledger.write([&]() -> Status {
        for (const auto &[key, value] : values)
            if (Status st = meta.setValue(key, value); !st)
                return st;
        return {};
    });
    if (!s)
        qCWarning(lcSchedule).noquote()
            << "cannot record" << what << "in the ledger:" << s.error().message;
}

void EngineHost::beat()
{
    writeStatus({{EngineStatus::kHeartbeatKey, m_clock.now().toUTC().toString(Qt::ISODateWithMs)}},
                "the heartbeat");
}

void EngineHost::runCleanup()
{
    Cleanup cleanup(m_ledger, m_config.retentionDays);
    if (const auto r = cleanup.run(false, QStringLiteral("schedule")); !r)
        qCWarning(lcCleanup).noquote() << "[CLEANUP] failed:" << r.error().message;
}
