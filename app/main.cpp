#include "Cli.h"
#include "MainWindow.h"
#include "ledger/Ledger.h"

#include <QApplication>

int main(int argc, char **argv)
{
    // Subcommands run on the engine alone: no GUI is started for them.
    if (isSubcommand(argc, argv)) {
        QCoreApplication app(argc, argv);
        return runCli(app);
    }

    QApplication app(argc, argv);
    int exitCode = ExitOk;
    std::optional<CliContext> ctx = makeContext(app, &exitCode);
    if (!ctx)
        return exitCode;
    std::unique_ptr<Ledger> ledger = ctx->openLedger();
    if (!ledger)
        return ExitFailure;
    MainWindow window(*ledger, *ctx->settings, ctx->admin);
    window.show();
    return app.exec();
}
