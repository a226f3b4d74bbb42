#include "PayoutWorker.h"

#include "account/AccountRules.h"
#include "engine/PayoutPolicy.h"
#include "ledger/Ledger.h"
#include "stripe/StripeClient.h"
#include "stripe/StripeError.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QJsonArray>
#include <QSet>

namespace {

// A lease outlives a stalled run by this much; it is renewed well before.
constexpr qint64 kLeaseTtlMs = 120'000;
constexpr int kLeaseRenewMs = 30'000;

} // namespace

PayoutWorker::PayoutWorker(PayoutEngine::Config config, Clock &clock)
    : m_config(std::move(config))
    , m_clock(clock)
    , m_leaseRenewal(this) // a child, so that it moves to the engine's thread with us
    , m_retry(this)
{
    m_retry.setSingleShot(true);
    m_retry.setTimerType(Qt::PreciseTimer);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        // A timer may fire a little early on the clock: wait out the rest.
        if (const qint64 left = m_retryAtMs - m_clock.nowMs(); left > 0) {
            m_retry.start(std::chrono::milliseconds(qMax<qint64>(1, m_clock.timerMsFor(left))));
            return;
        }
        qCInfo(lcPayout).noquote()
            << "[PAYOUT] The other instance's run lease was due to expire; trying the run again ("
            << m_retryTrigger << ")";
        Q_EMIT runRequested(m_retryTrigger);
    });
    m_leaseRenewal.setInterval(kLeaseRenewMs);
    connect(&m_leaseRenewal, &QTimer::timeout, this, [this] {
        const Result<bool> held = m_lease->acquire(kLeaseTtlMs);
        if (!held || !*held)
            stopRun(QStringLiteral("the run lease was lost"));
    });
}

PayoutWorker::~PayoutWorker()
{
    m_client.reset();
    m_lease.reset();
    m_ledger.reset();
}

Status PayoutWorker::open()
{
    if (m_ledger)
        return {};
    auto ledger = std::make_unique<Ledger>(m_config.ledger, m_clock);
    if (Status s = ledger->open(); !s)
        return s;
    m_ledger = std::move(ledger);
    m_lease = std::make_unique<RunLease>(*m_ledger);
    StripeClient::Config c;
    c.apiBase = m_config.stripeApiBase;
    c.secretKey = m_config.stripeSecretKey;
    c.requestsPerSecond = m_config.requestsPerSecond;
    c.maxInFlight = m_config.maxInFlight;
    c.timeoutMs = m_config.timeoutMs;
    m_client = std::make_unique<StripeClient>(c);
    return {};
}

void PayoutWorker::note(const Status &s)
{
    if (!s)
        m_summary.notes << s.error().message;
}

void PayoutWorker::run(const QString &trigger)
{
    Q_ASSERT(!m_running);
    m_running = true;
    m_stopping = false;
    m_holding = false;
    m_summary = PayoutRunSummary{};
    m_summary.trigger = trigger;
    m_summary.startedAt = m_clock.now();
    m_total = m_done = 0;
    m_inFlight.clear();
    m_reversalsInFlight.clear();
    Q_EMIT runStarted(trigger);

    if (Status s = open(); !s) {
        m_summary.fatalError = s.error().message;
        maybeFinish();
        return;
    }
    Result<bool> lease = m_lease->acquire(kLeaseTtlMs);
    if (lease && !*lease) {
        // Another instance pays now. Ask it for one more run, then look once
        // more, in case it let go meanwhile (RunLease::request): the request
        // is either seen by the holder or served here, never lost.
        if (Status asked = m_lease->request(); !asked)
            lease = fail(asked.error());
        else
            lease = m_lease->acquire(kLeaseTtlMs);
    }
    if (!lease || !*lease) {
        if (lease) {
            m_summary.fatalError = QStringLiteral(
                "another payout run is in progress; it runs once more for this request");
            retryAfterLease(trigger);
        } else {
            m_summary.fatalError = lease.error().message;
        }
        maybeFinish();
        return;
    }
    m_holding = true;
    m_retry.stop(); // this run serves any request of ours
    const Result<qint64> requests = m_lease->requests();
    m_requestsAtStart = requests ? *requests : -1;
    m_leaseRenewal.start();
    if (!m_config.minimumPayoutProblem.isEmpty()) {
        m_summary.fatalError = QStringLiteral("the minimum payout setting (engine/minimumPayout) "
                                              "is not valid: %1")
                                   .arg(m_config.minimumPayoutProblem);
        maybeFinish();
        return;
    }
    m_planning = true;
    resolveUnresolved();
    runReversals();
    checkHeldAccounts();
}

