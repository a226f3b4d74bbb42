#pragma once

#include <QDialog>
#include <QPointer>

class Clock;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class RemoteStore;
class SecretStore;
class Settings;

// "Connect to My Store": the store's address and the artist's personal
// token. Connect tries them against the store's artist API before anything
// is kept; what went wrong is said in one sentence under the fields (a
// wrong address, nothing listening, a certificate this computer does not
// trust, a refused token). A store whose certificate is self-signed can be
// trusted here, by its SHA-256 fingerprint, which the user compares with
// the one the store gave them. Once connected, the token goes to the
// keychain (never the settings file) and the address, the token's artist
// and a trusted fingerprint to Settings; then the dialog is accepted.
class ConnectDialog final : public QDialog
{
    Q_OBJECT
public:
    ConnectDialog(Settings &settings, SecretStore &secrets, Clock &clock,
                  QWidget *parent = nullptr);
    ~ConnectDialog() override;

    // For a new token after the store refused the old one: the address is
    // kept, the token field is empty and has the focus.
    void askForNewToken();
    // The token that connected (after accepted()).
    QString token() const;
    QString problem() const;

Q_SIGNALS:
    // A connection attempt finished, well or not (for tests and the status).
    void attemptFinished(bool connected);

private:
    void tryConnect();
    void onAttempt();
    bool keep(const QString &url, const QString &artist);
    void setBusy(bool busy);

    Settings &m_settings;
    SecretStore &m_secrets;
    Clock &m_clock;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_token = nullptr;
    QCheckBox *m_trust = nullptr;
    QLabel *m_problem = nullptr;
    QPushButton *m_connect = nullptr;
    QPointer<RemoteStore> m_probe;
    QString m_offeredCertificate; // the fingerprint the trust box names
};
