#include "MainWindow.h"

#include "admin/AdminView.h"
#include "admin/ArtistTotalsModel.h"
#include "admin/CleanupRunner.h"
#include "common/DialogPrompter.h"
#include "common/LedgerWatcher.h"
#include "common/PayoutNotices.h"
#include "common/RunControl.h"
#include "common/ScheduleSource.h"
#include "common/TrayNotifier.h"
#include "config/Settings.h"
#include "danger/AccountView.h"
#include "danger/DangerZone.h"
#include "history/HistoryView.h"
#include "ledger/AsyncLedgerReader.h"
#include "ledger/LedgerReader.h"
#include "payouts/ProcessingInfoWidget.h"
#include "payouts/ScheduledEntriesModel.h"
#include "payouts/ScheduledPayoutsView.h"
#include "service/AdminAccess.h"
#include "settings/SettingsDialog.h"
#include "util/Clock.h"

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QScreen>
#include <QScrollArea>
#include <QStatusBar>
#include <QStringListModel>
#include <QTabWidget>
#include <QVBoxLayout>

MainWindow::MainWindow(const WindowContext &context, QWidget *parent)
    : QMainWindow(parent)
    , m_ctx(context)
    , m_admin(context.admin)
    , m_adminAllowed(context.admin)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/payoutdesk.svg")));
    m_watcher = new LedgerWatcher(m_ctx.changes, m_ctx.changeNotifier, this, m_ctx.pollMs,
                                  m_ctx.remote ? 0 : LedgerWatcher::kCoalesceMs);
    // One connection of the window's own, off the GUI thread, for the reads
    // that can take long (history, every artist's totals).
    m_asyncReader = m_ctx.remote ? new AsyncLedgerReader(m_ctx.reader, this)
                                 : new AsyncLedgerReader(m_ctx.location, m_ctx.clock, this);
    auto *ledgerSchedule = new LedgerSchedule(m_ctx.meta, *m_watcher, &m_ctx.clock, this);
    m_ledgerSchedule = ledgerSchedule;

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);

    m_banner = new QLabel(central);
    m_banner->setObjectName(QStringLiteral("banner"));
    m_banner->setAlignment(Qt::AlignCenter);
    m_banner->setWordWrap(true);
    m_banner->setMargin(6);
    // Dark text on amber reads in light and dark palettes alike.
    m_banner->setStyleSheet(QStringLiteral(
        "QLabel#banner { background: #ffd54f; color: #202020; font-weight: bold; }"));
    m_banner->hide();
    layout->addWidget(m_banner);

    m_artistBar = new QWidget(central);
    auto *bar = new QHBoxLayout(m_artistBar);
    bar->setContentsMargins(0, 0, 0, 0);
    auto *artistCaption = new QLabel(tr("Showing artist:"), m_artistBar);
    m_artistLabel = new QLabel(m_artistBar);
    m_artistLabel->setObjectName(QStringLiteral("shownArtistLabel"));
    QFont bold = m_artistLabel->font();
    bold.setBold(true);
    m_artistLabel->setFont(bold);
    m_picker = new QComboBox(m_artistBar);
    m_picker->setObjectName(QStringLiteral("artistPicker"));
    m_picker->setAccessibleName(tr("Artist to show"));
    m_picker->setEditable(true);
    m_picker->setInsertPolicy(QComboBox::NoInsert);
    m_picker->setMinimumContentsLength(16);
    m_pickerModel = new QStringListModel(this);
    m_picker->setModel(m_pickerModel);
    artistCaption->setBuddy(m_picker);
    bar->addWidget(artistCaption);
    bar->addWidget(m_artistLabel);
    bar->addWidget(m_picker);
    bar->addStretch();
    layout->addWidget(m_artistBar);

    m_tabs = new QTabWidget(central);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_adminView = new AdminView(*m_asyncReader, *m_watcher, m_ctx.actions, m_ctx.prompter, m_tabs);
    m_adminView->setCleanupRunner(new CleanupRunner(m_ctx.actions, this));
    m_scheduled =
        new ScheduledPayoutsView(m_ctx.reader, *m_watcher, m_ctx.settings, m_ctx.clock, m_tabs);
    m_scheduled->setScheduleSource(m_ledgerSchedule);
    m_scheduled->model()->setAsyncReader(m_asyncReader);
    m_scheduled->setAsyncReader(m_asyncReader);
    m_history = new HistoryView(*m_asyncReader, *m_watcher, m_ctx.clock, m_ctx.prompter, m_tabs);
    m_account = new AccountView(m_ctx.reader, *m_watcher, m_ctx.actions, m_ctx.prompter, m_tabs);
    m_tabs->addTab(m_scheduled, tr("&Scheduled Payouts"));
    m_tabs->addTab(m_history, tr("&History"));
    m_tabs->addTab(m_account, tr("A&ccount"));
    layout->addWidget(m_tabs, 1);
    // On a screen smaller than the content (a laptop at a scale factor of
    // 2) the window scrolls instead of opening past the screen's edge or
    // squeezing wrapped text until it is cut.
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("centralScroll"));
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setWidget(central);
    setCentralWidget(scroll);

    m_updated = new QLabel(this);
    m_updated->setObjectName(QStringLiteral("lastUpdated"));
    // Where the store's ledger lives is the admin's business, not an
    // artist's; a long path is elided by the status bar, never widening the
    // window, and whole in the tooltip.
    const QString ledger = tr("Ledger: %1").arg(m_ctx.location.displayName());
    m_ledgerLabel = new QLabel(ledger, this);
    m_ledgerLabel->setObjectName(QStringLiteral("ledgerLocation"));
    m_ledgerLabel->setToolTip(ledger);
    m_ledgerLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    statusBar()->addWidget(m_ledgerLabel, 1);
    statusBar()->addPermanentWidget(m_updated);

    buildMenus();

    // "Updated" is when the window last read the ledger, by any view: a
    // reset or a link in another tab counts too.
    const auto updated = [this] {
        m_updated->setText(tr("Updated %1")
                               .arg(locale().toString(m_ctx.clock.now().toLocalTime().time(),
                                                      QLocale::ShortFormat)));
    };
    connect(m_scheduled, &ScheduledPayoutsView::refreshed, this, updated);
    connect(m_history, &HistoryView::refreshed, this, updated);
    connect(m_adminView, &AdminView::refreshed, this, updated);
    connect(m_watcher, &LedgerWatcher::ledgerChanged, this, updated);
    connect(m_scheduled, &ScheduledPayoutsView::demoRequested, this, &MainWindow::demoRequested);
    connect(m_scheduled, &ScheduledPayoutsView::connectStoreRequested, this,
            &MainWindow::connectStoreRequested);
    connect(m_adminView, &AdminView::artistChosen, this, &MainWindow::showArtist);
    connect(m_adminView, &AdminView::refreshed, this, &MainWindow::updatePicker);
    connect(m_picker, &QComboBox::activated, this,
            [this](int) { showArtist(m_picker->currentText().trimmed()); });
    connect(m_picker->lineEdit(), &QLineEdit::editingFinished, this,
            [this] { showArtist(m_picker->currentText().trimmed()); });
    connect(&m_ctx.settings, &Settings::changed, this,
            [this](Settings::Key key) { onSettingChanged(int(key)); });

    m_tray = new TrayNotifier(this);
    connect(m_tray, &TrayNotifier::showWindowRequested, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    connect(m_tray, &TrayNotifier::quitRequested, this, &MainWindow::quit);
    // The shown artist's money paid or held by the store's engine elsewhere.
    m_notices = new PayoutNotices(m_ctx.reader, *m_watcher, this);
    connect(m_notices, &PayoutNotices::notice, m_tray, &TrayNotifier::notify);

    if (m_ctx.remote) {
        // The store's ledger is the store's: its admin view, its resets.
        m_admin = false;
        setAdminAllowed(false);
        m_account->dangerZone()->setUnavailable(
            tr("Your store resets payout accounts: ask the store if yours needs a reset."));
    }
    setAdminView(m_admin);
    if (!m_admin)
        applyArtist(m_ctx.settings.string(ownArtistKey()));
    resize(initialSize());
}

