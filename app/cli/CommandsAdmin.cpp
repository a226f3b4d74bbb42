// The admin's actions without a window: artists, held money, quarantine and
// the audit trail. Every change goes through the rules the window uses
// (AccountRules, AccountReset, Intake) and leaves an audit row.
#include "Cli.h"
#include "Commands.h"
#include "account/AccountReset.h"
#include "account/AccountRules.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "report/AdminJson.h"
#include "service/AdminWrites.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace {

const QString kActor = QStringLiteral("cli");

QString isoTime(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QString amount(qint64 minor, const QString &currency)
{
    return Money(minor, currency).toDecimalString() + u' ' + currency.toUpper();
}

// A failed command: the reason on stderr, and exit 1.
int failed(const char *command, const Error &e)
{
    std::fprintf(stderr, "payoutdesk %s: %s\n", command, qPrintable(e.message));
    return ExitFailure;
}

int usage(const char *text)
{
    std::fprintf(stderr, "usage: %s\n", text);
    return ExitUsage;
}

// A positional id: a positive whole number, or nullopt (a usage error).
std::optional<qint64> parseId(const QString &s)
{
    bool ok = false;
    const qint64 id = s.toLongLong(&ok);
    return ok && id > 0 ? std::optional<qint64>(id) : std::nullopt;
}

QJsonObject auditJson(const AuditRow &r)
{
    return {{QStringLiteral("id"), r.id},
            {QStringLiteral("at"), isoTime(r.at)},
            {QStringLiteral("actor"), r.actor},
            {QStringLiteral("action"), r.action},
            {QStringLiteral("artist"), r.artist.isEmpty() ? QJsonValue() : QJsonValue(r.artist)},
            {QStringLiteral("entry_id"), r.entryId > 0 ? QJsonValue(r.entryId) : QJsonValue()},
            {QStringLiteral("detail"), r.detail}};
}

int artistsList(CliContext &ctx, bool json)
{
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;
    const Result<QList<Artist>> artists = ledger->reader().artists();
    if (!artists)
        return failed("artists", artists.error());
    if (json) {
        QJsonArray out;
        for (const Artist &a : *artists)
            out.append(AdminJson::artist(a));
        printJson(out);
        return ExitOk;
    }
    for (const Artist &a : *artists)
        std::printf("%s\t%s\n", qPrintable(a.id),
                    a.account.isEmpty() ? "(no payout account)" : qPrintable(a.account));
    return ExitOk;
}

int artistsLink(CliContext &ctx, const QString &artist, const QString &account)
{
    if (!account.startsWith(u"acct_")) {
        std::fprintf(stderr,
                     "payoutdesk artists link: %s is not a connected account id (acct_...)\n",
                     qPrintable(account));
        return ExitUsage;
    }
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;
    const Result<int> released = AccountRules::linkArtist(*ledger, artist, account, kActor);
    if (!released)
        return failed("artists link", released.error());
    std::printf("Linked %s to %s; %d held entries are pending again.\n", qPrintable(artist),
                qPrintable(account), *released);
    return ExitOk;
}

int artistsUnlink(CliContext &ctx, const QString &artist)
{
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;
    const Result<std::optional<Artist>> before = ledger->reader().artist(artist);
    if (!before)
        return failed("artists unlink", before.error());
    if (!*before)
        return failed("artists unlink", Error{Error::Kind::Validation,
                                              QStringLiteral("there is no artist %1").arg(artist)});
    if ((*before)->account.isEmpty()) {
        std::printf("%s has no payout account; nothing changed.\n", qPrintable(artist));
        return ExitOk;
    }
    const Result<int> held = AccountRules::unlinkArtist(*ledger, artist, kActor);
    if (!held)
        return failed("artists unlink", held.error());
    std::printf("Unlinked %s from %s; %d pending entries are held (%s).\n", qPrintable(artist),
                qPrintable((*before)->account), *held, qPrintable(Reason::NoPayoutAccount));
    return ExitOk;
}

int artistsReset(CliContext &ctx, const QString &artist, const QString &confirm)
{
    if (confirm != u"RESET") {
        std::fprintf(stderr,
                     "payoutdesk artists reset: this unlinks %s's payout account and holds their "
                     "pending money; to go ahead, add --confirm RESET (the word exactly)\n",
                     qPrintable(artist));
        return ExitUsage;
    }
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;
    // Checked before the backup, so a mistyped id leaves no backup behind.
    const Result<std::optional<Artist>> known = ledger->reader().artist(artist);
    if (!known)
        return failed("artists reset", known.error());
    if (!*known)
        return failed("artists reset", Error{Error::Kind::Validation,
                                             QStringLiteral("there is no artist %1").arg(artist)});
    const Result<AccountResetOutcome> r =
        AccountReset::run(*ledger, ctx.location.backupDir(), artist, kActor);
    if (!r)
        return failed("artists reset", r.error());
    std::printf("Reset %s: account %s unlinked; %d pending entries held (%s); %d left in sending; "
                "backup %s\n",
                qPrintable(artist),
                r->previousAccount.isEmpty() ? "(none)" : qPrintable(r->previousAccount),
                r->entriesHeld, qPrintable(Reason::AccountReset), r->entriesSending,
                qPrintable(r->backupPath));
    return ExitOk;
}

// artists token issue ARTIST [--label L]: the token is printed here once and
// never again; the ledger keeps its hash, and an audit row without it.
int tokenIssue(CliContext &ctx, const QString &artist, const QString &label, bool json)
{
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;
    const Result<IssuedArtistToken> issued =
        AdminWrites::issueToken(*ledger, artist, label, kActor);
    if (!issued)
        return failed("artists token issue", issued.error());
    if (json) {
        QJsonObject o = AdminJson::token(issued->info);
        o.insert(QStringLiteral("token"), issued->secret);
        printJson(o);
        return ExitOk;
    }
    std::printf("%s\n", qPrintable(issued->secret));
    std::fprintf(stderr,
                 "Token %lld for %s. Give it to the artist now: it is not shown again, and the "
                 "ledger keeps only its hash. Revoke it with `artists token revoke %lld`.\n",
                 issued->info.id, qPrintable(artist), issued->info.id);
    return ExitOk;
}

int tokenList(CliContext &ctx, const QString &artist, bool json)
{
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;
    const Result<QList<ArtistTokenInfo>> tokens = ledger->tokens().list(artist);
    if (!tokens)
        return failed("artists token list", tokens.error());
    if (json) {
        QJsonArray out;
        for (const ArtistTokenInfo &t : *tokens)
            out.append(AdminJson::token(t));
        printJson(out);
        return ExitOk;
    }
    if (tokens->isEmpty()) {
        std::printf("No artist tokens.\n");
        return ExitOk;
    }
    std::printf("ID\tARTIST\tLABEL\tCREATED\tLAST USED\tSTATE\n");
    for (const ArtistTokenInfo &t : *tokens)
        std::printf("%lld\t%s\t%s\t%s\t%s\t%s\n", t.id, qPrintable(t.artist),
                    t.label.isEmpty() ? "-" : qPrintable(t.label), qPrintable(isoTime(t.createdAt)),
                    t.lastUsedAt.isValid() ? qPrintable(isoTime(t.lastUsedAt)) : "never",
                    t.revoked() ? qPrintable(QStringLiteral("revoked ") + isoTime(t.revokedAt))
                                : "live");
    return ExitOk;
}

int tokenRevoke(CliContext &ctx, qint64 id)
{
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;
    const Result<bool> revoked = AdminWrites::revokeToken(*ledger, id, kActor);
    if (!revoked)
        return failed("artists token revoke", revoked.error());
    if (!*revoked) {
        std::fprintf(stderr,
                     "payoutdesk artists token revoke: there is no live token %lld (see "
                     "`artists token list`)\n",
                     id);
        return ExitFailure;
    }
    std::printf("Revoked token %lld; it is refused from now on.\n", id);
    return ExitOk;
}

const char kArtistsUsage[] =
    "payoutdesk artists list [--json] | link ARTIST ACCOUNT | unlink ARTIST | "
    "reset ARTIST --confirm RESET | token issue ARTIST [--label L] [--json] | "
    "token list [ARTIST] [--json] | token revoke ID";

} // namespace

