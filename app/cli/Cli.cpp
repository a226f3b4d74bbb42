#include "Cli.h"

#include "Commands.h"
#include "config/SecretStore.h"
#include "engine/PayoutPolicy.h"
#include "intake/WebhookJournal.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include <cstdio>

namespace {

struct Subcommand
{
    const char *name;
    const char *summary;
    int (*run)(CliContext &);
};

const Subcommand kSubcommands[] = {
    {"status", "Pending totals per artist, counts per state, next run ([--artist ID] [--json])",
     runStatus},
    {"import", "Import Stripe events from files (one event per file or one per line)", runImport},
    {"verify", "Check schema integrity and conservation of money; non-zero exit on a breach",
     runVerify},
    {"serve",
     "Run headless: webhooks, the Events API poller and the payout schedule, until "
     "SIGINT or SIGTERM",
     runServe},
    {"cleanup", "Void duplicates and invalid entries, archive stale data ([--dry-run] [--json])",
     runCleanup},
    {"trigger-payouts", "Run a payout now and print its summary ([--json])", runTriggerPayouts},
    {"artists",
     "Manage artists: list [--json], link ARTIST ACCOUNT, unlink ARTIST, reset ARTIST --confirm "
     "RESET; their API tokens: token issue ARTIST [--label L], token list [ARTIST], token "
     "revoke ID",
     runArtists},
    {"holds", "Held money: holds list [--artist A] [--json], holds release ARTIST [--reason R]",
     runHolds},
    {"reversals",
     "Refunds of money already paid: reversals list [--artist A] [--json] (reversed, due or "
     "clawed back)",
     runReversals},
    {"quarantine", "Refused events: quarantine list|show ID|replay ID|dismiss ID [--json]",
     runQuarantine},
    {"audit", "The audit trail: audit [--artist A] [--since T] [--json]", runAudit},
    {"ledger",
     "Move or back up the ledger: ledger copy --to LOCATION (into an empty database, then "
     "verified), ledger backup [--to FILE] [--json], ledger password [--clear] (a PostgreSQL "
     "ledger's password into the keychain, from stdin)",
     runLedger},
    {"statement",
     "An artist's statement: --artist A [--month YYYY-MM | --from D --to D] [--csv F] "
     "[--pdf F] [--json]",
     runStatement},
    {"demo", "The whole product in one minute on a throw-away store with a simulated Stripe",
     runDemo},
    {"sandbox", "Run the Stripe simulator on 127.0.0.1 for local development", runSandbox},
    {"trigger", "Send one signed test event to a webhook URL (cart-purchase, refund, ...)",
     runTrigger},
};

// Global options that take a value, so that their value is not mistaken
// for a subcommand when scanning argv.
const char *const kValueOptions[] = {"--data-dir", "--ledger", "--mode", "--stripe-api-base",
                                     "--webhook-port"};

const Subcommand *findSubcommand(const QString &name)
{
    for (const Subcommand &s : kSubcommands)
        if (name == QLatin1StringView(s.name))
            return &s;
    return nullptr;
}

void addGlobalOptions(QCommandLineParser &p, const CliProgram &program)
{
    p.addOption({QStringLiteral("data-dir"),
                 QStringLiteral("Folder of the store's ledger and settings (default: the user's "
                                "data folder)."),
                 QStringLiteral("DIR")});
    p.addOption({QStringLiteral("ledger"),
                 QStringLiteral("Where the ledger lives, for this run: a SQLite file's path, "
                                "sqlite:///PATH, or a PostgreSQL server as "
                                "postgresql://USER@HOST[:PORT]/DB (default: ledger.sqlite in the "
                                "data folder)."),
                 QStringLiteral("LOCATION")});
    p.addOption({QStringLiteral("mode"),
                 QStringLiteral("Engine mode for this run: development or production."),
                 QStringLiteral("MODE")});
    p.addOption({QStringLiteral("stripe-api-base"),
                 QStringLiteral("Stripe API base URL for this run (a fake or test mode)."),
                 QStringLiteral("URL")});
    p.addOption({QStringLiteral("webhook-port"),
                 QStringLiteral("Loopback port of the webhook receiver for this run."),
                 QStringLiteral("PORT")});
    if (program.hasWindow())
        p.addOption(
            {QStringLiteral("admin"), QStringLiteral("Open the window in the admin view.")});
}

QString helpText(const CliProgram &program)
{
    const QString name = QString::fromLatin1(program.name);
    QString text = QStringLiteral("\nCommands (%1 COMMAND --help for each):\n").arg(name);
    for (const Subcommand &s : kSubcommands)
        text +=
            QStringLiteral("  %1  %2\n")
                .arg(QString::fromLatin1(s.name).leftJustified(9), QString::fromLatin1(s.summary));
    if (program.hasWindow())
        text += QStringLiteral("\nWithout a command, the Payout Desk window opens.\n");
    else
        text += QStringLiteral("\n%1 has no window and needs no display or Qt Widgets: use it on "
                               "a server. The window, and demo's window, are payoutdesk's.\n")
                    .arg(name);
    return text;
}

} // namespace