QSize MainWindow::initialSize() const
{
    // Roomy on a large screen, never past the screen it opens on: a
    // 1366x768 laptop keeps room for its panel and the title bar, and at a
    // scale factor of 2 the window shrinks with the screen's logical size.
    const QScreen *on = screen() ? screen() : QGuiApplication::primaryScreen();
    const QSize preferred(1200, 680);
    if (!on)
        return preferred;
    const QSize available = on->availableGeometry().size();
    const QSize fits(available.width() * 9 / 10, available.height() * 88 / 100);
    return preferred.boundedTo(fits);
}

MainWindow::~MainWindow()
{
    // ~QWidget closes the window after this body, which takes the focus from
    // the picker's line edit and emits editingFinished; our slot would then
    // run on an object that is no longer a MainWindow (UBSan: member call on
    // a destroyed object). Nothing of ours may answer from here on.
    disconnect(m_picker->lineEdit(), nullptr, this, nullptr);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *settings = file->addAction(tr("&Settings…"), this, &MainWindow::openSettings);
    settings->setObjectName(QStringLiteral("settingsAction"));
    // Preferences has no binding on some desktops (plain X11): Ctrl+, too.
    settings->setShortcuts(
        {QKeySequence(QKeySequence::Preferences), QKeySequence(Qt::CTRL | Qt::Key_Comma)});
    QAction *exportCsv =
        file->addAction(tr("&Export History…"), m_history, &HistoryView::exportCsv);
    exportCsv->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addSeparator();
    // A store's window can go back to the local ledger; a local one connects.
    QAction *store = nullptr;
    if (m_ctx.remote)
        store = file->addAction(tr("Use a &Local Ledger Instead"), this,
                                &MainWindow::disconnectStoreRequested);
    else
        store =
            file->addAction(tr("Co&nnect to My Store…"), this, &MainWindow::connectStoreRequested);
    store->setObjectName(QStringLiteral("storeConnectionAction"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &MainWindow::quit);
    quit->setShortcut(QKeySequence::Quit);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *refresh = m_viewMenu->addAction(tr("&Refresh"), this, &MainWindow::refreshAll);
    refresh->setShortcut(QKeySequence::Refresh);
    setAdminAllowed(m_adminAllowed);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Payout Desk"), this, [this] {
        m_ctx.prompter.inform(this, tr("About Payout Desk"),
                              tr("Payout Desk %1\nWhat the store owes its artists, and when it is "
                                 "paid through Stripe Connect.")
                                  .arg(QCoreApplication::applicationVersion()));
    });
}

