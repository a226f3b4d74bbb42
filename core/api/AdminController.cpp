#include "AdminController.h"

#include "api/AdminArtistsController.h"
#include "api/ApiSupport.h"
#include "api/TokenAttemptLimiter.h"
#include "engine/PayoutEngine.h"
#include "ledger/Ledger.h"
#include "report/AdminJson.h"
#include "report/StatusReport.h"
#include "service/AdminActions.h"
#include "service/AdminWrites.h"

#include <QHttpServerRequest>
#include <QJsonArray>

#include <limits>

namespace {

const QStringList kQuarantineStates{QStringLiteral("open"), QStringLiteral("replayed"),
                                    QStringLiteral("dismissed"), QStringLiteral("archived")};

// The quarantined event a request names, or nullopt with the request
// answered (404 for an id the ledger does not have).
std::optional<QuarantinedEvent> findQuarantined(Ledger &ledger, qint64 id, HttpReply &reply)
{
    const Result<std::optional<QuarantinedEvent>> e = ledger.reader().quarantinedEvent(id);
    if (!e) {
        api::readFailed(reply, e.error());
        return std::nullopt;
    }
    if (!*e)
        api::notFound(reply, QStringLiteral("there is no quarantined event %1").arg(id));
    return *e;
}

} // namespace

void addAdminRoute(HttpServer &server, QHttpServerRequest::Method method, const QString &path,
                   const QString &adminToken, std::shared_ptr<TokenAttemptLimiter> limiter,
                   AdminHandler handler)
{
    server.route(method, path,
                 [adminToken, limiter = std::move(limiter), handler = std::move(handler)](
                     const QHttpServerRequest &request, HttpReply reply) {
                     if (api::authenticateAdmin(request, adminToken, *limiter, reply))
                         handler(request, reply);
                 });
}

void AdminController::status(const QHttpServerRequest &request, HttpReply &reply) const
{
    api::Query query(request, {QStringLiteral("artist")});
    const QString artist = query.value(QStringLiteral("artist"));
    if (!query.problem().isEmpty())
        return api::badRequest(reply, query.problem());
    Result<StatusReport> report = StatusReport::build(m_stores.ledger, artist, m_stores.journalDir);
    if (!report)
        return api::readFailed(reply, report.error());
    report->configuredMode = m_stores.configuredMode;
    reply.sendJson(200, report->toJson());
}

void AdminController::runPayouts(const QHttpServerRequest &, HttpReply &reply) const
{
    // It takes no parameters; whatever body a script sends is not read.
    if (!m_stores.engine) {
        reply.sendJson(503, {{QStringLiteral("error"), QStringLiteral("unavailable")},
                             {QStringLiteral("message"),
                              QStringLiteral("payouts are off: no Stripe secret key")}});
        return;
    }
    // A run in progress takes the request: it is not queued behind it.
    const bool coalesced = m_stores.engine->isRunning();
    m_stores.engine->requestRun(RunTrigger::Admin);
    reply.sendJson(202,
                   {{QStringLiteral("accepted"), true}, {QStringLiteral("coalesced"), coalesced}});
}

void AdminController::cleanup(const QHttpServerRequest &request, HttpReply &reply,
                              bool dryRun) const
{
    if (dryRun) {
        api::Query query(request, {});
        if (!query.problem().isEmpty())
            return api::badRequest(reply, query.problem());
    } else if (api::Body body(request, {}); !body.problem().isEmpty()) {
        return api::badRequest(reply, body.problem());
    }
    m_stores.actions.runCleanup(dryRun, kActor, m_stores.context,
                                [reply](const Result<Cleanup::Report> &report) mutable {
                                    if (!report)
                                        return api::changeFailed(reply, report.error());
                                    reply.sendJson(200, report->toJson());
                                });
}

void AdminController::quarantine(const QHttpServerRequest &request, HttpReply &reply) const
{
    api::Query query(request, {QStringLiteral("status")});
    QString wanted = query.value(QStringLiteral("status"));
    if (wanted.isEmpty())
        wanted = kQuarantineStates.first();
    if (query.problem().isEmpty() && !kQuarantineStates.contains(wanted))
        return api::badRequest(reply, QStringLiteral("status must be one of %1")
                                          .arg(kQuarantineStates.join(QStringLiteral(", "))));
    if (!query.problem().isEmpty())
        return api::badRequest(reply, query.problem());
    const Result<QList<QuarantinedEvent>> events = m_stores.ledger.reader().quarantine(wanted);
    if (!events)
        return api::readFailed(reply, events.error());
    QJsonArray out;
    for (const QuarantinedEvent &e : *events)
        out.append(AdminJson::quarantined(e, false));
    reply.sendJson(200, {{QStringLiteral("status"), wanted}, {QStringLiteral("events"), out}});
}

