// serve: the headless engine. Webhooks and the Events API poller in, the
// payout schedule, the artist and admin API, until SIGINT or SIGTERM.
#include "Cli.h"
#include "Commands.h"
#include "UnixSignalWatcher.h"
#include "api/AdminApi.h"
#include "api/ApiReaderPool.h"
#include "api/ArtistApi.h"
#include "api/ArtistStream.h"
#include "api/TokenAttemptLimiter.h"
#include "engine/PayoutEngine.h"
#include "http/HttpServer.h"
#include "intake/WebhookReceiver.h"
#include "ledger/Ledger.h"
#include "report/StatusReport.h"
#include "service/AdminActions.h"
#include "service/EngineHost.h"
#include "util/Clock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <cstdio>
#include <optional>

#include <sys/resource.h>

namespace {

// File descriptors serve keeps for itself beyond its HTTP connections: the
// ledger, the journal, the Stripe client, logs.
constexpr rlim_t kReservedFds = 64;

// The HTTP limits from the settings, with the connection cap kept below the
// process's file-descriptor limit: a full table would stop accepting
// altogether, and the cap's rule (close the idlest) keeps room for senders.
HttpLimits httpLimits(const Settings &settings)
{
    HttpLimits limits;
    limits.maxConnections = qMax(1, settings.integer(Settings::Key::HttpMaxConnections));
    limits.headerTimeoutMs =
        qint64(qMax(1, settings.integer(Settings::Key::HttpHeaderTimeoutSecs))) * 1000;
    limits.idleTimeoutMs =
        qint64(qMax(1, settings.integer(Settings::Key::HttpIdleTimeoutSecs))) * 1000;
    rlimit fds{};
    if (getrlimit(RLIMIT_NOFILE, &fds) == 0 && fds.rlim_cur != RLIM_INFINITY) {
        const rlim_t room =
            fds.rlim_cur > 2 * kReservedFds ? fds.rlim_cur - kReservedFds : fds.rlim_cur / 2;
        if (rlim_t(limits.maxConnections) > room) {
            std::fprintf(stderr,
                         "payoutdesk serve: at most %llu HTTP connections (the open-file limit "
                         "is %llu; raise it with `ulimit -n` or LimitNOFILE=)\n",
                         static_cast<unsigned long long>(room),
                         static_cast<unsigned long long>(fds.rlim_cur));
            limits.maxConnections = int(room);
        }
    }
    return limits;
}

// Where and how serve listens (README, "Serving beyond this machine"): on
// loopback unless it has a TLS certificate and key, or is told a reverse
// proxy terminates TLS in front of it. Artists' tokens never cross a network
// in clear by default.
struct ListenPlan
{
    QHostAddress address;
    std::optional<QSslConfiguration> tls;
    bool behindProxy = false;
};

Result<ListenPlan> listenPlan(const QCommandLineParser &p, const Settings &settings)
{
    const auto option = [&](const QString &name, Settings::Key key) {
        return p.isSet(name) ? p.value(name) : settings.string(key);
    };
    ListenPlan plan;
    const QString address = option(QStringLiteral("listen"), Settings::Key::HttpListen).trimmed();
    if (!plan.address.setAddress(address))
        return fail(Error::config(
            QStringLiteral("'%1' is not an IP address to listen on (for example 127.0.0.1, ::1, "
                           "0.0.0.0 or ::)")
                .arg(address)));
    const QString certificate =
        option(QStringLiteral("certificate"), Settings::Key::HttpCertificate);
    const QString key = option(QStringLiteral("key"), Settings::Key::HttpKey);
    plan.behindProxy = p.isSet(QStringLiteral("behind-proxy")) ||
                       settings.value(Settings::Key::HttpBehindProxy).toBool();
    if (certificate.isEmpty() != key.isEmpty())
        return fail(Error::config(
            QStringLiteral("a TLS certificate needs its key and a key its certificate: give both "
                           "(http/certificate and http/key, or --certificate and --key)")));
    if (!certificate.isEmpty()) {
        Result<QSslConfiguration> tls = HttpServer::loadTls(certificate, key);
        if (!tls)
            return fail(tls.error());
        plan.tls = std::move(*tls);
    }
    if (!plan.address.isLoopback() && !plan.tls && !plan.behindProxy)
        return fail(Error::config(
            QStringLiteral("refusing to listen on %1 without TLS: artists' tokens would cross "
                           "the network in clear. Give a certificate and its key (http/certificate "
                           "and http/key, or --certificate and --key), or, when a reverse proxy "
                           "in front terminates TLS, http/behindProxy=true or --behind-proxy")
                .arg(plan.address.toString())));
    return plan;
}

// Threads that answer the artist API's reads, each with its own ledger
// connection (PAYOUTDESK_API_READERS, 0 to 16); 0, the default: the server's
// own thread answers them. On the 2-core machine of README's figures, busy
// with other builds, two readers answered fewer requests than the server's
// thread (README, "The artist API under load").
int apiReaderThreads()
{
    bool ok = false;
    const int n = qEnvironmentVariableIntValue("PAYOUTDESK_API_READERS", &ok);
    return ok ? qBound(0, n, 16) : 0;
}

// An event older than this still waiting to be applied means the applier is
// stuck (it applies thousands a second), not busy.
constexpr qint64 kStuckInboxSecs = 300;

// GET /healthz, for a load balancer or a monitor: 200 when the engine
// answers, its ledger reads and the webhook journal takes events; 503 with
// the problems otherwise. It tells no money, only the inbox backlog, the
// mode and the runs' times.
void addHealthRoute(HttpServer &server, EngineHost &host, Ledger &ledger, const QString &journalDir,
                    const QDateTime &lastRun)
{
    server.route(
        QHttpServerRequest::Method::Get, QStringLiteral("/healthz"),
        [&host, &ledger, journalDir, &lastRun](const QHttpServerRequest &, HttpReply reply) {
            QJsonArray problems;
            const QDateTime now = ledger.clock().now();
            StatusReport inbox;
            inbox.readInbox(ledger, journalDir, now);
            const Result<QString> next = ledger.meta().value(EngineHost::kNextRunMetaKey);
            if (!next)
                problems.append(
                    QString(QStringLiteral("the ledger cannot be read: ") + next.error().message));
            if (host.receiver() && !host.receiver()->journalHealthy())
                problems.append(
                    QStringLiteral("the webhook journal failed a write; restart serve"));
            if (inbox.inboxOldestAgeSecs > kStuckInboxSecs)
                problems.append(QStringLiteral("events have waited to be applied for %1 s")
                                    .arg(inbox.inboxOldestAgeSecs));
            const auto time = [](const QDateTime &t) {
                return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODate)) : QJsonValue();
            };
            reply.sendJson(
                problems.isEmpty() ? 200 : 503,
                {{QStringLiteral("status"),
                  problems.isEmpty() ? QStringLiteral("ok") : QStringLiteral("degraded")},
                 {QStringLiteral("problems"), problems},
                 {QStringLiteral("mode"), Scheduler::modeName(host.mode())},
                 {QStringLiteral("payouts"), host.paysOut()},
                 {QStringLiteral("inbox"),
                  QJsonObject{{QStringLiteral("backlog"), inbox.inboxBacklog},
                              {QStringLiteral("oldest_age_secs"), inbox.inboxOldestAgeSecs}}},
                 {QStringLiteral("last_run"), time(lastRun)},
                 {QStringLiteral("next_run"),
                  time(next && !next->isEmpty() ? QDateTime::fromString(*next, Qt::ISODateWithMs)
                                                : QDateTime())}});
        });
}

} // namespace

