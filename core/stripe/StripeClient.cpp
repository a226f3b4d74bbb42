#include "StripeClient.h"

#include "stripe/FormBody.h"
#include "stripe/StripeApi.h"
#include "util/Logging.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QThread>
#include <QTimer>

namespace {

const QString kGet = QStringLiteral("GET");
const QString kPost = QStringLiteral("POST");

// Stripe ids are letters, digits and underscores (acct_1Abc, pi_3Xyz). An id
// goes into a URL path, so anything else (an empty id would list instead of
// retrieve; a slash would name another route) is refused before sending.
bool isStripeId(const QString &id, QStringView prefix = {})
{
    static const QRegularExpression shape(QStringLiteral("^[A-Za-z0-9_]{1,255}$"));
    return id.startsWith(prefix) && id.size() > prefix.size() && shape.match(id).hasMatch();
}

std::optional<StripeError> checkLimit(int limit)
{
    if (limit != 0 && (limit < 1 || limit > 100))
        return StripeError::invalidArgument(QStringLiteral("limit must be 1 to 100"),
                                            QStringLiteral("limit"));
    return std::nullopt;
}

QString networkErrorText(const QNetworkReply *reply)
{
    const char *name =
        QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(int(reply->error()));
    return reply->errorString() + u" (" + QString::fromLatin1(name ? name : "unknown") + u')';
}

// Stripe's metadata limits, counted in characters as Stripe counts them.
std::optional<StripeError> validateMetadata(const QMap<QString, QString> &metadata)
{
    using E = StripeError;
    const QString param = QStringLiteral("metadata");
    if (metadata.size() > 50)
        return E::invalidArgument(QStringLiteral("metadata holds at most 50 keys"), param);
    for (auto it = metadata.cbegin(); it != metadata.cend(); ++it) {
        const QString &key = it.key();
        if (key.isEmpty() || key.toUcs4().size() > 40 || key.contains(u'[') || key.contains(u']'))
            return E::invalidArgument(
                QStringLiteral("metadata key \"%1\": 1 to 40 characters, no brackets").arg(key),
                param);
        if (it.value().toUcs4().size() > 500)
            return E::invalidArgument(
                QStringLiteral("metadata value of \"%1\" is over 500 characters").arg(key), param);
    }
    return std::nullopt;
}

} // namespace

// One API call across its attempts. The request bytes are fixed when the
// call is made, so every retry sends exactly the same request.
struct StripeClient::Call
{
    QString method;
    QString path;
    QByteArray query;
    QByteArray body;
    QString idempotencyKey;
    Callback callback;

    int attempts = 0;
    bool earlierOutcomeUnknown = false; // some attempt of this POST may have executed
    // The attempt in progress.
    RateLimiter::Ticket ticket = 0;
    QElapsedTimer attemptClock;
    bool timedOut = false;
    int sends = 0; // requestSent() signals: more than one means QNAM resent it
};

StripeClient::StripeClient(Config config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_nam(new QNetworkAccessManager(this))
    , m_limiter(new RateLimiter(m_config.requestsPerSecond, m_config.maxInFlight, this))
    , m_rng(QRandomGenerator::securelySeeded())
{
    m_config.secretKey = m_config.secretKey.trimmed();
    // Redirects are never followed: the Authorization header must not travel
    // to wherever a 3xx points.
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

StripeClient::~StripeClient()
{
    // Replies still running must not call back into a half-destroyed client.
    for (auto it = m_active.cbegin(); it != m_active.cend(); ++it) {
        QNetworkReply *reply = it.key();
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        delete reply;
    }
    m_active.clear();
    if (!m_pending.isEmpty())
        qCWarning(lcStripe) << "client destroyed with" << m_pending.size() << "calls unanswered";
}

void StripeClient::retrieveBalance(Callback callback)
{
    get(QStringLiteral("/v1/balance"), FormBody(), std::move(callback));
}

std::optional<StripeError> StripeClient::validateIdempotencyKey(const QString &key)
{
    const QString param = QStringLiteral("Idempotency-Key");
    if (key.isEmpty())
        return StripeError::invalidArgument(QStringLiteral("every POST needs an idempotency key"),
                                            param);
    if (key.size() > 255)
        return StripeError::invalidArgument(
            QStringLiteral("the idempotency key is longer than 255 characters"), param);
    for (const QChar c : key) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e)
            return StripeError::invalidArgument(
                QStringLiteral("the idempotency key must be printable ASCII without spaces"),
                param);
    }
    return std::nullopt;
}

