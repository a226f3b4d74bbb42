#include "StoreWindow.h"

#include "MainWindow.h"
#include "common/DialogPrompter.h"
#include "config/SecretStore.h"
#include "config/Settings.h"
#include "connect/ConnectDialog.h"
#include "ledger/LedgerLocation.h"
#include "util/Clock.h"

#include <QLabel>
#include <QPushButton>
#include <QStatusBar>

bool StoreWindow::configured(const Settings &settings)
{
    return !settings.string(Settings::Key::StoreUrl).isEmpty();
}

std::optional<RemoteStore::Options> StoreWindow::options(const Settings &settings,
                                                         SecretStore &secrets, QString *problem)
{
    RemoteStore::Options o;
    o.url = RemoteStore::parseUrl(settings.string(Settings::Key::StoreUrl), problem);
    if (!problem->isEmpty())
        return std::nullopt;
    const Result<QString> token = secrets.read(SecretStore::Secret::ArtistToken);
    if (!token) {
        *problem = token.error().message;
        return std::nullopt;
    }
    // A missing token is not fatal: the window opens and asks for one.
    o.token = *token;
    o.trustedCertificate = settings.string(Settings::Key::StoreCertSha256);
    return o;
}

void StoreWindow::forget(Settings &settings, SecretStore &secrets)
{
    (void)secrets.remove(SecretStore::Secret::ArtistToken);
    for (Settings::Key key :
         {Settings::Key::StoreUrl, Settings::Key::StoreArtist, Settings::Key::StoreCertSha256})
        settings.reset(key);
    settings.sync();
}

StoreWindow::StoreWindow(const Parts &parts, RemoteStore::Options options, QObject *parent)
    : QObject(parent)
    , m_parts(parts)
{
    const bool noToken = options.token.isEmpty();
    m_store = std::make_unique<RemoteStore>(std::move(options), parts.clock);
    StoreSnapshotReader &snapshot = m_store->reader();
    m_window = std::make_unique<MainWindow>(WindowContext{.reader = snapshot,
                                                          .changes = snapshot,
                                                          .meta = snapshot,
                                                          .location = LedgerLocation(),
                                                          .actions = m_actions,
                                                          .settings = parts.settings,
                                                          .secrets = parts.secrets,
                                                          .clock = parts.clock,
                                                          .prompter = parts.prompter,
                                                          .admin = false,
                                                          .changeNotifier = m_store.get(),
                                                          .remote = true});
    m_window->setObjectName(QStringLiteral("storeWindow"));
    m_where = new QLabel(m_window.get());
    m_where->setObjectName(QStringLiteral("storeAddress"));
    m_where->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_fix = new QPushButton(m_window.get());
    m_fix->setObjectName(QStringLiteral("storeFixButton"));
    m_fix->hide();
    m_window->statusBar()->addWidget(m_where, 1);
    m_window->statusBar()->addWidget(m_fix);

    connect(m_store.get(), &RemoteStore::stateChanged, this, &StoreWindow::update);
    connect(m_store.get(), &RemoteStore::changed, this, [this] {
        // The artist is the token's: shown as the store names it.
        const QString artist = m_store->artist();
        if (!artist.isEmpty() && artist != m_parts.settings.string(Settings::Key::StoreArtist))
            m_parts.settings.set(Settings::Key::StoreArtist, artist);
    });
    connect(m_fix, &QPushButton::clicked, this, [this] {
        switch (m_store->state()) {
        case RemoteStore::State::Refused:
            return enterNewToken();
        case RemoteStore::State::Untrusted:
            return trustCertificate();
        default:
            return m_store->reconnectNow();
        }
    });
    connect(m_window.get(), &MainWindow::disconnectStoreRequested, this, [this] {
        if (!m_parts.prompter.confirm(
                m_window.get(), tr("Use a Local Ledger Instead"),
                tr("Stop showing your payouts from %1? The token is removed from this computer; "
                   "to connect again you need it, or a new one, from the store.")
                    .arg(m_store->url().toDisplayString()),
                tr("&Disconnect")))
            return;
        forget(m_parts.settings, m_parts.secrets);
        Q_EMIT localLedgerRequested();
    });
    update();
    if (noToken)
        QMetaObject::invokeMethod(this, &StoreWindow::enterNewToken, Qt::QueuedConnection);
    else
        m_store->start();
}

StoreWindow::~StoreWindow()
{
    // The window reads the store's snapshot until it is gone.
    m_window.reset();
}

void StoreWindow::update()
{
    const QString address = m_store->url().toDisplayString();
    const QDateTime since = m_store->offlineSince();
    const QString time = since.isValid() ? m_window->locale().toString(since.toLocalTime().time(),
                                                                       QLocale::ShortFormat)
                                         : QString();
    QString banner;
    QString fix;
    switch (m_store->state()) {
    case RemoteStore::State::Connecting:
        m_where->setText(tr("Connecting to %1…").arg(address));
        break;
    case RemoteStore::State::Online:
        m_where->setText(tr("Connected to %1").arg(address));
        break;
    case RemoteStore::State::Offline:
        m_where->setText(tr("Offline since %1").arg(time));
        banner = tr("Offline since %1: %2 Showing what the store said last; reconnecting by "
                    "itself.")
                     .arg(time, m_store->problem());
        fix = tr("Reconnect &Now");
        break;
    case RemoteStore::State::Refused:
        m_where->setText(tr("Not connected to %1").arg(address));
        banner = m_store->problem();
        fix = tr("Enter a &New Token…");
        break;
    case RemoteStore::State::Untrusted:
        m_where->setText(tr("Not connected to %1").arg(address));
        banner = m_store->problem();
        fix = tr("&Trust the Certificate…");
        break;
    }
    m_window->showBanner(banner);
    m_fix->setText(fix);
    m_fix->setVisible(!fix.isEmpty());
}

void StoreWindow::enterNewToken()
{
    // Not modal to the event loop: the window keeps showing the last data
    // behind it, and a test finds the dialog by its name.
    auto *dialog =
        new ConnectDialog(m_parts.settings, m_parts.secrets, m_parts.clock, m_window.get());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_store->state() == RemoteStore::State::Refused)
        dialog->askForNewToken();
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        QString problem;
        if (const std::optional<RemoteStore::Options> o =
                options(m_parts.settings, m_parts.secrets, &problem))
            m_store->setCredentials(dialog->token(), o->trustedCertificate);
    });
    dialog->open();
}

void StoreWindow::trustCertificate()
{
    const QString fingerprint = m_store->refusedCertificate();
    if (!m_parts.prompter.confirm(
            m_window.get(), tr("Trust the Store's Certificate"),
            tr("Trust the certificate with the SHA-256 fingerprint\n%1\nonly if the store gave "
               "you this very fingerprint. Any other certificate is still refused.")
                .arg(fingerprint),
            tr("&Trust It")))
        return;
    m_parts.settings.set(Settings::Key::StoreCertSha256, fingerprint);
    m_store->trustCertificate(fingerprint);
}
