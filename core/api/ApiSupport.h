#pragma once

// What the API's controllers share: the one 401, 400 with its reason, the
// query's paging, and the JSON of times and entries. Private to core/api.

#include "http/HttpServer.h"
#include "ledger/LedgerTypes.h"
#include "util/Error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSet>
#include <QString>

#include <optional>

class QHttpServerRequest;
class TokenStore;
class TokenAttemptLimiter;

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
    Query(const QHttpServerRequest &request, QSet<QString> allowed);
    // Empty when the query is acceptable so far; else the reason for a 400.
    const QString &problem() const { return m_problem; }
    qint64 integer(const IntParam &param);
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

// The opaque cursors: for the page that starts at `offset`, and for the
// page that starts after the entry at (createdMs, id).
QString cursorFor(qint64 offset);
QString cursorAfter(qint64 createdMs, qint64 id);

// The token of the request's `Authorization: Bearer ...` header, or an
// empty string when there is no such header.
QString bearerToken(const QHttpServerRequest &request);

// The artist of the request's `Authorization: Bearer pd_art_...` token.
// Otherwise answers the request itself and returns nullopt: 429 when the
// client's address is over its budget of refused tokens (the token is not
// looked at); 401 for no header or a malformed, unknown or revoked token,
// which costs the address one attempt; 503 when the ledger cannot be read
// (a window must not take a database hiccup for a revoked token; it costs
// nothing).
std::optional<QString> authenticate(const QHttpServerRequest &request, TokenStore &tokens,
                                    TokenAttemptLimiter &limiter, HttpReply &reply);

// The same 401 every time, whatever was wrong with the token: nothing in
// it tells whether an artist or a token exists. It names the scheme in
// WWW-Authenticate (RFC 6750).
void unauthorized(HttpReply &reply);
void badRequest(HttpReply &reply, const QString &reason);
// A read that failed: logged with its reason, answered without it.
void readFailed(HttpReply &reply, const Error &error);

QJsonValue time(const QDateTime &t);
// An entry as an artist sees it; `status` is the display state (pending,
// retrying, processing, on_hold, paid, void).
QJsonObject entryJson(const Entry &e);
QString displayStatus(const Entry &e);

} // namespace api
