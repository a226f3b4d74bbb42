#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPair>
#include <QQueue>
#include <QRandomGenerator>
#include <QSet>
#include <QString>
#include <QUrl>

#include <deque>
#include <functional>
#include <optional>

struct HttpExchange;
struct HttpAnswer;
class EventDelivery;
class FormParams;
class LoopbackHttpServer;

// A stateful stand-in for Stripe's v1 HTTP API on 127.0.0.1, for tests,
// benchmarks and manual runs. It keeps balances, connected accounts, payment
// intents, transfers, events and idempotency results in memory, so the engine
// under test can be killed and restarted against it while money already moved
// stays moved. It can delay every answer, rate-limit, and inject the failures
// a payout engine must survive (5xx, timeouts, resets, 429) either before or
// after a transfer commits. Only the calls listed in docs/STRIPE.md exist.
//
// Like Stripe, it writes events for what happens to it (transfer.created,
// transfer.reversed, account.updated) into its events list, next to those
// posted to it, and once a webhook endpoint is added it delivers every new
// event there, signed (see EventDelivery). Without an endpoint it sends nothing.
class FakeStripe final : public QObject
{
    Q_OBJECT

public:
    // Faults for the POSTs that move money: /v1/transfers and
    // /v1/transfers/{id}/reversals. "Before commit": the request has no
    // effect. "After commit": it runs in full (money moved, result stored
    // under its idempotency key), then its answer is replaced. A fault is
    // used up by the request it was drawn for, whatever that request earns.
    enum class Fault {
        None,
        Error500BeforeCommit, // 500 api_error, no transfer; the 500 is stored under the key
        Error500AfterCommit,  // transfer made and its 200 stored; the client gets a 500
        TimeoutBeforeCommit,  // never answered, nothing made or stored
        TimeoutAfterCommit,   // transfer made and stored; never answered
        ResetBeforeCommit,    // TCP reset, nothing made or stored
        ResetAfterCommit,     // transfer made and stored; TCP reset
        RateLimit429,         // 429 code rate_limit, nothing stored
        LockTimeout429,       // 429 code lock_timeout, nothing stored
    };

    struct Transfer
    {
        QString id;
        qint64 amount = 0;
        QString currency;
        QString destination;
        QString transferGroup;
        QString sourceTransaction;
        QString description;
        QMap<QString, QString> metadata;
        qint64 created = 0;
        QString idempotencyKey;
        qint64 amountReversed = 0;
        QList<qsizetype> reversals; // indexes into the reversals, oldest first
    };

    struct Reversal
    {
        QString id; // trr_...
        QString transfer;
        qint64 amount = 0;
        QString currency;
        QString description;
        QMap<QString, QString> metadata;
        qint64 created = 0;
        QString idempotencyKey;
    };

    explicit FakeStripe(QObject *parent = nullptr);
    ~FakeStripe() override;

    // Binds 127.0.0.1 only; port 0 picks a free port.
    bool listen(quint16 port = 0);
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT

    // Requests must send "Authorization: Bearer <key>" (or Basic with the key
    // as user name) with a key added here; pk_ keys never authenticate.
    void addApiKey(const QString &secretKey);
    void setAvailableBalance(const QString &currency, qint64 minor);
    void setPendingBalance(const QString &currency, qint64 minor);
    qint64 availableBalance(const QString &currency) const;
    void addAccount(const QString &accountId, bool transfersActive = true,
                    bool payoutsEnabled = true);
    bool hasAccount(const QString &accountId) const { return m_accounts.contains(accountId); }
    // A change of capability or payouts writes an account.updated event, as
    // Stripe does when a connected account finishes (or loses) onboarding.
    void setAccountTransfersActive(const QString &accountId, bool active);
    void setAccountPayoutsEnabled(const QString &accountId, bool enabled);
    // The connected account's own available balance: transfers credit it,
    // reversals draw on it. Set it lower to play an artist who has already
    // been paid out to the bank (a reversal then fails).
    qint64 accountBalance(const QString &accountId, const QString &currency) const;
    void setAccountBalance(const QString &accountId, const QString &currency, qint64 minor);
    // A succeeded payment intent whose charge can fund transfers as their
    // source_transaction, independently of the available balance.
    void addPaymentIntent(const QString &paymentIntentId, const QString &chargeId, qint64 amount,
                          const QString &currency);
    // Appended as the newest event and delivered like the fake's own. Missing
    // "id", "object" or "created" are filled in. Returns the event id, or an
    // empty string for invalid JSON.
    QString addEvent(const QByteArray &eventJson);
    // Delivers every event added from now on to url, signed with the secret
    // (Stripe's Stripe-Signature scheme), retrying failures with backoff.
    void addWebhookEndpoint(const QUrl &url, const QByteArray &signingSecret);
    // Null until an endpoint is added; tune retries and read pending counts here.
    EventDelivery *eventDelivery() const { return m_delivery; }
    // Delivers a stored event again to every endpoint. False when the event
    // is unknown or no endpoint exists.
    bool resendEvent(const QString &eventId);

