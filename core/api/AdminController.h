#pragma once

#include "api/AdminApi.h"
#include "http/HttpServer.h"

#include <functional>
#include <initializer_list>
#include <memory>

// What every admin route shares: the admin token is checked (and the
// limiter charged for a refusal) before the handler runs.
using AdminHandler = std::function<void(const QHttpServerRequest &, HttpReply &)>;
void addAdminRoute(HttpServer &server, QHttpServerRequest::Method method, const QString &path,
                   const QString &adminToken, std::shared_ptr<TokenAttemptLimiter> limiter,
                   AdminHandler handler);

// A controller's routes, each to one of its handlers, added as above.
template<class C> struct AdminRoute
{
    QHttpServerRequest::Method method;
    const char *path;
    void (C::*handler)(const QHttpServerRequest &, HttpReply &) const;
};
template<class C>
void addAdminRoutes(HttpServer &server, const AdminApiStores &stores,
                    const std::shared_ptr<TokenAttemptLimiter> &limiter, const C &controller,
                    std::initializer_list<AdminRoute<C>> routes)
{
    for (const AdminRoute<C> &r : routes)
        addAdminRoute(
            server, r.method, QString::fromLatin1(r.path), stores.adminToken, limiter,
            [controller, handler = r.handler](const QHttpServerRequest &request, HttpReply &reply) {
                (controller.*handler)(request, reply);
            });
}

// The store as the admin runs it: the status document, a payout run now,
// the cleanup (preview and apply), the quarantine and refunds after payout.
// Handlers are called with the admin token already checked.
class AdminController final
{
public:
    explicit AdminController(const AdminApiStores &stores)
        : m_stores(stores)
    {}

    void status(const QHttpServerRequest &request, HttpReply &reply) const;
    void runPayouts(const QHttpServerRequest &request, HttpReply &reply) const;
    // GET: what the cleanup would change (a dry run); POST: apply it.
    void cleanupPreview(const QHttpServerRequest &request, HttpReply &reply) const
    {
        cleanup(request, reply, true);
    }
    void cleanupApply(const QHttpServerRequest &request, HttpReply &reply) const
    {
        cleanup(request, reply, false);
    }
    void quarantine(const QHttpServerRequest &request, HttpReply &reply) const;
    void quarantineEvent(const QHttpServerRequest &request, HttpReply &reply) const;
    void replay(const QHttpServerRequest &request, HttpReply &reply) const;
    void dismiss(const QHttpServerRequest &request, HttpReply &reply) const;
    void reversals(const QHttpServerRequest &request, HttpReply &reply) const;

    // The audit trail's actor for changes made through the API.
    static inline const QString kActor = QStringLiteral("api");

private:
    void cleanup(const QHttpServerRequest &request, HttpReply &reply, bool dryRun) const;

    AdminApiStores m_stores;
};
