#pragma once

#include <QString>

#include <memory>

class AdminActions;
class HttpServer;
class Ledger;
class PayoutEngine;
class QObject;
class TokenAttemptLimiter;

// The admin API (README, "Admin API"), versioned under /api/v1/admin/, on
// the serve's HttpServer: what the admin view and the admin commands do,
// through the same code (StatusReport, AdminActions, AccountRules,
// AdminWrites, AdminJson), with an audit row for every change (actor "api").
//   GET  /api/v1/admin/status                 AdminController
//   POST /api/v1/admin/payouts/run            AdminController (also POST
//                                             /stripe/trigger-payouts)
//   GET  /api/v1/admin/cleanup (preview), POST (apply)
//   GET  /api/v1/admin/quarantine, /quarantine/event,
//   POST /api/v1/admin/quarantine/replay, /quarantine/dismiss
//   GET  /api/v1/admin/reversals
//   GET  /api/v1/admin/artists, POST /artists/link, /artists/unlink
//                                             AdminArtistsController
//   GET  /api/v1/admin/holds, POST /holds/release
//   GET  /api/v1/admin/tokens, POST /tokens/issue, /tokens/revoke
// Every route needs `Authorization: Bearer <admin token>`; an artist's
// token is refused like any wrong one, and every refusal costs the client's
// address an attempt in the limiter it shares with the artist API (429
// beyond it).
struct AdminApiStores
{
    // Reads and the quick writes, on the thread the server answers on.
    Ledger &ledger;
    // Link, release, cleanup (on a worker thread) and replay, as the admin
    // view does them; answers come back while `context` lives.
    AdminActions &actions;
    QObject *context;
    // Empty: no admin token is configured, and every admin route answers 401.
    QString adminToken;
    // Null: payouts are off (no Stripe key); a payout run answers 503.
    PayoutEngine *engine = nullptr;
    // For the status document: the webhook journal's folder and the mode
    // this process's settings name (shown when no engine recorded its own).
    QString journalDir;
    QString configuredMode;
};

void registerAdminApi(HttpServer &server, const AdminApiStores &stores,
                      std::shared_ptr<TokenAttemptLimiter> limiter);
