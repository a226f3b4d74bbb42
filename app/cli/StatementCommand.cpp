// statement: an artist's statement for a month or a range, as text, JSON,
// CSV or (payoutdesk only) PDF.
#include "Cli.h"
#include "Commands.h"
#include "ledger/Ledger.h"
#include "ledger/LedgerReader.h"
#include "report/Statement.h"
#include "util/Clock.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QLocale>
#include <QSaveFile>

#include <cstdio>

namespace {

int complain(const CliContext &ctx, int code, const QString &message)
{
    std::fprintf(stderr, "%s statement: %s\n", ctx.program.name, qPrintable(message));
    return code;
}

std::optional<QDate> isoDate(const QString &text)
{
    const QDate d = QDate::fromString(text, Qt::ISODate);
    if (!d.isValid() || text.size() != 10)
        return std::nullopt;
    return d;
}

Status writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return fail(Error::io(QStringLiteral("cannot write %1: %2").arg(path, file.errorString())));
    return {};
}

} // namespace

bool statementWantsPdf(int argc, char **argv)
{
    bool statement = false;
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "statement")
            statement = true;
        else if (statement && (a == "--pdf" || a.startsWith("--pdf=")))
            return true;
    }
    return false;
}

int runStatement(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("An artist's statement for a month or a range of days: opening balance, "
                       "earned per track, reversed, paid per transfer, closing balance."));
    p.addOption(
        {QStringLiteral("artist"), QStringLiteral("The artist (required)."), QStringLiteral("ID")});
    p.addOption({QStringLiteral("month"),
                 QStringLiteral("The calendar month, YYYY-MM (default: this month)."),
                 QStringLiteral("YYYY-MM")});
    p.addOption({QStringLiteral("from"), QStringLiteral("First day of a range, YYYY-MM-DD."),
                 QStringLiteral("DATE")});
    p.addOption({QStringLiteral("to"), QStringLiteral("Last day of a range, YYYY-MM-DD."),
                 QStringLiteral("DATE")});
    p.addOption({QStringLiteral("csv"), QStringLiteral("Write the statement as CSV to FILE."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("pdf"),
                 QStringLiteral("Write the statement as PDF to FILE (payoutdesk only)."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the statement as JSON.")});
    int code = ExitOk;
    if (!parseSubcommand(p, ctx, &code))
        return code;

    const QString artist = p.value(QStringLiteral("artist"));
    if (artist.isEmpty())
        return complain(ctx, ExitUsage, QStringLiteral("--artist ID is required"));
    const bool month = p.isSet(QStringLiteral("month"));
    const bool range = p.isSet(QStringLiteral("from")) || p.isSet(QStringLiteral("to"));
    if (month && range)
        return complain(ctx, ExitUsage,
                        QStringLiteral("give --month or --from and --to, not both"));
    QDate from, to;
    if (range) {
        const auto f = isoDate(p.value(QStringLiteral("from")));
        const auto t = isoDate(p.value(QStringLiteral("to")));
        if (!f || !t)
            return complain(
                ctx, ExitUsage,
                QStringLiteral("a range needs --from and --to as YYYY-MM-DD days "
                               "(got %1 and %2)")
                    .arg(p.value(QStringLiteral("from")), p.value(QStringLiteral("to"))));
        if (*f > *t)
            return complain(ctx, ExitUsage,
                            QStringLiteral("--from %1 is after --to %2")
                                .arg(f->toString(Qt::ISODate), t->toString(Qt::ISODate)));
        from = *f;
        to = *t;
    } else {
        const QString text = month ? p.value(QStringLiteral("month"))
                                   : ctx.clock->now().toLocalTime().toString(u"yyyy-MM");
        const auto m = Statements::monthRange(text);
        if (!m)
            return complain(ctx, ExitUsage,
                            QStringLiteral("--month %1 is not a month; expected YYYY-MM with a "
                                           "month from 01 to 12, e.g. 2026-11")
                                .arg(text));
        from = m->first;
        to = m->second;
    }
    const QString pdf = p.value(QStringLiteral("pdf"));
    if (p.isSet(QStringLiteral("pdf")) && !ctx.program.statementPdf)
        return complain(ctx, ExitUsage,
                        QStringLiteral("--pdf needs the desktop program payoutdesk (the PDF is "
                                       "laid out with Qt's GUI libraries, which %1 does not "
                                       "link): run `payoutdesk statement ... --pdf FILE`, or "
                                       "use --csv FILE")
                            .arg(QLatin1StringView(ctx.program.name)));
    if (p.isSet(QStringLiteral("pdf")) && pdf.isEmpty())
        return complain(ctx, ExitUsage, QStringLiteral("--pdf needs a file name"));

    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;
    const Result<std::optional<Artist>> known = ledger->reader().artist(artist);
    if (!known)
        return complain(ctx, ExitFailure, known.error().message);
    if (!*known)
        return complain(
            ctx, ExitFailure,
            QStringLiteral("no artist %1 in this ledger (see `artists list`)").arg(artist));
    const Result<Statement> s = Statements::compute(ledger->reader(), artist, from, to);
    if (!s)
        return complain(ctx, ExitFailure, s.error().message);

    bool wrote = false;
    if (const QString csv = p.value(QStringLiteral("csv")); !csv.isEmpty()) {
        if (Status st = writeFile(csv, Statements::toCsv(*s)); !st)
            return complain(ctx, ExitFailure, st.error().message);
        std::fprintf(stderr, "Wrote %s\n", qPrintable(csv));
        wrote = true;
    }
    if (!pdf.isEmpty()) {
        if (Status st = ctx.program.statementPdf(*s, pdf); !st)
            return complain(ctx, ExitFailure, st.error().message);
        std::fprintf(stderr, "Wrote %s\n", qPrintable(pdf));
        wrote = true;
    }
    if (p.isSet(QStringLiteral("json")))
        printJson(Statements::toJson(*s));
    else if (!wrote)
        std::fputs(qPrintable(Statements::toText(*s, QLocale())), stdout);
    return ExitOk;
}
