#include "SettingsDialog.h"

#include "config/Autostart.h"
#include "config/Settings.h"
#include "ledger/LedgerLocation.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

SettingsDialog::SettingsDialog(Settings &settings, SecretStore &secrets,
                               const QStringList &knownArtists, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_secrets(secrets)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    auto *layout = new QVBoxLayout(this);

    auto *general = new QGroupBox(tr("Payout engine"), this);
    auto *form = new QFormLayout(general);
    m_mode = new QComboBox(general);
    m_mode->setObjectName(QStringLiteral("modeCombo"));
    m_mode->setAccessibleName(tr("Mode"));
    m_mode->addItem(tr("Automatic (from the Stripe key)"), QStringLiteral("auto"));
    m_mode->addItem(tr("Development"), QStringLiteral("development"));
    m_mode->addItem(tr("Production"), QStringLiteral("production"));
    m_mode->setCurrentIndex(qMax(0, m_mode->findData(settings.string(Settings::Key::Mode))));
    form->addRow(tr("&Mode:"), m_mode);

    m_apiBase = new QLineEdit(settings.string(Settings::Key::StripeApiBase), general);
    m_apiBase->setObjectName(QStringLiteral("apiBaseEdit"));
    m_apiBase->setAccessibleName(tr("Stripe API base URL"));
    form->addRow(tr("Stripe API &base URL:"), m_apiBase);

    m_artist = new QLineEdit(settings.string(Settings::Key::ArtistId), general);
    m_artist->setObjectName(QStringLiteral("artistEdit"));
    m_artist->setAccessibleName(tr("Artist shown in the window"));
    m_artist->setPlaceholderText(tr("your artist id, e.g. art_42"));
    auto *completer = new QCompleter(knownArtists, m_artist);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_artist->setCompleter(completer);
    form->addRow(tr("&Artist shown:"), m_artist);

    m_fastDelay = new QSpinBox(general);
    m_fastDelay->setObjectName(QStringLiteral("fastDelaySpin"));
    m_fastDelay->setAccessibleName(tr("Fast payout delay in seconds"));
    m_fastDelay->setRange(1, 3600);
    m_fastDelay->setSuffix(tr(" s"));
    m_fastDelay->setValue(settings.integer(Settings::Key::FastPayoutDelaySecs));
    form->addRow(tr("&Fast payout delay (development):"), m_fastDelay);

    m_port = new QSpinBox(general);
    m_port->setObjectName(QStringLiteral("webhookPortSpin"));
    m_port->setAccessibleName(tr("Webhook port"));
    m_port->setRange(1, 65535);
    m_port->setValue(settings.integer(Settings::Key::WebhookPort));
    form->addRow(tr("&Webhook port (loopback):"), m_port);

    // Where the ledger lives when --ledger is not given; read at the next
    // start (every connection of the engine opens from it).
    m_ledger = new QLineEdit(settings.string(Settings::Key::LedgerLocation), general);
    m_ledger->setObjectName(QStringLiteral("ledgerLocationEdit"));
    m_ledger->setAccessibleName(tr("Ledger location"));
    m_ledger->setPlaceholderText(tr("ledger.sqlite in the data folder"));
    m_ledger->setToolTip(tr("A SQLite file, or a PostgreSQL server shared by several instances: "
                            "postgresql://USER@HOST[:PORT]/DB. Its password goes below, never "
                            "here. Used from the next start."));
    form->addRow(tr("&Ledger location:"), m_ledger);
    layout->addWidget(general);

    auto *keys = new QGroupBox(tr("Secrets (kept in the OS keychain)"), this);
    auto *keyForm = new QFormLayout(keys);
    m_keychainStatus = new QLabel(keys);
    m_keychainStatus->setObjectName(QStringLiteral("keychainStatus"));
    m_keychainStatus->setWordWrap(true);
    keyForm->addRow(m_keychainStatus);
    m_apiKey = new QLineEdit(keys);
    m_apiKey->setObjectName(QStringLiteral("apiKeyEdit"));
    m_apiKey->setAccessibleName(tr("Stripe secret key"));
    m_apiKey->setEchoMode(QLineEdit::Password);
    m_apiKey->setPlaceholderText(tr("type a new key to replace the stored one"));
    m_apiKeyStored = new QLabel(keys);
    m_apiKeyStored->setObjectName(QStringLiteral("apiKeyStored"));
    keyForm->addRow(tr("Stripe &secret key:"), m_apiKey);
    keyForm->addRow(QString(), m_apiKeyStored);
    m_webhookSecret = new QLineEdit(keys);
    m_webhookSecret->setObjectName(QStringLiteral("webhookSecretEdit"));
    m_webhookSecret->setAccessibleName(tr("Webhook signing secret"));
    m_webhookSecret->setEchoMode(QLineEdit::Password);
    m_webhookSecret->setPlaceholderText(tr("type a new secret to replace the stored one"));
    m_webhookStored = new QLabel(keys);
    m_webhookStored->setObjectName(QStringLiteral("webhookSecretStored"));
    keyForm->addRow(tr("Webhook si&gning secret:"), m_webhookSecret);
    keyForm->addRow(QString(), m_webhookStored);
    m_ledgerPassword = new QLineEdit(keys);
    m_ledgerPassword->setObjectName(QStringLiteral("ledgerPasswordEdit"));
    m_ledgerPassword->setAccessibleName(tr("Ledger database password"));
    m_ledgerPassword->setEchoMode(QLineEdit::Password);
    m_ledgerPassword->setPlaceholderText(tr("type a new password to replace the stored one"));
    m_ledgerPasswordStored = new QLabel(keys);
    m_ledgerPasswordStored->setObjectName(QStringLiteral("ledgerPasswordStored"));
    keyForm->addRow(tr("Ledger &database password:"), m_ledgerPassword);
    keyForm->addRow(QString(), m_ledgerPasswordStored);
    layout->addWidget(keys);

    // At login, this store's window: the desktop entry names its folder.
    auto *desktop = new QGroupBox(tr("Desktop"), this);
    auto *desktopLayout = new QVBoxLayout(desktop);
    m_autostart = new QCheckBox(tr("Start Payout Desk when I &log in"), desktop);
    m_autostart->setObjectName(QStringLiteral("autostartCheck"));
    m_autostart->setToolTip(tr("Adds Payout Desk to your desktop's startup applications "
                               "(%1).")
                                .arg(Autostart::entryPath()));
    m_autostart->setChecked(autostart().isEnabled());
    desktopLayout->addWidget(m_autostart);
    layout->addWidget(desktop);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("settingsError"));
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("saveSettingsButton"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    loadSecrets();
}