int runArtists(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(QString::fromLatin1(kArtistsUsage + sizeof("payoutdesk ") - 1));
    p.addPositionalArgument(QStringLiteral("action"),
                            QStringLiteral("list, link, unlink, reset or token (issue, list, "
                                           "revoke: the artists' API tokens)"));
    p.addOption(
        {QStringLiteral("json"), QStringLiteral("list, token issue, token list: print JSON.")});
    p.addOption({QStringLiteral("label"),
                 QStringLiteral("token issue: a note to tell the artist's tokens apart "
                                "(\"laptop\")."),
                 QStringLiteral("L")});
    p.addOption({QStringLiteral("confirm"),
                 QStringLiteral("reset: the word RESET, exactly. The reset writes a backup, "
                                "unlinks the account and holds the pending money."),
                 QStringLiteral("WORD")});
    int code = ExitOk;
    if (!parseSubcommand(p, ctx, &code))
        return code;
    const QStringList pos = p.positionalArguments();
    const QString action = pos.value(0);
    if (action == u"list" && pos.size() == 1)
        return artistsList(ctx, p.isSet(QStringLiteral("json")));
    if (action == u"link" && pos.size() == 3)
        return artistsLink(ctx, pos.at(1), pos.at(2));
    if (action == u"unlink" && pos.size() == 2)
        return artistsUnlink(ctx, pos.at(1));
    if (action == u"reset" && pos.size() == 2)
        return artistsReset(ctx, pos.at(1), p.value(QStringLiteral("confirm")));
    const bool json = p.isSet(QStringLiteral("json"));
    if (action == u"token" && pos.value(1) == u"issue" && pos.size() == 3)
        return tokenIssue(ctx, pos.at(2), p.value(QStringLiteral("label")), json);
    if (action == u"token" && pos.value(1) == u"list" && pos.size() <= 3)
        return tokenList(ctx, pos.value(2), json);
    if (action == u"token" && pos.value(1) == u"revoke" && pos.size() == 3) {
        const std::optional<qint64> id = parseId(pos.at(2));
        if (!id)
            return usage("payoutdesk artists token revoke ID (a token's number, from `artists "
                         "token list`)");
        return tokenRevoke(ctx, *id);
    }
    return usage(kArtistsUsage);
}