void MainWindow::setRunControl(RunControl *runs)
{
    m_runs = runs;
    m_adminView->setRunControl(runs);
    m_tray->setRunControl(runs);
    m_notices->setEnabled(!runs);
    // No tray to stay in (GNOME has none): closing quits, which stops the
    // schedule. Said up front rather than asked at the close, since a quit
    // (File › Quit, the session ending) closes the window the same way.
    if (runs && !TrayNotifier::available())
        statusBar()->showMessage(tr("This desktop has no tray: closing Payout Desk stops the "
                                    "payout schedule until it is opened again."));
}

void MainWindow::setScheduleSource(ScheduleSource *source)
{
    m_scheduled->setScheduleSource(source ? source : m_ledgerSchedule);
}

void MainWindow::setEngineMode(Scheduler::Mode mode)
{
    m_scheduled->processingInfo()->setMode(mode);
}

void MainWindow::showEngineProblem(const QString &message)
{
    statusBar()->showMessage(tr("The payout engine did not start: %1").arg(message));
}

void MainWindow::showBanner(const QString &text)
{
    m_banner->setText(text);
    m_banner->setVisible(!text.isEmpty());
}

void MainWindow::setAdminAllowed(bool allowed)
{
    // A store's window never has the admin view: that is the store's.
    m_adminAllowed = allowed && !m_ctx.remote;
    if (!m_adminAllowed) {
        // Absent, not disabled: an artist's window has no admin entry.
        delete m_adminAction;
        m_adminAction = nullptr;
        if (m_admin)
            setAdminView(false);
        return;
    }
    if (m_adminAction)
        return;
    m_adminAction = m_viewMenu->addAction(tr("&Admin View"));
    m_adminAction->setObjectName(QStringLiteral("adminViewAction"));
    m_adminAction->setCheckable(true);
    m_adminAction->setChecked(m_admin);
    m_adminAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_adminAction->setToolTip(tr("Every artist's totals, payout runs and quarantined events"));
    connect(m_adminAction, &QAction::toggled, this, &MainWindow::setAdminView);
}