int runServe(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Run headless on 127.0.0.1: POST /webhook, the "
                                               "payout schedule, POST /stripe/trigger-payouts and "
                                               "the artist and admin API under /api/v1/ (README, "
                                               "API), "
                                               "until SIGINT or SIGTERM."));
    p.addOption(
        {QStringLiteral("listen"),
         QStringLiteral("Listen on ADDRESS (default 127.0.0.1, setting http/listen); beyond "
                        "loopback only with --certificate and --key, or --behind-proxy."),
         QStringLiteral("ADDRESS")});
    p.addOption({QStringLiteral("certificate"),
                 QStringLiteral("Serve every route over HTTPS with this PEM certificate (chain) "
                                "file (setting http/certificate)."),
                 QStringLiteral("FILE")});
    p.addOption(
        {QStringLiteral("key"),
         QStringLiteral("The certificate's unencrypted PEM private key (setting http/key)."),
         QStringLiteral("FILE")});
    p.addOption({QStringLiteral("behind-proxy"),
                 QStringLiteral("A reverse proxy in front terminates TLS: allow plain HTTP on a "
                                "non-loopback --listen address (setting http/behindProxy).")});
    int code = ExitOk;
    if (!parseSubcommand(p, ctx, &code))
        return code;
    // Where to listen is settled first: a wrong path or address stops here,
    // before anything is opened.
    const Result<ListenPlan> plan = listenPlan(p, *ctx.settings);
    if (!plan) {
        std::fprintf(stderr, "payoutdesk serve: %s\n", qPrintable(plan.error().message));
        return ExitFailure;
    }
    const Result<QString> secret = ctx.secrets->read(SecretStore::Secret::WebhookSigningSecret);
    if (!secret) {
        std::fprintf(stderr, "payoutdesk serve: %s\n", qPrintable(secret.error().message));
        return ExitFailure;
    }
    if (secret->isEmpty()) {
        std::fprintf(stderr,
                     "payoutdesk serve: no webhook signing secret. Store it in the window's "
                     "settings, or set STRIPE_WEBHOOK_SECRET (as printed by `stripe listen` or "
                     "`payoutdesk sandbox`).\n");
        return ExitFailure;
    }
    // Payouts need the Stripe key; without one, serve still takes sales in.
    const Result<QString> key = ctx.secrets->read(SecretStore::Secret::StripeApiKey);
    const Result<EngineHost::Config> config =
        ctx.engineHostConfig(key ? *key : QString(), secret->toUtf8());
    if (!config) {
        std::fprintf(stderr, "payoutdesk serve: %s\n", qPrintable(config.error().message));
        return ExitFailure;
    }
    const Result<QString> adminToken = ctx.secrets->read(SecretStore::Secret::AdminToken);

    // The main thread's connection creates or migrates the file before the
    // writer and engine threads open theirs.
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;

    HttpServer server;
    server.setLimits(httpLimits(*ctx.settings));
    EngineHost host(*config, *ledger, *ctx.clock);
    if (Status s = host.start(&server); !s) {
        std::fprintf(stderr, "payoutdesk serve: %s\n", qPrintable(s.error().message));
        return ExitFailure;
    }
    QDateTime lastRun; // this process's last finished run, for /healthz
    if (PayoutEngine *engine = host.engine())
        QObject::connect(engine, &PayoutEngine::runFinished, engine,
                         [&lastRun, &ctx](const PayoutRunSummary &s) {
                             lastRun = ctx.clock->now();
                             std::fputs(qPrintable(s.toText(QLocale())), stdout);
                             std::fflush(stdout);
                         });
    // One budget of refused tokens per client address for every route that
    // takes a token. serve listens on loopback: behind a reverse proxy every
    // client has the proxy's address and shares one budget (README, API).
    const auto limiter = std::make_shared<TokenAttemptLimiter>(*ctx.clock);
    // The admin API (and POST /stripe/trigger-payouts) with the admin token;
    // its changes go through what the admin view uses, replays included,
    // and a replayed sale schedules a fast payout like a webhook's.
    LocalAdminActions actions(*ledger, ctx.location.backupDir(),
                              ctx.settings->integer(Settings::Key::RetentionDays));
    host.followPurchases(actions.intake());
    registerAdminApi(server,
                     AdminApiStores{.ledger = *ledger,
                                    .actions = actions,
                                    .context = &server,
                                    .adminToken = adminToken ? *adminToken : QString(),
                                    .engine = host.engine(),
                                    .journalDir = ctx.webhookJournalDir(),
                                    .configuredMode = Scheduler::modeName(ctx.mode())},
                     limiter);
    addHealthRoute(server, host, *ledger, ctx.webhookJournalDir(), lastRun);
    // Good tokens' last uses are written here once a second, in one commit
    // (TokenUseRecorder), never one write per request: each commit makes
    // every connection's memory map of the file start again, which cost a
    // token's first use in a minute 300 ms at p99 under load (README,
    // "The artist API under load"). With PAYOUTDESK_API_READERS, the
    // artist API's reads (token check, reads, JSON) run on reader threads
    // with connections of their own, the answers written here. The live
    // stream stays on this thread.
    TokenUseRecorder tokenUses(*ledger);
    const ArtistApiStores stores{ledger->tokens(), ledger->reader(), ledger->meta(), *ctx.clock,
                                 &tokenUses};
    std::optional<ApiReaderPool> readers;
    if (const int threads = apiReaderThreads(); threads > 0) {
        readers.emplace(ctx.ledger, *ctx.clock, threads, &tokenUses);
        if (Status s = readers->open(); !s) {
            std::fprintf(stderr, "payoutdesk serve: %s\n", qPrintable(s.error().message));
            return ExitFailure;
        }
        registerArtistApi(server, *readers, limiter);
    } else {
        registerArtistApi(server, stores, limiter);
    }
    ArtistStreamHub *streams = registerArtistStream(server, stores, ledger->changes(), limiter);
    // This connection's own commits (a token revoked through it) are seen at
    // once; other connections' at the hub's next poll.
    QObject::connect(ledger.get(), &Ledger::changed, streams, &ArtistStreamHub::ledgerChanged);

    server.setTls(plan->tls);
    const quint16 wanted = quint16(ctx.settings->integer(Settings::Key::WebhookPort));
    const quint16 port = server.listen(plan->address, wanted);
    const QString hostName = plan->address.protocol() == QAbstractSocket::IPv6Protocol
                                 ? QStringLiteral("[%1]").arg(plan->address.toString())
                                 : plan->address.toString();
    if (port == 0) {
        std::fprintf(stderr, "payoutdesk serve: cannot listen on %s:%u (in use?)\n",
                     qPrintable(hostName), unsigned(wanted));
        return ExitFailure;
    }
    std::printf("Payout Desk serving on %s://%s:%u (POST /webhook, GET /healthz, /api/v1/), "
                "ledger %s, "
                "%s mode%s\n",
                plan->tls ? "https" : "http", qPrintable(hostName), unsigned(port),
                qPrintable(ctx.ledger.displayName()), qPrintable(Scheduler::modeName(host.mode())),
                host.paysOut() ? "" : "; payouts are off (no Stripe secret key)");
    std::fflush(stdout);

    UnixSignalWatcher signalWatcher;
    const int rc = QCoreApplication::exec();
    server.close();
    host.stop();
    std::printf("Payout Desk stopped.\n");
    return rc;
}