int runHolds(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("holds list [--artist A] [--json] | holds release ARTIST [--reason R]"));
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list or release"));
    p.addOption({QStringLiteral("json"), QStringLiteral("list: print JSON.")});
    p.addOption(
        {QStringLiteral("artist"), QStringLiteral("list: only this artist."), QStringLiteral("A")});
    p.addOption({QStringLiteral("reason"),
                 QStringLiteral("release: only money held with this reason (default: every "
                                "reason a person may release)."),
                 QStringLiteral("R")});
    int code = ExitOk;
    if (!parseSubcommand(p, ctx, &code))
        return code;
    const QStringList pos = p.positionalArguments();
    if (pos.value(0) == u"list" && pos.size() == 1) {
        std::unique_ptr<Ledger> ledger = ctx.openLedger();
        if (!ledger)
            return ExitFailure;
        const Result<QJsonArray> held =
            AdminJson::holds(ledger->reader(), p.value(QStringLiteral("artist")));
        if (!held)
            return failed("holds", held.error());
        if (p.isSet(QStringLiteral("json"))) {
            printJson(*held);
            return ExitOk;
        }
        for (const QJsonValue &v : *held) {
            const QJsonObject h = v.toObject();
            std::printf("%s\t%s\t%lld entries\t%s\t%s\n",
                        qPrintable(h.value(QStringLiteral("artist")).toString()),
                        qPrintable(amount(h.value(QStringLiteral("amount_minor")).toInteger(),
                                          h.value(QStringLiteral("currency")).toString())),
                        h.value(QStringLiteral("entries")).toInteger(),
                        qPrintable(h.value(QStringLiteral("reason")).toString()),
                        h.value(QStringLiteral("releasable")).toBool()
                            ? "holds release"
                            : "released by: artists link");
        }
        if (held->isEmpty())
            std::printf("No money is held.\n");
        return ExitOk;
    }
    if (pos.value(0) == u"release" && pos.size() == 2) {
        std::unique_ptr<Ledger> ledger = ctx.openLedger();
        if (!ledger)
            return ExitFailure;
        const Result<AccountRules::HoldRelease> r = AccountRules::releaseHeld(
            *ledger, pos.at(1), p.value(QStringLiteral("reason")), kActor);
        if (!r)
            return failed("holds release", r.error());
        std::printf("Released %d held entries of %s to pending (held for: %s).\n", r->released,
                    qPrintable(pos.at(1)), qPrintable(r->reasons.join(QStringLiteral(", "))));
        return ExitOk;
    }
    return usage("payoutdesk holds list [--artist A] [--json] | holds release ARTIST [--reason R]");
}

