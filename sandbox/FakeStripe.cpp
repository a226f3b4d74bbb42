#include "FakeStripe.h"

#include "FormParams.h"
#include "LoopbackHttpServer.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QTimer>

using namespace Qt::StringLiterals;

// Quiet by default, since tests and benchmarks inject faults by the hundred.
// Faults log at info, every request at debug: QT_LOGGING_RULES="fakestripe.*=true"
// (fake-stripe logs faults by default and everything with --verbose).
Q_LOGGING_CATEGORY(lcFakeStripe, "fakestripe", QtWarningMsg)

namespace {

QString redactKey(const QString &key)
{
    // Stripe echoes enough of a bad key to recognise it, never all of it.
    if (key.size() <= 12)
        return key.left(3) + u"****"_s;
    return key.left(8) + QString(key.size() - 12, u'*') + key.right(4);
}

bool isFormBody(const QByteArray &contentType)
{
    const QByteArray mime = contentType.split(';').first().trimmed();
    return mime.compare("application/x-www-form-urlencoded", Qt::CaseInsensitive) == 0;
}

struct FaultNameEntry
{
    FakeStripe::Fault fault;
    QLatin1StringView name;
};

constexpr FaultNameEntry faultNames[] = {
    {FakeStripe::Fault::None, "none"_L1},
    {FakeStripe::Fault::Error500BeforeCommit, "error_500_before_commit"_L1},
    {FakeStripe::Fault::Error500AfterCommit, "error_500_after_commit"_L1},
    {FakeStripe::Fault::TimeoutBeforeCommit, "timeout_before_commit"_L1},
    {FakeStripe::Fault::TimeoutAfterCommit, "timeout_after_commit"_L1},
    {FakeStripe::Fault::ResetBeforeCommit, "reset_before_commit"_L1},
    {FakeStripe::Fault::ResetAfterCommit, "reset_after_commit"_L1},
    {FakeStripe::Fault::RateLimit429, "rate_limit_429"_L1},
    {FakeStripe::Fault::LockTimeout429, "lock_timeout_429"_L1},
};

} // namespace

FakeStripe::FakeStripe(QObject *parent)
    : QObject(parent)
    , m_server(new LoopbackHttpServer([this](const HttpExchange &exchange) { onRequest(exchange); },
                                      this))
    , m_idRng(QRandomGenerator::securelySeeded())
{
    m_monotonic.start();
}

FakeStripe::~FakeStripe()
{
    // Close every connection while the state its callbacks touch still exists.
    delete m_server;
    m_server = nullptr;
}

bool FakeStripe::listen(quint16 port)
{
    return m_server->listenLoopback(port);
}

quint16 FakeStripe::port() const
{
    return m_server->port();
}

QUrl FakeStripe::baseUrl() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(port());
    return url;
}

int FakeStripe::connectionCount() const
{
    return m_server->connectionCount();
}

void FakeStripe::addApiKey(const QString &secretKey)
{
    m_apiKeys.insert(secretKey);
}

void FakeStripe::setAvailableBalance(const QString &currency, qint64 minor)
{
    m_available.insert(currency.toLower(), minor);
}

void FakeStripe::setPendingBalance(const QString &currency, qint64 minor)
{
    m_pending.insert(currency.toLower(), minor);
}

qint64 FakeStripe::availableBalance(const QString &currency) const
{
    return m_available.value(currency.toLower(), 0);
}

void FakeStripe::addAccount(const QString &accountId, bool transfersActive, bool payoutsEnabled)
{
    m_accounts.insert(accountId, Account{transfersActive, payoutsEnabled, {}});
}

void FakeStripe::setAccountTransfersActive(const QString &accountId, bool active)
{
    auto it = m_accounts.find(accountId);
    if (it == m_accounts.end() || it->transfersActive == active)
        return;
    it->transfersActive = active;
    // charges_enabled follows the capability here, so it changed too.
    const QString before = active ? u"inactive"_s : u"active"_s;
    accountChanged(accountId, {{u"capabilities"_s, QJsonObject{{u"transfers"_s, before}}},
                               {u"charges_enabled"_s, !active}});
}

