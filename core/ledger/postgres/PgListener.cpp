#include "PgListener.h"

#include "ledger/LedgerLocation.h"
#include "util/Logging.h"

#include <libpq-fe.h>

#include <QSocketNotifier>

PgListener::PgListener(QString uri, QString displayName, QObject *parent)
    : QObject(parent)
    , m_uri(std::move(uri))
    , m_displayName(std::move(displayName))
{
    m_retry.setSingleShot(true);
    m_retry.setInterval(kRetryMs);
    connect(&m_retry, &QTimer::timeout, this, &PgListener::connectAndListen);
}

PgListener::~PgListener()
{
    delete m_notifier;
    m_conn.close();
}

void PgListener::start()
{
    if (!isListening() && !m_retry.isActive())
        connectAndListen();
}

void PgListener::connectAndListen()
{
    // The password as every other connection of this process finds it; it
    // never appears in a message (PgConnection).
    Status s = m_conn.connect(m_uri, LedgerLocation::serverPassword(), m_displayName);
    if (s)
        s = m_conn.script(QStringLiteral("LISTEN ") + QLatin1String(kChannel));
    if (!s) {
        m_conn.close();
        qCWarning(lcLedger).noquote()
            << "cannot listen for the ledger's changes, trying again:" << s.error().message;
        m_retry.start();
        return;
    }
    m_notifier = new QSocketNotifier(PQsocket(m_conn.handle()), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &PgListener::onReadable);
    if (std::exchange(m_listenedBefore, true)) {
        qCInfo(lcLedger).noquote()
            << "listening for the ledger's changes again on" << m_displayName;
        // Whatever committed while the connection was away was never
        // announced here: one change, so that a watcher reads again.
        Q_EMIT changed();
    }
}

void PgListener::onReadable()
{
    pg_conn *conn = m_conn.handle();
    if (!conn || PQconsumeInput(conn) == 0 || PQstatus(conn) != CONNECTION_OK) {
        lost();
        return;
    }
    bool any = false;
    while (PGnotify *n = PQnotifies(conn)) {
        any = true;
        PQfreemem(n);
    }
    if (any)
        Q_EMIT changed();
}

void PgListener::lost()
{
    qCWarning(lcLedger).noquote() << "lost the connection that listens for the ledger's changes "
                                     "on"
                                  << m_displayName << "; reconnecting";
    // Called from the notifier's own signal: deleted once that returns.
    m_notifier->setEnabled(false);
    m_notifier->deleteLater();
    m_notifier = nullptr;
    m_conn.close();
    connectAndListen();
}
