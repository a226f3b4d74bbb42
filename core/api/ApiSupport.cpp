#include "ApiSupport.h"

#include "api/ApiReaderPool.h"
#include "api/TokenAttemptLimiter.h"
#include "ledger/TokenStore.h"
#include "util/ConstantTime.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <QHttpServerRequest>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcApi, "payoutdesk.api", QtInfoMsg)

namespace api {

namespace {
// What a cursor stands for, behind base64url: "o1:OFFSET" (a position in a
// list the server builds per request) or "k1:CREATED_MS:ID" (after that
// entry, in the ledger's order). Opaque to clients, so either may change.
const QByteArray kOffsetPrefix = QByteArrayLiteral("o1:");
const QByteArray kKeyPrefix = QByteArrayLiteral("k1:");
} // namespace

Query::Query(const HttpRequest &request, QSet<QString> allowed)
{
    const QUrlQuery query(request.url());
    for (const auto &[key, given] : query.queryItems(QUrl::FullyDecoded)) {
        if (!allowed.contains(key)) {
            m_problem =
                key == u"artist"
                    ? QStringLiteral("the artist is the token's; there is no artist parameter")
                    : QStringLiteral("unknown parameter '%1'").arg(key);
            return;
        }
        if (m_values.contains(key)) {
            m_problem = QStringLiteral("the parameter '%1' is given twice").arg(key);
            return;
        }
        m_values.insert(key, given);
    }
}

std::optional<QString> Query::take(const QString &name)
{
    const auto it = m_values.constFind(name);
    if (it == m_values.cend())
        return std::nullopt;
    return *it;
}

qint64 Query::integer(const IntParam &param)
{
    const QString name = QString::fromLatin1(param.name);
    const std::optional<QString> text = take(name);
    if (!text || !m_problem.isEmpty())
        return param.fallback;
    bool ok = false;
    const qint64 v = text->toLongLong(&ok);
    // Digits only: no sign, spaces or exponent slip through toLongLong.
    bool digits = !text->isEmpty();
    for (QChar c : *text)
        digits &= c >= u'0' && c <= u'9';
    if (!ok || !digits || v < param.min || v > param.max) {
        m_problem = QStringLiteral("%1 must be a whole number from %2 to %3")
                        .arg(name)
                        .arg(param.min)
                        .arg(param.max);
        return param.fallback;
    }
    return v;
}

std::optional<QList<qint64>> Query::cursor(QByteArrayView prefix, int count)
{
    const std::optional<QString> text = take(QStringLiteral("cursor"));
    if (!text || !m_problem.isEmpty())
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(
        text->toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    QList<qint64> numbers;
    if (decoded && decoded.decoded.startsWith(prefix)) {
        for (const QByteArray &part : decoded.decoded.mid(prefix.size()).split(':')) {
            bool ok = false;
            const qint64 n = part.toLongLong(&ok);
            if (!ok || n < 0)
                break;
            numbers << n;
        }
    }
    if (numbers.size() != count) {
        m_problem = QStringLiteral("cursor is not one this API gave; start again without it");
        return std::nullopt;
    }
    return numbers;
}

qint64 Query::cursorOffset()
{
    const std::optional<QList<qint64>> n = cursor(kOffsetPrefix, 1);
    return n ? n->at(0) : 0;
}

std::pair<qint64, qint64> Query::cursorKey()
{
    const std::optional<QList<qint64>> n = cursor(kKeyPrefix, 2);
    if (!n || n->at(1) <= 0) {
        if (n)
            m_problem = QStringLiteral("cursor is not one this API gave; start again without it");
        return {0, 0};
    }
    return {n->at(0), n->at(1)};
}

Body::Body(const HttpRequest &request, QSet<QString> allowed)
{
    if (request.body().trimmed().isEmpty())
        return; // no body: no members
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(request.body(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        m_problem = QStringLiteral("the body must be a JSON object (Content-Type: "
                                   "application/json)");
        return;
    }
    m_object = doc.object();
    for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it)
        if (!allowed.contains(it.key())) {
            m_problem = QStringLiteral("unknown member '%1'").arg(it.key());
            return;
        }
}

QString Body::text(const QString &name, bool required)
{
    if (!m_problem.isEmpty())
        return {};
    const QJsonValue v = m_object.value(name);
    if (v.isUndefined() && !required)
        return {};
    if (!v.isString() || v.toString().trimmed().isEmpty()) {
        m_problem = QStringLiteral("%1 must be a non-empty string").arg(name);
        return {};
    }
    return v.toString().trimmed();
}

qint64 Body::id(const QString &name)
{
    if (!m_problem.isEmpty())
        return 0;
    const QJsonValue v = m_object.value(name);
    // A JSON number is a double: a whole number up to 2^53 is exact.
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d < 1 || d > 9007199254740992.0 || d != double(qint64(d))) {
        m_problem = QStringLiteral("%1 must be a positive whole number").arg(name);
        return 0;
    }
    return qint64(d);
}

namespace {
QString encodeCursor(const QByteArray &plain)
{
    return QString::fromLatin1(
        plain.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}
} // namespace

QString cursorFor(qint64 offset)
{
    return encodeCursor(kOffsetPrefix + QByteArray::number(offset));
}

QString cursorAfter(qint64 createdMs, qint64 id)
{
    return encodeCursor(kKeyPrefix + QByteArray::number(createdMs) + ':' + QByteArray::number(id));
}

QString bearerToken(const HttpRequest &request)
{
    const QByteArray header = request.value("authorization");
    // The scheme's name is case-insensitive (RFC 9110); the token is not.
    constexpr qsizetype kScheme = 7; // "Bearer "
    if (header.size() <= kScheme || qstrnicmp(header.constData(), "bearer ", kScheme) != 0)
        return {};
    return QString::fromLatin1(header.mid(kScheme).trimmed());
}

std::optional<QString> authenticate(const HttpRequest &request, TokenStore &tokens,
                                    TokenAttemptLimiter &limiter, HttpReply &reply,
                                    TokenUseRecorder *uses)
{
    const QHostAddress client = request.remoteAddress();
    if (limiter.refuse(client, reply))
        return std::nullopt;
    const auto refused = [&] {
        limiter.failed(client);
        unauthorized(reply);
    };
    const QString token = bearerToken(request);
    if (token.isEmpty()) {
        refused();
        return std::nullopt;
    }
    const Result<std::optional<QString>> artist =
        tokens.authenticate(token, uses ? TokenStore::Use::Check : TokenStore::Use::Record);
    if (!artist) {
        // readFailed logs the ledger's reason, never the token.
        readFailed(reply, artist.error());
        return std::nullopt;
    }
    if (!*artist)
        refused();
    else if (uses)
        uses->used(token);
    return *artist;
}

bool adminTokenMatches(const HttpRequest &request, const QString &adminToken)
{
    if (adminToken.isEmpty())
        return false;
    const QByteArray expected = "Bearer " + adminToken.toUtf8();
    return constantTimeEquals(request.value("authorization"), expected);
}

bool authenticateAdmin(const HttpRequest &request, const QString &adminToken,
                       TokenAttemptLimiter &limiter, HttpReply &reply)
{
    const QHostAddress client = request.remoteAddress();
    if (limiter.refuse(client, reply))
        return false;
    if (adminTokenMatches(request, adminToken))
        return true;
    limiter.failed(client);
    adminUnauthorized(reply);
    return false;
}

namespace {
// The API's error shape: a code a program reads, a message a person reads;
// a 401 names the scheme in WWW-Authenticate (RFC 6750).
void sendError(HttpReply &reply, int status, const QString &code, const QString &message)
{
    reply.sendJson(status, {{QStringLiteral("error"), code}, {QStringLiteral("message"), message}},
                   status == 401
                       ? HttpReply::Headers{{QByteArrayLiteral("WWW-Authenticate"),
                                             QByteArrayLiteral("Bearer realm=\"payoutdesk\"")}}
                       : HttpReply::Headers{});
}
} // namespace

void adminUnauthorized(HttpReply &reply)
{
    sendError(reply, 401, QStringLiteral("unauthorized"),
              QStringLiteral("the admin token is needed: Authorization: Bearer <admin token>"));
}

void unauthorized(HttpReply &reply)
{
    sendError(reply, 401, QStringLiteral("unauthorized"),
              QStringLiteral("a valid artist token is needed: Authorization: Bearer pd_art_..."));
}

void badRequest(HttpReply &reply, const QString &reason)
{
    sendError(reply, 400, QStringLiteral("bad_request"), reason);
}

void notFound(HttpReply &reply, const QString &reason)
{
    sendError(reply, 404, QStringLiteral("not_found"), reason);
}

void conflict(HttpReply &reply, const QString &reason)
{
    sendError(reply, 409, QStringLiteral("conflict"), reason);
}

void readFailed(HttpReply &reply, const Error &error)
{
    qCWarning(lcApi).noquote() << "an API read failed:" << error.message;
    sendError(reply, 503, QStringLiteral("unavailable"),
              QStringLiteral("the ledger cannot be read just now; try again"));
}

void changeFailed(HttpReply &reply, const Error &error)
{
    if (error.kind == Error::Kind::Validation || error.kind == Error::Kind::Conflict)
        return conflict(reply, error.message);
    qCWarning(lcApi).noquote() << "an admin API change failed:" << error.message;
    sendError(reply, 503, QStringLiteral("unavailable"),
              QStringLiteral("the ledger could not be changed just now; nothing changed; try "
                             "again"));
}

QJsonValue time(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(isoUtc(t)) : QJsonValue();
}

QString displayStatus(const Entry &e)
{
    switch (e.state) {
    case EntryState::Pending:
        return e.attempts > 0 ? QStringLiteral("retrying") : QStringLiteral("pending");
    case EntryState::Sending:
        return QStringLiteral("processing");
    case EntryState::Held:
        return QStringLiteral("on_hold");
    case EntryState::Paid:
        return QStringLiteral("paid");
    case EntryState::Void:
        return QStringLiteral("void");
    case EntryState::Reversing:
        return QStringLiteral("reversing");
    case EntryState::Reversed:
        return QStringLiteral("reversed");
    case EntryState::Clawback:
        return QStringLiteral("clawback");
    }
    return {};
}

QJsonObject entryJson(const Entry &e)
{
    struct Out
    {
        QJsonObject o;
        void number(QLatin1StringView name, qint64 n) { o.insert(name, n); }
        void text(QLatin1StringView name, const QString &t, bool nullWhenEmpty)
        {
            o.insert(name, nullWhenEmpty && t.isEmpty() ? QJsonValue() : QJsonValue(t));
        }
    } out;
    entryMembers(e, out);
    return std::move(out.o);
}

void writeEntry(JsonWriter &json, const Entry &e)
{
    struct Out
    {
        JsonWriter &json;
        void number(QLatin1StringView name, qint64 n) { json.key(name).value(n); }
        void text(QLatin1StringView name, const QString &t, bool nullWhenEmpty)
        {
            json.key(name);
            if (nullWhenEmpty)
                json.textOrNull(t);
            else
                json.value(t);
        }
    } out{json};
    entryMembers(e, out);
}

} // namespace api
