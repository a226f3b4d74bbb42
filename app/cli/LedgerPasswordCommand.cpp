// ledger password: stores a PostgreSQL ledger's password in the keychain
// (`ledger-password` under the service `payoutdesk`, next to the Stripe
// key), read from standard input so that it never appears on a command line,
// in a shell's history or in `ps`; on a terminal, without echo.
#include "Cli.h"
#include "Commands.h"
#include "config/SecretStore.h"

#include <QCommandLineParser>

#include <cstdio>
#include <string>

#include <termios.h>
#include <unistd.h>

namespace {

// One line from standard input, without its line end; echo off while a
// person types it on a terminal.
QByteArray readPassword()
{
    const bool terminal = ::isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (terminal && ::tcgetattr(STDIN_FILENO, &saved) == 0) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        std::fputs("Ledger password: ", stderr);
    }
    std::string line;
    for (int c = std::getchar(); c != EOF && c != '\n'; c = std::getchar())
        line.push_back(char(c));
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        std::fputs("\n", stderr);
    }
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    QByteArray password(line.data(), qsizetype(line.size()));
    std::fill(line.begin(), line.end(), '\0');
    return password;
}

} // namespace

int runLedgerPassword(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Store the PostgreSQL ledger's password in the OS keychain, read from standard input "
        "(one line; typed without echo on a terminal). PAYOUTDESK_DB_PASSWORD, when set, "
        "still comes first."));
    p.addOption({QStringLiteral("clear"), QStringLiteral("Remove the stored password.")});
    int code = ExitOk;
    if (!parseSubcommand(p, ctx, &code))
        return code;
    if (p.isSet(QStringLiteral("clear"))) {
        if (const Status s = ctx.secrets->remove(SecretStore::Secret::LedgerPassword); !s) {
            std::fprintf(stderr, "payoutdesk ledger password: %s\n", qPrintable(s.error().message));
            return ExitFailure;
        }
        std::puts("The ledger password was removed from the keychain.");
        return ExitOk;
    }
    const QByteArray password = readPassword();
    if (password.isEmpty()) {
        std::fputs("payoutdesk ledger password: no password was given on standard input; "
                   "nothing was stored\n",
                   stderr);
        return ExitUsage;
    }
    if (const Status s =
            ctx.secrets->write(SecretStore::Secret::LedgerPassword, QString::fromUtf8(password));
        !s) {
        std::fprintf(stderr, "payoutdesk ledger password: %s\n", qPrintable(s.error().message));
        return ExitFailure;
    }
    std::puts("The ledger password is stored in the keychain (ledger-password).");
    return ExitOk;
}