std::optional<StripeError> StripeClient::validateTransfer(const TransferRequest &transfer)
{
    using E = StripeError;
    if (transfer.amountMinor < 1)
        return E::invalidArgument(
            QStringLiteral("amount must be a positive integer in minor units, not %1")
                .arg(transfer.amountMinor),
            QStringLiteral("amount"));
    static const QRegularExpression currency(QStringLiteral("^[a-z]{3}$"));
    if (!currency.match(transfer.currency.toLower()).hasMatch())
        return E::invalidArgument(QStringLiteral("currency must be a three-letter ISO code"),
                                  QStringLiteral("currency"));
    if (!isStripeId(transfer.destination, u"acct_"))
        return E::invalidArgument(
            QStringLiteral("destination must be a connected account acct_..."),
            QStringLiteral("destination"));
    if (!transfer.sourceTransaction.isEmpty() && !isStripeId(transfer.sourceTransaction))
        return E::invalidArgument(QStringLiteral("source_transaction is not a Stripe id"),
                                  QStringLiteral("source_transaction"));
    return validateMetadata(transfer.metadata);
}

std::optional<StripeError> StripeClient::validateReversal(const TransferReversalRequest &reversal)
{
    if (!isStripeId(reversal.transferId, u"tr_"))
        return StripeError::invalidArgument(
            QStringLiteral("\"%1\" is not a transfer id").arg(reversal.transferId),
            QStringLiteral("id"));
    if (reversal.amountMinor < 1)
        return StripeError::invalidArgument(
            QStringLiteral("amount must be a positive integer in minor units, not %1")
                .arg(reversal.amountMinor),
            QStringLiteral("amount"));
    return validateMetadata(reversal.metadata);
}

void StripeClient::createTransfer(const TransferRequest &transfer, const QString &idempotencyKey,
                                  Callback callback)
{
    const QString path = QStringLiteral("/v1/transfers");
    if (auto bad = validateIdempotencyKey(idempotencyKey))
        return refuse(kPost, path, std::move(*bad), std::move(callback));
    if (auto bad = validateTransfer(transfer))
        return refuse(kPost, path, std::move(*bad), std::move(callback));

    FormBody body;
    body.add("amount", transfer.amountMinor)
        .add("currency", transfer.currency.toLower())
        .add("destination", transfer.destination)
        .addIfNotEmpty(QStringLiteral("transfer_group"), transfer.transferGroup)
        .addIfNotEmpty(QStringLiteral("source_transaction"), transfer.sourceTransaction)
        .addIfNotEmpty(QStringLiteral("description"), transfer.description)
        .addMetadata(transfer.metadata);
    qCInfo(lcStripe).noquote() << "transfer" << transfer.amountMinor << transfer.currency.toLower()
                               << "to" << transfer.destination << "key" << idempotencyKey;
    post(path, body, idempotencyKey, std::move(callback));
}

void StripeClient::listTransfers(const TransferListQuery &query, Callback callback)
{
    const QString path = QStringLiteral("/v1/transfers");
    if (!query.destination.isEmpty() && !isStripeId(query.destination, u"acct_"))
        return refuse(kGet, path,
                      StripeError::invalidArgument(QStringLiteral("destination is not acct_..."),
                                                   QStringLiteral("destination")),
                      std::move(callback));
    if (!query.startingAfter.isEmpty() && !isStripeId(query.startingAfter))
        return refuse(kGet, path,
                      StripeError::invalidArgument(QStringLiteral("starting_after is not an id"),
                                                   QStringLiteral("starting_after")),
                      std::move(callback));
    if (auto bad = checkLimit(query.limit))
        return refuse(kGet, path, std::move(*bad), std::move(callback));

    FormBody form;
    form.addIfNotEmpty(QStringLiteral("destination"), query.destination)
        .addIfNotEmpty(QStringLiteral("transfer_group"), query.transferGroup);
    if (query.createdGte > 0)
        form.add("created[gte]", query.createdGte);
    if (query.limit > 0)
        form.add("limit", query.limit);
    form.addIfNotEmpty(QStringLiteral("starting_after"), query.startingAfter);
    get(path, form, std::move(callback));
}

