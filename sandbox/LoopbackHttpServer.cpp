#include "LoopbackHttpServer.h"

#include <QHostAddress>
#include <QHttpServerRequest>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Post:
        return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Put:
        return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Patch:
        return QByteArrayLiteral("PATCH");
    case QHttpServerRequest::Method::Head:
        return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QByteArrayLiteral("OPTIONS");
    default:
        return QByteArrayLiteral("UNKNOWN");
    }
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return QByteArrayLiteral("OK");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 401:
        return QByteArrayLiteral("Unauthorized");
    case 402:
        return QByteArrayLiteral("Payment Required");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 409:
        return QByteArrayLiteral("Conflict");
    case 429:
        return QByteArrayLiteral("Too Many Requests");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    default:
        return QByteArrayLiteral("Status");
    }
}

} // namespace

QByteArray HttpExchange::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

LoopbackHttpServer::LoopbackHttpServer(Handler handler, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_handler(std::move(handler))
{}

bool LoopbackHttpServer::listenLoopback(quint16 port)
{
    // QAbstractHttpServer::listen() defaults to QHostAddress::Any; name the
    // loopback address explicitly.
    m_port = listen(QHostAddress(QHostAddress::LocalHost), port);
    return m_port != 0;
}

bool LoopbackHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Count connections by tagging each socket the first time it carries a
    // request; tests use this to prove that keep-alive survives deferred answers.
    static const char seenProperty[] = "fakestripe_seen";
    if (!socket->property(seenProperty).toBool()) {
        socket->setProperty(seenProperty, true);
        ++m_connections;
    }

    HttpExchange exchange;
    exchange.socket = socket;
    exchange.method = methodName(request.method());
    const QUrl url = request.url();
    exchange.path = url.path();
    exchange.query = url.query(QUrl::FullyEncoded).toUtf8();
    exchange.headers = request.headers();
    exchange.body = request.body();
    exchange.keepAlive =
        exchange.header(QByteArrayLiteral("Connection")).compare("close", Qt::CaseInsensitive) != 0;
    m_handler(exchange);
    // Always "handled": answering (or not) is the callback's business.
    return true;
}

void LoopbackHttpServer::missingHandler(const QHttpServerRequest &, QTcpSocket *)
{
    // Unreachable: handleRequest() never declines a request.
}

bool LoopbackHttpServer::write(const HttpExchange &exchange, const HttpAnswer &answer)
{
    QTcpSocket *socket = exchange.socket.data();
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return false;
    QByteArray out;
    out.reserve(answer.body.size() + 256);
    out += "HTTP/1.1 " + QByteArray::number(answer.status) + ' ' + reasonPhrase(answer.status) +
           "\r\n";
    out += "Content-Type: application/json\r\n";
    out += "Content-Length: " + QByteArray::number(answer.body.size()) + "\r\n";
    for (const auto &[key, value] : answer.headers)
        out += key + ": " + value + "\r\n";
    out += exchange.keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    out += "\r\n";
    out += answer.body;
    socket->write(out);
    if (!exchange.keepAlive)
        socket->disconnectFromHost(); // flushes the pending bytes first
    return true;
}

void LoopbackHttpServer::reset(const HttpExchange &exchange)
{
    if (QTcpSocket *socket = exchange.socket.data()) {
#ifdef Q_OS_UNIX
        // Linger on with a zero timeout makes close() send RST instead of FIN:
        // "connection reset by peer" for the client. Qt's LingerOption cannot
        // express this (0 turns lingering off), so set it on the descriptor.
        const struct linger hardClose = {1, 0};
        ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hardClose,
                     sizeof hardClose);
#endif
        socket->abort();
    }
}
