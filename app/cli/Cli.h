#pragma once

#include "config/DataLocation.h"
#include "config/SecretStore.h"
#include "config/Settings.h"
#include "engine/PayoutEngine.h"
#include "engine/Scheduler.h"
#include "ledger/LedgerLocation.h"
#include "service/EngineHost.h"

#include <QStringList>

#include <memory>
#include <optional>

class Clock;
class DemoStore;
struct Statement;
class Ledger;
class QElapsedTimer;
struct CliContext;

// What the demo's window gets: the running demo, its clock, and when the
// first transfer was paid, for the figure README reports.
struct DemoWindowRun
{
    CliContext &ctx;
    DemoStore &demo;
    Clock &clock;              // the demo's, faster with --time-scale
    const qint64 &firstPaidMs; // since the demo started; -1 until a transfer was paid
    const QElapsedTimer &sinceStart;
    void (*say)(const QString &line); // a [DEMO] line on stdout
};
// Shows the demo's window until it is closed, stops the demo, and returns
// the event loop's exit code.
using DemoWindowRunner = int (*)(const DemoWindowRun &);
// Writes an artist's statement as PDF (Qt's QPdfWriter, a GUI library):
// only payoutdesk has it.
using StatementPdfWriter = Status (*)(const Statement &statement, const QString &path);

// The program that runs the commands: its name, for help and messages, and
// the demo's window, which only payoutdesk has. The command library never
// includes a widget; payoutdesk fills the hook, payoutdesk-cli leaves it null.
struct CliProgram
{
    const char *name = "payoutdesk";
    DemoWindowRunner demoWindow = nullptr;
    StatementPdfWriter statementPdf = nullptr; // null: `statement --pdf` is refused
    bool hasWindow() const { return demoWindow != nullptr; }
};

// What every subcommand gets: where the store lives, its settings with the
// command line's overrides applied, the clock and the secrets.
struct CliContext
{
    DataLocation location;
    // The ledger: --ledger, or ledger.sqlite in the data folder.
    LedgerLocation ledger;
    std::unique_ptr<Settings> settings;
    Clock *clock = nullptr;
    std::unique_ptr<SecretStore> secrets;
    QStringList args; // the subcommand's own arguments, subcommand name first
    bool admin = false;
    bool dataDirGiven = false; // --data-dir on the command line
    CliProgram program;

    // Opens the ledger, printing the reason and returning null on failure.
    std::unique_ptr<Ledger> openLedger() const;
    // The mode from the setting and the Stripe key, by Scheduler::modeFor's
    // rule; development when that rule refuses (a live key in development
    // mode), for display: the engine refuses to start then.
    Scheduler::Mode mode() const;
    // The Stripe secret key (keychain or STRIPE_API_KEY); prints why and
    // returns nothing when there is none.
    std::optional<QString> stripeKey(const char *command) const;
    // The engine's configuration from the settings and the key.
    PayoutEngine::Config engineConfig(const QString &stripeKey) const;
    Scheduler::Intervals scheduleIntervals() const;
    // Everything an EngineHost needs from the settings: the mode for this
    // key (a live key in development mode is refused), the schedule, the
    // engine (payouts off with an empty key) and the poller.
    Result<EngineHost::Config> engineHostConfig(const QString &stripeKey,
                                                const QByteArray &webhookSigningSecret) const;
    // The webhook journal's folder for this ledger (WebhookJournal::dirFor).
    QString webhookJournalDir() const;
};

// Exit codes shared by all subcommands (documented in README).
enum ExitCode {
    ExitOk = 0,
    ExitFailure = 1,   // the command could not do its work
    ExitUsage = 2,     // wrong arguments
    ExitAttention = 3, // done, but something needs a person (quarantined events, verify breach)
};

class QCoreApplication;

// True when argv holds a command word (known or not) or asks for help or the
// version, so payoutdesk's main() starts a QCoreApplication instead of a
// QApplication.
bool isSubcommand(int argc, char **argv);
// True for a subcommand that opens a window of its own (`demo` without
// --no-window), so payoutdesk's main() starts a QApplication for it.
bool subcommandOpensWindow(int argc, char **argv);
// True for `statement ... --pdf`, which payoutdesk runs under a
// QGuiApplication (offscreen: no display needed) for its PDF writer.
bool statementWantsPdf(int argc, char **argv);
// Parses the global options; on failure prints why and sets *exitCode.
std::optional<CliContext> makeContext(QCoreApplication &app, const CliProgram &program,
                                      int *exitCode);
// Runs the subcommand named on the command line; without one, prints the
// help and returns ExitUsage (payoutdesk opens its window instead).
int runCli(QCoreApplication &app, const CliProgram &program);

class QJsonArray;
class QJsonObject;
// Prints indented JSON to stdout: the --json output of every command.
void printJson(const QJsonObject &o);
void printJson(const QJsonArray &a);

class QCommandLineParser;
// Parses a subcommand's own options (adding --help); returns false, with
// *exitCode set, when the command should stop: after --help or a usage error.
bool parseSubcommand(QCommandLineParser &parser, const CliContext &ctx, int *exitCode);
