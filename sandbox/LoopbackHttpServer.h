#pragma once

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QTcpSocket>

#include <functional>

// One request as it arrived, copied out of Qt's per-connection request object
// (Qt reuses that object for the next request on a keep-alive connection),
// with a guarded pointer to the socket so the answer can be written later,
// or never, or replaced by a reset.
struct HttpExchange
{
    QPointer<QTcpSocket> socket;
    QByteArray method; // "GET", "POST", ...
    QString path;      // decoded path, no query
    QByteArray query;  // still percent-encoded, without '?'
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool keepAlive = true;

    // Case-insensitive header lookup; empty when absent.
    QByteArray header(const QByteArray &name) const;
};

struct HttpAnswer
{
    int status = 200;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; // besides Content-Type/Length/Connection
};

// A minimal HTTP/1.1 server on 127.0.0.1 built on QAbstractHttpServer. Qt
// 6.4's QHttpServer routes must answer before they return; this server hands
// every request to one callback and lets the caller answer whenever it likes
// by writing a raw HTTP/1.1 response to the socket (see write()). That is what
// the fake needs for latency, held connections (timeouts) and resets.
class LoopbackHttpServer final : public QAbstractHttpServer
{
    Q_OBJECT

public:
    using Handler = std::function<void(const HttpExchange &)>;

    explicit LoopbackHttpServer(Handler handler, QObject *parent = nullptr);

    // Binds 127.0.0.1 only: the fake must never be reachable from the network.
    bool listenLoopback(quint16 port);
    quint16 port() const { return m_port; }
    // TCP connections that have carried at least one request (keep-alive check).
    int connectionCount() const { return m_connections; }

    // Writes a complete response if the connection is still open; returns
    // false when the client has gone. Closes afterwards on "Connection: close".
    static bool write(const HttpExchange &exchange, const HttpAnswer &answer);
    // Drops the connection with a TCP reset, as a crashing proxy would.
    static void reset(const HttpExchange &exchange);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Handler m_handler;
    quint16 m_port = 0;
    int m_connections = 0;
};