void PayoutWorker::checkHeldAccounts()
{
    // Money held because its account could not receive transfers moves on
    // once the account can, even when the account.updated event never came
    // (no Connect endpoint, or a poller that was down for 30 days): each such
    // account is read from Stripe first. A failed read leaves the hold for
    // the next run.
    const Result<QStringList> accounts =
        payouts().accountsWithHeld(AccountRules::reasonsReleasedByReadyAccount());
    if (!accounts || accounts->isEmpty()) {
        if (!accounts)
            note(Status(fail(accounts.error())));
        planNewTransfers();
        return;
    }
    auto waiting = std::make_shared<qsizetype>(accounts->size());
    for (const QString &account : *accounts)
        m_client->retrieveAccount(account, [this, account, waiting](const StripeResponse &resp) {
            const auto &r = resp.result;
            const bool ready =
                r &&
                r->value(u"capabilities").toObject().value(u"transfers").toString() == u"active";
            if (ready) {
                const Result<int> released =
                    AccountRules::accountReady(*m_ledger, account, QStringLiteral("engine"),
                                               QStringLiteral("read from Stripe before the run"));
                if (released && *released > 0)
                    qCInfo(lcPayout).noquote()
                        << QStringLiteral("[PAYOUT] %1 can receive transfers now: %2 held "
                                          "entries released")
                               .arg(account)
                               .arg(*released);
                note(released ? Status{} : Status(fail(released.error())));
            }
            if (--*waiting > 0)
                return;
            if (m_stopping) {
                m_planning = false;
                maybeFinish();
                return;
            }
            planNewTransfers();
        });
}

void PayoutWorker::resolveUnresolved()
{
    const Result<QList<ClaimedTransfer>> open = payouts().unresolved();
    if (!open) {
        note(Status(fail(open.error())));
        return;
    }
    if (!open->isEmpty())
        qCInfo(lcPayout).noquote() << "[PAYOUT] Resolving" << open->size()
                                   << "transfers left in sending by an earlier run";
    for (const ClaimedTransfer &t : *open) {
        ++m_total;
        m_inFlight.insert(t.row, t);
        // Long after the request, Stripe's list is the truth: a transfer
        // missing from it was never made.
        const bool keyMayHaveExpired = t.createdAt.msecsTo(m_clock.now()) > kKeyMaxAgeMs;
        if (keyMayHaveExpired || t.attempts >= kSendsBeforeReconcile)
            reconcile(t, true);
        else
            send(t);
    }
}

void PayoutWorker::planNewTransfers()
{
    const PayoutPolicy::Grouping grouping = m_config.perChargeGrouping
                                                ? PayoutPolicy::Grouping::PerCharge
                                                : PayoutPolicy::Grouping::PerArtist;
    const Result<QList<DueEntry>> due = payouts().dueEntries();
    if (!due) {
        m_summary.fatalError = due.error().message;
        m_planning = false;
        maybeFinish();
        return;
    }
    const PayoutPolicy::NettedSplit netting =
        PayoutPolicy::splitNetted(PayoutPolicy::groupEntries(*due, grouping));
    if (!netting.netted.isEmpty()) {
        // A clawback larger than the artist's due money: nothing is sent,
        // and the rest is recovered from later sales.
        for (const PayoutGroup &g : netting.netted)
            note(payouts().markWaiting({g}, PayoutPolicy::nettedReason(g)));
        m_summary.notes << QStringLiteral("%1 clawbacks are larger than the artists' due money; "
                                          "recovered from their next sales")
                               .arg(netting.netted.size());
    }
    const PayoutPolicy::MinimumSplit split =
        PayoutPolicy::applyMinimums(netting.payable, m_config.minimumPayout);
    if (!split.below.isEmpty()) {
        // Waiting is not an error: the entries stay pending with the reason,
        // and go with the run after the artist's money reaches the minimum.
        QSet<QString> waitingArtists;
        for (const auto &[group, minimum] : split.below) {
            waitingArtists.insert(group.artist);
            note(payouts().markWaiting({group}, PayoutPolicy::belowMinimumReason(minimum)));
        }
        m_summary.artistsBelowMinimum = int(waitingArtists.size());
    }
    const QList<PayoutGroup> &groups = split.payable;
    if (groups.isEmpty()) {
        m_planning = false;
        maybeFinish();
        return;
    }
    QSet<QString> artists;
    int entries = 0;
    for (const PayoutGroup &g : groups) {
        artists.insert(g.artist);
        entries += int(g.entryIds.size());
    }
    qCInfo(lcPayout).noquote() << QStringLiteral(
                                      "[PAYOUT] Processing %1 pending payouts for %2 artists...")
                                      .arg(entries)
                                      .arg(artists.size());
    if (grouping == PayoutPolicy::Grouping::PerCharge)
        lookUpCharges(groups);
    else
        fitAndSend(groups);
}

