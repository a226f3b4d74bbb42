// status, verify and cleanup: the subcommands that check or tidy the ledger.
#include "Cli.h"
#include "Commands.h"
#include "engine/Cleanup.h"
#include "ledger/Ledger.h"
#include "report/StatusReport.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <cstdio>

namespace {

// The report of each check, also on a ledger that cannot be opened as usual
// (a damaged or truncated file): it is then opened as found, the failure to
// open it is the first failed check, and every other check still runs and
// reports its own finding. Only a ledger that cannot be reached at all (a
// location refused, a folder that cannot be made) is an error.
Result<VerifyReport> verifyReport(const CliContext &ctx)
{
    Ledger ledger(ctx.ledger, *ctx.clock);
    VerifyReport::Check opening;
    opening.name = QStringLiteral("open the ledger");
    if (Status s = ledger.open(); !s) {
        if (s.error().kind != Error::Kind::Database)
            return fail(s.error());
        opening.ok = false;
        opening.problems << s.error().message;
        if (Status found = ledger.openAsFound(); !found) {
            opening.problems << found.error().message;
            VerifyReport only;
            only.checks.append(opening);
            return only;
        }
    }
    Result<VerifyReport> report = ledger.reader().verify();
    if (!report) {
        opening.ok = false;
        opening.problems << report.error().message;
        report = VerifyReport{};
    }
    if (!opening.ok)
        report->checks.prepend(opening);
    return report;
}

} // namespace

int runStatus(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Pending totals per artist, counts per state, the "
                                               "next run."));
    p.addOption({QStringLiteral("json"), QStringLiteral("Print one JSON object (see README).")});
    p.addOption(
        {QStringLiteral("artist"), QStringLiteral("Only this artist."), QStringLiteral("ID")});
    int code = ExitOk;
    if (!parseSubcommand(p, ctx, &code))
        return code;
    auto ledger = std::make_unique<Ledger>(ctx.ledger, *ctx.clock);
    Status opened = ledger->open();
    Result<StatusReport> report =
        opened ? StatusReport::build(*ledger, p.value(QStringLiteral("artist")),
                                     ctx.webhookJournalDir())
               : Result<StatusReport>(fail(opened.error()));
    if (!report) {
        if (!opened && ctx.ledger.backend() == LedgerLocation::Backend::Postgres)
            // A server that cannot be reached (or refuses us) is not a
            // damaged ledger: the backend's message names the server and why.
            std::fprintf(stderr, "payoutdesk status: %s\n", qPrintable(report.error().message));
        else if (report.error().kind == Error::Kind::Database)
            std::fprintf(stderr,
                         "payoutdesk status: the ledger cannot be read, it may be damaged "
                         "(%s). Run `verify` for a report of each check.\n",
                         qPrintable(report.error().message));
        else
            std::fprintf(stderr, "payoutdesk status: %s\n", qPrintable(report.error().message));
        return ExitFailure;
    }
    report->configuredMode = Scheduler::modeName(ctx.mode());
    if (p.isSet(QStringLiteral("json")))
        printJson(report->toJson());
    else
        std::fputs(qPrintable(report->toText(QLocale())), stdout);
    return ExitOk;
}

int runVerify(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("Check schema integrity and conservation of money."));
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the report as JSON.")});
    int code = ExitOk;
    if (!parseSubcommand(p, ctx, &code))
        return code;
    const Result<VerifyReport> report = verifyReport(ctx);
    if (!report) {
        std::fprintf(stderr, "payoutdesk verify: %s\n", qPrintable(report.error().message));
        return ExitFailure;
    }
    if (p.isSet(QStringLiteral("json"))) {
        QJsonArray checks;
        for (const auto &c : report->checks)
            checks.append(
                QJsonObject{{QStringLiteral("name"), c.name},
                            {QStringLiteral("ok"), c.ok},
                            {QStringLiteral("problems"), QJsonArray::fromStringList(c.problems)}});
        printJson({{QStringLiteral("ok"), report->ok()}, {QStringLiteral("checks"), checks}});
    } else {
        for (const auto &c : report->checks) {
            std::printf("%s  %s\n", c.ok ? "ok  " : "FAIL", qPrintable(c.name));
            for (const QString &problem : c.problems)
                std::printf("        %s\n", qPrintable(problem));
        }
        std::printf("%s\n", report->ok() ? "The ledger is consistent."
                                         : "The ledger has problems: see FAIL above.");
    }
    return report->ok() ? ExitOk : ExitAttention;
}

int runCleanup(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Void duplicates and invalid entries, archive stale "
                                               "event ids and quarantine rows. Never deletes."));
    p.addOption(
        {QStringLiteral("dry-run"), QStringLiteral("Report what would change; change nothing.")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the report as JSON.")});
    int code = ExitOk;
    if (!parseSubcommand(p, ctx, &code))
        return code;
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;
    Cleanup cleanup(*ledger, ctx.settings->integer(Settings::Key::RetentionDays));
    const Result<Cleanup::Report> report =
        cleanup.run(p.isSet(QStringLiteral("dry-run")), QStringLiteral("cli"));
    if (!report) {
        std::fprintf(stderr, "payoutdesk cleanup: %s\n", qPrintable(report.error().message));
        return ExitFailure;
    }
    if (p.isSet(QStringLiteral("json")))
        printJson(report->toJson());
    else
        std::fputs(qPrintable(report->toText()), stdout);
    return report->duplicatesAlreadyPaid > 0 ? ExitAttention : ExitOk;
}