int runReversals(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("reversals list [--artist A] [--json]"));
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list"));
    p.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    p.addOption(
        {QStringLiteral("artist"), QStringLiteral("Only this artist."), QStringLiteral("A")});
    int code = ExitOk;
    if (!parseSubcommand(p, ctx, &code))
        return code;
    const QStringList pos = p.positionalArguments();
    if (pos != QStringList{QStringLiteral("list")})
        return usage("payoutdesk reversals list [--artist A] [--json]");
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;
    const Result<QList<RefundAfterPayout>> rows =
        ledger->reader().refundsAfterPayout(p.value(QStringLiteral("artist")));
    if (!rows)
        return failed("reversals", rows.error());
    // What became of the refund, in words an admin acts on.
    const auto outcome = [&](const RefundAfterPayout &r) -> QString {
        switch (r.state) {
        case EntryState::Reversed:
            return QStringLiteral("reversed %1").arg(r.reversalId);
        case EntryState::Clawback:
            if (r.recoveryState == EntryState::Paid)
                return QStringLiteral("clawback, recovered (entry %1)").arg(r.recoveryEntryId);
            return QStringLiteral("clawback, to recover from later payouts (entry %1)")
                .arg(r.recoveryEntryId);
        default:
            if (r.attempts == 0)
                return QStringLiteral("reversal due in the next payout run");
            return QStringLiteral("reversal failed %1 times, next attempt after %2: %3")
                .arg(r.attempts)
                .arg(isoTime(r.nextAttemptAt), r.lastError);
        }
    };
    if (p.isSet(QStringLiteral("json"))) {
        QJsonArray out;
        for (const RefundAfterPayout &r : *rows)
            out.append(AdminJson::reversal(r));
        printJson(out);
        return ExitOk;
    }
    if (rows->isEmpty()) {
        std::printf("No money paid out has been refunded.\n");
        return ExitOk;
    }
    for (const RefundAfterPayout &r : *rows)
        std::printf("%lld\t%s\t%s\t%s\tfrom %s\t%s\n", r.entryId, qPrintable(r.artist),
                    qPrintable(amount(r.amount.minor, r.amount.currency)),
                    qPrintable(trackLabel(r.title, r.track).isEmpty()
                                   ? r.reference
                                   : QString(trackLabel(r.title, r.track) + QStringLiteral(", ") +
                                             r.reference)),
                    qPrintable(r.transferId), qPrintable(outcome(r)));
    return ExitOk;
}

int runQuarantine(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("quarantine list | show ID | replay ID | dismiss ID"));
    p.addPositionalArgument(QStringLiteral("action"),
                            QStringLiteral("list, show ID, replay ID or dismiss ID"));
    p.addOption({QStringLiteral("json"), QStringLiteral("list, show: print JSON.")});
    p.addOption({QStringLiteral("reason"), QStringLiteral("dismiss: why, for the audit trail."),
                 QStringLiteral("R")});
    int code = ExitOk;
    if (!parseSubcommand(p, ctx, &code))
        return code;
    const QStringList pos = p.positionalArguments();
    const QString action = pos.value(0);
    const bool json = p.isSet(QStringLiteral("json"));
    const char *const text = "payoutdesk quarantine list [--json] | show ID [--json] | replay ID | "
                             "dismiss ID [--reason R]";
    if (action == u"list" && pos.size() == 1) {
        std::unique_ptr<Ledger> ledger = ctx.openLedger();
        if (!ledger)
            return ExitFailure;
        const Result<QList<QuarantinedEvent>> open = ledger->reader().quarantine();
        if (!open)
            return failed("quarantine", open.error());
        QJsonArray out;
        for (const QuarantinedEvent &e : *open) {
            if (json)
                out.append(AdminJson::quarantined(e, false));
            else
                std::printf("%lld\t%s\t%s\t%s\t%s\n", e.id, qPrintable(isoTime(e.receivedAt)),
                            e.eventId.isEmpty() ? "(no id)" : qPrintable(e.eventId),
                            e.type.isEmpty() ? "(no type)" : qPrintable(e.type),
                            qPrintable(e.reason));
        }
        if (json)
            printJson(out);
        else if (open->isEmpty())
            std::printf("No quarantined events.\n");
        return ExitOk;
    }
    if (pos.size() != 2 || (action != u"show" && action != u"replay" && action != u"dismiss"))
        return usage(text);
    const std::optional<qint64> id = parseId(pos.at(1));
    if (!id) {
        std::fprintf(stderr, "payoutdesk quarantine %s: %s is not a quarantine id\n",
                     qPrintable(action), qPrintable(pos.at(1)));
        return ExitUsage;
    }
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;
    const QByteArray command = "quarantine " + action.toLatin1();
    if (action == u"show") {
        const Result<std::optional<QuarantinedEvent>> e = ledger->reader().quarantinedEvent(*id);
        if (!e)
            return failed(command.constData(), e.error());
        if (!*e)
            return failed(command.constData(),
                          Error{Error::Kind::Validation,
                                QStringLiteral("there is no quarantined event %1").arg(*id)});
        if (json) {
            printJson(AdminJson::quarantined(**e, true));
            return ExitOk;
        }
        const QuarantinedEvent &q = **e;
        std::printf("id: %lld\nstatus: %s\nreceived: %s\nsource: %s\nevent: %s\ntype: %s\n"
                    "reason: %s\n\n",
                    q.id, qPrintable(q.status), qPrintable(isoTime(q.receivedAt)),
                    qPrintable(q.source), qPrintable(q.eventId), qPrintable(q.type),
                    qPrintable(q.reason));
        const QJsonDocument doc = QJsonDocument::fromJson(q.body);
        std::fputs(doc.isNull() ? q.body.constData() : doc.toJson().constData(), stdout);
        return ExitOk;
    }
    if (action == u"replay") {
        Intake intake(*ledger);
        const Result<IntakeOutcome> outcome = intake.replayQuarantined(*id, kActor);
        if (!outcome)
            return failed(command.constData(), outcome.error());
        std::printf("Replayed quarantined event %lld (%s): %s%s\n", *id,
                    qPrintable(outcome->eventId), qPrintable(outcomeName(outcome->kind)),
                    outcome->detail.isEmpty() ? ""
                                              : qPrintable(QStringLiteral(", ") + outcome->detail));
        // Refused again on replay: still something for a person to look at.
        return outcome->kind == IntakeOutcome::Kind::Quarantined ? ExitAttention : ExitOk;
    }
    const Result<bool> dismissed = AdminWrites::dismissQuarantined(
        *ledger, *id, kActor, p.value(QStringLiteral("reason")).trimmed());
    if (!dismissed)
        return failed(command.constData(), dismissed.error());
    if (!*dismissed)
        return failed(command.constData(),
                      Error{Error::Kind::Validation,
                            QStringLiteral("there is no open quarantined event %1").arg(*id)});
    std::printf("Dismissed quarantined event %lld; it will not be replayed.\n", *id);
    return ExitOk;
}