void PayoutWorker::lookUpCharges(const QList<PayoutGroup> &groups)
{
    // A transfer naming the sale's charge may go before the charge's funds
    // are available; the charge id comes from the PaymentIntent, looked up
    // once and kept. A sale whose charge stays unknown waits.
    auto remaining = std::make_shared<QList<PayoutGroup>>(groups);
    auto lookups = std::make_shared<int>(0);
    const auto proceed = [this, remaining] {
        QList<PayoutGroup> ready;
        for (const PayoutGroup &g : std::as_const(*remaining))
            if (!g.sourceTransaction.isEmpty() || g.paymentIntent.isEmpty())
                ready.append(g); // a charge to name, or (sales netted together) the balance
            else
                m_summary.notes << QStringLiteral("no charge found for %1; entries stay pending")
                                       .arg(g.paymentIntent);
        fitAndSend(ready);
    };
    QSet<QString> asked;
    for (const PayoutGroup &g : groups) {
        if (!g.sourceTransaction.isEmpty() || g.paymentIntent.isEmpty() ||
            asked.contains(g.paymentIntent))
            continue;
        asked.insert(g.paymentIntent);
        ++*lookups;
        const QString pi = g.paymentIntent;
        m_client->retrievePaymentIntent(
            pi, [this, remaining, lookups, pi, proceed](const StripeResponse &resp) {
                const auto &r = resp.result;
                if (r) {
                    const QString charge = r->value(u"latest_charge").toString();
                    if (!charge.isEmpty()) {
                        note(payouts().setChargeId(pi, charge));
                        for (PayoutGroup &sale : *remaining)
                            if (sale.paymentIntent == pi)
                                sale.sourceTransaction = charge;
                    }
                }
                if (--*lookups == 0)
                    proceed();
            });
    }
    if (*lookups == 0)
        proceed();
}

void PayoutWorker::fitAndSend(const QList<PayoutGroup> &groups)
{
    // Groups naming a charge do not draw on the available balance: without
    // any other, there is no balance to read.
    if (!PayoutPolicy::drawsOnBalance(groups)) {
        claimAndSend(PayoutPolicy::fitToBalance(groups, {}).fit);
        return;
    }
    m_client->retrieveBalance([this, groups](const StripeResponse &resp) {
        const auto &r = resp.result;
        if (!r) {
            m_summary.fatalError =
                QStringLiteral("could not read the platform balance: %1").arg(r.error().describe());
            m_planning = false;
            maybeFinish();
            return;
        }
        QList<Money> available;
        for (const QJsonValue &v : r->value(u"available").toArray()) {
            const QJsonObject o = v.toObject();
            available.append(
                Money(o.value(u"amount").toInteger(), o.value(u"currency").toString()));
        }
        const PayoutPolicy::BalanceFit fit = PayoutPolicy::fitToBalance(groups, available);
        if (!fit.waiting.isEmpty()) {
            for (const PayoutGroup &g : fit.waiting)
                m_summary.entriesWaitingForBalance += int(g.entryIds.size());
            qCInfo(lcPayout).noquote() << QStringLiteral("[PAYOUT] %1 transfers wait: %2")
                                              .arg(fit.waiting.size())
                                              .arg(Reason::InsufficientPlatformBalance);
            note(payouts().markWaiting(fit.waiting, Reason::InsufficientPlatformBalance));
        }
        claimAndSend(fit.fit);
    });
}

void PayoutWorker::claimAndSend(const QList<PayoutGroup> &groups)
{
    m_planning = false;
    if (m_stopping || groups.isEmpty()) {
        maybeFinish();
        return;
    }
    const Result<QList<ClaimedTransfer>> claimed = payouts().claim(groups);
    if (!claimed) {
        m_summary.fatalError = claimed.error().message;
        maybeFinish();
        return;
    }
    m_total += int(claimed->size());
    Q_EMIT progressChanged(m_done, m_total);
    for (const ClaimedTransfer &t : *claimed) {
        m_inFlight.insert(t.row, t);
        send(t);
    }
    maybeFinish();
}

