#pragma once

#include "stripe/RateLimiter.h"
#include "stripe/StripeError.h"

#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>

class FormBody;
class QNetworkAccessManager;
class QNetworkReply;

// POST /v1/transfers. Money in integer minor units; currency is sent in
// lower case whatever the caller wrote.
struct TransferRequest
{
    qint64 amountMinor = 0;
    QString currency;
    QString destination;       // acct_...
    QString transferGroup;     // optional
    QString sourceTransaction; // optional ch_...: draw on that charge, not the balance
    QString description;       // optional
    QMap<QString, QString> metadata;
};

// POST /v1/transfers/{id}/reversals: takes back `amountMinor` of a transfer
// from the connected account (docs/STRIPE.md).
struct TransferReversalRequest
{
    QString transferId; // tr_...
    qint64 amountMinor = 0;
    QString description; // optional
    QMap<QString, QString> metadata;
};

// GET /v1/transfers, newest first. Zero or empty fields are not sent.
struct TransferListQuery
{
    QString destination;
    QString transferGroup;
    qint64 createdGte = 0; // unix seconds
    int limit = 0;         // 1..100; 0 = Stripe's default (10)
    QString startingAfter; // page to older transfers
};

// GET /v1/events, newest first. Zero or empty fields are not sent.
struct EventListQuery
{
    QStringList types;     // sent as types[]; at most 20; '*' wildcards allowed
    qint64 createdGt = 0;  // unix seconds
    int limit = 0;         // 1..100; 0 = Stripe's default (10)
    QString startingAfter; // page to older events
    QString endingBefore;  // fetch events newer than this one
};

// One finished call: the JSON object Stripe answered, or a StripeError.
struct StripeResponse
{
    StripeResult<QJsonObject> result;
    QString requestId;     // of the last attempt (also in the error)
    int httpStatus = 0;    // of the last attempt; 0 = no answer or not sent
    int attempts = 0;      // 0 when refused before sending
    bool replayed = false; // Stripe answered from its idempotency store
};

// The engine's client for Stripe's v1 API: asynchronous, on one
// QNetworkAccessManager, living on one thread (call it and get its callbacks
// there). Every request carries the key, the pinned Stripe-Version and, for
// POSTs, the caller's Idempotency-Key; a RateLimiter paces them. Failures
// that may pass are retried like stripe-node does: the very same request,
// same key, exponential backoff with jitter, honouring Stripe-Should-Retry.
// Nothing throws and nothing blocks; the secret key is never logged and never
// appears in an error.
class StripeClient final : public QObject
{
    Q_OBJECT

public:
    struct Config
    {
        // Stripe (its test mode is the same URL with a test key) or a fake.
        QUrl apiBase = QUrl(QStringLiteral("https://api.stripe.com"));
        QString secretKey;
        int requestsPerSecond = 25;
        // Over HTTP/1.1 QNetworkAccessManager opens at most 6 connections
        // to one host; requests beyond that wait inside it (the limiter
        // counts them from when they really leave). HTTP/2 has no such cap.
        int maxInFlight = 8;
        int timeoutMs = 30000; // per attempt, from the moment it is handed to the network
        int maxNetworkRetries = 2;
        int initialRetryDelayMs = 500; // stripe-node's values
        int maxRetryDelayMs = 5000;
    };
    using Callback = std::function<void(const StripeResponse &response)>;

    explicit StripeClient(Config config, QObject *parent = nullptr);
    ~StripeClient() override; // pending calls are dropped without their callbacks

    void retrieveBalance(Callback callback);
    // The key is the caller's, derived from what the transfer pays, and
    // recorded before calling: a resend after a crash must reuse it.
    void createTransfer(const TransferRequest &transfer, const QString &idempotencyKey,
                        Callback callback);
    void listTransfers(const TransferListQuery &query, Callback callback);
    // As for a transfer, the key is recorded before calling.
    void createTransferReversal(const TransferReversalRequest &reversal,
                                const QString &idempotencyKey, Callback callback);
    // A transfer's reversals, newest first (at most `limit`, 1..100).
    void listTransferReversals(const QString &transferId, int limit, Callback callback);
    void retrieveAccount(const QString &accountId, Callback callback);
    void retrievePaymentIntent(const QString &paymentIntentId, Callback callback);
    void listEvents(const EventListQuery &query, Callback callback);

    // Checks a transfer against Stripe's documented limits without sending.
    static std::optional<StripeError> validateTransfer(const TransferRequest &transfer);
    static std::optional<StripeError> validateReversal(const TransferReversalRequest &reversal);
    static std::optional<StripeError> validateIdempotencyKey(const QString &key);

    QUrl apiBase() const { return m_config.apiBase; }
    int requestsSent() const { return m_requestsSent; }        // HTTP attempts, retries included
    int rateLimitedResponses() const { return m_rateLimited; } // 429s (and 400 rate_limit)
    int pendingCalls() const { return int(m_pending.size()); }
    RateLimiter &rateLimiter() { return *m_limiter; }

Q_SIGNALS:
    // Stripe answered 429 (or 400 rate_limit); the limiter has slowed down.
    void rateLimited();

private:
    struct Call;
    using CallPtr = std::shared_ptr<Call>;

    void get(const QString &path, const FormBody &query, Callback callback);
    void post(const QString &path, const FormBody &body, const QString &idempotencyKey,
              Callback callback);
    // Delivers a refusal from the event loop, never inside the caller's call.
    void refuse(const QString &method, const QString &path, StripeError error, Callback callback);
    void submit(const CallPtr &call);
    void startAttempt(const CallPtr &call, RateLimiter::Ticket ticket);
    void onFinished(const CallPtr &call, QNetworkReply *reply);
    void onFailed(const CallPtr &call, StripeError error, int retryAfterSecs);
    void finish(const CallPtr &call, StripeResponse response);
    int retryDelayMs(int retryNumber);
    QUrl urlFor(const Call &call) const;

    Config m_config;
    QNetworkAccessManager *m_nam = nullptr;
    RateLimiter *m_limiter = nullptr;
    QRandomGenerator m_rng;
    QHash<Call *, CallPtr> m_pending; // every call not yet answered
    QHash<QNetworkReply *, CallPtr> m_active;
    int m_requestsSent = 0;
    int m_rateLimited = 0;
};
