// serve: the headless engine. Webhooks and the Events API poller in, the
// payout schedule, the admin's trigger route, until SIGINT or SIGTERM.
#include "Cli.h"
#include "Commands.h"
#include "UnixSignalWatcher.h"
#include "engine/Cleanup.h"
#include "engine/PayoutEngine.h"
#include "engine/Scheduler.h"
#include "http/HttpServer.h"
#include "intake/EventsPoller.h"
#include "intake/Intake.h"
#include "intake/WebhookReceiver.h"
#include "ledger/Ledger.h"
#include "stripe/StripeClient.h"
#include "util/ConstantTime.h"
#include "util/Logging.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonObject>
#include <QLocale>

#include <cstdio>

namespace {

// POST /stripe/trigger-payouts with `Authorization: Bearer <admin token>`:
// what the seed's curl did. Without a configured token the route answers 401
// to everyone.
void addTriggerRoute(HttpServer &server, const QString &token, PayoutEngine *engine)
{
    server.route(
        QHttpServerRequest::Method::Post, QStringLiteral("/stripe/trigger-payouts"),
        [token, engine](const QHttpServerRequest &request, HttpReply reply) {
            const QByteArray expected = "Bearer " + token.toUtf8();
            if (token.isEmpty() || !constantTimeEquals(request.value("authorization"), expected)) {
                reply.sendJson(401,
                               {{QStringLiteral("error"), QStringLiteral("admin token required")}});
                return;
            }
            if (!engine) {
                reply.sendJson(503, {{QStringLiteral("error"),
                                      QStringLiteral("payouts are off: no Stripe secret key")}});
                return;
            }
            const bool coalesced = engine->isRunning();
            engine->requestRun(QStringLiteral("admin"));
            reply.sendJson(202, {{QStringLiteral("accepted"), true},
                                 {QStringLiteral("coalesced"), coalesced}});
        });
}

} // namespace

