#pragma once

#include "remote/RemoteStore.h"
#include "remote/StoreActions.h"

#include <QObject>

#include <memory>

class Clock;
class DialogPrompter;
class MainWindow;
class QLabel;
class QPushButton;
class SecretStore;
class Settings;

// The window of an artist connected to their store: the same MainWindow
// as on a local ledger, reading a RemoteStore's snapshot (WindowContext's
// `remote`), and what only a connection has: the store's address in the
// status bar; a banner while it is offline ("Offline since 14:02", the
// reason, and that it reconnects by itself), or when the token was refused
// or the certificate is not trusted, with the button that fixes it (enter a
// new token, trust the certificate, reconnect now).
class StoreWindow final : public QObject
{
    Q_OBJECT
public:
    struct Parts
    {
        Settings &settings;
        SecretStore &secrets;
        Clock &clock;
        DialogPrompter &prompter;
    };

    // Whether Settings name a store to connect to (else: a local ledger).
    static bool configured(const Settings &settings);
    // The connection Settings and the keychain describe; `problem` says why
    // there is none (no token in the keychain, a keychain that does not
    // answer, an address that is not one).
    static std::optional<RemoteStore::Options> options(const Settings &settings,
                                                       SecretStore &secrets, QString *problem);

    StoreWindow(const Parts &parts, RemoteStore::Options options, QObject *parent = nullptr);
    ~StoreWindow() override;

    MainWindow *window() const { return m_window.get(); }
    RemoteStore &store() { return *m_store; }

    // Forgets the store: its address, artist and trusted certificate in
    // Settings, the token in the keychain.
    static void forget(Settings &settings, SecretStore &secrets);

Q_SIGNALS:
    // File › Use a Local Ledger Instead was chosen and confirmed; the store
    // is forgotten already.
    void localLedgerRequested();

private:
    void update();
    void enterNewToken();
    void trustCertificate();

    Parts m_parts;
    std::unique_ptr<RemoteStore> m_store;
    StoreActions m_actions;
    std::unique_ptr<MainWindow> m_window;
    QLabel *m_where = nullptr;
    QPushButton *m_fix = nullptr;
};
