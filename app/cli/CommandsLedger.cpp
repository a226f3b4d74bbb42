// status, verify and artists: the subcommands that read or adjust the ledger.
#include "Cli.h"
#include "Commands.h"
#include "account/AccountRules.h"
#include "engine/Cleanup.h"
#include "ledger/Ledger.h"
#include "report/StatusReport.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <cstdio>

namespace {

void printJson(const QJsonObject &o)
{
    std::fputs(QJsonDocument(o).toJson(QJsonDocument::Indented).constData(), stdout);
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
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;
    Result<StatusReport> report = StatusReport::build(*ledger, p.value(QStringLiteral("artist")));
    if (!report) {
        std::fprintf(stderr, "payoutdesk status: %s\n", qPrintable(report.error().message));
        return ExitFailure;
    }
    report->mode = Scheduler::modeName(ctx.mode());
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
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;
    const Result<VerifyReport> report = ledger->reader().verify();
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

int runArtists(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("artists list | artists link ARTIST ACCOUNT"));
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list or link"));
    int code = ExitOk;
    if (!parseSubcommand(p, ctx, &code))
        return code;
    const QStringList pos = p.positionalArguments();
    std::unique_ptr<Ledger> ledger;
    if (pos.value(0) == u"list" && pos.size() == 1) {
        if (!(ledger = ctx.openLedger()))
            return ExitFailure;
        const Result<QList<Artist>> artists = ledger->reader().artists();
        if (!artists) {
            std::fprintf(stderr, "payoutdesk artists: %s\n", qPrintable(artists.error().message));
            return ExitFailure;
        }
        for (const Artist &a : *artists)
            std::printf("%s\t%s\n", qPrintable(a.id),
                        a.account.isEmpty() ? "(no payout account)" : qPrintable(a.account));
        return ExitOk;
    }
    if (pos.value(0) == u"link" && pos.size() == 3) {
        const QString &artist = pos.at(1);
        const QString &account = pos.at(2);
        if (!account.startsWith(u"acct_")) {
            std::fprintf(stderr,
                         "payoutdesk artists link: %s is not a connected account id "
                         "(acct_...)\n",
                         qPrintable(account));
            return ExitUsage;
        }
        if (!(ledger = ctx.openLedger()))
            return ExitFailure;
        const Result<int> released =
            AccountRules::linkArtist(*ledger, artist, account, QStringLiteral("cli"));
        if (!released) {
            std::fprintf(stderr, "payoutdesk artists link: %s\n",
                         qPrintable(released.error().message));
            return ExitFailure;
        }
        std::printf("Linked %s to %s; %d held entries are pending again.\n", qPrintable(artist),
                    qPrintable(account), *released);
        return ExitOk;
    }
    std::fprintf(stderr,
                 "usage: payoutdesk artists list | payoutdesk artists link ARTIST ACCOUNT\n");
    return ExitUsage;
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
