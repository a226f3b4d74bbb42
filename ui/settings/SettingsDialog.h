#pragma once

#include "config/SecretStore.h"

#include <QDialog>

class Autostart;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class Settings;

// The settings a person changes: the engine's mode, the Stripe API base
// URL, the artist the window shows, the fast payout delay and the webhook
// port (Settings), starting at login (Autostart), and the Stripe secret key and webhook signing
// secret (SecretStore: the OS keychain). A stored secret is never shown back: the fields start
// empty and a label shows SecretStore::masked(); typing a new value replaces it. When the keychain
// cannot be reached the dialog says so plainly and the secret fields are disabled (there is no
// plain-text fallback).
class SettingsDialog final : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(Settings &settings, SecretStore &secrets, const QStringList &knownArtists,
                   QWidget *parent = nullptr);

    bool keychainAvailable() const { return m_keychainOk; }

public Q_SLOTS:
    void accept() override;

private:
    void loadSecrets();
    QString validate() const;
    Autostart autostart() const;

    Settings &m_settings;
    SecretStore &m_secrets;
    bool m_keychainOk = true;
    QComboBox *m_mode = nullptr;
    QLineEdit *m_apiBase = nullptr;
    QLineEdit *m_artist = nullptr;
    QSpinBox *m_fastDelay = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_apiKey = nullptr;
    QLineEdit *m_webhookSecret = nullptr;
    QLineEdit *m_ledger = nullptr;
    QLineEdit *m_ledgerPassword = nullptr;
    QLabel *m_ledgerPasswordStored = nullptr;
    QLabel *m_apiKeyStored = nullptr;
    QLabel *m_webhookStored = nullptr;
    QLabel *m_keychainStatus = nullptr;
    QCheckBox *m_autostart = nullptr;
    QLabel *m_error = nullptr;
};
