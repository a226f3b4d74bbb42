#pragma once

#include "engine/PayoutEngine.h"
#include "engine/Scheduler.h"
#include "intake/Intake.h"
#include "service/EngineStatus.h"
#include "util/Error.h"

#include <QObject>
#include <QTimer>

#include <memory>

class Clock;
class EventsPoller;
class HttpServer;
class Ledger;
class StripeClient;
class WebhookReceiver;

// The store's engine, wired once: the webhook receiver, the payout engine
// and its schedule, the Events API poller, the daily cleanup, and its own
// status written to the ledger for other processes (EngineStatus: mode,
// running or stopped with a heartbeat, next run, last run). `serve`, the admin's
// window and the demo all run one; what surrounds it (an HTTP listener, a
// window, a simulated store) is theirs.
class EngineHost final : public QObject
{
    Q_OBJECT
public:
    struct Config
    {
        Scheduler::Mode mode = Scheduler::Mode::Development;
        Scheduler::Intervals intervals;
        // Where the engine's threads open their own ledger connections, and
        // the Stripe account; an empty secret key turns payouts off (sales
        // are still taken in).
        PayoutEngine::Config engine;
        QByteArray webhookSigningSecret; // empty: no POST /webhook
        // The webhook journal's folder (WebhookJournal::dirFor()); where a
        // receiver writes, and whose leftovers are applied at start.
        QString webhookJournalDir;
        qint64 pollIntervalMs = 0; // Events API poller; 0: off
        int retentionDays = 90;    // the daily cleanup's
        // How often the heartbeat is written, in clock time.
        qint64 heartbeatIntervalMs = EngineStatus::kHeartbeatIntervalMs;
    };

    // The ledger meta key holding the next run (ISO 8601 UTC), written by a
    // running engine and cleared when it stops.
    static inline const QString &kNextRunMetaKey = EngineStatus::kNextRunKey;

    EngineHost(Config config, Ledger &ledger, Clock &clock, QObject *parent = nullptr);
    ~EngineHost() override;

    // Routes POST /webhook on server (when a signing secret is set; server
    // may be null otherwise) and starts the receiver, the schedule and the
    // poller. The server is the caller's to listen with. Events an earlier
    // run journaled and left unapplied are applied first (by the receiver's
    // applier, or here when there is no receiver and no other process
    // writes the journal).
    Status start(HttpServer *server);
    // Journals what the receiver holds and drains the inbox (a clean
    // shutdown leaves nothing unapplied), stops the timers, and records in
    // one write that the engine stopped and promises no next run. A payout
    // run in flight is left to the next one: its keys are in the ledger.
    void stop();
    // Purchases recorded by another intake in this process (the window's
    // quarantine replays) schedule a fast payout too.
    void followPurchases(Intake &intake);

    Scheduler::Mode mode() const { return m_config.mode; }
    bool paysOut() const { return bool(m_engine); }
    PayoutEngine *engine() const { return m_engine.get(); }
    Scheduler *scheduler() const { return m_scheduler.get(); }
    WebhookReceiver *receiver() const { return m_receiver.get(); }

Q_SIGNALS:
    // A cart purchase's entries were committed (webhook, poller, or an
    // intake given to followPurchases()).
    void cartPurchaseRecorded(const CartPurchase &purchase);

private:
    void applyLeftovers();
    void onCartPurchase(const CartPurchase &purchase);
    void writeNextRun(const QDateTime &when);
    // Writes the engine's status values in one transaction; logs a failure.
    void writeStatus(const QList<std::pair<QString, QString>> &values, const char *what);
    void beat();
    void runCleanup();

    Config m_config;
    Ledger &m_ledger;
    Clock &m_clock;
    std::unique_ptr<WebhookReceiver> m_receiver;
    std::unique_ptr<PayoutEngine> m_engine;
    std::unique_ptr<Scheduler> m_scheduler;
    std::unique_ptr<StripeClient> m_pollClient;
    std::unique_ptr<Intake> m_pollIntake;
    std::unique_ptr<EventsPoller> m_poller;
    QTimer m_heartbeat;
    bool m_started = false;
};
