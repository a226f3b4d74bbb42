#include "StoreMode.h"

#include "Cli.h"
#include "MainWindow.h"
#include "common/DialogPrompter.h"
#include "common/SingleInstance.h"
#include "connect/ConnectDialog.h"
#include "connect/StoreWindow.h"

#include <QApplication>
#include <QProcess>
#include <QStatusBar>

namespace {

// payoutdesk again, with the same options: the local ledger's window is
// built from the start, with its engine and tray, as any start builds it.
void restartOnLocalLedger()
{
    // The new process must find no window of this store open, or it would
    // hand over to this one and exit.
    if (auto *instance = qApp->findChild<SingleInstance *>(QString(), Qt::FindDirectChildrenOnly))
        instance->release();
    if (!QProcess::startDetached(QCoreApplication::applicationFilePath(),
                                 QCoreApplication::arguments().mid(1))) {
        if (auto *instance =
                qApp->findChild<SingleInstance *>(QString(), Qt::FindDirectChildrenOnly))
            instance->claim(); // this window stays the store's one
        return;
    }
    QCoreApplication::quit();
}

std::unique_ptr<StoreWindow> openStoreWindow(const CliContext &ctx, DialogPrompter &prompter,
                                             QString *problem)
{
    const std::optional<RemoteStore::Options> options =
        StoreWindow::options(*ctx.settings, *ctx.secrets, problem);
    if (!options)
        return nullptr;
    auto store = std::make_unique<StoreWindow>(
        StoreWindow::Parts{*ctx.settings, *ctx.secrets, *ctx.clock, prompter}, *options);
    QObject::connect(store.get(), &StoreWindow::localLedgerRequested, qApp, &restartOnLocalLedger);
    return store;
}

} // namespace

bool storeConfigured(const CliContext &ctx)
{
    // The admin works on the store's own ledger.
    return !ctx.admin && StoreWindow::configured(*ctx.settings);
}

std::optional<int> runStoreWindow(QApplication &app, CliContext &ctx)
{
    WidgetDialogPrompter prompter;
    QString problem;
    std::unique_ptr<StoreWindow> store = openStoreWindow(ctx, prompter, &problem);
    if (!store) {
        // Settings name a store that cannot be opened (a keychain that does
        // not answer, an address edited into something else): say so, and
        // open the local ledger for this run; the store stays remembered.
        prompter.warn(nullptr, QObject::tr("Connect to My Store"),
                      QObject::tr("%1 The local ledger opens instead.").arg(problem));
        return std::nullopt;
    }
    store->window()->show();
    return app.exec();
}

void offerStoreConnection(MainWindow &local, CliContext &ctx, DialogPrompter &prompter)
{
    QObject::connect(&local, &MainWindow::connectStoreRequested, &local, [&local, &ctx, &prompter] {
        auto *dialog = new ConnectDialog(*ctx.settings, *ctx.secrets, *ctx.clock, &local);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        QObject::connect(dialog, &QDialog::accepted, &local, [&local, &ctx, &prompter] {
            QString problem;
            std::unique_ptr<StoreWindow> store = openStoreWindow(ctx, prompter, &problem);
            if (!store) {
                local.statusBar()->showMessage(problem);
                return;
            }
            // The connected window takes the local one's place for the rest
            // of this run; the store is remembered for the next start.
            StoreWindow *shown = store.release();
            shown->setParent(qApp);
            shown->window()->show();
            local.hide();
        });
        dialog->open();
    });
}
