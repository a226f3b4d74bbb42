#include "StripeError.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>
#include <QRegularExpression>

namespace {

// Stripe's error codes that name the connected account a transfer pays,
// whatever the status they come with (insufficient_capabilities_for_transfer
// is seen as 400 and as 403). Open-ended on purpose: any other code keeps
// Stripe's message and is handled by status.
bool isDestinationCode(const QString &code)
{
    return code == u"insufficient_capabilities_for_transfer";
}

// A garbage body (an HTML page from a proxy) is kept only as a short hint.
QString bodyHint(const QByteArray &body)
{
    QString text = QString::fromUtf8(body.left(400)).simplified();
    text.removeIf([](QChar c) { return !c.isPrint(); });
    if (text.size() > 120)
        text = text.left(117) + u"...";
    return text;
}

} // namespace

QString kindName(StripeError::Kind kind)
{
    const QMetaEnum meta = QMetaEnum::fromType<StripeError::Kind>();
    return QString::fromLatin1(meta.valueToKey(static_cast<int>(kind)));
}

StripeError::Kind StripeError::classify(int httpStatus, const QString &type, const QString &code)
{
    switch (httpStatus) {
    case 0:
        return Kind::Network;
    case 400:
        if (type == u"idempotency_error")
            return Kind::Idempotency;
        // stripe-node treats a 400 with code rate_limit as a rate-limit error.
        if (code == u"rate_limit")
            return Kind::RateLimited;
        return Kind::InvalidRequest;
    case 401:
        return Kind::Authentication;
    case 402:
        return Kind::Card;
    case 403:
        return Kind::Permission;
    case 404:
        return Kind::NotFound;
    case 409:
        return Kind::Conflict;
    case 429:
        return code == u"lock_timeout" ? Kind::LockTimeout : Kind::RateLimited;
    default:
        break;
    }
    if (httpStatus >= 500 && httpStatus <= 599)
        return Kind::Server;
    return Kind::Unknown;
}

StripeError StripeError::fromHttp(int httpStatus, const QByteArray &body,
                                  const QByteArray &requestId, const QByteArray &shouldRetryHeader)
{
    StripeError e;
    e.httpStatus = httpStatus;
    e.requestId = QString::fromLatin1(requestId).trimmed();

    const QByteArray retry = shouldRetryHeader.trimmed().toLower();
    if (retry == "true")
        e.shouldRetryHeader = true;
    else if (retry == "false")
        e.shouldRetryHeader = false;

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    const QJsonValue error = doc.isObject() ? doc.object().value(u"error") : QJsonValue();
    if (error.isObject()) {
        // toString() gives "" for a missing or non-string field: only type
        // and message are promised, and nothing here may trust the rest.
        const QJsonObject o = error.toObject();
        e.type = o.value(u"type").toString();
        e.code = o.value(u"code").toString();
        e.message = o.value(u"message").toString();
        e.param = o.value(u"param").toString();
        e.declineCode = o.value(u"decline_code").toString();
    } else if (error.isString()) {
        e.message = error.toString(); // OAuth-style {"error": "..."}
    } else if (!body.trimmed().isEmpty()) {
        const QString hint = bodyHint(body);
        e.message = QStringLiteral("unreadable error body") +
                    (hint.isEmpty() ? QString() : QString(u": " + hint));
    }
    if (e.message.isEmpty())
        e.message = QStringLiteral("no error message");
    e.kind = classify(httpStatus, e.type, e.code);
    return e;
}

StripeError StripeError::network(const QString &message)
{
    StripeError e;
    e.kind = Kind::Network;
    e.message = message;
    return e;
}

StripeError StripeError::timeout(int timeoutMs)
{
    StripeError e;
    e.kind = Kind::Timeout;
    e.message = QStringLiteral("no answer within %1 ms").arg(timeoutMs);
    return e;
}

StripeError StripeError::invalidArgument(const QString &message, const QString &param)
{
    StripeError e;
    e.kind = Kind::InvalidRequest;
    e.message = message;
    e.param = param;
    e.notSent = true;
    return e;
}