void FakeStripe::setAccountPayoutsEnabled(const QString &accountId, bool enabled)
{
    auto it = m_accounts.find(accountId);
    if (it == m_accounts.end() || it->payoutsEnabled == enabled)
        return;
    it->payoutsEnabled = enabled;
    accountChanged(accountId, {{u"payouts_enabled"_s, !enabled}});
}

qint64 FakeStripe::accountBalance(const QString &accountId, const QString &currency) const
{
    return m_accounts.value(accountId).balance.value(currency.toLower(), 0);
}

void FakeStripe::setAccountBalance(const QString &accountId, const QString &currency, qint64 minor)
{
    auto it = m_accounts.find(accountId);
    if (it != m_accounts.end())
        it->balance.insert(currency.toLower(), minor);
}

void FakeStripe::addPaymentIntent(const QString &paymentIntentId, const QString &chargeId,
                                  qint64 amount, const QString &currency)
{
    m_paymentIntents.insert(paymentIntentId,
                            PaymentIntent{chargeId, amount, currency.toLower(), now()});
    m_charges.insert(chargeId, Charge{paymentIntentId, amount, currency.toLower(), 0});
}

void FakeStripe::setLatencyMs(int ms)
{
    m_latencyMs = qMax(0, ms);
}

void FakeStripe::setRateLimit(int requestsPerSecond)
{
    m_rateLimit = qMax(0, requestsPerSecond);
    m_admitted.clear();
}

void FakeStripe::setRandomFaults(double probability, const QList<Fault> &kinds, quint32 seed)
{
    m_faultProbability = probability;
    m_faultKinds = kinds;
    m_faultKinds.removeAll(Fault::None);
    m_faultRng.seed(seed);
}

void FakeStripe::queueFault(Fault fault)
{
    m_queuedFaults.enqueue(fault);
}

void FakeStripe::setResetBurstMs(int ms)
{
    m_resetBurstMs = qMax(0, ms);
}

void FakeStripe::expireIdempotencyKeys()
{
    m_idempotency.clear();
}

void FakeStripe::setCurrentTime(qint64 unixSeconds)
{
    m_fixedNow = unixSeconds;
}

QString FakeStripe::faultName(Fault fault)
{
    for (const auto &entry : faultNames) {
        if (entry.fault == fault)
            return entry.name;
    }
    return {};
}

std::optional<FakeStripe::Fault> FakeStripe::faultFromName(const QString &name)
{
    for (const auto &entry : faultNames) {
        if (name.compare(entry.name, Qt::CaseInsensitive) == 0)
            return entry.fault;
    }
    return std::nullopt;
}

qint64 FakeStripe::now() const
{
    return m_fixedNow > 0 ? m_fixedNow : QDateTime::currentSecsSinceEpoch();
}

QString FakeStripe::newId(const QString &prefix)
{
    static constexpr char16_t alphabet[] =
        u"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QString id = prefix;
    for (int i = 0; i < 24; ++i)
        id += QChar(alphabet[m_idRng.bounded(int(std::size(alphabet) - 1))]);
    return id;
}

FakeStripe::Reply FakeStripe::error(int status, const QString &type, const QString &code,
                                    const QString &message, const QString &param)
{
    // Stripe always sends type and message; code and param only when they apply.
    QJsonObject body;
    body.insert(u"type"_s, type);
    body.insert(u"message"_s, message);
    if (!code.isEmpty())
        body.insert(u"code"_s, code);
    if (!param.isEmpty())
        body.insert(u"param"_s, param);
    Reply reply;
    reply.status = status;
    reply.json.insert(u"error"_s, body);
    return reply;
}

