#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QObject>

class QTcpSocket;

// A response whose body is written as things happen (Server-Sent Events),
// opened by HttpReply::openStream(): its head has gone out with
// `Transfer-Encoding: chunked`, and each write() is one chunk.
//
// The connection is the stream's from then on: QtHttpServer reads nothing
// more from it (what the client still sends is dropped unread), the idle
// timeout of HttpConnectionGuard no longer applies, and it still counts
// against the connection cap (at the cap a stream counts as idle since it
// opened, so the oldest stream is closed first; its client resumes).
// A client that reads too slowly is cut off rather than buffered for.
//
// A child of its socket: it goes with the connection, and closed() says the
// connection ended, whichever side ended it.
class HttpStream final : public QObject
{
    Q_OBJECT
public:
    // Unsent bytes beyond which a write closes the stream instead.
    static constexpr qint64 kMaxBacklogBytes = 1 << 20;

    // Writes `data` as one chunk. False, and nothing written, when the
    // connection is gone, or when the client has left kMaxBacklogBytes
    // unread: the stream is then closed.
    bool write(const QByteArray &data);
    // Ends the body (the last chunk) and closes the connection once all of
    // it is sent.
    void finish();
    // Closes the connection at once.
    void abort();
    bool isOpen() const { return !m_closed; }
    // Bytes written and not yet sent.
    qint64 backlogBytes() const;
    QHostAddress peerAddress() const;

Q_SIGNALS:
    void closed();

private:
    friend class HttpReply;
    explicit HttpStream(QTcpSocket &socket);
    void markClosed();

    QTcpSocket &m_socket;
    bool m_closed = false;
};