bool isSubcommand(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "-h" || a == "--help" || a == "-v" || a == "--version" || a == "--help-all")
            return true;
        if (a.startsWith('-')) {
            for (const char *opt : kValueOptions)
                if (a == opt)
                    ++i; // skip its value
            continue;
        }
        // The window takes no positional argument: any word is a command,
        // and an unknown one gets a usage error, not a window.
        return true;
    }
    return false;
}

bool subcommandOpensWindow(int argc, char **argv)
{
    int i = 1;
    for (; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (!a.startsWith('-'))
            break;
        for (const char *opt : kValueOptions)
            if (a == opt)
                ++i;
    }
    if (i >= argc || QByteArray(argv[i]) != "demo")
        return false;
    for (int j = i + 1; j < argc; ++j) {
        const QByteArray a(argv[j]);
        if (a == "--no-window" || a == "-h" || a == "--help" || a == "--help-all")
            return false;
    }
    return true;
}

// A server ledger's password, in this order: PAYOUTDESK_DB_PASSWORD, the
// keychain's `ledger-password`, then libpq's PGPASSWORD and ~/.pgpass (which
// libpq reads itself when none was given). A keychain that does not answer
// is no error here: the later sources may have it.
static void useLedgerPasswordFromKeychain(const CliContext &ctx)
{
    if (ctx.ledger.backend() != LedgerLocation::Backend::Postgres ||
        !qEnvironmentVariableIsEmpty("PAYOUTDESK_DB_PASSWORD"))
        return;
    const Result<QString> password = ctx.secrets->read(SecretStore::Secret::LedgerPassword);
    if (password)
        LedgerLocation::setServerPassword(password->toUtf8());
    else
        qCInfo(lcConfig).noquote()
            << "no ledger password from the keychain:" << password.error().message;
}

std::unique_ptr<Ledger> CliContext::openLedger() const
{
    auto opened = std::make_unique<Ledger>(this->ledger, *clock);
    if (Status s = opened->open(); !s) {
        std::fprintf(stderr, "payoutdesk: %s\n", qPrintable(s.error().message));
        return nullptr;
    }
    return opened;
}

Scheduler::Mode CliContext::mode() const
{
    // A key that cannot be read counts as none: "auto" is development then.
    const Result<QString> key = secrets->read(SecretStore::Secret::StripeApiKey);
    const Result<Scheduler::Mode> m =
        Scheduler::modeFor(settings->string(Settings::Key::Mode), key ? *key : QString());
    return m ? *m : Scheduler::Mode::Development;
}

std::optional<QString> CliContext::stripeKey(const char *command) const
{
    const Result<QString> key = secrets->read(SecretStore::Secret::StripeApiKey);
    if (!key) {
        std::fprintf(stderr, "payoutdesk %s: %s\n", command, qPrintable(key.error().message));
        return std::nullopt;
    }
    if (key->isEmpty()) {
        std::fprintf(stderr,
                     "payoutdesk %s: no Stripe secret key. Store it in the window's settings, or "
                     "set STRIPE_API_KEY (sk_test_... or rk_test_... for test mode).\n",
                     command);
        return std::nullopt;
    }
    if (key->startsWith(u"pk_")) {
        std::fprintf(stderr,
                     "payoutdesk %s: a publishable key (pk_...) cannot make transfers; "
                     "use the secret key.\n",
                     command);
        return std::nullopt;
    }
    return *key;
}