int runAudit(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("The audit trail, oldest first: who changed what, and why."));
    p.addOption({QStringLiteral("artist"), QStringLiteral("Only rows about this artist."),
                 QStringLiteral("A")});
    p.addOption({QStringLiteral("since"),
                 QStringLiteral("Only rows at or after this time (ISO 8601: 2026-01-31 or "
                                "2026-01-31T12:00:00Z; UTC unless an offset is given)."),
                 QStringLiteral("T")});
    p.addOption({QStringLiteral("limit"), QStringLiteral("At most N rows (default 1000)."),
                 QStringLiteral("N"), QStringLiteral("1000")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    int code = ExitOk;
    if (!parseSubcommand(p, ctx, &code))
        return code;
    if (!p.positionalArguments().isEmpty())
        return usage("payoutdesk audit [--artist A] [--since T] [--limit N] [--json]");
    LedgerReader::AuditFilter filter;
    filter.artist = p.value(QStringLiteral("artist"));
    if (p.isSet(QStringLiteral("since"))) {
        const QString since = p.value(QStringLiteral("since"));
        QDateTime t = QDateTime::fromString(since, Qt::ISODateWithMs);
        if (!t.isValid())
            t = QDate::fromString(since, Qt::ISODate).startOfDay(Qt::UTC);
        else if (t.timeSpec() == Qt::LocalTime)
            t.setTimeSpec(Qt::UTC);
        if (!t.isValid()) {
            std::fprintf(stderr,
                         "payoutdesk audit: --since %s is not a date or time (2026-01-31, "
                         "2026-01-31T12:00:00Z)\n",
                         qPrintable(since));
            return ExitUsage;
        }
        filter.since = t;
    }
    bool ok = false;
    filter.limit = p.value(QStringLiteral("limit")).toInt(&ok);
    if (!ok || filter.limit <= 0) {
        std::fprintf(stderr, "payoutdesk audit: --limit must be a positive number\n");
        return ExitUsage;
    }
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;
    const Result<QList<AuditRow>> rows = ledger->reader().auditRows(filter);
    if (!rows)
        return failed("audit", rows.error());
    if (p.isSet(QStringLiteral("json"))) {
        QJsonArray out;
        for (const AuditRow &r : *rows)
            out.append(auditJson(r));
        printJson(out);
        return ExitOk;
    }
    for (const AuditRow &r : *rows)
        std::printf("%s\t%s\t%s\t%s\t%s\n", qPrintable(isoTime(r.at)), qPrintable(r.actor),
                    qPrintable(r.action), r.artist.isEmpty() ? "-" : qPrintable(r.artist),
                    qPrintable(r.detail));
    if (rows->isEmpty())
        std::printf("No audit rows.\n");
    return ExitOk;
}