void StripeClient::createTransferReversal(const TransferReversalRequest &reversal,
                                          const QString &idempotencyKey, Callback callback)
{
    const QString path = QStringLiteral("/v1/transfers/{id}/reversals");
    if (auto bad = validateIdempotencyKey(idempotencyKey))
        return refuse(kPost, path, std::move(*bad), std::move(callback));
    if (auto bad = validateReversal(reversal))
        return refuse(kPost, path, std::move(*bad), std::move(callback));
    FormBody body;
    body.add("amount", reversal.amountMinor)
        .addIfNotEmpty(QStringLiteral("description"), reversal.description)
        .addMetadata(reversal.metadata);
    qCInfo(lcStripe).noquote() << "reversal of" << reversal.amountMinor << "from"
                               << reversal.transferId << "key" << idempotencyKey;
    post(u"/v1/transfers/" + reversal.transferId + u"/reversals", body, idempotencyKey,
         std::move(callback));
}

void StripeClient::listTransferReversals(const QString &transferId, int limit, Callback callback)
{
    const QString path = QStringLiteral("/v1/transfers/{id}/reversals");
    if (!isStripeId(transferId, u"tr_"))
        return refuse(kGet, path,
                      StripeError::invalidArgument(
                          QStringLiteral("\"%1\" is not a transfer id").arg(transferId),
                          QStringLiteral("id")),
                      std::move(callback));
    if (auto bad = checkLimit(limit))
        return refuse(kGet, path, std::move(*bad), std::move(callback));
    FormBody form;
    if (limit > 0)
        form.add("limit", limit);
    get(u"/v1/transfers/" + transferId + u"/reversals", form, std::move(callback));
}

void StripeClient::retrieveAccount(const QString &accountId, Callback callback)
{
    if (!isStripeId(accountId, u"acct_"))
        return refuse(
            kGet, QStringLiteral("/v1/accounts/{id}"),
            StripeError::invalidArgument(
                QStringLiteral("\"%1\" is not an account id").arg(accountId), QStringLiteral("id")),
            std::move(callback));
    get(u"/v1/accounts/" + accountId, FormBody(), std::move(callback));
}

void StripeClient::retrievePaymentIntent(const QString &paymentIntentId, Callback callback)
{
    if (!isStripeId(paymentIntentId, u"pi_"))
        return refuse(kGet, QStringLiteral("/v1/payment_intents/{id}"),
                      StripeError::invalidArgument(
                          QStringLiteral("\"%1\" is not a payment intent id").arg(paymentIntentId),
                          QStringLiteral("id")),
                      std::move(callback));
    get(u"/v1/payment_intents/" + paymentIntentId, FormBody(), std::move(callback));
}

void StripeClient::listEvents(const EventListQuery &query, Callback callback)
{
    const QString path = QStringLiteral("/v1/events");
    auto refuseWith = [&](const QString &message, const QString &param) {
        refuse(kGet, path, StripeError::invalidArgument(message, param), std::move(callback));
    };
    if (query.types.size() > 20)
        return refuseWith(QStringLiteral("at most 20 event types"), QStringLiteral("types"));
    if (!query.startingAfter.isEmpty() && !query.endingBefore.isEmpty())
        return refuseWith(QStringLiteral("starting_after and ending_before exclude each other"),
                          QStringLiteral("ending_before"));
    for (const QString &cursor : {query.startingAfter, query.endingBefore}) {
        if (!cursor.isEmpty() && !isStripeId(cursor))
            return refuseWith(QStringLiteral("\"%1\" is not an event id").arg(cursor),
                              QStringLiteral("starting_after"));
    }
    if (auto bad = checkLimit(query.limit))
        return refuse(kGet, path, std::move(*bad), std::move(callback));

    FormBody form;
    form.addArray("types", query.types);
    if (query.createdGt > 0)
        form.add("created[gt]", query.createdGt);
    if (query.limit > 0)
        form.add("limit", query.limit);
    form.addIfNotEmpty(QStringLiteral("starting_after"), query.startingAfter)
        .addIfNotEmpty(QStringLiteral("ending_before"), query.endingBefore);
    get(path, form, std::move(callback));
}