void PayoutWorker::send(const ClaimedTransfer &t)
{
    TransferRequest req;
    req.amountMinor = t.amount.minor;
    req.currency = t.amount.currency;
    req.destination = t.destination;
    req.transferGroup = t.transferGroup();
    req.sourceTransaction = t.sourceTransaction;
    // A transfer claimed before schema 7 has no stored description: the
    // text it was first sent with, so that a resend repeats it.
    req.description =
        t.description.isEmpty()
            ? QStringLiteral("Payout Desk: %1 entries for %2").arg(t.entryIds.size()).arg(t.artist)
            : t.description;
    req.metadata = {{QStringLiteral("payoutdesk_key"), t.idempotencyKey},
                    {QStringLiteral("artist"), t.artist},
                    {QStringLiteral("entry_ids"), t.entryIdsText().left(500)}};
    m_client->createTransfer(req, t.idempotencyKey, [this, t](const StripeResponse &resp) {
        const auto &r = resp.result;
        const QString &requestId = resp.requestId;
        if (r)
            onSent(t, nullptr, *r, requestId);
        else
            onSent(t, &r.error(), {}, requestId);
    });
}

void PayoutWorker::onSent(const ClaimedTransfer &t, const StripeError *error,
                          const QJsonObject &transfer, const QString &requestId)
{
    using Action = PayoutPolicy::TransferOutcome::Action;
    // A request with this key may have executed in an earlier run: an answer
    // that says nothing about that request must not read as "not paid".
    std::optional<StripeError> resent;
    if (error && t.resumed && !error->earlierAttemptOutcomeUnknown) {
        resent = *error;
        resent->earlierAttemptOutcomeUnknown = true;
        error = &*resent;
    }
    const PayoutPolicy::TransferOutcome outcome = PayoutPolicy::classifyTransferOutcome(error);
    switch (outcome.action) {
    case Action::Paid: {
        const QString id = transfer.value(u"id").toString();
        if (const Status recorded = payouts().recordPaid(t, id, requestId); !recorded) {
            // Paid, but the ledger could not say so (its connection is
            // lost): the entries stay in sending, and the next run resends
            // with the same key, Stripe answers with this transfer, and
            // records it then. Nothing more is sent in this run.
            note(recorded);
            m_summary.entriesUnknown += int(t.entryIds.size());
            stopRun(QStringLiteral("the ledger could not record a paid transfer: %1")
                        .arg(recorded.error().message));
            settled(t);
            return;
        }
        countPaid(t);
        qCInfo(lcPayout).noquote() << QStringLiteral("[PAYOUT] Paid %1 %2 to %3: %4 (%5)")
                                          .arg(t.amount.minor)
                                          .arg(t.amount.currency, t.artist, id, requestId);
        settled(t);
        return;
    }
    case Action::StopRun:
        // Nothing executed (the key was refused); the entries were never sent.
        note(payouts().releaseUnsent({t}, outcome.reason));
        stopRun(outcome.reason);
        settled(t);
        return;
    case Action::Unknown:
        note(payouts().recordUnknown(t, error->describe()));
        if (outcome.stopRun)
            stopRun(outcome.reason);
        reconcile(t, outcome.notFoundMeansNotCreated);
        return;
    case Action::Retry:
        note(payouts().recordRetry(t, error->describe(), requestId, PayoutPolicy::backoffMs));
        m_summary.entriesRetrying += int(t.entryIds.size());
        settled(t);
        return;
    case Action::Hold:
        note(payouts().recordHeld(t, outcome.reason, error->describe(), requestId));
        m_summary.entriesHeld += int(t.entryIds.size());
        qCWarning(lcPayout).noquote() << QStringLiteral("[PAYOUT] Holding %1 entries of %2: %3")
                                             .arg(t.entryIds.size())
                                             .arg(t.artist, outcome.reason);
        settled(t);
        return;
    }
}

void PayoutWorker::countPaid(const ClaimedTransfer &t)
{
    ++m_summary.transfersPaid;
    m_summary.entriesPaid += int(t.entryIds.size());
    const Money before(m_summary.paidMinorByCurrency.value(t.amount.currency), t.amount.currency);
    if (const std::optional<Money> total = before.plus(t.amount))
        m_summary.paidMinorByCurrency[t.amount.currency] = total->minor;
    else
        m_summary.notes
            << QStringLiteral("the run's %1 total is too large to add up").arg(t.amount.currency);
}

