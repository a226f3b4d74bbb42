#pragma once

#include "config/Settings.h"
#include "engine/Scheduler.h"
#include "ledger/LedgerLocation.h"

#include <QMainWindow>
#include <QPointer>

class AccountView;
class AdminActions;
class AdminView;
class AsyncLedgerReader;
class ChangeFeed;
class Clock;
class DialogPrompter;
class HistoryView;
class LedgerReader;
class LedgerWatcher;
class MetaStore;
class PayoutNotices;
class QAction;
class QComboBox;
class QLabel;
class QMenu;
class QStringListModel;
class QTabWidget;
class RunControl;
class ScheduleSource;
class ScheduledPayoutsView;
class SecretStore;
class Settings;
class TrayNotifier;

// What the window works with: the ledger's read interfaces and a way to
// change it, never a Ledger. app/ fills it from its Ledger (reader(),
// changes(), meta(), location(), LocalAdminActions over it); tests from a
// temporary ledger with a ManualClock and a scripted DialogPrompter.
struct WindowContext
{
    // The GUI thread's connection, for quick bounded reads only: a page of
    // entries, one artist's balances or row. Slow reads go through an
    // AsyncLedgerReader the window opens on `location`.
    LedgerReader &reader;
    ChangeFeed &changes; // polled for every connection's commits
    MetaStore &meta;     // the engine's next run, when another process runs it
    LedgerLocation location;
    AdminActions &actions; // every change the window makes
    Settings &settings;
    SecretStore &secrets;
    Clock &clock;
    DialogPrompter &prompter;
    // Open in the admin view. Only a caller that has found the admin
    // credential (AdminAccess) sets it; it also allows the admin view, as
    // setAdminAllowed(true) does later.
    bool admin = false;
    int pollMs = 500; // how often other connections' commits are looked for
    // Optional: an object whose changed() signal follows this process's own
    // commits (the app's Ledger), so they show without waiting for a poll.
    QObject *changeNotifier = nullptr;
    // Connected to a store (ui/connect): `reader`, `changes` and `meta` answer
    // from a snapshot of the store's artist API on this thread (no reader
    // thread, no `location`); the artist shown is Settings' StoreArtist (the
    // token's), never another; no admin view, no ledger path, and the
    // danger zone leaves resets to the store.
    bool remote = false;
};

// The window: tabs for Scheduled Payouts, History, the account (with the
// danger zone) and, in the admin view, Admin; a menu with Settings, the
// view switch and Refresh; the tray. It wires the feature views to one
// LedgerWatcher and decides whose money they show: in the artist view the
// artist chosen in Settings and no one else, in the admin view the artist
// picked from the list.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const WindowContext &context, QWidget *parent = nullptr);
    ~MainWindow() override;

    // A payout engine running in this process (null: none). With one, Pay
    // Out Now works, runs are notified in the tray and closing the window
    // keeps the app in the tray.
    void setRunControl(RunControl *runs);
    // The next run's source; by default the ledger's "scheduler.next_run".
    void setScheduleSource(ScheduleSource *source);
    void setEngineMode(Scheduler::Mode mode);
    // Why no engine runs here although one was asked for (shown to the admin).
    void showEngineProblem(const QString &message);
    // A strip across the top of the window that cannot be missed, e.g. the
    // demo's "simulated Stripe, nothing is real".
    void showBanner(const QString &text);

    bool isAdminView() const { return m_admin; }
    // Whether this window may show the admin view (the admin credential was
    // found: AdminAccess). Without it View › Admin View is absent and
    // setAdminView(true) does nothing; disallowing leaves the admin view.
    void setAdminAllowed(bool allowed);
    bool isAdminAllowed() const { return m_adminAllowed; }
    // The size the window opens at: fits the available screen.
    QSize initialSize() const;
    void setAdminView(bool admin);
    QString shownArtist() const { return m_artist; }
    // In the admin view: whose scheduled payouts and history are shown.
    void showArtist(const QString &artist);

    LedgerWatcher *watcher() const { return m_watcher; }
    ScheduledPayoutsView *scheduledView() const { return m_scheduled; }
    HistoryView *historyView() const { return m_history; }
    AdminView *adminView() const { return m_adminView; }
    AsyncLedgerReader *asyncReader() const { return m_asyncReader; }
    AccountView *accountView() const { return m_account; }
    QTabWidget *tabs() const { return m_tabs; }
    TrayNotifier *tray() const { return m_tray; }
    PayoutNotices *payoutNotices() const { return m_notices; }

Q_SIGNALS:
    // The first-run window's "Try the demo" was pressed.
    void demoRequested();
    // File › Connect to My Store (or the first-run button) was chosen; in a
    // connected window, File › Use a Local Ledger Instead.
    void connectStoreRequested();
    void disconnectStoreRequested();

public Q_SLOTS:
    void refreshAll();
    void openSettings();
    // File › Quit and the tray's Quit: the app ends, engine and all.
    void quit();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void applyArtist(const QString &artist);
    void onSettingChanged(int key);
    void updatePicker();
    void updateTitle();
    Settings::Key ownArtistKey() const;

    WindowContext m_ctx;
    bool m_admin;
    bool m_adminAllowed;
    QString m_artist;
    AsyncLedgerReader *m_asyncReader = nullptr;
    LedgerWatcher *m_watcher = nullptr;
    ScheduleSource *m_ledgerSchedule = nullptr;
    QPointer<RunControl> m_runs;
    TrayNotifier *m_tray = nullptr;
    PayoutNotices *m_notices = nullptr;
    bool m_trayHintShown = false;
    bool m_quitting = false;

    QTabWidget *m_tabs = nullptr;
    ScheduledPayoutsView *m_scheduled = nullptr;
    HistoryView *m_history = nullptr;
    AdminView *m_adminView = nullptr;
    AccountView *m_account = nullptr;
    QWidget *m_artistBar = nullptr;
    QLabel *m_artistLabel = nullptr;
    QComboBox *m_picker = nullptr;
    QStringListModel *m_pickerModel = nullptr;
    QLabel *m_updated = nullptr;
    QLabel *m_ledgerLabel = nullptr;
    QLabel *m_banner = nullptr;
    QMenu *m_viewMenu = nullptr;
    QAction *m_adminAction = nullptr; // only while the admin view is allowed
};