PayoutEngine::Config CliContext::engineConfig(const QString &key) const
{
    PayoutEngine::Config c;
    c.ledger = ledger;
    c.stripeApiBase = QUrl(settings->string(Settings::Key::StripeApiBase));
    c.stripeSecretKey = key;
    c.requestsPerSecond = qMax(1, settings->integer(Settings::Key::RateLimitPerSec));
    c.maxInFlight = qMax(1, settings->integer(Settings::Key::MaxInFlight));
    c.perChargeGrouping = settings->string(Settings::Key::PayoutGrouping) == u"charge";
    if (const auto minimums =
            PayoutPolicy::parseMinimums(settings->string(Settings::Key::MinimumPayout)))
        c.minimumPayout = *minimums;
    else
        c.minimumPayoutProblem = minimums.error();
    return c;
}

Scheduler::Intervals CliContext::scheduleIntervals() const
{
    Scheduler::Intervals iv;
    iv.fastDelayMs = qint64(settings->integer(Settings::Key::FastPayoutDelaySecs)) * 1000;
    iv.payoutIntervalMs = qint64(settings->integer(Settings::Key::PayoutIntervalSecs)) * 1000;
    const QTime at =
        QTime::fromString(settings->string(Settings::Key::CleanupTime), QStringLiteral("HH:mm"));
    if (at.isValid())
        iv.cleanupAt = at;
    return iv;
}

Result<EngineHost::Config> CliContext::engineHostConfig(const QString &stripeKey,
                                                        const QByteArray &signingSecret) const
{
    EngineHost::Config c;
    if (stripeKey.isEmpty()) {
        c.mode = mode(); // payouts are off: the mode only shapes the schedule
    } else {
        const Result<Scheduler::Mode> m =
            Scheduler::modeFor(settings->string(Settings::Key::Mode), stripeKey);
        if (!m)
            return fail(m.error());
        c.mode = *m;
    }
    c.intervals = scheduleIntervals();
    c.engine = engineConfig(stripeKey);
    c.webhookSigningSecret = signingSecret;
    c.webhookJournalDir = webhookJournalDir();
    c.pollIntervalMs = qint64(settings->integer(Settings::Key::PollIntervalSecs)) * 1000;
    c.retentionDays = settings->integer(Settings::Key::RetentionDays);
    return c;
}

QString CliContext::webhookJournalDir() const
{
    return WebhookJournal::dirFor(ledger, location.dataDir());
}