void AdminController::quarantineEvent(const QHttpServerRequest &request, HttpReply &reply) const
{
    api::Query query(request, {QStringLiteral("id")});
    const qint64 id = query.integer({"id", 1, std::numeric_limits<qint64>::max(), 0});
    if (query.problem().isEmpty() && id == 0)
        return api::badRequest(reply, QStringLiteral("id is needed: ?id=N"));
    if (!query.problem().isEmpty())
        return api::badRequest(reply, query.problem());
    if (const std::optional<QuarantinedEvent> e = findQuarantined(m_stores.ledger, id, reply))
        reply.sendJson(200, AdminJson::quarantined(*e, true));
}

void AdminController::replay(const QHttpServerRequest &request, HttpReply &reply) const
{
    api::Body body(request, {QStringLiteral("id")});
    const qint64 id = body.id(QStringLiteral("id"));
    if (!body.problem().isEmpty())
        return api::badRequest(reply, body.problem());
    if (!findQuarantined(m_stores.ledger, id, reply))
        return;
    Ledger *ledger = &m_stores.ledger;
    m_stores.actions.replayQuarantined(
        id, kActor, m_stores.context, [reply, ledger, id](const Result<QString> &detail) mutable {
            if (!detail)
                return api::changeFailed(reply, detail.error());
            // What the event is now (replayed), with what intake made of it.
            const Result<std::optional<QuarantinedEvent>> now =
                ledger->reader().quarantinedEvent(id);
            QJsonObject o{{QStringLiteral("detail"), *detail}};
            if (now && *now)
                o.insert(QStringLiteral("event"), AdminJson::quarantined(**now, false));
            reply.sendJson(200, o);
        });
}

void AdminController::dismiss(const QHttpServerRequest &request, HttpReply &reply) const
{
    api::Body body(request, {QStringLiteral("id"), QStringLiteral("reason")});
    const qint64 id = body.id(QStringLiteral("id"));
    const QString reason = body.text(QStringLiteral("reason"), /*required=*/false);
    if (!body.problem().isEmpty())
        return api::badRequest(reply, body.problem());
    const std::optional<QuarantinedEvent> e = findQuarantined(m_stores.ledger, id, reply);
    if (!e)
        return;
    const Result<bool> dismissed =
        AdminWrites::dismissQuarantined(m_stores.ledger, id, kActor, reason.trimmed());
    if (!dismissed)
        return api::changeFailed(reply, dismissed.error());
    if (!*dismissed)
        return api::conflict(
            reply, QStringLiteral("quarantined event %1 is %2, not open").arg(id).arg(e->status));
    QuarantinedEvent now = *e;
    now.status = QStringLiteral("dismissed");
    reply.sendJson(200, {{QStringLiteral("event"), AdminJson::quarantined(now, false)}});
}

void AdminController::reversals(const QHttpServerRequest &request, HttpReply &reply) const
{
    api::Query query(request, {QStringLiteral("artist")});
    const QString artist = query.value(QStringLiteral("artist"));
    if (!query.problem().isEmpty())
        return api::badRequest(reply, query.problem());
    const Result<QList<RefundAfterPayout>> rows =
        m_stores.ledger.reader().refundsAfterPayout(artist);
    if (!rows)
        return api::readFailed(reply, rows.error());
    QJsonArray out;
    for (const RefundAfterPayout &r : *rows)
        out.append(AdminJson::reversal(r));
    reply.sendJson(200, {{QStringLiteral("reversals"), out}});
}

void registerAdminApi(HttpServer &server, const AdminApiStores &stores,
                      std::shared_ptr<TokenAttemptLimiter> limiter)
{
    const AdminController admin(stores);
    const auto get = QHttpServerRequest::Method::Get;
    const auto post = QHttpServerRequest::Method::Post;
    using Route = AdminRoute<AdminController>;
    addAdminRoutes<AdminController>(
        server, stores, limiter, admin,
        {Route{get, "/api/v1/admin/status", &AdminController::status},
         Route{post, "/api/v1/admin/payouts/run", &AdminController::runPayouts},
         // The route the store's first admin scripts call; the same run.
         Route{post, "/stripe/trigger-payouts", &AdminController::runPayouts},
         Route{get, "/api/v1/admin/cleanup", &AdminController::cleanupPreview},
         Route{post, "/api/v1/admin/cleanup", &AdminController::cleanupApply},
         Route{get, "/api/v1/admin/quarantine", &AdminController::quarantine},
         Route{get, "/api/v1/admin/quarantine/event", &AdminController::quarantineEvent},
         Route{post, "/api/v1/admin/quarantine/replay", &AdminController::replay},
         Route{post, "/api/v1/admin/quarantine/dismiss", &AdminController::dismiss},
         Route{get, "/api/v1/admin/reversals", &AdminController::reversals}});
    registerAdminArtistsApi(server, stores, limiter);
}
