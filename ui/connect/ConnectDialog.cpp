#include "ConnectDialog.h"

#include "config/SecretStore.h"
#include "config/Settings.h"
#include "remote/RemoteStore.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

// "AB:CD:..." as certificate viewers (and `openssl x509 -fingerprint`) show it.
QString readable(const QString &hex)
{
    QStringList pairs;
    for (qsizetype i = 0; i + 1 < hex.size(); i += 2)
        pairs << hex.mid(i, 2).toUpper();
    return pairs.join(u':');
}

} // namespace

ConnectDialog::ConnectDialog(Settings &settings, SecretStore &secrets, Clock &clock,
                             QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_secrets(secrets)
    , m_clock(clock)
{
    setObjectName(QStringLiteral("connectDialog"));
    setWindowTitle(tr("Connect to My Store"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Your store gave you its address and a personal token. With "
                                "them, this window shows your payouts live from the store."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    m_url = new QLineEdit(settings.string(Settings::Key::StoreUrl), this);
    m_url->setObjectName(QStringLiteral("storeUrlEdit"));
    m_url->setPlaceholderText(QStringLiteral("https://payouts.example.com"));
    m_token = new QLineEdit(this);
    m_token->setObjectName(QStringLiteral("storeTokenEdit"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(QStringLiteral("pd_art_…"));
    form->addRow(tr("Store &address:"), m_url);
    form->addRow(tr("Personal &token:"), m_token);
    layout->addLayout(form);

    m_trust = new QCheckBox(this);
    m_trust->setObjectName(QStringLiteral("trustCertificateBox"));
    m_trust->hide();
    layout->addWidget(m_trust);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("connectProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->hide();
    layout->addWidget(m_problem);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_connect = buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    m_connect->setObjectName(QStringLiteral("connectButton"));
    m_connect->setDefault(true);
    layout->addWidget(buttons);
    connect(m_connect, &QPushButton::clicked, this, &ConnectDialog::tryConnect);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // A trusted fingerprint from before is offered again, ticked.
    const QString trusted = settings.string(Settings::Key::StoreCertSha256);
    if (!trusted.isEmpty()) {
        m_offeredCertificate = trusted;
        m_trust->setText(tr("Trust the store's certificate with the SHA-256 fingerprint %1")
                             .arg(readable(trusted)));
        m_trust->setChecked(true);
        m_trust->show();
    }
}

ConnectDialog::~ConnectDialog() = default;

void ConnectDialog::askForNewToken()
{
    m_token->clear();
    m_problem->setText(tr("The store refused your token; enter the new one the store gave you."));
    m_problem->show();
    m_token->setFocus();
}

QString ConnectDialog::token() const
{
    return m_token->text().trimmed();
}

QString ConnectDialog::problem() const
{
    return m_problem->isVisible() ? m_problem->text() : QString();
}

void ConnectDialog::tryConnect()
{
    QString why;
    RemoteStore::Options options;
    options.url = RemoteStore::parseUrl(m_url->text(), &why);
    options.token = token();
    if (why.isEmpty() && options.token.isEmpty())
        why = tr("Enter the personal token the store gave you.");
    if (!why.isEmpty()) {
        m_problem->setText(why);
        m_problem->show();
        Q_EMIT attemptFinished(false);
        return;
    }
    if (m_trust->isVisible() && m_trust->isChecked())
        options.trustedCertificate = m_offeredCertificate;
    // One attempt: the dialog says what went wrong instead of retrying.
    options.firstRetryMs = options.maxRetryMs = 24LL * 3600 * 1000;
    delete m_probe;
    m_probe = new RemoteStore(options, m_clock, this);
    connect(m_probe, &RemoteStore::stateChanged, this, &ConnectDialog::onAttempt);
    setBusy(true);
    m_problem->setText(tr("Connecting…"));
    m_problem->show();
    m_probe->start();
}

void ConnectDialog::onAttempt()
{
    RemoteStore *probe = m_probe;
    if (!probe || probe->state() == RemoteStore::State::Connecting)
        return;
    setBusy(false);
    const bool online = probe->state() == RemoteStore::State::Online;
    if (!online) {
        m_problem->setText(probe->problem());
        if (probe->state() == RemoteStore::State::Untrusted) {
            m_offeredCertificate = probe->refusedCertificate();
            m_trust->setText(tr("Trust the store's certificate with the SHA-256 fingerprint %1 "
                                "(compare it with the one the store gave you)")
                                 .arg(readable(m_offeredCertificate)));
            m_trust->setChecked(false);
            m_trust->show();
        }
    }
    const QString artist = probe->artist();
    const QString url = probe->url().toString();
    probe->deleteLater();
    m_probe = nullptr;
    if (online && keep(url, artist)) {
        m_problem->hide();
        Q_EMIT attemptFinished(true);
        accept();
        return;
    }
    Q_EMIT attemptFinished(false);
}

bool ConnectDialog::keep(const QString &url, const QString &artist)
{
    if (const Status s = m_secrets.write(SecretStore::Secret::ArtistToken, token()); !s) {
        m_problem->setText(
            tr("The token could not be kept in the keychain, so nothing was saved: %1")
                .arg(s.error().message));
        return false;
    }
    const bool trusted = m_trust->isVisible() && m_trust->isChecked();
    m_settings.set(Settings::Key::StoreCertSha256, trusted ? m_offeredCertificate : QString());
    m_settings.set(Settings::Key::StoreArtist, artist);
    m_settings.set(Settings::Key::StoreUrl, url);
    m_settings.sync();
    return true;
}

void ConnectDialog::setBusy(bool busy)
{
    m_connect->setEnabled(!busy);
    m_url->setEnabled(!busy);
    m_token->setEnabled(!busy);
}
