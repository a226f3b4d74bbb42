#pragma once

#include <QObject>

class QLocalServer;

// One window per user and store. The first process to open a store's
// window listens on a local socket in the user's runtime folder, named
// after the store's data folder (keyFor()); a later start finds it there, asks it to bring
// its window to the front and exits, so one store never runs two payout
// engines from two windows. The socket is reachable by this user only. A
// socket left behind by a process that died is taken over.
class SingleInstance final : public QObject
{
    Q_OBJECT
public:
    explicit SingleInstance(QString key, QObject *parent = nullptr);
    ~SingleInstance() override;

    // The socket for a store: in the user's runtime folder, named by a hash
    // of its data folder's canonical path (a socket name has a length
    // limit; a path may not).
    static QString keyFor(const QString &dataDir);

    // True when this process is the first: it now listens for later starts.
    // False when another process holds the key: it was asked to show its
    // window, and this process should exit.
    bool claim();
    // Stops listening, so that a process started next (a restart of this
    // one) becomes the first.
    void release();
    // Brings the application's visible main window to the front: what a
    // later start asks for, whichever window (local or connected) is open.
    static void raiseMainWindow();

Q_SIGNALS:
    // A later start asked this process to show its window.
    void activationRequested();

private:
    bool askRunningInstance() const;
    void readRequest();

    QString m_key;
    QLocalServer *m_server = nullptr;
};