void MainWindow::setAdminView(bool admin)
{
    // No admin credential here, or a store's window: the artist view stays.
    if (admin && (!m_adminAllowed || m_ctx.remote))
        return;
    m_admin = admin;
    if (m_adminAction) {
        const QSignalBlocker block(m_adminAction);
        m_adminAction->setChecked(admin);
    }
    const int at = m_tabs->indexOf(m_adminView);
    if (admin && at < 0) {
        m_tabs->insertTab(0, m_adminView, tr("A&dmin"));
        m_tabs->setCurrentIndex(0);
    } else if (!admin && at >= 0) {
        m_tabs->removeTab(at);
    }
    if (!admin)
        m_adminView->hide(); // still a child of the tabs, never a tab of the artist's view
    m_picker->setVisible(admin);
    m_artistLabel->setVisible(!admin);
    m_account->dangerZone()->setActor(admin ? QStringLiteral("admin") : QStringLiteral("artist"));
    m_ledgerLabel->setVisible(admin);
    // Leaving the admin view goes back to the artist from Settings: an
    // artist's view never shows anyone else's money.
    // An admin starts with the artist from Settings, if any, until they pick.
    const QString own = m_ctx.settings.string(ownArtistKey());
    applyArtist(admin && !m_artist.isEmpty() ? m_artist : own);
}

void MainWindow::showArtist(const QString &artist)
{
    if (!m_admin || artist.isEmpty())
        return;
    applyArtist(artist);
}

void MainWindow::applyArtist(const QString &artist)
{
    m_artist = artist;
    m_artistLabel->setText(artist.isEmpty() ? tr("none chosen (see Settings)") : artist);
    if (m_picker->currentText() != artist)
        m_picker->setEditText(artist);
    m_scheduled->setArtist(artist);
    m_history->setArtist(artist);
    m_account->setArtist(artist);
    m_notices->setArtist(artist);
    updateTitle();
}

void MainWindow::updateTitle()
{
    // What this window shows; the platform adds the application's display
    // name ("art_1 — Payout Desk"), so the title never says it itself
    // unless it has nothing else to say.
    if (m_admin)
        setWindowTitle(tr("Admin"));
    else
        setWindowTitle(m_artist.isEmpty() ? tr("Payout Desk") : m_artist);
}

void MainWindow::updatePicker()
{
    const QStringList ids = m_adminView->totalsModel()->artistIds();
    if (ids == m_pickerModel->stringList())
        return;
    const QString current = m_picker->currentText();
    m_pickerModel->setStringList(ids);
    m_picker->setEditText(current);
    if (m_admin && m_artist.isEmpty() && !ids.isEmpty())
        applyArtist(ids.first());
}

Settings::Key MainWindow::ownArtistKey() const
{
    // Connected, the artist is the store token's, whatever Settings' own
    // artist id says (that one is for a local ledger).
    return m_ctx.remote ? Settings::Key::StoreArtist : Settings::Key::ArtistId;
}

void MainWindow::onSettingChanged(int key)
{
    if (Settings::Key(key) == ownArtistKey() && !m_admin)
        applyArtist(m_ctx.settings.string(ownArtistKey()));
}

void MainWindow::refreshAll()
{
    m_scheduled->refresh();
    m_history->refresh();
    m_account->refresh();
    if (m_admin)
        m_adminView->refresh();
}

void MainWindow::openSettings()
{
    // The admin view has read every artist already; otherwise the artists
    // table alone is read (no entries), which stays quick.
    QStringList artists = m_adminView->totalsModel()->artistIds();
    if (artists.isEmpty())
        if (const Result<QList<Artist>> all = m_ctx.reader.artists())
            for (const Artist &a : *all)
                artists << a.id;
    SettingsDialog dialog(m_ctx.settings, m_ctx.secrets, artists, this);
    if (dialog.exec() != QDialog::Accepted || m_ctx.remote)
        return;
    // A Stripe key just saved is the admin credential: the admin view is one
    // click away at once, not after a restart. (One removed from the
    // keychain behind the window's back is seen here too.)
    setAdminAllowed(AdminAccess::check(m_ctx.secrets).granted);
}

void MainWindow::quit()
{
    // Quitting closes every window first; this one then closes for real
    // instead of going to the tray, which would cancel the quit.
    m_quitting = true;
    QApplication::quit();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // With the engine in this process, closing the window must not stop the
    // schedule: the app stays in the tray until Quit.
    if (m_runs && m_tray->isVisible() && !m_quitting) {
        hide();
        if (!m_trayHintShown) {
            m_tray->notify(tr("Payout Desk is still running"),
                           tr("Payouts keep running on schedule. Quit from the tray icon's "
                              "menu."));
            m_trayHintShown = true;
        }
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}
