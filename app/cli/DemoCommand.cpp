// demo: the whole product in one minute, on a throw-away store. The Stripe
// simulator, a simulated storefront posting signed webhooks to the engine's
// real receiver, the engine in development mode, and (unless --no-window)
// the window on the demo's ledger, which payoutdesk's hook shows
// (CliProgram::demoWindow): this file includes no widget.
#include "Cli.h"
#include "Commands.h"
#include "DemoStore.h"
#include "Storefront.h"
#include "UnixSignalWatcher.h"
#include "engine/PayoutEngine.h"
#include "ledger/Ledger.h"
#include "service/EngineHost.h"
#include "util/Clock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <memory>

namespace {

void say(const QString &line)
{
    std::printf("[DEMO] %s\n", qPrintable(line));
    std::fflush(stdout);
}

} // namespace

int runDemo(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "The whole product in one minute, on a throw-away store with a simulated Stripe: "
        "purchases arrive as signed webhooks and the first payout lands about 30 seconds after "
        "the first one. Nothing is real, and your own store is never touched."));
    p.addOption({QStringLiteral("no-window"),
                 QStringLiteral("Run without a window, print the log lines, and exit after "
                                "--duration: 0 if a transfer was paid and verify passes.")});
    p.addOption({QStringLiteral("duration"),
                 QStringLiteral("Stop after this many seconds (default: 60 without a window, "
                                "until closed with one)."),
                 QStringLiteral("SECONDS")});
    p.addOption({QStringLiteral("seed"),
                 QStringLiteral("Seed of the storefront's purchases after the first burst."),
                 QStringLiteral("N"), QStringLiteral("1")});
    p.addOption({QStringLiteral("time-scale"),
                 QStringLiteral("Run the demo's clock this many times faster (for tests)."),
                 QStringLiteral("N"), QStringLiteral("1")});
    int code = ExitOk;
    if (!parseSubcommand(p, ctx, &code))
        return code;

    const bool window = !p.isSet(QStringLiteral("no-window"));
    if (window && !ctx.program.hasWindow()) {
        std::fprintf(stderr, "%s has no window: use --no-window, or payoutdesk demo\n",
                     ctx.program.name);
        return ExitUsage;
    }
    bool ok = false;
    const double scale = p.value(QStringLiteral("time-scale")).toDouble(&ok);
    if (!ok || scale < 1 || scale > 1000) {
        std::fprintf(stderr, "payoutdesk demo: --time-scale must be a number from 1 to 1000\n");
        return ExitUsage;
    }
    const int seconds = p.isSet(QStringLiteral("duration"))
                            ? p.value(QStringLiteral("duration")).toInt(&ok)
                            : (window ? 0 : 60);
    if (!ok || seconds < 0) {
        std::fprintf(stderr, "payoutdesk demo: --duration must be a whole number of seconds\n");
        return ExitUsage;
    }
    const quint32 seed = p.value(QStringLiteral("seed")).toUInt(&ok);
    if (!ok) {
        std::fprintf(stderr, "payoutdesk demo: --seed must be a whole number\n");
        return ExitUsage;
    }

    // A folder of its own unless --data-dir names one, which must be empty
    // or an earlier demo's: the user's store is never opened.
    std::unique_ptr<QTemporaryDir> temp;
    DemoStore::Options options;
    if (ctx.dataDirGiven) {
        options.dataDir = ctx.location.dataDir();
    } else {
        temp = std::make_unique<QTemporaryDir>(
            QDir::temp().filePath(QStringLiteral("payoutdesk-demo-XXXXXX")));
        if (!temp->isValid()) {
            std::fprintf(stderr, "payoutdesk demo: cannot make a folder for the demo: %s\n",
                         qPrintable(temp->errorString()));
            return ExitFailure;
        }
        options.dataDir = temp->path();
    }
    if (Status s = DemoStore::checkDataDir(options.dataDir); !s) {
        std::fprintf(stderr, "payoutdesk demo: %s\n", qPrintable(s.error().message));
        return ExitFailure;
    }
    options.seed = seed;

    std::unique_ptr<Clock> scaled;
    Clock *clock = ctx.clock;
    if (scale > 1) {
        scaled = std::make_unique<ScaledClock>(ctx.clock->now(), scale);
        clock = scaled.get();
    }

    DemoStore demo(options, *clock);
    QElapsedTimer sinceStart;
    sinceStart.start();
    int transfersPaid = 0;
    qint64 firstPaidMs = -1;
    if (Status s = demo.start(); !s) {
        std::fprintf(stderr, "payoutdesk demo: %s\n", qPrintable(s.error().message));
        return ExitFailure;
    }
    // Answers arrive after start() returned: nothing the store sends is missed.
    QObject::connect(
        &demo.storefront(), &Storefront::posted, &demo,
        [](const QString &what, const QString &eventId, int status, const QString &outcome) {
            say(QStringLiteral("Store sent %1 %2 -> %3 %4")
                    .arg(what, eventId,
                         status ? QString::number(status) : QStringLiteral("no answer"), outcome));
        });
    say(QStringLiteral("Simulated Stripe, nothing is real. Demo store in %1; webhooks on "
                       "http://127.0.0.1:%2/webhook; the first payout comes %3 s after the "
                       "store's first burst of purchases.")
            .arg(options.dataDir)
            .arg(demo.webhookPort())
            .arg(options.fastDelayMs / 1000));
    QObject::connect(demo.host().engine(), &PayoutEngine::runFinished, &demo,
                     [&](const PayoutRunSummary &s) {
                         if (s.transfersPaid > 0 && firstPaidMs < 0) {
                             firstPaidMs = sinceStart.elapsed();
                             say(QStringLiteral("First transfer paid %1 s after the demo started")
                                     .arg(double(firstPaidMs) / 1000.0, 0, 'f', 1));
                         }
                         transfersPaid += s.transfersPaid;
                     });

    UnixSignalWatcher signalWatcher;
    if (seconds > 0)
        QTimer::singleShot(qint64(seconds) * 1000 / qint64(scale), QCoreApplication::instance(),
                           &QCoreApplication::quit);

    // The window's run stops the demo before its window goes.
    const int rc = window ? ctx.program.demoWindow(
                                DemoWindowRun{ctx, demo, *clock, firstPaidMs, sinceStart, &say})
                          : QCoreApplication::exec();
    demo.stop();
    if (rc != 0)
        return rc;

    const Result<VerifyReport> report = demo.ledger().reader().verify();
    const bool consistent = report && report->ok();
    say(QStringLiteral("%1 events sent, %2 transfers paid; verify %3")
            .arg(demo.storefront().sent())
            .arg(transfersPaid)
            .arg(consistent ? QStringLiteral("passed")
                            : (report ? QStringLiteral("FAILED") : report.error().message)));
    if (window)
        return ExitOk;
    return transfersPaid > 0 && consistent ? ExitOk : ExitFailure;
}
