#pragma once

#include <QAbstractHttpServer>
#include <QHash>
#include <QHttpServerRequest>
#include <QPointer>
#include <QTcpSocket>

#include <functional>

// A reply that may be sent after the handler returned: the webhook answers
// only once its transaction has committed. Sending to a client that has gone
// away is a no-op. Copyable; the first send() wins.
class HttpReply
{
public:
    HttpReply() = default;
    HttpReply(QTcpSocket *socket, bool closeAfter);

    void send(int status, const QByteArray &body,
              const QByteArray &contentType = QByteArrayLiteral("application/json"));
    void sendJson(int status, const QJsonObject &object);
    bool isConnected() const
    {
        return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
    }

private:
    QPointer<QTcpSocket> m_socket;
    bool m_closeAfter = false;
    std::shared_ptr<bool> m_sent = std::make_shared<bool>(false);
};

// QtHttpServer's request parsing with routes whose handlers may answer later.
// It binds to 127.0.0.1 only: Qt 6.4's listen() would bind every interface.
class HttpServer final : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<void(const QHttpServerRequest &, HttpReply)>;

    explicit HttpServer(QObject *parent = nullptr);
    void route(QHttpServerRequest::Method method, const QString &path, Handler handler);
    // The bound port, or 0 when the port could not be bound.
    quint16 listenLoopback(quint16 port);
    void close();

    static constexpr qint64 kMaxBodyBytes = 1 << 20;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    QHash<std::pair<int, QString>, Handler> m_routes;
};
