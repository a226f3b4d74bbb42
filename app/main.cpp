#include "Cli.h"
#include "DemoWindow.h"
#include "MainWindow.h"
#include "StoreMode.h"
#include "WindowEngine.h"
#include "common/DialogPrompter.h"
#include "common/LedgerWatcher.h"
#include "common/SingleInstance.h"
#include "common/Theme.h"
#include "common/Translations.h"
#include "config/Settings.h"
#include "history/StatementPdf.h"
#include "ledger/Ledger.h"
#include "service/AdminAccess.h"
#include "service/AdminActions.h"

#include <QApplication>
#include <QGuiApplication>
#include <QIcon>
#include <QLocale>
#include <QProcess>
#include <QStatusBar>
#include <QTimer>

#include <cstdio>

namespace {

// payoutdesk: every subcommand as payoutdesk-cli runs it, plus the windows.
const CliProgram kProgram{"payoutdesk", &runDemoWindow, &StatementPdf::writeForCli};

void setUpGui()
{
    QApplication::setApplicationDisplayName(QStringLiteral("Payout Desk"));
    QApplication::setDesktopFileName(QStringLiteral("payoutdesk"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/payoutdesk.svg")));
    installTranslations(QLocale());
    // Light or dark as the desktop prefers, or PAYOUTDESK_THEME=light|dark.
    Theme::apply(*qApp, Theme::fromEnvironment());
}

} // namespace

int main(int argc, char **argv)
{
    // Subcommands run on the engine alone: no GUI is started for them,
    // except the demo's window.
    if (isSubcommand(argc, argv)) {
        if (subcommandOpensWindow(argc, argv)) {
            QApplication app(argc, argv);
            setUpGui();
            return runCli(app, kProgram);
        }
        if (statementWantsPdf(argc, argv)) {
            // QPdfWriter lays text out with fonts: a GUI application, but
            // no window, so no display is needed.
            if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            QGuiApplication app(argc, argv);
            installTranslations(QLocale());
            return runCli(app, kProgram);
        }
        QCoreApplication app(argc, argv);
        return runCli(app, kProgram);
    }

    QApplication app(argc, argv);
    int exitCode = ExitOk;
    std::optional<CliContext> ctx = makeContext(app, kProgram, &exitCode);
    if (!ctx)
        return exitCode;
    setUpGui();
    // One window per user and store: a second start brings the first
    // window to the front and exits, before it opens the ledger or connects.
    // A child of the application, so a restart can release it first.
    auto *instance = new SingleInstance(SingleInstance::keyFor(ctx->location.dataDir()), &app);
    if (!instance->claim()) {
        std::fprintf(stderr, "payoutdesk: %s\n",
                     qPrintable(QObject::tr("Payout Desk is already open for this store; its "
                                            "window was brought to the front.")));
        return ExitOk;
    }
    QObject::connect(instance, &SingleInstance::activationRequested, &app,
                     &SingleInstance::raiseMainWindow);

    // An artist connected to their store reads it over its API: no ledger here.
    if (storeConfigured(*ctx))
        if (const std::optional<int> rc = runStoreWindow(app, *ctx))
            return *rc;

    std::unique_ptr<Ledger> ledger = ctx->openLedger();
    if (!ledger)
        return ExitFailure;
    WidgetDialogPrompter prompter;
    // The window's changes to the ledger; it outlives the window.
    LocalAdminActions actions(*ledger, ctx->location.backupDir(),
                              ctx->settings->integer(Settings::Key::RetentionDays));
    MainWindow window(WindowContext{.reader = ledger->reader(),
                                    .changes = ledger->changes(),
                                    .meta = ledger->meta(),
                                    .location = ledger->location(),
                                    .actions = actions,
                                    .settings = *ctx->settings,
                                    .secrets = *ctx->secrets,
                                    .clock = *ctx->clock,
                                    .prompter = prompter,
                                    // Admin only once the credential is found, below.
                                    .admin = false,
                                    .pollMs = LedgerWatcher::kDefaultPollMs,
                                    .changeNotifier = ledger.get()});
    // "Try the demo" starts the demo as a process of its own, on a folder of
    // its own: this window's store is never part of it.
    QObject::connect(&window, &MainWindow::demoRequested, &window, [&window] {
        if (!QProcess::startDetached(QCoreApplication::applicationFilePath(),
                                     {QStringLiteral("demo")}))
            window.statusBar()->showMessage(QObject::tr("The demo could not be started."));
    });
    offerStoreConnection(window, *ctx, prompter);
    window.show();

    // The Stripe key comes from the keychain, after the window is up, so a
    // slow keychain never delays the first paint. With it, the admin's
    // window runs the payout engine (Pay Out Now, the schedule, the tray);
    // an artist's window, or one without the key, follows the store's
    // engine through the ledger.
    WindowEngine engine(*ctx, *ledger);
    QTimer::singleShot(0, &window, [&] {
        // The admin view, and every admin action in it, needs the admin
        // credential; without it there is no View › Admin View at all.
        const AdminAccess access = AdminAccess::check(*ctx->secrets);
        window.setAdminAllowed(access.granted);
        if (ctx->admin && access.granted) {
            window.setAdminView(true);
        } else if (ctx->admin) {
            std::fprintf(stderr, "payoutdesk: %s\n", qPrintable(access.why));
            window.statusBar()->showMessage(access.why);
        }
        const Result<QString> key = ctx->secrets->read(SecretStore::Secret::StripeApiKey);
        if (ctx->admin && key && !key->isEmpty()) {
            if (Status s = engine.start(*key, window, &actions.intake()); !s)
                window.showEngineProblem(s.error().message);
            return;
        }
        // No engine here: the window shows the store's engine's own mode,
        // as it wrote it to the ledger (ScheduleSource), never this
        // viewer's settings.
    });
    const int rc = app.exec();
    window.setRunControl(nullptr); // the engine goes before the window
    window.setScheduleSource(nullptr);
    return rc;
}