void SettingsDialog::loadSecrets()
{
    const auto show = [&](SecretStore::Secret secret, QLabel *label, QLineEdit *edit) {
        const Result<QString> value = m_secrets.read(secret);
        if (!value) {
            m_keychainOk = false;
            m_keychainStatus->setText(
                tr("The OS keychain is not available, so secrets can be neither read nor "
                   "saved here (they are never stored in plain text instead).\n\nDetails: %1")
                    .arg(value.error().message));
            edit->setEnabled(false);
            label->setText(tr("Unknown: the keychain did not answer."));
            return;
        }
        // Never the secret itself: at most its last four characters, and
        // nothing of a password.
        label->setText(value->isEmpty() ? tr("Nothing stored.")
                       : secret == SecretStore::Secret::LedgerPassword
                           ? tr("Stored.")
                           : tr("Stored: %1").arg(SecretStore::masked(*value)));
    };
    show(SecretStore::Secret::StripeApiKey, m_apiKeyStored, m_apiKey);
    show(SecretStore::Secret::WebhookSigningSecret, m_webhookStored, m_webhookSecret);
    show(SecretStore::Secret::LedgerPassword, m_ledgerPasswordStored, m_ledgerPassword);
    if (m_keychainOk)
        m_keychainStatus->setText(tr("The OS keychain is available."));
}

Autostart SettingsDialog::autostart() const
{
    // The settings file sits in the store's data folder.
    return Autostart(
        QCoreApplication::applicationFilePath(),
        {QStringLiteral("--data-dir"), QFileInfo(m_settings.fileName()).absolutePath()});
}

QString SettingsDialog::validate() const
{
    const QUrl url(m_apiBase->text().trimmed());
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != u"https" && url.scheme() != u"http"))
        return tr("The Stripe API base URL must be an http or https address.");
    const QString key = m_apiKey->text();
    if (!key.isEmpty() && !key.startsWith(u"sk_test_") && !key.startsWith(u"sk_live_") &&
        !key.startsWith(u"rk_test_") && !key.startsWith(u"rk_live_"))
        return tr("A Stripe secret key starts with sk_test_, sk_live_, rk_test_ or rk_live_.");
    const QString whsec = m_webhookSecret->text();
    if (!whsec.isEmpty() && !whsec.startsWith(u"whsec_"))
        return tr("A webhook signing secret starts with whsec_.");
    if (const QString ledger = m_ledger->text().trimmed(); !ledger.isEmpty())
        if (const Result<LedgerLocation> parsed = LedgerLocation::parse(ledger); !parsed)
            return tr("The ledger location cannot be used: %1.").arg(parsed.error().message);
    return {};
}

void SettingsDialog::accept()
{
    if (const QString problem = validate(); !problem.isEmpty()) {
        m_error->setText(problem);
        m_error->show();
        return;
    }
    // Secrets first: if the keychain refuses, nothing else is half saved
    // and the dialog stays open with the reason.
    const std::pair<SecretStore::Secret, QLineEdit *> secrets[] = {
        {SecretStore::Secret::StripeApiKey, m_apiKey},
        {SecretStore::Secret::WebhookSigningSecret, m_webhookSecret},
        {SecretStore::Secret::LedgerPassword, m_ledgerPassword}};
    for (const auto &[secret, edit] : secrets) {
        if (edit->text().isEmpty())
            continue;
        if (Status s = m_secrets.write(secret, edit->text()); !s) {
            m_error->setText(tr("Not saved: %1").arg(s.error().message));
            m_error->show();
            return;
        }
        edit->clear();
    }
    if (const Autostart entry = autostart(); m_autostart->isChecked() != entry.isEnabled()) {
        if (Status s = entry.setEnabled(m_autostart->isChecked()); !s) {
            m_error->setText(tr("Not saved: %1").arg(s.error().message));
            m_error->show();
            return;
        }
    }
    m_settings.set(Settings::Key::Mode, m_mode->currentData().toString());
    m_settings.set(Settings::Key::StripeApiBase, m_apiBase->text().trimmed());
    m_settings.set(Settings::Key::ArtistId, m_artist->text().trimmed());
    m_settings.set(Settings::Key::FastPayoutDelaySecs, m_fastDelay->value());
    m_settings.set(Settings::Key::WebhookPort, m_port->value());
    m_settings.set(Settings::Key::LedgerLocation, m_ledger->text().trimmed());
    m_settings.sync();
    QDialog::accept();
}
