#pragma once

#include "ledger/postgres/PgConnection.h"

#include <QObject>
#include <QString>
#include <QTimer>

class QSocketNotifier;

// Changes pushed by the server: a libpq connection of its own that LISTENs
// on the ledger's channel (every committed write NOTIFYs it, inside its
// transaction, so a notification arrives at commit and only then; see
// PostgresLedger::transact). A QSocketNotifier on the connection's socket
// wakes it; it then reads what arrived and emits changed() once per read,
// however many commits it held. A lost connection (a server restart, a
// terminated backend) is reconnected at once, then every second until it
// answers, and LISTENs again; changed() follows, since commits made while
// it was away were never announced to it. Lives on the thread that made
// it, which must run an event loop.
class PgListener final : public QObject
{
    Q_OBJECT
public:
    // The channel, per database (a NOTIFY reaches listeners of the same
    // database only): one ledger, one channel.
    static constexpr const char *kChannel = "payoutdesk_changes";
    static constexpr int kRetryMs = 1000;

    PgListener(QString uri, QString displayName, QObject *parent = nullptr);
    ~PgListener() override;

    // Connects and listens; on failure keeps trying every kRetryMs.
    void start();
    bool isListening() const { return m_notifier != nullptr; }

Q_SIGNALS:
    void changed();

private:
    void connectAndListen();
    void onReadable();
    void lost();

    QString m_uri;
    QString m_displayName;
    PgConnection m_conn;
    QSocketNotifier *m_notifier = nullptr;
    QTimer m_retry;
    bool m_listenedBefore = false;
};
