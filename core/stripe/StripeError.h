#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <expected>
#include <optional>

// What went wrong with one Stripe call, as a value: the HTTP status (0 when
// no answer came), Stripe's error fields, the Request-Id to quote to Stripe's
// support, and the classification the engine branches on. Retrying and
// "did the money move?" are different questions, answered separately:
// isRetryable() says whether sending the same request again may help;
// outcomeUnknown() says whether a POST may have executed although it failed.
class StripeError final
{
    Q_GADGET

public:
    enum class Kind {
        Network,        // no HTTP answer: refused, reset, DNS, TLS
        Timeout,        // no HTTP answer within the client's timeout
        RateLimited,    // 429, or 400 with code rate_limit
        LockTimeout,    // 429 with code lock_timeout: contention on one object
        Conflict,       // 409: e.g. the same idempotency key still in flight
        InvalidRequest, // 400 (and requests refused before sending)
        Idempotency,    // 400 idempotency_error: key reused with other parameters
        Authentication, // 401
        Permission,     // 403
        NotFound,       // 404
        Card,           // 402
        Server,         // 5xx
        Unknown,        // any other status, or a 2xx whose body is not a JSON object
    };
    Q_ENUM(Kind)

    Kind kind = Kind::Unknown;
    int httpStatus = 0; // 0 = no HTTP answer (or never sent; see notSent)
    QString type;       // Stripe's error.type, e.g. invalid_request_error
    QString code;       // error.code, e.g. balance_insufficient; often empty
    QString message;    // Stripe's message, or ours when Stripe sent none
    QString param;      // error.param, e.g. destination
    QString declineCode;
    QString requestId;                     // Request-Id header (req_...)
    std::optional<bool> shouldRetryHeader; // Stripe-Should-Retry, when present

    // Filled in by StripeClient: which call, how many attempts it took.
    QString method; // GET, POST
    QString path;   // /v1/transfers
    int attempts = 0;
    // True when the request was refused locally and never left the process.
    bool notSent = false;
    // True when an earlier attempt of this POST ended with an unknown
    // outcome: a final 429 or 401 then says nothing about whether the first
    // attempt executed.
    bool earlierAttemptOutcomeUnknown = false;

    // An HTTP answer that is not 2xx. Robust to any body: HTML from a proxy,
    // truncated JSON, an "error" that is not an object.
    static StripeError fromHttp(int httpStatus, const QByteArray &body,
                                const QByteArray &requestId = {},
                                const QByteArray &shouldRetryHeader = {});
    static StripeError network(const QString &message);
    static StripeError timeout(int timeoutMs);
    // Refused by the client before sending (bad id, missing idempotency
    // key, metadata over Stripe's limits...): InvalidRequest, notSent.
    static StripeError invalidArgument(const QString &message, const QString &param = {});
    static Kind classify(int httpStatus, const QString &type, const QString &code);

    // Sending the same request again (same idempotency key) may succeed:
    // no answer, timeout, 429 (also 400 rate_limit), 409, 5xx. A
    // Stripe-Should-Retry header, when present, overrides this table.
    bool isRetryable() const;
    // For a POST: the request may have executed (no answer, timeout, 5xx,
    // 409 with the key in flight, an unexpected status). Never treat as
    // failed: resend with the same key, or reconcile. Always false for GET.
    bool outcomeUnknown() const;
    // The whole payout run must stop and the admin be told: a bad key
    // (401), or a key lacking a permission (403) unless the error is about
    // the destination account, which holds only that artist.
    bool stopsTheRun() const;
    // The error is about the connected account being paid (not ready:
    // insufficient_capabilities_for_transfer, seen as 400 and as 403; or
    // not found: param destination): hold that artist, go on with others.
    bool concernsDestination() const;
    bool isRateLimit() const { return kind == Kind::RateLimited || kind == Kind::LockTimeout; }

    // One line for a log or an admin, e.g.
    // "POST /v1/transfers: HTTP 400 invalid_request_error/balance_insufficient: You have
    //  insufficient funds... (request req_123, 1 attempt)". Anything shaped like
    // a Stripe secret key is masked, whoever put it in the message.
    QString describe() const;
    // Masks every occurrence of `secret` in the text fields (the client
    // calls it with its key, in case a proxy or a fake echoes it).
    void redact(const QString &secret);
    // Masks anything shaped like a Stripe secret or restricted key.
    static QString maskSecrets(QString text);
};

QString kindName(StripeError::Kind kind);

template<typename T> using StripeResult = std::expected<T, StripeError>;
