#pragma once

#include "engine/PayoutEngine.h"
#include "engine/PayoutRun.h"
#include "engine/RunLease.h"
#include "ledger/PayoutTypes.h"

#include <QObject>
#include <QTimer>

#include <memory>

class Ledger;
class PayoutStore;
class StripeClient;
class StripeError;
struct StripeResponse;

// One payout run at a time, on the engine's thread (see PayoutEngine). A run:
//   1. takes the cross-process lease;
//   2. resolves attempts left in `sending` (resend with the same key, or
//      reconcile by transfer group when the key may have expired or Stripe
//      keeps answering with an error);
//   3. groups due entries, looks up sale charges (per-charge grouping) or
//      reads the available balance, and claims the groups that fit, oldest
//      money first, writing each key before sending;
//   4. sends the transfers (the client paces them) and records each outcome;
//   and, alongside, takes back refunded shares of paid entries with transfer
//   reversals (the same rules: key first, unknown outcomes resent or
//   reconciled), recording a clawback where Stripe refuses.
// What to do at each step is decided by PayoutPolicy's pure functions; this
// class does the I/O around them.
class PayoutWorker final : public QObject
{
    Q_OBJECT
public:
    PayoutWorker(PayoutEngine::Config config, Clock &clock);
    ~PayoutWorker() override;

    void run(const QString &trigger);

Q_SIGNALS:
    void runStarted(const QString &trigger);
    void progressChanged(int done, int total);
    void runFinished(const PayoutRunSummary &summary);
    // One more run, please: another instance asked for one while this run
    // held the lease (RunTrigger::Requested, before runFinished), or this
    // instance's request found the lease held and its holder's lease has
    // expired since (the request's own trigger), in case the holder died.
    void runRequested(const QString &trigger);

private:
    // After a holder's lease would expire, a request it may never serve is
    // tried again this much later.
    static constexpr qint64 kRetryMarginMs = 1'000;

    // Requests sent with one key before the attempt is reconciled instead: a
    // key whose stored answer is an error would otherwise get that error
    // forever. Transfers and reversals alike.
    static constexpr int kSendsBeforeReconcile = 3;
    // Stripe may prune a key after 24 hours; reconcile well before that.
    static constexpr qint64 kKeyMaxAgeMs = 23LL * 3600 * 1000;

    Status open();
    void resolveUnresolved();
    void checkHeldAccounts();
    void planNewTransfers();
    void lookUpCharges(const QList<PayoutGroup> &groups);
    void fitAndSend(const QList<PayoutGroup> &groups);
    void claimAndSend(const QList<PayoutGroup> &groups);
    void send(const ClaimedTransfer &t);
    void onSent(const ClaimedTransfer &t, const StripeError *error, const QJsonObject &transfer,
                const QString &requestId);
    void reconcile(const ClaimedTransfer &t, bool notFoundMeansNotCreated);
    void runReversals();
    void sendReversal(const ClaimedReversal &r);
    void onReversalSent(const ClaimedReversal &r, const StripeResponse &response);
    void reversed(const ClaimedReversal &r, const QString &reversalId, const QString &requestId);
    void reconcileReversal(const ClaimedReversal &r, bool notFoundMeansNotCreated);
    void reversalSettled(const ClaimedReversal &r);
    void stopRun(const QString &why);
    void settled(const ClaimedTransfer &t);
    void countPaid(const ClaimedTransfer &t);
    void maybeFinish();
    void note(const Status &s);
    void retryAfterLease(const QString &trigger);

    PayoutEngine::Config m_config;
    Clock &m_clock;
    PayoutStore &payouts() const;

    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<RunLease> m_lease;
    std::unique_ptr<StripeClient> m_client;
    QTimer m_leaseRenewal;
    QTimer m_retry; // retryAfterLease
    QString m_retryTrigger;
    qint64 m_retryAtMs = 0; // on the clock

    // The run in progress.
    bool m_running = false;
    bool m_planning = false; // new transfers not yet claimed
    bool m_stopping = false;
    bool m_holding = false;       // this run took the lease
    qint64 m_requestsAtStart = 0; // RunLease::requests() when it did (-1: unknown)
    PayoutRunSummary m_summary;
    int m_total = 0;
    int m_done = 0;
    QHash<qint64, ClaimedTransfer> m_inFlight;          // by transfer row
    QHash<qint64, ClaimedReversal> m_reversalsInFlight; // by reversal row
};
