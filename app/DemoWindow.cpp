#include "DemoWindow.h"

#include "Cli.h"
#include "DemoStore.h"
#include "MainWindow.h"
#include "Storefront.h"
#include "WindowEngine.h"
#include "common/DialogPrompter.h"
#include "common/LedgerWatcher.h"
#include "config/DataLocation.h"
#include "config/SecretStore.h"
#include "config/Settings.h"
#include "ledger/Ledger.h"
#include "payouts/ScheduledPayoutsView.h"
#include "service/AdminAccess.h"
#include "service/AdminActions.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace {

// The demo's secrets are the simulator's: nothing of the user's keychain is
// read or written while the demo window is open.
class DemoSecretStore final : public SecretStore
{
public:
    Result<QString> read(Secret secret) override
    {
        return secret == Secret::StripeApiKey ? DemoStore::stripeKey() : QString();
    }
    Status write(Secret, const QString &) override
    {
        return fail(Error::secret(QStringLiteral("the demo uses the simulator's keys")));
    }
    Status remove(Secret) override
    {
        return fail(Error::secret(QStringLiteral("the demo uses the simulator's keys")));
    }
};

} // namespace

int runDemoWindow(const DemoWindowRun &run)
{
    DemoStore &demo = run.demo;
    const DataLocation location(demo.dataDir());
    Settings settings(location.settingsPath());
    settings.set(Settings::Key::ArtistId, Storefront::demoArtists().first().id);
    DemoSecretStore secrets;
    WidgetDialogPrompter prompter;
    Ledger &ledger = demo.ledger();
    LocalAdminActions actions(ledger, location.backupDir(),
                              settings.integer(Settings::Key::RetentionDays));
    MainWindow w(WindowContext{.reader = ledger.reader(),
                               .changes = ledger.changes(),
                               .meta = ledger.meta(),
                               .location = ledger.location(),
                               .actions = actions,
                               .settings = settings,
                               .secrets = secrets,
                               .clock = run.clock,
                               .prompter = prompter,
                               .admin = run.ctx.admin,
                               .pollMs = LedgerWatcher::kDefaultPollMs,
                               .changeNotifier = &ledger});
    // The simulator's Stripe key is the demo store's admin credential.
    w.setAdminAllowed(AdminAccess::check(secrets).granted);
    w.setWindowTitle(QObject::tr("Demo"));
    w.showBanner(QObject::tr("Demo: simulated Stripe, nothing is real. Purchases arrive "
                             "every few seconds; the first payout lands about 30 seconds "
                             "after the first one. Switch to View › Admin View to see every "
                             "artist."));
    WindowEngine engine(run.ctx, demo.ledger());
    engine.attach(demo.host(), w, &actions.intake());
    // The figure README reports: from start until the first paid transfer is
    // on screen (the view refreshes after the ledger did).
    bool reported = false;
    QObject::connect(w.scheduledView(), &ScheduledPayoutsView::refreshed, &w, [&] {
        if (run.firstPaidMs >= 0 && !reported) {
            reported = true;
            run.say(QStringLiteral("First paid transfer shown in the window %1 s after the demo "
                                   "started")
                        .arg(double(run.sinceStart.elapsed()) / 1000.0, 0, 'f', 1));
        }
    });
    w.show();
    const int rc = QCoreApplication::exec();
    w.setRunControl(nullptr);
    w.setScheduleSource(nullptr);
    demo.stop(); // before the window that follows its engine goes
    return rc;
}
