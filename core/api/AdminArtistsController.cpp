#include "AdminArtistsController.h"

#include "account/AccountRules.h"
#include "api/AdminController.h"
#include "api/ApiSupport.h"
#include "ledger/Ledger.h"
#include "report/AdminJson.h"
#include "service/AdminActions.h"
#include "service/AdminWrites.h"
#include "util/Clock.h"

#include <QHttpServerRequest>
#include <QJsonArray>

#include <algorithm>

bool AdminArtistsController::known(const QString &artist, HttpReply &reply) const
{
    const Result<std::optional<Artist>> a = m_stores.ledger.reader().artist(artist);
    if (!a) {
        api::readFailed(reply, a.error());
        return false;
    }
    if (!*a)
        api::notFound(reply, QStringLiteral("there is no artist %1 in the ledger").arg(artist));
    return a->has_value();
}

void AdminArtistsController::artists(const QHttpServerRequest &request, HttpReply &reply) const
{
    api::Query query(request, {});
    if (!query.problem().isEmpty())
        return api::badRequest(reply, query.problem());
    const Result<QList<Artist>> artists = m_stores.ledger.reader().artists();
    if (!artists)
        return api::readFailed(reply, artists.error());
    QJsonArray out;
    for (const Artist &a : *artists)
        out.append(AdminJson::artist(a));
    reply.sendJson(200, {{QStringLiteral("artists"), out}});
}

void AdminArtistsController::link(const QHttpServerRequest &request, HttpReply &reply) const
{
    api::Body body(request, {QStringLiteral("artist"), QStringLiteral("account")});
    const QString artist = body.text(QStringLiteral("artist"));
    const QString account = body.text(QStringLiteral("account"));
    if (!body.problem().isEmpty())
        return api::badRequest(reply, body.problem());
    if (!account.startsWith(u"acct_"))
        return api::badRequest(
            reply, QStringLiteral("%1 is not a connected account id (acct_...)").arg(account));
    // As `artists link` and the admin view: an artist the ledger has not
    // seen yet is created with the link.
    m_stores.actions.linkArtist(artist, account, AdminController::kActor, m_stores.context,
                                [reply, artist, account](const Result<int> &released) mutable {
                                    if (!released)
                                        return api::changeFailed(reply, released.error());
                                    reply.sendJson(200, {{QStringLiteral("artist"), artist},
                                                         {QStringLiteral("account"), account},
                                                         {QStringLiteral("released"), *released}});
                                });
}

void AdminArtistsController::unlink(const QHttpServerRequest &request, HttpReply &reply) const
{
    api::Body body(request, {QStringLiteral("artist")});
    const QString artist = body.text(QStringLiteral("artist"));
    if (!body.problem().isEmpty())
        return api::badRequest(reply, body.problem());
    const Result<std::optional<Artist>> before = m_stores.ledger.reader().artist(artist);
    if (!before)
        return api::readFailed(reply, before.error());
    if (!*before)
        return api::notFound(reply,
                             QStringLiteral("there is no artist %1 in the ledger").arg(artist));
    // An artist without an account is left as is: 200, nothing held.
    const Result<int> held =
        AccountRules::unlinkArtist(m_stores.ledger, artist, AdminController::kActor);
    if (!held)
        return api::changeFailed(reply, held.error());
    const QString previous = (*before)->account;
    reply.sendJson(200, {{QStringLiteral("artist"), artist},
                         {QStringLiteral("unlinked_account"),
                          previous.isEmpty() ? QJsonValue() : QJsonValue(previous)},
                         {QStringLiteral("held"), *held}});
}

void AdminArtistsController::holds(const QHttpServerRequest &request, HttpReply &reply) const
{
    api::Query query(request, {QStringLiteral("artist")});
    const QString artist = query.value(QStringLiteral("artist"));
    if (!query.problem().isEmpty())
        return api::badRequest(reply, query.problem());
    const Result<QJsonArray> held = AdminJson::holds(m_stores.ledger.reader(), artist);
    if (!held)
        return api::readFailed(reply, held.error());
    reply.sendJson(200, {{QStringLiteral("holds"), *held}});
}

