#include "Cli.h"
#include "MainWindow.h"
#include "common/DialogPrompter.h"
#include "common/Translations.h"
#include "ledger/Ledger.h"

#include <QApplication>
#include <QIcon>
#include <QLocale>
#include <QTimer>

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
    QApplication::setApplicationDisplayName(QStringLiteral("Payout Desk"));
    QApplication::setDesktopFileName(QStringLiteral("payoutdesk"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/payoutdesk.svg")));
    installTranslations(QLocale());

    std::unique_ptr<Ledger> ledger = ctx->openLedger();
    if (!ledger)
        return ExitFailure;
    WidgetDialogPrompter prompter;
    MainWindow window(WindowContext{*ledger, *ctx->settings, *ctx->secrets, *ctx->clock, prompter,
                                    ctx->location.backupDir(), ctx->admin});
    // No payout engine runs in the window yet (core/engine has no
    // implementation on this branch): the window follows the engine of
    // `payoutdesk serve` through the ledger, and Pay Out Now says why it is
    // disabled.
    window.show();

    // "auto" mode depends on the Stripe key, read from the keychain: after
    // the window is up, so a slow keychain never delays the first paint.
    QTimer::singleShot(0, &window, [&] {
        window.setEngineMode(ctx->mode() == u"production" ? Scheduler::Mode::Production
                                                          : Scheduler::Mode::Development);
    });
    return app.exec();
}
