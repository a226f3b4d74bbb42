#include "HttpStream.h"

#include "util/Logging.h"

#include <QSslSocket>
#include <QTcpSocket>

HttpStream::HttpStream(QTcpSocket &socket)
    : QObject(&socket)
    , m_socket(socket)
{
    connect(&m_socket, &QAbstractSocket::disconnected, this, &HttpStream::markClosed);
    if (m_socket.state() != QAbstractSocket::ConnectedState)
        m_closed = true;
}

void HttpStream::markClosed()
{
    if (m_closed)
        return;
    m_closed = true;
    Q_EMIT closed();
}

qint64 HttpStream::backlogBytes() const
{
    qint64 bytes = m_socket.bytesToWrite();
    // A TLS socket counts its plain text only; what is encrypted and not
    // sent yet waits below it.
    if (const auto *ssl = qobject_cast<const QSslSocket *>(&m_socket))
        bytes += ssl->encryptedBytesToWrite();
    return bytes;
}

QHostAddress HttpStream::peerAddress() const
{
    return m_socket.peerAddress();
}

bool HttpStream::write(const QByteArray &data)
{
    if (m_closed || m_socket.state() != QAbstractSocket::ConnectedState)
        return false;
    if (data.isEmpty())
        return true; // an empty chunk would end the body
    if (backlogBytes() > kMaxBacklogBytes) {
        qCInfo(lcHttp).noquote() << QStringLiteral("[HTTP] Closing a stream to %1: it reads too "
                                                   "slowly (%2 bytes unsent)")
                                        .arg(m_socket.peerAddress().toString())
                                        .arg(backlogBytes());
        abort();
        return false;
    }
    m_socket.write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    // Out now, not when the event loop next runs: a hub writing to many
    // streams in one go sends each as it goes.
    m_socket.flush();
    return true;
}

void HttpStream::finish()
{
    if (m_closed || m_socket.state() != QAbstractSocket::ConnectedState)
        return;
    m_socket.write(QByteArrayLiteral("0\r\n\r\n"));
    // disconnectFromHost() sends what is buffered first (and, for TLS, the
    // close_notify after it).
    m_socket.disconnectFromHost();
}

void HttpStream::abort()
{
    if (m_socket.state() != QAbstractSocket::UnconnectedState)
        m_socket.abort();
    markClosed();
}