void FakeStripe::onRequest(const HttpExchange &exchange)
{
    // The control API is not Stripe: no key, no limits, no latency.
    if (exchange.path.startsWith(u"/_fake/")) {
        finish(exchange, control(exchange), {}, false);
        return;
    }
    ++m_requestCount;
    // Events written while this request runs name it, as Stripe's do.
    m_request = {newId(u"req_"_s), QString::fromUtf8(exchange.header("Idempotency-Key"_ba))};
    const auto done = qScopeGuard([this] { m_request = {}; });

    QString apiKey;
    if (const auto failure = authenticate(exchange, &apiKey)) {
        finish(exchange, *failure, {});
        return;
    }
    if (!admitByRateLimit()) {
        ++m_rateLimitedCount;
        finish(exchange,
               error(429, u"invalid_request_error"_s, u"rate_limit"_s,
                     u"Too many requests hit the API too quickly. We recommend an exponential "
                     "backoff of your requests."_s));
        return;
    }

    QString inFlightKey;
    Reply reply;
    const QStringList segments = exchange.path.split(u'/', Qt::SkipEmptyParts);
    if (exchange.method == "POST" && segments == QStringList{u"v1"_s, u"transfers"_s}) {
        const MoneyPost transfer{
            [this](const FormParams &params) { return validateTransfer(params); },
            [this](const FormParams &params, const QString &key) {
                return createTransfer(params, key);
            }};
        reply = postMoney(exchange, apiKey, transfer, &inFlightKey);
    } else if (exchange.method == "POST" && segments.size() == 4 &&
               segments.at(1) == u"transfers" && segments.at(3) == u"reversals") {
        const QString transferId = segments.at(2);
        const MoneyPost reverse{
            [this](const FormParams &params) { return validateReversal(params); },
            [this, transferId](const FormParams &params, const QString &key) {
                return createReversal(transferId, params, key);
            }};
        reply = postMoney(exchange, apiKey, reverse, &inFlightKey);
    } else {
        reply = route(exchange.method, exchange.path, exchange.query);
    }
    finish(exchange, reply, inFlightKey);
}

std::optional<FakeStripe::Reply> FakeStripe::authenticate(const HttpExchange &exchange,
                                                          QString *apiKey) const
{
    const QByteArray authorization = exchange.header("Authorization"_ba).trimmed();
    QString key;
    if (authorization.startsWith("Bearer ")) {
        key = QString::fromUtf8(authorization.mid(7).trimmed());
    } else if (authorization.startsWith("Basic ")) {
        // stripe-cli and curl -u send the key as the user name, no password.
        const QByteArray decoded = QByteArray::fromBase64(authorization.mid(6).trimmed());
        const qsizetype colon = decoded.indexOf(':');
        key = QString::fromUtf8(colon < 0 ? decoded : decoded.left(colon));
    }

    auto unauthorized = [](const QString &message) {
        Reply reply = error(401, u"authentication_error"_s, {}, message);
        reply.headers.append({"WWW-Authenticate"_ba, "Basic realm=\"Stripe\""_ba});
        return reply;
    };
    if (key.isEmpty()) {
        return unauthorized(u"You did not provide an API key. You need to provide your API key "
                            "in the Authorization header, using Bearer auth (e.g. "
                            "'Authorization: Bearer YOUR_SECRET_KEY')."_s);
    }
    if (key.startsWith(u"pk_")) {
        return unauthorized(u"This API call cannot be made with a publishable API key. Please "
                            "use a secret API key."_s);
    }
    if (!m_apiKeys.contains(key))
        return unauthorized(u"Invalid API Key provided: "_s + redactKey(key));
    *apiKey = key;
    return std::nullopt;
}

bool FakeStripe::admitByRateLimit()
{
    if (m_rateLimit <= 0)
        return true;
    // Sliding one-second window over the requests let through; rejected
    // requests do not count, so a client that backs off gets in again.
    const qint64 nowMs = m_monotonic.elapsed();
    while (!m_admitted.empty() && m_admitted.front() <= nowMs - 1000)
        m_admitted.pop_front();
    if (qsizetype(m_admitted.size()) >= m_rateLimit)
        return false;
    m_admitted.push_back(nowMs);
    return true;
}

FakeStripe::Fault FakeStripe::nextFault()
{
    if (!m_queuedFaults.isEmpty())
        return m_queuedFaults.dequeue();
    if (m_faultProbability > 0.0 && !m_faultKinds.isEmpty() &&
        m_faultRng.generateDouble() < m_faultProbability) {
        return m_faultKinds.at(m_faultRng.bounded(int(m_faultKinds.size())));
    }
    return Fault::None;
}

