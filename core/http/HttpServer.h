#pragma once

#include "http/HttpLimits.h"
#include "util/Error.h"

#include <QAbstractHttpServer>
#include <QHash>
#include <QHttpServerRequest>
#include <QList>
#include <QPointer>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>
#include <utility>

class Clock;
class HttpConnectionGuard;
class HttpStream;
class QTcpServer;

// A reply that may be sent after the handler returned: the webhook answers
// only once its transaction has committed. Sending to a client that has gone
// away is a no-op. Copyable; the first send() wins.
class HttpReply
{
public:
    // Extra response headers (name, value), written after Content-Type,
    // Content-Length and Connection, which are always the reply's own. A
    // header with a CR or LF in it is dropped, never written.
    using Headers = QList<std::pair<QByteArray, QByteArray>>;

    // What send() writes, kept by a recorder().
    struct Answer
    {
        int status = 0;
        QByteArray body;
        QByteArray contentType;
        Headers headers;
    };

    HttpReply() = default;
    HttpReply(QTcpSocket *socket, bool closeAfter, HttpConnectionGuard *guard = nullptr);

    // A reply with no connection that keeps its first answer (answer())
    // instead of writing it: code answering on a thread that must not touch
    // the server's sockets (ApiReaderPool) answers into it, and the
    // connection's own reply then send()s that answer on the server's
    // thread. It opens no stream. Copies share the answer.
    static HttpReply recorder();
    std::optional<Answer> answer() const { return m_recorded ? *m_recorded : std::nullopt; }
    void send(const Answer &answer)
    {
        send(answer.status, answer.body, answer.contentType, answer.headers);
    }

    void send(int status, const QByteArray &body,
              const QByteArray &contentType = QByteArrayLiteral("application/json"),
              const Headers &headers = {});
    void sendJson(int status, const QJsonObject &object, const Headers &headers = {});
    bool isConnected() const
    {
        return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
    }
    // An HTTP/1.1 response with a Content-Length, as send() writes it.
    static QByteArray encode(int status, const QByteArray &body, const QByteArray &contentType,
                             bool closeAfter, const Headers &headers = {});

    // Instead of send(): answers 200 with a body that follows as it happens
    // (HttpStream: chunked, one chunk per write), and hands the connection
    // to the stream. Null when the client has gone or an answer was sent.
    HttpStream *openStream(const QByteArray &contentType, const Headers &headers = {});

private:
    QPointer<QTcpSocket> m_socket;
    QPointer<HttpConnectionGuard> m_guard;
    bool m_closeAfter = false;
    std::shared_ptr<bool> m_sent = std::make_shared<bool>(false);
    std::shared_ptr<std::optional<Answer>> m_recorded; // a recorder()'s
};

// QtHttpServer's request parsing with routes whose handlers may answer later.
// It binds to the address it is given (127.0.0.1 unless serve is told
// otherwise, see ServeCommand), never through QAbstractHttpServer::listen(),
// which in Qt 6.4 binds every interface and makes its own QTcpServer or
// QSslServer, out of the guard's reach.
//
// TLS (setTls()): each accepted socket is a QSslSocket that starts the
// server handshake at once; QtHttpServer and the guard read its decrypted
// bytes as they read a plain socket's, so every route and limit is the same
// over HTTPS. (QAbstractHttpServer::sslSetup() applies to listen() only.)
//
// Every connection is accepted by its own QTcpServer subclass, which bounds
// the socket's read buffer and puts an HttpConnectionGuard in front of
// QtHttpServer's parser: the limits of HttpLimits (body, headers, timeouts,
// connections) hold for every route before a request is held in memory.
// A timer sweeps the connections for timeouts on the injected clock.
class HttpServer final : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<void(const QHttpServerRequest &, HttpReply)>;

    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;
    void route(QHttpServerRequest::Method method, const QString &path, Handler handler);
    // The limits of the connections accepted from then on (set it before
    // listenLoopback() for all of them).
    void setLimits(const HttpLimits &limits);
    const HttpLimits &limits() const { return m_limits; }
    // The clock of the timeouts (the system's unless a test injects one).
    void setClock(const Clock &clock);
    const Clock &clock() const { return *m_clock; }
    // Every connection accepted from then on speaks TLS with this
    // configuration (loadTls()); nullopt: plain HTTP.
    void setTls(std::optional<QSslConfiguration> tls) { m_tls = std::move(tls); }
    bool usesTls() const { return m_tls.has_value(); }
    // A server's TLS configuration from a PEM certificate file (the
    // certificate first, then any intermediates) and its unencrypted PEM
    // private key (RSA or EC). The error names the file and what is wrong
    // with it: unreadable, no certificate in it, no key, expired.
    static Result<QSslConfiguration> loadTls(const QString &certificatePath,
                                             const QString &keyPath);

    // The bound port, or 0 when the address and port could not be bound.
    quint16 listen(const QHostAddress &address, quint16 port);
    quint16 listenLoopback(quint16 port) { return listen(QHostAddress::LocalHost, port); }
    void close();

    // Open connections, and of them those that carry a stream.
    int connectionCount() const { return int(m_connections.size()); }
    int streamCount() const;
    // The most bytes of one request held at once since the start.
    qint64 peakRequestBytes() const { return m_peakRequestBytes; }
    // Checks the timeouts now (the timer does it every sweepIntervalMs).
    void sweep();

    // The default body limit (HttpLimits::maxBodyBytes).
    static constexpr qint64 kMaxBodyBytes = 1 << 20;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    friend class HttpConnectionGuard;
    friend class HttpListener;
    QTcpSocket *accept(QTcpServer *listener, qintptr descriptor);
    void accepted(QTcpSocket *socket);
    bool evictIdlest();
    void forget(QTcpSocket *socket);
    void notePeakRequestBytes(qint64 bytes)
    {
        m_peakRequestBytes = qMax(m_peakRequestBytes, bytes);
    }

    QHash<std::pair<int, QString>, Handler> m_routes;
    HttpLimits m_limits;
    const Clock *m_clock;
    QTimer m_sweep;
    QHash<QTcpSocket *, HttpConnectionGuard *> m_connections;
    qint64 m_peakRequestBytes = 0;
    std::optional<QSslConfiguration> m_tls;
};