    // Every answer (errors included) is delayed this long, by a timer.
    void setLatencyMs(int ms);
    // Requests per rolling second for /v1; 0 = unlimited. Excess gets 429 rate_limit.
    void setRateLimit(int requestsPerSecond);
    // Each money-moving POST draws a fault from kinds with this probability.
    void setRandomFaults(double probability, const QList<Fault> &kinds, quint32 seed);
    // The next money-moving POST gets this fault (FIFO); wins over random faults.
    void queueFault(Fault fault);
    // QNetworkAccessManager silently resends a request once when the
    // connection drops before any byte of the answer, which would hide a
    // single reset from the engine. So a reset fault also resets an identical
    // request (same key, idempotency key and body) arriving within this many
    // ms after it; default 100, well below any deliberate retry backoff.
    // 0 lets that automatic resend through.
    void setResetBurstMs(int ms);
    // Forgets every stored idempotency result, as Stripe does once a key is
    // over 24 hours old: the same key then creates a new transfer.
    void expireIdempotencyKeys();
    // Freezes the clock used for "created" (unix seconds); 0 returns to the wall clock.
    void setCurrentTime(qint64 unixSeconds);

    QList<Transfer> transfers() const { return m_transfers; }
    QList<Reversal> reversals() const { return m_reversals; }
    // Every event, oldest first, as stored.
    QList<QJsonObject> events() const { return m_events; }
    int requestCount() const { return m_requestCount; } // every /v1 request received
    int rateLimitedCount() const { return m_rateLimitedCount; }
    int faultCount() const { return m_faultCount; } // faults injected so far
    int connectionCount() const;                    // TCP connections that sent a request

    static QString faultName(Fault fault);
    static std::optional<Fault> faultFromName(const QString &name);

Q_SIGNALS:
    void transferCreated(const FakeStripe::Transfer &transfer);
    void transferReversed(const FakeStripe::Reversal &reversal);
    // Any event stored: the fake's own and those added with addEvent().
    void eventAdded(const QJsonObject &event);

private:
    struct Account
    {
        bool transfersActive = true;
        bool payoutsEnabled = true;
        QMap<QString, qint64> balance; // available, by currency
    };
    struct Charge
    {
        QString paymentIntent;
        qint64 amount = 0;
        QString currency;
        qint64 transferred = 0; // drawn by transfers naming this charge
    };
    struct PaymentIntent
    {
        QString chargeId;
        qint64 amount = 0;
        QString currency;
        qint64 created = 0;
    };
    struct StoredResult
    {
        QByteArray fingerprint; // method, path and parameters of the first request
        int status = 0;
        QByteArray body;
    };
    // How an answer reaches the client once the latency has passed.
    enum class Delivery { Answer, Hold, Reset };
    struct Reply
    {
        int status = 200;
        QJsonObject json;
        QByteArray rawBody; // used instead of json when set (idempotent replays)
        QList<QPair<QByteArray, QByteArray>> headers;
        Delivery delivery = Delivery::Answer;
        bool replayed = false;
        QByteArray resetEchoKey; // identifies the request a reset applies to
    };

    // A POST that moves money: parameter checks that store nothing, then the
    // work, whose result is stored under the idempotency key.
    struct MoneyPost
    {
        std::function<std::optional<Reply>(const FormParams &)> validate;
        std::function<Reply(const FormParams &, const QString &idempotencyKey)> execute;
    };
    // Who caused the event being written (Stripe's event.request).
    struct RequestContext
    {
        QString id;
        QString idempotencyKey;
    };