bool StripeError::isRetryable() const
{
    if (notSent)
        return false; // the same arguments would be refused the same way
    if (shouldRetryHeader)
        return *shouldRetryHeader;
    switch (kind) {
    case Kind::Network:
    case Kind::Timeout:
    case Kind::RateLimited:
    case Kind::LockTimeout:
    case Kind::Conflict:
    case Kind::Server:
        return true;
    default:
        return false;
    }
}

bool StripeError::outcomeUnknown() const
{
    // A GET changes nothing; a request refused before sending did nothing.
    if (notSent || method == u"GET")
        return false;
    switch (kind) {
    case Kind::Network:
    case Kind::Timeout:
    case Kind::Conflict: // another request with this key is running: it may succeed
    case Kind::Server:   // Stripe may have executed it before failing
    case Kind::Unknown:  // a status or body we cannot read: assume the worst
        return true;
    case Kind::RateLimited:
    case Kind::LockTimeout:
    case Kind::Authentication:
    case Kind::Permission:
        // Refused before execution: that says nothing about an earlier
        // attempt that went unanswered.
        return earlierAttemptOutcomeUnknown;
    case Kind::InvalidRequest:
    case Kind::Idempotency:
    case Kind::NotFound:
    case Kind::Card:
        // Answers that passed Stripe's idempotency layer: had an earlier
        // attempt executed, this would have been its stored result.
        return false;
    }
    return true;
}

bool StripeError::stopsTheRun() const
{
    if (kind == Kind::Authentication)
        return true;
    if (kind == Kind::Permission)
        return !concernsDestination();
    return false;
}

bool StripeError::concernsDestination() const
{
    return isDestinationCode(code) || param == u"destination";
}

QString StripeError::describe() const
{
    QString line;
    if (!method.isEmpty() || !path.isEmpty())
        line += method + u' ' + path + u": ";
    if (notSent) {
        line += u"not sent: " + message;
    } else if (httpStatus == 0) {
        line += (kind == Kind::Timeout ? QStringLiteral("timeout: ")
                                       : QStringLiteral("no response: ")) +
                message;
    } else {
        line += u"HTTP " + QString::number(httpStatus);
        if (!type.isEmpty())
            line += u' ' + type;
        if (!code.isEmpty())
            line += QLatin1Char(type.isEmpty() ? ' ' : '/') + code;
        if (!param.isEmpty())
            line += u" (param " + param + u')';
        line += u": " + message;
        if (!declineCode.isEmpty())
            line += u" [decline " + declineCode + u']';
    }
    QStringList notes;
    if (!requestId.isEmpty())
        notes.append(u"request " + requestId);
    if (attempts > 1)
        notes.append(QString::number(attempts) + u" attempts");
    if (!notes.isEmpty())
        line += u" (" + notes.join(u", ") + u')';
    return maskSecrets(line.simplified());
}

void StripeError::redact(const QString &secret)
{
    // Very short "secrets" would mask ordinary words; real keys are long.
    if (secret.size() < 8)
        return;
    const QString mask = QStringLiteral("[redacted]");
    for (QString *field : {&type, &code, &message, &param, &declineCode, &requestId, &path})
        field->replace(secret, mask);
}

QString StripeError::maskSecrets(QString text)
{
    // Secret and restricted keys, and webhook signing secrets. The last
    // four characters stay, as in Stripe's own messages, to tell keys apart.
    static const QRegularExpression secretShape(
        QStringLiteral("((?:sk|rk)_(?:test|live)_|whsec_)([A-Za-z0-9]+)"));
    QString out;
    qsizetype last = 0;
    auto it = secretShape.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const QString body = m.captured(2);
        out += QStringView(text).mid(last, m.capturedStart() - last);
        out += m.captured(1) + u"****";
        if (body.size() >= 16)
            out += body.right(4);
        last = m.capturedEnd();
    }
    if (last == 0)
        return text;
    out += QStringView(text).mid(last);
    return out;
}
