#pragma once

#include "api/AdminApi.h"
#include "http/HttpServer.h"

// The artists as the admin manages them: the list and their payout
// accounts (link, unlink), the money held and its release, and the artists'
// API tokens (issue, shown once; list; revoke, refused at once). Handlers
// are called with the admin token already checked.
class AdminArtistsController final
{
public:
    explicit AdminArtistsController(const AdminApiStores &stores)
        : m_stores(stores)
    {}

    void artists(const QHttpServerRequest &request, HttpReply &reply) const;
    void link(const QHttpServerRequest &request, HttpReply &reply) const;
    void unlink(const QHttpServerRequest &request, HttpReply &reply) const;
    void holds(const QHttpServerRequest &request, HttpReply &reply) const;
    void release(const QHttpServerRequest &request, HttpReply &reply) const;
    void tokens(const QHttpServerRequest &request, HttpReply &reply) const;
    void issueToken(const QHttpServerRequest &request, HttpReply &reply) const;
    void revokeToken(const QHttpServerRequest &request, HttpReply &reply) const;

private:
    // True when the ledger knows `artist`; otherwise answers 404 (or 503).
    bool known(const QString &artist, HttpReply &reply) const;

    AdminApiStores m_stores;
};

// Registers the routes above (registerAdminApi calls it).
void registerAdminArtistsApi(HttpServer &server, const AdminApiStores &stores,
                             std::shared_ptr<TokenAttemptLimiter> limiter);