void AdminArtistsController::release(const QHttpServerRequest &request, HttpReply &reply) const
{
    api::Body body(request, {QStringLiteral("artist")});
    const QString artist = body.text(QStringLiteral("artist"));
    if (!body.problem().isEmpty())
        return api::badRequest(reply, body.problem());
    if (!known(artist, reply))
        return;
    m_stores.actions.releaseHolds(
        artist, AdminController::kActor, m_stores.context,
        [reply, artist](const Result<AccountRules::HoldRelease> &r) mutable {
            if (!r)
                return api::changeFailed(reply, r.error());
            reply.sendJson(200,
                           {{QStringLiteral("artist"), artist},
                            {QStringLiteral("released"), r->released},
                            {QStringLiteral("reasons"), QJsonArray::fromStringList(r->reasons)}});
        });
}

void AdminArtistsController::tokens(const QHttpServerRequest &request, HttpReply &reply) const
{
    api::Query query(request, {QStringLiteral("artist")});
    const QString artist = query.value(QStringLiteral("artist"));
    if (!query.problem().isEmpty())
        return api::badRequest(reply, query.problem());
    const Result<QList<ArtistTokenInfo>> tokens = m_stores.ledger.tokens().list(artist);
    if (!tokens)
        return api::readFailed(reply, tokens.error());
    QJsonArray out;
    for (const ArtistTokenInfo &t : *tokens)
        out.append(AdminJson::token(t));
    reply.sendJson(200, {{QStringLiteral("tokens"), out}});
}

void AdminArtistsController::issueToken(const QHttpServerRequest &request, HttpReply &reply) const
{
    api::Body body(request, {QStringLiteral("artist"), QStringLiteral("label")});
    const QString artist = body.text(QStringLiteral("artist"));
    const QString label = body.text(QStringLiteral("label"), false);
    if (!body.problem().isEmpty())
        return api::badRequest(reply, body.problem());
    if (!known(artist, reply))
        return;
    const Result<IssuedArtistToken> issued =
        AdminWrites::issueToken(m_stores.ledger, artist, label, AdminController::kActor);
    if (!issued)
        return api::changeFailed(reply, issued.error());
    // The one time the secret is shown; the ledger keeps its hash only.
    QJsonObject o = AdminJson::token(issued->info);
    o.insert(QStringLiteral("token"), issued->secret);
    reply.sendJson(201, o, {{QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")}});
}

void AdminArtistsController::revokeToken(const QHttpServerRequest &request, HttpReply &reply) const
{
    api::Body body(request, {QStringLiteral("id")});
    const qint64 id = body.id(QStringLiteral("id"));
    if (!body.problem().isEmpty())
        return api::badRequest(reply, body.problem());
    const Result<QList<ArtistTokenInfo>> all = m_stores.ledger.tokens().list();
    if (!all)
        return api::readFailed(reply, all.error());
    const auto it = std::find_if(all->cbegin(), all->cend(),
                                 [id](const ArtistTokenInfo &t) { return t.id == id; });
    if (it == all->cend())
        return api::notFound(reply, QStringLiteral("there is no artist token %1").arg(id));
    const Result<bool> revoked =
        AdminWrites::revokeToken(m_stores.ledger, id, AdminController::kActor);
    if (!revoked)
        return api::changeFailed(reply, revoked.error());
    if (!*revoked)
        return api::conflict(reply, QStringLiteral("artist token %1 was revoked before").arg(id));
    ArtistTokenInfo now = *it;
    now.revokedAt = m_stores.ledger.clock().now();
    reply.sendJson(200, {{QStringLiteral("token"), AdminJson::token(now)}});
}

void registerAdminArtistsApi(HttpServer &server, const AdminApiStores &stores,
                             std::shared_ptr<TokenAttemptLimiter> limiter)
{
    const AdminArtistsController artists(stores);
    const auto get = QHttpServerRequest::Method::Get;
    const auto post = QHttpServerRequest::Method::Post;
    using Route = AdminRoute<AdminArtistsController>;
    addAdminRoutes<AdminArtistsController>(
        server, stores, limiter, artists,
        {Route{get, "/api/v1/admin/artists", &AdminArtistsController::artists},
         Route{post, "/api/v1/admin/artists/link", &AdminArtistsController::link},
         Route{post, "/api/v1/admin/artists/unlink", &AdminArtistsController::unlink},
         Route{get, "/api/v1/admin/holds", &AdminArtistsController::holds},
         Route{post, "/api/v1/admin/holds/release", &AdminArtistsController::release},
         Route{get, "/api/v1/admin/tokens", &AdminArtistsController::tokens},
         Route{post, "/api/v1/admin/tokens/issue", &AdminArtistsController::issueToken},
         Route{post, "/api/v1/admin/tokens/revoke", &AdminArtistsController::revokeToken}});
}