void StripeClient::get(const QString &path, const FormBody &query, Callback callback)
{
    auto call = std::make_shared<Call>();
    call->method = kGet;
    call->path = path;
    call->query = query.encoded();
    call->callback = std::move(callback);
    submit(call);
}

void StripeClient::post(const QString &path, const FormBody &body, const QString &idempotencyKey,
                        Callback callback)
{
    auto call = std::make_shared<Call>();
    call->method = kPost;
    call->path = path;
    call->body = body.encoded();
    call->idempotencyKey = idempotencyKey;
    call->callback = std::move(callback);
    submit(call);
}

void StripeClient::refuse(const QString &method, const QString &path, StripeError error,
                          Callback callback)
{
    error.method = method;
    error.path = path;
    error.redact(m_config.secretKey);
    qCWarning(lcStripe).noquote() << error.describe();
    QTimer::singleShot(0, this, [callback = std::move(callback), error = std::move(error)] {
        StripeResponse response{std::unexpected(error), {}, 0, 0, false};
        if (callback)
            callback(response);
    });
}

void StripeClient::submit(const CallPtr &call)
{
    Q_ASSERT_X(QThread::currentThread() == thread(), "StripeClient",
               "call the client on the thread it lives on");
    m_pending.insert(call.get(), call);
    m_limiter->enqueue([this, call](RateLimiter::Ticket ticket) { startAttempt(call, ticket); });
}

QUrl StripeClient::urlFor(const Call &call) const
{
    QUrl url = m_config.apiBase;
    QString base = url.path(QUrl::FullyEncoded);
    while (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + call.path, QUrl::TolerantMode);
    if (!call.query.isEmpty())
        url.setQuery(QString::fromLatin1(call.query), QUrl::StrictMode);
    return url;
}

void StripeClient::startAttempt(const CallPtr &call, RateLimiter::Ticket ticket)
{
    ++call->attempts;
    call->ticket = ticket;
    call->timedOut = false;
    call->sends = 0;
    call->attemptClock.start();
    ++m_requestsSent;

    QNetworkRequest request(urlFor(*call));
    request.setRawHeader(QByteArrayLiteral("Authorization"),
                         QByteArray(QByteArrayLiteral("Bearer ") + m_config.secretKey.toUtf8()));
    request.setRawHeader(QByteArrayLiteral("Stripe-Version"), QByteArray(kStripeApiVersion));
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("PayoutDesk"));
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);

    QNetworkReply *reply = nullptr;
    if (call->method == kPost) {
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/x-www-form-urlencoded"));
        request.setRawHeader(QByteArrayLiteral("Idempotency-Key"), call->idempotencyKey.toLatin1());
        reply = m_nam->post(request, call->body);
    } else {
        reply = m_nam->get(request);
    }
    m_active.insert(reply, call);

    connect(reply, &QNetworkReply::requestSent, this, [this, call] {
        // The first send fixes when the request really left (it may have
        // waited for a free connection); a second one is QNAM resending by
        // itself after a dropped connection, one more request for Stripe.
        if (++call->sends == 1) {
            m_limiter->markSent(call->ticket);
        } else {
            m_limiter->noteExtraStart();
            qCDebug(lcStripe).noquote()
                << call->method << call->path << "resent by the network layer";
        }
    });
    connect(reply, &QNetworkReply::finished, this,
            [this, call, reply] { onFinished(call, reply); });
    QTimer::singleShot(m_config.timeoutMs, Qt::PreciseTimer, reply, [call, reply] {
        if (reply->isRunning()) {
            call->timedOut = true;
            reply->abort(); // emits finished()
        }
    });
}

