// ledger copy and ledger backup: moving a store to another backend, and a
// consistent copy of it on either backend (README, "Moving a store to
// PostgreSQL"). The work is core's (service/LedgerCopy); this file parses
// and prints.
#include "Cli.h"
#include "Commands.h"
#include "ledger/Ledger.h"
#include "service/LedgerCopy.h"
#include "util/Clock.h"

#include <QCommandLineParser>
#include <QJsonObject>

#include <cstdio>

namespace {

constexpr const char *kUsage =
    "payoutdesk ledger copy --to LOCATION [--json] | ledger backup [--to FILE] [--json] | "
    "ledger password [--clear]";

int failedWith(const char *what, const Error &e)
{
    std::fprintf(stderr, "payoutdesk ledger %s: %s\n", what, qPrintable(e.message));
    return ExitFailure;
}

int runCopy(CliContext &ctx, const QCommandLineParser &p)
{
    if (!p.isSet(QStringLiteral("to"))) {
        std::fprintf(stderr, "payoutdesk ledger copy: --to LOCATION is needed (a "
                             "postgresql:// URL or a SQLite file's path)\n");
        return ExitUsage;
    }
    const Result<LedgerLocation> target = LedgerLocation::parse(p.value(QStringLiteral("to")));
    if (!target) {
        std::fprintf(stderr, "payoutdesk ledger copy: --to: %s\n",
                     qPrintable(target.error().message));
        return ExitUsage;
    }
    const Result<LedgerCopyReport> report = LedgerCopy::run(ctx.ledger, *target, *ctx.clock);
    if (!report)
        return failedWith("copy", report.error());
    if (p.isSet(QStringLiteral("json")))
        printJson(report->toJson());
    else
        std::fputs(qPrintable(report->toText()), stdout);
    return report->equal() ? ExitOk : ExitAttention;
}

int runBackup(CliContext &ctx, const QCommandLineParser &p)
{
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;
    const Result<QString> path = LedgerCopy::backup(*ledger, p.value(QStringLiteral("to")),
                                                    ctx.location.backupDir(), ctx.clock->now());
    if (!path)
        return failedWith("backup", path.error());
    const QString hint = LedgerCopy::restoreHint(ctx.ledger.backend(), *path);
    if (p.isSet(QStringLiteral("json"))) {
        printJson(QJsonObject{
            {QStringLiteral("path"), *path},
            {QStringLiteral("backend"), ctx.ledger.backend() == LedgerLocation::Backend::Sqlite
                                            ? QStringLiteral("sqlite")
                                            : QStringLiteral("postgresql")},
            {QStringLiteral("restore"), hint}});
        return ExitOk;
    }
    std::printf("Backed up %s to\n%s\n%s\n", qPrintable(ctx.ledger.displayName()),
                qPrintable(*path), qPrintable(hint));
    return ExitOk;
}

} // namespace

int runLedger(CliContext &ctx)
{
    // `ledger password` has options of its own and never opens the ledger
    // (the password may be what it takes to open it).
    if (ctx.args.value(1) == u"password") {
        ctx.args.removeAt(1);
        return runLedgerPassword(ctx);
    }
    QCommandLineParser p;
    p.setApplicationDescription(QString::fromLatin1(kUsage));
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("copy, backup or password"));
    p.addOption({QStringLiteral("to"),
                 QStringLiteral("copy: the target ledger (an empty PostgreSQL database or a new "
                                "SQLite file); backup: the file to write (default: "
                                "DATA_DIR/backups/ledger-YYYYMMDD-HHMMSS)."),
                 QStringLiteral("LOCATION")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the report as JSON.")});
    int code = ExitOk;
    if (!parseSubcommand(p, ctx, &code))
        return code;
    const QStringList pos = p.positionalArguments();
    if (pos == QStringList{QStringLiteral("copy")})
        return runCopy(ctx, p);
    if (pos == QStringList{QStringLiteral("backup")})
        return runBackup(ctx, p);
    std::fprintf(stderr, "usage: %s\n", kUsage);
    return ExitUsage;
}