std::optional<CliContext> makeContext(QCoreApplication &app, const CliProgram &program,
                                      int *exitCode)
{
    QCoreApplication::setApplicationName(QStringLiteral("payoutdesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PAYOUTDESK_VERSION));

    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Payout Desk: the store's payout engine and the "
                                               "artists' dashboard."));
    p.addHelpOption();
    p.addVersionOption();
    addGlobalOptions(p, program);
    p.addPositionalArgument(QStringLiteral("command"), helpText(program),
                            program.hasWindow() ? QStringLiteral("[command]")
                                                : QStringLiteral("command"));
    p.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    if (!p.parse(app.arguments())) {
        std::fprintf(stderr, "%s: %s\n", program.name, qPrintable(p.errorText()));
        *exitCode = ExitUsage;
        return std::nullopt;
    }
    if (p.isSet(QStringLiteral("version"))) {
        p.showVersion(); // exits
    }
    if (p.isSet(QStringLiteral("help")) && p.positionalArguments().isEmpty()) {
        std::fputs(qPrintable(p.helpText()), stdout);
        *exitCode = ExitOk;
        return std::nullopt;
    }

    CliContext ctx;
    ctx.location = DataLocation(p.value(QStringLiteral("data-dir")));
    ctx.settings = std::make_unique<Settings>(ctx.location.settingsPath());
    ctx.clock = &SystemClock::instance();
    ctx.secrets = std::make_unique<EnvironmentSecretStore>(std::make_unique<KeychainSecretStore>());
    ctx.args = p.positionalArguments();
    ctx.admin = program.hasWindow() && p.isSet(QStringLiteral("admin"));
    ctx.dataDirGiven = p.isSet(QStringLiteral("data-dir"));
    // --ledger, else the setting ledger/location, else the data folder's file.
    ctx.ledger = LedgerLocation::sqliteFile(ctx.location.ledgerPath());
    const bool ledgerGiven = p.isSet(QStringLiteral("ledger"));
    if (const QString where = ledgerGiven ? p.value(QStringLiteral("ledger"))
                                          : ctx.settings->string(Settings::Key::LedgerLocation);
        !where.isEmpty()) {
        const Result<LedgerLocation> parsed = LedgerLocation::parse(where);
        if (!parsed) {
            std::fprintf(stderr, "payoutdesk: %s: %s\n",
                         ledgerGiven ? "--ledger" : "the setting ledger/location",
                         qPrintable(parsed.error().message));
            *exitCode = ledgerGiven ? ExitUsage : ExitFailure;
            return std::nullopt;
        }
        ctx.ledger = *parsed;
    }
    useLedgerPasswordFromKeychain(ctx);
    ctx.program = program;

    if (p.isSet(QStringLiteral("mode"))) {
        const QString mode = p.value(QStringLiteral("mode"));
        if (mode != u"development" && mode != u"production") {
            std::fprintf(stderr, "payoutdesk: --mode must be development or production, not %s\n",
                         qPrintable(mode));
            *exitCode = ExitUsage;
            return std::nullopt;
        }
        ctx.settings->overrideForSession(Settings::Key::Mode, mode);
    }
    if (p.isSet(QStringLiteral("stripe-api-base"))) {
        const QUrl url(p.value(QStringLiteral("stripe-api-base")));
        if (!url.isValid() || (url.scheme() != u"https" && url.scheme() != u"http")) {
            std::fprintf(stderr, "payoutdesk: --stripe-api-base must be an http(s) URL\n");
            *exitCode = ExitUsage;
            return std::nullopt;
        }
        ctx.settings->overrideForSession(Settings::Key::StripeApiBase, url.toString());
    }
    if (p.isSet(QStringLiteral("webhook-port"))) {
        bool ok = false;
        const uint port = p.value(QStringLiteral("webhook-port")).toUInt(&ok);
        if (!ok || port > 65535) {
            std::fprintf(stderr, "payoutdesk: --webhook-port must be a port number (0-65535)\n");
            *exitCode = ExitUsage;
            return std::nullopt;
        }
        ctx.settings->overrideForSession(Settings::Key::WebhookPort, port);
    }
    return ctx;
}

void printJson(const QJsonObject &o)
{
    std::fputs(QJsonDocument(o).toJson(QJsonDocument::Indented).constData(), stdout);
}

void printJson(const QJsonArray &a)
{
    std::fputs(QJsonDocument(a).toJson(QJsonDocument::Indented).constData(), stdout);
}

bool parseSubcommand(QCommandLineParser &p, const CliContext &ctx, int *exitCode)
{
    p.addHelpOption();
    if (!p.parse(ctx.args)) {
        std::fprintf(stderr, "payoutdesk %s: %s\n", qPrintable(ctx.args.first()),
                     qPrintable(p.errorText()));
        *exitCode = ExitUsage;
        return false;
    }
    if (p.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(p.helpText()), stdout);
        *exitCode = ExitOk;
        return false;
    }
    return true;
}

int runCli(QCoreApplication &app, const CliProgram &program)
{
    int exitCode = ExitOk;
    std::optional<CliContext> ctx = makeContext(app, program, &exitCode);
    if (!ctx)
        return exitCode;
    if (ctx->args.isEmpty()) {
        std::fprintf(stderr, "%s: a command is needed (%s --help lists them)\n", program.name,
                     program.name);
        return ExitUsage;
    }
    const Subcommand *cmd = findSubcommand(ctx->args.first());
    if (!cmd) {
        std::fprintf(stderr, "%s: unknown command %s\n", program.name,
                     qPrintable(ctx->args.first()));
        return ExitUsage;
    }
    // Headless (no window in this process): every log line carries its time.
    if (!app.inherits("QGuiApplication"))
        useHeadlessLogFormat();
    return cmd->run(*ctx);
}
