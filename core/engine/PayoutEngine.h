#pragma once

#include "ledger/LedgerLocation.h"

#include "engine/PayoutRun.h"
#include "money/Money.h"
#include "util/Error.h"

#include <QHash>
#include <QObject>
#include <QThread>
#include <QUrl>

class Clock;
class PayoutWorker;

// The payout engine as the window, `serve` and `trigger-payouts` see it.
// Runs happen on a worker thread with its own ledger connection and Stripe
// client, so the caller's thread (the GUI thread) never waits on SQLite or
// the network. Only one run executes at a time, across processes too (a
// lease in the ledger); a request while a run is in flight is coalesced into
// one follow-up run. A request that finds another instance's run holding
// the lease is recorded in the ledger: that instance runs once more after
// its run, and this one tries again when the other's lease would have
// expired, in case it died (RunLease::request).
class PayoutEngine final : public QObject
{
    Q_OBJECT
public:
    struct Config
    {
        LedgerLocation ledger;
        QUrl stripeApiBase;
        QString stripeSecretKey;
        int requestsPerSecond = 25;
        int maxInFlight = 8;
        int timeoutMs = 30'000;         // per Stripe request
        bool perChargeGrouping = false; // source_transaction per sale charge
        // The store's minimum payout per currency (PayoutPolicy::parseMinimums
        // of the setting); a setting that does not parse stops each run with
        // minimumPayoutProblem, the money left pending.
        QHash<QString, Money> minimumPayout;
        QString minimumPayoutProblem;
    };

    PayoutEngine(Config config, Clock &clock, QObject *parent = nullptr);
    ~PayoutEngine() override;

    bool isRunning() const { return m_running; }

public Q_SLOTS:
    // Starts a run now, or, if one is in flight, one more right after it.
    void requestRun(const QString &trigger);

Q_SIGNALS:
    void runStarted(const QString &trigger);
    // done and total count transfers (one per artist and currency).
    void progressChanged(int done, int total);
    void runFinished(const PayoutRunSummary &summary);
    void runningChanged(bool running);

private:
    void startRun(const QString &trigger);
    void onFinished(const PayoutRunSummary &summary);

    QThread m_thread;
    PayoutWorker *m_worker = nullptr;
    bool m_running = false;
    QString m_followUp; // trigger of the coalesced follow-up run, if any
};
