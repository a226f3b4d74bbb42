#include "Cli.h"
#include "MainWindow.h"
#include "common/DialogPrompter.h"
#include "ledger/Ledger.h"

#include <QApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

namespace {

// Our strings (embedded by qt_add_translations under :/i18n) and Qt's own
// (standard buttons, file dialogs) in the system locale. English needs no
// catalogue but has one for its plural forms.
void installTranslations(QApplication &app)
{
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto *ours = new QTranslator(&app);
    if (ours->load(QLocale(), QStringLiteral("payoutdesk"), QStringLiteral("_"),
                   QStringLiteral(":/i18n")))
        QApplication::installTranslator(ours);
}

} // namespace

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
    installTranslations(app);

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
