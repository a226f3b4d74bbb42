// trigger-payouts: one payout run now, on the same engine the window and
// serve use, printing its summary when it ends.
#include "Cli.h"
#include "Commands.h"
#include "engine/PayoutEngine.h"
#include "ledger/Ledger.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonDocument>
#include <QLocale>

#include <cstdio>

int runTriggerPayouts(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Run a payout now: pay every due entry, then print "
                                               "the summary."));
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the summary as JSON.")});
    int code = ExitOk;
    if (!parseSubcommand(p, ctx, &code))
        return code;
    const std::optional<QString> key = ctx.stripeKey("trigger-payouts");
    if (!key)
        return ExitFailure;
    const Result<Scheduler::Mode> mode =
        Scheduler::modeFor(ctx.settings->string(Settings::Key::Mode), *key);
    if (!mode) {
        std::fprintf(stderr, "payoutdesk trigger-payouts: %s\n", qPrintable(mode.error().message));
        return ExitFailure;
    }
    // Opening here creates or migrates the file before the engine's thread
    // opens its own connection.
    if (!ctx.openLedger())
        return ExitFailure;

    PayoutEngine engine(ctx.engineConfig(*key), *ctx.clock);
    PayoutRunSummary summary;
    QEventLoop loop;
    QObject::connect(&engine, &PayoutEngine::runFinished, &loop, [&](const PayoutRunSummary &s) {
        summary = s;
        loop.quit();
    });
    engine.requestRun(RunTrigger::Cli);
    loop.exec();

    if (p.isSet(QStringLiteral("json")))
        std::fputs(QJsonDocument(summary.toJson()).toJson(QJsonDocument::Indented).constData(),
                   stdout);
    else
        std::fputs(qPrintable(summary.toText(QLocale())), stdout);
    if (!summary.ok())
        return ExitFailure;
    return summary.needsAttention() ? ExitAttention : ExitOk;
}