FakeStripe::Reply FakeStripe::postMoney(const HttpExchange &exchange, const QString &apiKey,
                                        const MoneyPost &post, QString *inFlightKey)
{
    // An identical request right after a reset is the client library's own
    // resend (see setResetBurstMs()): it meets the same broken connection.
    const QByteArray echoKey =
        apiKey.toUtf8() + '\n' + exchange.header("Idempotency-Key"_ba) + '\n' + exchange.body;
    const auto echo = m_resetUntil.constFind(echoKey);
    if (echo != m_resetUntil.constEnd()) {
        const bool withinBurst = m_monotonic.elapsed() <= *echo;
        m_resetUntil.erase(echo);
        if (withinBurst) {
            Reply reset;
            reset.delivery = Delivery::Reset;
            return reset;
        }
    }

    const Fault fault = nextFault();
    if (fault != Fault::None) {
        ++m_faultCount;
        qCInfo(lcFakeStripe) << "injecting fault" << faultName(fault) << "key"
                             << exchange.header("Idempotency-Key"_ba);
    }
    // After-commit faults replace whatever answer the request earned, once
    // its effects (a transfer, a stored result) have happened.
    Reply reply = applyAfterCommitFault(
        fault, postMoneyWithFault(exchange, apiKey, post, fault, inFlightKey));
    if (reply.delivery == Delivery::Reset)
        reply.resetEchoKey = echoKey;
    return reply;
}

FakeStripe::Reply FakeStripe::postMoneyWithFault(const HttpExchange &exchange,
                                                 const QString &apiKey, const MoneyPost &post,
                                                 Fault fault, QString *inFlightKey)
{
    // Faults that stop the request before Stripe's idempotency layer sees it.
    switch (fault) {
    case Fault::RateLimit429:
        return error(429, u"invalid_request_error"_s, u"rate_limit"_s,
                     u"Too many requests hit the API too quickly. We recommend an exponential "
                     "backoff of your requests."_s);
    case Fault::LockTimeout429:
        return error(429, u"invalid_request_error"_s, u"lock_timeout"_s,
                     u"This object cannot be accessed right now because another API request or "
                     "Stripe process is currently accessing it. Please retry."_s);
    case Fault::TimeoutBeforeCommit: {
        Reply hold;
        hold.delivery = Delivery::Hold;
        return hold;
    }
    case Fault::ResetBeforeCommit: {
        Reply reset;
        reset.delivery = Delivery::Reset;
        return reset;
    }
    default:
        break;
    }

    const QByteArray contentType = exchange.header("Content-Type"_ba);
    if (!exchange.body.isEmpty() && !isFormBody(contentType)) {
        return error(400, u"invalid_request_error"_s, {},
                     u"Invalid request: unsupported Content-Type "_s +
                         QString::fromUtf8(contentType) +
                         u". Send application/x-www-form-urlencoded parameters."_s);
    }
    const FormParams params = FormParams::parse(exchange.body);
    const QString idempotencyKey = QString::fromUtf8(exchange.header("Idempotency-Key"_ba));
    if (idempotencyKey.size() > 255) {
        return error(400, u"invalid_request_error"_s, {},
                     u"Invalid Idempotency-Key: keys can be at most 255 characters long."_s);
    }
    const QByteArray fingerprint = "POST " + exchange.path.toUtf8() + '?' + params.fingerprint();
    const QString scope = idempotencyKey.isEmpty() ? QString() : apiKey + u'\n' + idempotencyKey;

    if (fault == Fault::Error500BeforeCommit) {
        // Stripe stores a 500 like any other result once execution started;
        // a key that already has a result or is running keeps what it has.
        Reply failed = error(500, u"api_error"_s, {},
                             u"An unknown error occurred while processing your request."_s);
        failed.rawBody = QJsonDocument(failed.json).toJson(QJsonDocument::Compact);
        if (!scope.isEmpty() && !m_inFlight.contains(scope) && !m_idempotency.contains(scope))
            m_idempotency.insert(scope, StoredResult{fingerprint, failed.status, failed.rawBody});
        return failed;
    }

    if (!scope.isEmpty()) {
        if (m_inFlight.contains(scope)) {
            return error(409, u"invalid_request_error"_s, u"idempotency_key_in_use"_s,
                         u"There is currently another in-progress request using this "
                         "idempotent key (that probably means you submitted twice, and the "
                         "other request is still going through): "_s +
                             idempotencyKey + u". Please try again later."_s);
        }
        const auto stored = m_idempotency.constFind(scope);
        if (stored != m_idempotency.constEnd()) {
            if (stored->fingerprint != fingerprint) {
                return error(400, u"idempotency_error"_s, {},
                             u"Keys for idempotent requests can only be used with the same "
                             "parameters they were first used with. Try using a key other "
                             "than '"_s +
                                 idempotencyKey +
                                 u"' if you meant to execute a different request."_s);
            }
            Reply replay;
            replay.status = stored->status;
            replay.rawBody = stored->body;
            replay.replayed = true;
            return replay;
        }
    }

    // Parameter validation happens before execution and stores nothing.
    if (auto invalid = post.validate(params))
        return *invalid;

    if (!scope.isEmpty()) {
        m_inFlight.insert(scope);
        *inFlightKey = scope;
    }
    Reply result = post.execute(params, idempotencyKey);
    result.rawBody = QJsonDocument(result.json).toJson(QJsonDocument::Compact);
    if (!scope.isEmpty())
        m_idempotency.insert(scope, StoredResult{fingerprint, result.status, result.rawBody});
    return result;
}

