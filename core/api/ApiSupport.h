#pragma once

// What the API's controllers share: the one 401, 400 with its reason, the
// query's paging, and the JSON of times and entries. Private to core/api.

#include "http/HttpRequest.h"
#include "http/HttpServer.h"
#include "http/JsonWriter.h"
#include "ledger/LedgerTypes.h"
#include "util/Error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSet>
#include <QString>

#include <optional>

class TokenStore;
class TokenAttemptLimiter;
class TokenUseRecorder;

Q_DECLARE_LOGGING_CATEGORY(lcApi)

namespace api {

// A whole-number query parameter's bounds and default.
struct IntParam
{
    const char *name;
    qint64 min;
    qint64 max;
    qint64 fallback;
};

// The query string, checked once: every parameter named at most once, none
// that the route does not take (an `artist` parameter is refused, never
// read: the artist is the token's).
class Query
{
public:
    Query(const HttpRequest &request, QSet<QString> allowed);
    // Empty when the query is acceptable so far; else the reason for a 400.
    const QString &problem() const { return m_problem; }
    qint64 integer(const IntParam &param);
    // A text parameter's value; empty when it is not given.
    QString value(const QString &name) { return take(name).value_or(QString()); }
    // The offset an offset `cursor` this API gave stands for; 0 without one.
    qint64 cursorOffset();
    // The entry a keyset `cursor` names (created ms, id); {0, 0} without one.
    std::pair<qint64, qint64> cursorKey();

private:
    std::optional<QString> take(const QString &name);
    // The cursor's numbers after `prefix`, or nullopt (and a problem set)
    // for a cursor this API did not give; nullopt without a problem when
    // there is none.
    std::optional<QList<qint64>> cursor(QByteArrayView prefix, int count);

    QHash<QString, QString> m_values;
    QString m_problem;
};

// A request's JSON body, checked once: an object, with no member the route
// does not take. The admin API's POST routes take their parameters here.
class Body
{
public:
    Body(const HttpRequest &request, QSet<QString> allowed);
    // Empty when the body is acceptable so far; else the reason for a 400.
    const QString &problem() const { return m_problem; }
    // A string member; a missing required one, or one that is not a
    // non-empty string, is a problem. Empty when absent and optional.
    QString text(const QString &name, bool required = true);
    // A required positive whole number (an id).
    qint64 id(const QString &name);

private:
    QJsonObject m_object;
    QString m_problem;
};

// The opaque cursors: for the page that starts at `offset`, and for the
// page that starts after the entry at (createdMs, id).
QString cursorFor(qint64 offset);
QString cursorAfter(qint64 createdMs, qint64 id);

// The token of the request's `Authorization: Bearer ...` header, or an
// empty string when there is no such header.
QString bearerToken(const HttpRequest &request);

// The artist of the request's `Authorization: Bearer pd_art_...` token.
// Otherwise answers the request itself and returns nullopt: 429 when the
// client's address is over its budget of refused tokens (the token is not
// looked at); 401 for no header or a malformed, unknown or revoked token,
// which costs the address one attempt; 503 when the ledger cannot be read
// (a window must not take a database hiccup for a revoked token; it costs
// nothing). A good token's use is recorded through `tokens`, or, with
// `uses`, only checked there and handed to `uses` to record.
std::optional<QString> authenticate(const HttpRequest &request, TokenStore &tokens,
                                    TokenAttemptLimiter &limiter, HttpReply &reply,
                                    TokenUseRecorder *uses = nullptr);

// Whether the request's `Authorization` header is `Bearer <adminToken>`,
// compared in constant time; never true for an empty adminToken.
bool adminTokenMatches(const HttpRequest &request, const QString &adminToken);

// For the admin routes: true when the request carries the admin token.
// Otherwise answers the request itself: 429 when the client's address is
// over its budget of refused tokens (shared with the artist routes), or 401
// (adminUnauthorized), which costs the address one attempt. An artist's
// token is refused like any other wrong token.
bool authenticateAdmin(const HttpRequest &request, const QString &adminToken,
                       TokenAttemptLimiter &limiter, HttpReply &reply);
void adminUnauthorized(HttpReply &reply);

// The same 401 every time, whatever was wrong with the token: nothing in
// it tells whether an artist or a token exists. It names the scheme in
// WWW-Authenticate (RFC 6750).
void unauthorized(HttpReply &reply);
void badRequest(HttpReply &reply, const QString &reason);
// 404 for an id or artist the ledger does not have; 409 for a request that
// cannot be done in the state things are in (nothing held, already
// dismissed), each with its reason.
void notFound(HttpReply &reply, const QString &reason);
void conflict(HttpReply &reply, const QString &reason);
// A read that failed: logged with its reason, answered without it.
void readFailed(HttpReply &reply, const Error &error);
// A change that failed: a Validation or Conflict error is the request's
// problem in this state (409 with its reason); anything else is the
// ledger's (readFailed's 503).
void changeFailed(HttpReply &reply, const Error &error);

QJsonValue time(const QDateTime &t);
QString displayStatus(const Entry &e);

// An entry as an artist sees it, member by member: `out.number(name, n)`
// and `out.text(name, text, nullWhenEmpty)`, in the order the API writes
// them. The one place its shape is written, for both forms below. `status`
// is the display state (pending, retrying, processing, on_hold, paid, void).
template<class Out> void entryMembers(const Entry &e, Out &&out)
{
    out.number(QLatin1StringView("id"), e.id);
    out.number(QLatin1StringView("amount_minor"), e.amount.minor);
    out.text(QLatin1StringView("currency"), e.amount.currency, false);
    out.text(QLatin1StringView("source"), kindName(e.kind), false);
    out.text(QLatin1StringView("reference"), e.reference, false);
    out.text(QLatin1StringView("track"), e.track, true);
    out.text(QLatin1StringView("track_title"), e.title, true);
    out.text(QLatin1StringView("created_at"), isoUtc(e.createdAt), true);
    out.text(QLatin1StringView("state"), stateName(e.state), false);
    out.text(QLatin1StringView("status"), displayStatus(e), false);
    out.text(QLatin1StringView("reason"), e.reason, true);
    out.number(QLatin1StringView("attempts"), e.attempts);
    out.text(QLatin1StringView("last_error"), e.lastError, true);
    out.text(QLatin1StringView("next_attempt_at"), isoUtc(e.nextAttemptAt), true);
    out.text(QLatin1StringView("updated_at"), isoUtc(e.updatedAt), true);
}

// The entry as a QJsonObject, for answers of a few entries.
QJsonObject entryJson(const Entry &e);
// The entry's members written into an open object, for pages of many.
void writeEntry(JsonWriter &json, const Entry &e);

} // namespace api