    // FakeStripe.cpp: transport, auth, limits, faults, idempotency.
    void onRequest(const HttpExchange &exchange);
    void finish(const HttpExchange &exchange, const Reply &reply, const QString &inFlightKey = {},
                bool delayed = true);
    std::optional<Reply> authenticate(const HttpExchange &exchange, QString *apiKey) const;
    bool admitByRateLimit();
    Fault nextFault();
    Reply postMoney(const HttpExchange &exchange, const QString &apiKey, const MoneyPost &post,
                    QString *inFlightKey);
    Reply postMoneyWithFault(const HttpExchange &exchange, const QString &apiKey,
                             const MoneyPost &post, Fault fault, QString *inFlightKey);
    static Reply applyAfterCommitFault(Fault fault, Reply committed);
    qint64 now() const;
    QString newId(const QString &prefix);
    static Reply error(int status, const QString &type, const QString &code, const QString &message,
                       const QString &param = {});
    static std::optional<Reply> validateMetadata(const FormParams &params);
    static QMap<QString, QString> metadataOf(const FormParams &params);

    // FakeStripeApi.cpp: balance, transfers, accounts, payment intents.
    Reply route(const QByteArray &method, const QString &path, const QByteArray &query) const;
    Reply balance() const;
    std::optional<Reply> validateTransfer(const FormParams &params) const;
    Reply createTransfer(const FormParams &params, const QString &idempotencyKey);
    Reply listTransfers(const FormParams &query) const;
    QJsonObject transferJson(const Transfer &transfer) const;
    QJsonObject accountJson(const QString &accountId, const Account &account) const;

    // FakeStripeReversals.cpp: /v1/transfers/{id}/reversals.
    std::optional<Reply> validateReversal(const FormParams &params) const;
    Reply createReversal(const QString &transferId, const FormParams &params,
                         const QString &idempotencyKey);
    Reply listReversals(const QString &transferId, const FormParams &query) const;
    Reply reversal(const QString &transferId, const QString &reversalId) const;
    QJsonObject reversalJson(const Reversal &reversal) const;

    // FakeStripeEvents.cpp: the events list and the events the fake writes.
    QString storeEvent(QJsonObject event);
    void writeEvent(const QString &type, const QJsonObject &object,
                    const QJsonObject &previousAttributes = {}, const QString &account = {});
    void accountChanged(const QString &accountId, const QJsonObject &previousAttributes);
    QJsonObject renderEvent(const QJsonObject &event) const;
    Reply listEvents(const FormParams &query) const;

    // FakeStripeControl.cpp: the /_fake/ routes.
    Reply control(const HttpExchange &exchange);
    Reply controlAccount(const QString &accountId, const FormParams &params);
    Reply state() const;

    LoopbackHttpServer *m_server = nullptr;
    QSet<QString> m_apiKeys;
    QMap<QString, qint64> m_available;
    QMap<QString, qint64> m_pending;
    QHash<QString, Account> m_accounts;
    QHash<QString, PaymentIntent> m_paymentIntents;
    QHash<QString, Charge> m_charges;
    QList<Transfer> m_transfers;
    QHash<QString, qsizetype> m_transferIndex;
    QList<Reversal> m_reversals;
    QHash<QString, qsizetype> m_reversalIndex;
    QList<QJsonObject> m_events;
    QHash<QString, qsizetype> m_eventIndex;
    EventDelivery *m_delivery = nullptr;
    RequestContext m_request;                   // the /v1 request being executed, if any
    QHash<QString, StoredResult> m_idempotency; // by api key + '\n' + idempotency key
    QSet<QString> m_inFlight;                   // same keys, while a request runs

    int m_latencyMs = 0;
    int m_rateLimit = 0;
    std::deque<qint64> m_admitted; // monotonic ms of requests in the last second
    QElapsedTimer m_monotonic;
    double m_faultProbability = 0.0;
    QList<Fault> m_faultKinds;
    QRandomGenerator m_faultRng;
    QQueue<Fault> m_queuedFaults;
    int m_resetBurstMs = 100;
    QHash<QByteArray, qint64> m_resetUntil; // reset echo key -> monotonic ms
    QRandomGenerator m_idRng;
    qint64 m_fixedNow = 0;

    int m_requestCount = 0;
    int m_rateLimitedCount = 0;
    int m_faultCount = 0;
};

Q_DECLARE_METATYPE(FakeStripe::Transfer)
Q_DECLARE_METATYPE(FakeStripe::Reversal)