FakeStripe::Reply FakeStripe::applyAfterCommitFault(Fault fault, Reply committed)
{
    // The work is done and stored; only the answer goes wrong on its way out.
    switch (fault) {
    case Fault::Error500AfterCommit:
        return error(500, u"api_error"_s, {},
                     u"An unknown error occurred while processing your request."_s);
    case Fault::TimeoutAfterCommit:
        committed.delivery = Delivery::Hold;
        return committed;
    case Fault::ResetAfterCommit:
        committed.delivery = Delivery::Reset;
        return committed;
    default:
        return committed;
    }
}

void FakeStripe::finish(const HttpExchange &exchange, const Reply &reply,
                        const QString &inFlightKey, bool delayed)
{
    HttpAnswer answer;
    answer.status = reply.status;
    answer.body = reply.rawBody.isEmpty() ? QJsonDocument(reply.json).toJson(QJsonDocument::Compact)
                                          : reply.rawBody;
    answer.headers = reply.headers;
    const QString requestId = m_request.id.isEmpty() ? newId(u"req_"_s) : m_request.id;
    answer.headers.append({"Request-Id"_ba, requestId.toLatin1()});
    const QByteArray version = exchange.header("Stripe-Version"_ba);
    if (!version.isEmpty())
        answer.headers.append({"Stripe-Version"_ba, version});
    const QByteArray idempotencyKey = exchange.header("Idempotency-Key"_ba);
    if (!idempotencyKey.isEmpty() && exchange.method == "POST")
        answer.headers.append({"Idempotency-Key"_ba, idempotencyKey});
    if (reply.replayed)
        answer.headers.append({"Idempotent-Replayed"_ba, "true"_ba});

    qCDebug(lcFakeStripe).noquote() << exchange.method << exchange.path << "->" << reply.status
                                    << (reply.delivery == Delivery::Hold    ? "(held)"
                                        : reply.delivery == Delivery::Reset ? "(reset)"
                                                                            : "");
    const Delivery delivery = reply.delivery;
    const QByteArray echoKey = reply.resetEchoKey;
    auto deliver = [this, exchange, answer, delivery, inFlightKey, echoKey] {
        // The key stays "in flight" until the answer would leave, so a
        // retry that overtakes a slow first attempt gets 409, as on Stripe.
        if (!inFlightKey.isEmpty())
            m_inFlight.remove(inFlightKey);
        switch (delivery) {
        case Delivery::Answer:
            LoopbackHttpServer::write(exchange, answer);
            break;
        case Delivery::Hold:
            break; // keep the socket open and silent; the client times out
        case Delivery::Reset:
            if (!echoKey.isEmpty() && m_resetBurstMs > 0) {
                const qint64 nowMs = m_monotonic.elapsed();
                m_resetUntil.removeIf([nowMs](const auto &it) { return it.value() < nowMs; });
                m_resetUntil.insert(echoKey, nowMs + m_resetBurstMs);
            }
            LoopbackHttpServer::reset(exchange);
            break;
        }
    };
    if (delayed && m_latencyMs > 0)
        QTimer::singleShot(m_latencyMs, Qt::PreciseTimer, this, deliver);
    else
        deliver();
}