void PayoutWorker::reconcile(const ClaimedTransfer &t, bool notFoundMeansNotCreated)
{
    // The transfer group is the attempt's own key, so at most one transfer
    // can carry it: Stripe's list tells whether the attempt created one.
    TransferListQuery q;
    q.transferGroup = t.transferGroup();
    q.limit = 10;
    m_client->listTransfers(q, [this, t, notFoundMeansNotCreated](const StripeResponse &resp) {
        const auto &r = resp.result;
        const QString &requestId = resp.requestId;
        if (!r) {
            m_summary.entriesUnknown += int(t.entryIds.size());
            m_summary.notes << QStringLiteral("%1: outcome unknown, reconciliation failed (%2)")
                                   .arg(t.idempotencyKey, r.error().describe());
            settled(t);
            return;
        }
        const QJsonArray data = r->value(u"data").toArray();
        for (const QJsonValue &v : data) {
            const QJsonObject tr = v.toObject();
            if (tr.value(u"amount").toInteger() == t.amount.minor &&
                tr.value(u"destination").toString() == t.destination) {
                note(payouts().recordPaid(t, tr.value(u"id").toString(), requestId));
                countPaid(t);
                qCInfo(lcPayout).noquote()
                    << QStringLiteral("[PAYOUT] Reconciled %1: paid as %2")
                           .arg(t.idempotencyKey, tr.value(u"id").toString());
                settled(t);
                return;
            }
        }
        if (notFoundMeansNotCreated) {
            // Nothing carries the attempt's group, and nothing can still be
            // on its way: a new attempt, with a new key, is safe.
            note(payouts().recordNotCreated(t,
                                            QStringLiteral("no transfer exists for the attempt")));
            m_summary.entriesRetrying += int(t.entryIds.size());
        } else {
            // No answer at all: the request may still be executing. Keep it
            // in sending; the next run resends it with the same key.
            m_summary.entriesUnknown += int(t.entryIds.size());
        }
        settled(t);
    });
}

void PayoutWorker::stopRun(const QString &why)
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_summary.fatalError = why;
    qCWarning(lcPayout).noquote() << "[PAYOUT] Run stopped:" << why;
}

void PayoutWorker::settled(const ClaimedTransfer &t)
{
    if (m_inFlight.remove(t.row) == 0)
        return;
    ++m_done;
    Q_EMIT progressChanged(m_done, m_total);
    maybeFinish();
}

void PayoutWorker::maybeFinish()
{
    if (!m_running || m_planning || !m_inFlight.isEmpty() || !m_reversalsInFlight.isEmpty())
        return;
    m_running = false;
    m_leaseRenewal.stop();
    if (m_lease)
        note(m_lease->release());
    if (std::exchange(m_holding, false)) {
        // Released first, read after: a request raised later finds the
        // lease free and runs there (RunLease::request).
        const Result<qint64> requests = m_lease->requests();
        if (requests && *requests != m_requestsAtStart) {
            qCInfo(lcPayout).noquote()
                << "[PAYOUT] Another instance asked for a run meanwhile; one more follows";
            Q_EMIT runRequested(RunTrigger::Requested);
        }
    }
    m_summary.finishedAt = m_clock.now();
    m_summary.transfersAttempted = m_total;
    qCInfo(lcPayout).noquote()
        << QStringLiteral("[PAYOUT] Run finished: %1 transfers paid (%2 entries), %3 retrying, %4 "
                          "held, %5 unknown, %6 waiting for balance%7%8")
               .arg(m_summary.transfersPaid)
               .arg(m_summary.entriesPaid)
               .arg(m_summary.entriesRetrying)
               .arg(m_summary.entriesHeld)
               .arg(m_summary.entriesUnknown)
               .arg(m_summary.entriesWaitingForBalance)
               .arg((m_summary.reversalsDone || m_summary.clawbacks)
                        ? QStringLiteral("; %1 reversed, %2 clawed back")
                              .arg(m_summary.reversalsDone)
                              .arg(m_summary.clawbacks)
                        : QString())
               .arg(m_summary.ok() ? QString()
                                   : QStringLiteral("; stopped: ") + m_summary.fatalError);
    Q_EMIT runFinished(m_summary);
}

void PayoutWorker::retryAfterLease(const QString &trigger)
{
    // The holder serves the request unless it dies first: then nobody
    // renews its lease, and this instance runs once it has expired.
    qint64 waitMs = kLeaseTtlMs;
    if (const Result<std::optional<LeaseState>> held = m_lease->current(); held && *held)
        waitMs = (*held)->expiresAtMs - m_clock.nowMs();
    m_retryTrigger = trigger;
    const qint64 afterMs = qMax<qint64>(0, waitMs) + kRetryMarginMs;
    m_retryAtMs = m_clock.nowMs() + afterMs;
    m_retry.start(std::chrono::milliseconds(qMax<qint64>(1, m_clock.timerMsFor(afterMs))));
}

PayoutStore &PayoutWorker::payouts() const
{
    return m_ledger->payouts();
}