int runServe(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Run headless on 127.0.0.1: POST /webhook, the "
                                               "payout schedule and POST /stripe/trigger-payouts, "
                                               "until SIGINT or SIGTERM."));
    int code = ExitOk;
    if (!parseSubcommand(p, ctx, &code))
        return code;
    const Result<QString> secret = ctx.secrets->read(SecretStore::Secret::WebhookSigningSecret);
    if (!secret) {
        std::fprintf(stderr, "payoutdesk serve: %s\n", qPrintable(secret.error().message));
        return ExitFailure;
    }
    if (secret->isEmpty()) {
        std::fprintf(stderr,
                     "payoutdesk serve: no webhook signing secret. Store it in the window's "
                     "settings, or set STRIPE_WEBHOOK_SECRET (as printed by `stripe listen`).\n");
        return ExitFailure;
    }
    // Payouts need the Stripe key; without one, serve still takes sales in.
    const Result<QString> key = ctx.secrets->read(SecretStore::Secret::StripeApiKey);
    const QString stripeKey = key ? *key : QString();
    Scheduler::Mode mode =
        ctx.mode() == u"production" ? Scheduler::Mode::Production : Scheduler::Mode::Development;
    if (!stripeKey.isEmpty()) {
        const Result<Scheduler::Mode> m =
            Scheduler::modeFor(ctx.settings->string(Settings::Key::Mode), stripeKey);
        if (!m) {
            std::fprintf(stderr, "payoutdesk serve: %s\n", qPrintable(m.error().message));
            return ExitFailure;
        }
        mode = *m;
    }
    const Result<QString> adminToken = ctx.secrets->read(SecretStore::Secret::AdminToken);

    // The main thread's connection creates or migrates the file before the
    // writer and engine threads open theirs; it also keeps the schedule.
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;

    HttpServer server;
    WebhookReceiver receiver(server, ctx.location.ledgerPath(), secret->toUtf8(), *ctx.clock);
    if (Status s = receiver.start(); !s) {
        std::fprintf(stderr, "payoutdesk serve: %s\n", qPrintable(s.error().message));
        return ExitFailure;
    }

    std::unique_ptr<PayoutEngine> engine;
    std::unique_ptr<Scheduler> scheduler;
    std::unique_ptr<StripeClient> pollClient;
    std::unique_ptr<Intake> pollIntake;
    std::unique_ptr<EventsPoller> poller;
    if (!stripeKey.isEmpty()) {
        engine = std::make_unique<PayoutEngine>(ctx.engineConfig(stripeKey), *ctx.clock);
        scheduler = std::make_unique<Scheduler>(mode, ctx.scheduleIntervals(), *ctx.clock);
        const auto onCartPurchase = [&] {
            if (scheduler->mode() == Scheduler::Mode::Development)
                qCInfo(lcWebhook).noquote()
                    << "[WEBHOOK] Cart purchase detected - triggering fast payout";
            scheduler->onCartPurchase();
        };
        QObject::connect(&receiver, &WebhookReceiver::cartPurchaseRecorded, scheduler.get(),
                         onCartPurchase);

        // The Events API poller catches what webhooks missed (or all of it,
        // where no webhook endpoint is reachable), through the same intake.
        const PayoutEngine::Config ec = ctx.engineConfig(stripeKey);
        StripeClient::Config pc;
        pc.apiBase = ec.stripeApiBase;
        pc.secretKey = stripeKey;
        pc.requestsPerSecond = qMax(1, ec.requestsPerSecond / 5); // leave the rest to payouts
        pollClient = std::make_unique<StripeClient>(pc);
        pollIntake = std::make_unique<Intake>(*ledger);
        poller = std::make_unique<EventsPoller>(*ledger, *pollIntake, *pollClient);
        QObject::connect(pollIntake.get(), &Intake::cartPurchaseRecorded, scheduler.get(),
                         onCartPurchase);
        poller->start(qint64(ctx.settings->integer(Settings::Key::PollIntervalSecs)) * 1000);
        QObject::connect(scheduler.get(), &Scheduler::runDue, engine.get(),
                         &PayoutEngine::requestRun);
        QObject::connect(
            engine.get(), &PayoutEngine::runFinished, engine.get(), [](const PayoutRunSummary &s) {
                if (s.trigger == u"fast payout")
                    qCInfo(lcSchedule).noquote() << "[FAST PAYOUT] Triggered payout completed";
                std::fputs(qPrintable(s.toText(QLocale())), stdout);
                std::fflush(stdout);
            });
        // Other processes (status, the window) read the next run from the ledger.
        QObject::connect(scheduler.get(), &Scheduler::nextRunChanged, ledger.get(),
                         [&](const QDateTime &when) {
                             (void)ledger->setMeta(
                                 QStringLiteral("scheduler.next_run"),
                                 when.isValid() ? when.toUTC().toString(Qt::ISODate) : QString());
                         });
        QObject::connect(scheduler.get(), &Scheduler::cleanupDue, ledger.get(), [&] {
            Cleanup cleanup(*ledger, ctx.settings->integer(Settings::Key::RetentionDays));
            if (const auto r = cleanup.run(false, QStringLiteral("schedule")); !r)
                qCWarning(lcCleanup).noquote() << "[CLEANUP] failed:" << r.error().message;
        });
        scheduler->start();
    }
    addTriggerRoute(server, adminToken ? *adminToken : QString(), engine.get());

    const quint16 wanted = quint16(ctx.settings->integer(Settings::Key::WebhookPort));
    const quint16 port = server.listenLoopback(wanted);
    if (port == 0) {
        std::fprintf(stderr, "payoutdesk serve: cannot listen on 127.0.0.1:%u (in use?)\n",
                     unsigned(wanted));
        return ExitFailure;
    }
    std::printf(
        "Payout Desk serving on http://127.0.0.1:%u (POST /webhook), ledger %s, %s mode%s\n",
        unsigned(port), qPrintable(ctx.location.ledgerPath()),
        qPrintable(Scheduler::modeName(mode)),
        engine ? "" : "; payouts are off (no Stripe secret key)");
    std::fflush(stdout);

    UnixSignalWatcher signalWatcher;
    const int rc = QCoreApplication::exec();
    server.close();
    receiver.stop();
    if (poller)
        poller->stop();
    if (scheduler) {
        scheduler->stop();
        (void)ledger->setMeta(QStringLiteral("scheduler.next_run"), QString());
    }
    engine.reset(); // a run in flight is resolved by the next one: its keys are in the ledger
    std::printf("Payout Desk stopped.\n");
    return rc;
}