void StripeClient::onFinished(const CallPtr &call, QNetworkReply *reply)
{
    m_active.remove(reply);
    reply->deleteLater();
    m_limiter->release(call->ticket);

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray requestId = reply->rawHeader(QByteArrayLiteral("Request-Id"));
    // An aborted reply (our timeout) is closed; reading it would only warn.
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
    const qint64 ms = call->attemptClock.elapsed();

    if (status >= 200 && status < 300) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
        if (doc.isObject()) {
            StripeResponse response;
            response.result = doc.object();
            response.requestId = QString::fromLatin1(requestId);
            response.httpStatus = status;
            response.attempts = call->attempts;
            response.replayed = reply->rawHeader(QByteArrayLiteral("Idempotent-Replayed")) ==
                                QByteArrayLiteral("true");
            // Writes are worth a line each; reads only when debugging.
            const QString line = call->method + u' ' + call->path + u" -> " +
                                 QString::number(status) + u' ' + response.requestId + u" in " +
                                 QString::number(ms) + u" ms, attempt " +
                                 QString::number(call->attempts) +
                                 (response.replayed ? QStringLiteral(" (replayed)") : QString());
            if (call->method == kPost)
                qCInfo(lcStripe).noquote() << line;
            else
                qCDebug(lcStripe).noquote() << line;
            finish(call, std::move(response));
            return;
        }
        // A 2xx we cannot read: for a POST the work was probably done.
        StripeError error = StripeError::fromHttp(status, body, requestId);
        error.kind = StripeError::Kind::Unknown;
        error.message =
            parseError.error == QJsonParseError::NoError
                ? QStringLiteral("success body is not a JSON object")
                : QStringLiteral("unreadable success body: ") + parseError.errorString();
        onFailed(call, std::move(error), 0);
        return;
    }

    StripeError error;
    if (status > 0) {
        error = StripeError::fromHttp(status, body, requestId,
                                      reply->rawHeader(QByteArrayLiteral("Stripe-Should-Retry")));
    } else if (call->timedOut) {
        error = StripeError::timeout(m_config.timeoutMs);
    } else {
        error = StripeError::network(networkErrorText(reply));
    }
    bool ok = false;
    const int retryAfter = reply->rawHeader(QByteArrayLiteral("Retry-After")).trimmed().toInt(&ok);
    onFailed(call, std::move(error), ok ? retryAfter : 0);
}

void StripeClient::onFailed(const CallPtr &call, StripeError error, int retryAfterSecs)
{
    error.method = call->method;
    error.path = call->path;
    error.attempts = call->attempts;
    error.earlierAttemptOutcomeUnknown = call->earlierOutcomeUnknown;
    error.redact(m_config.secretKey);
    call->earlierOutcomeUnknown = call->earlierOutcomeUnknown || error.outcomeUnknown();

    if (error.httpStatus == 429 || error.kind == StripeError::Kind::RateLimited) {
        ++m_rateLimited;
        m_limiter->noteRateLimited();
        Q_EMIT rateLimited();
    }

    const qint64 ms = call->attemptClock.elapsed();
    if (error.isRetryable() && call->attempts <= m_config.maxNetworkRetries) {
        int delay = retryDelayMs(call->attempts);
        // Honour a Retry-After that asks for longer, within reason (stripe-node: 60 s).
        if (retryAfterSecs > 0 && retryAfterSecs <= 60)
            delay = qMax(delay, retryAfterSecs * 1000);
        qCInfo(lcStripe).noquote()
            << error.describe() << "in" << ms << "ms; retrying in" << delay << "ms";
        QTimer::singleShot(delay, Qt::PreciseTimer, this, [this, call] {
            if (m_pending.contains(call.get()))
                submit(call);
        });
        return;
    }
    qCWarning(lcStripe).noquote() << error.describe() << "in" << ms << "ms"
                                  << (error.outcomeUnknown() ? "(outcome unknown)" : "");
    StripeResponse response;
    response.requestId = error.requestId;
    response.httpStatus = error.httpStatus;
    response.attempts = call->attempts;
    response.result = std::unexpected(std::move(error));
    finish(call, std::move(response));
}

void StripeClient::finish(const CallPtr &call, StripeResponse response)
{
    m_pending.remove(call.get());
    // Last thing done: the callback may destroy this client.
    Callback callback = std::move(call->callback);
    if (callback)
        callback(response);
}

int StripeClient::retryDelayMs(int retryNumber)
{
    // stripe-node: initial * 2^(n-1), capped, then jitter to half..full so
    // many clients that failed together do not come back together.
    const int initial = qMax(1, m_config.initialRetryDelayMs);
    const int cap = qMax(initial, m_config.maxRetryDelayMs);
    const qint64 exp = qint64(initial) << qMin(retryNumber - 1, 20);
    const double full = double(qMin<qint64>(exp, cap));
    return int(full * (0.5 + 0.5 * m_rng.generateDouble()));
}
