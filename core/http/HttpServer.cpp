#include "HttpServer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 202:
        return "Accepted";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

} // namespace

HttpReply::HttpReply(QTcpSocket *socket, bool closeAfter)
    : m_socket(socket)
    , m_closeAfter(closeAfter)
{}

void HttpReply::send(int status, const QByteArray &body, const QByteArray &contentType)
{
    if (*m_sent)
        return;
    *m_sent = true;
    if (!isConnected())
        return;
    QByteArray out;
    out.reserve(body.size() + 160);
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    out += "Content-Type: " + contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += m_closeAfter ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
    out += body;
    m_socket->write(out);
    if (m_closeAfter)
        m_socket->disconnectFromHost();
}

void HttpReply::sendJson(int status, const QJsonObject &object)
{
    send(status, QJsonDocument(object).toJson(QJsonDocument::Compact));
}

HttpServer::HttpServer(QObject *parent)
    : QAbstractHttpServer(parent)
{}

void HttpServer::route(QHttpServerRequest::Method method, const QString &path, Handler handler)
{
    m_routes.insert({int(method), path}, std::move(handler));
}

quint16 HttpServer::listenLoopback(quint16 port)
{
    return listen(QHostAddress::LocalHost, port);
}

void HttpServer::close()
{
    for (QTcpServer *server : servers())
        server->close();
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const bool closeAfter = request.value("connection").compare("close", Qt::CaseInsensitive) == 0;
    HttpReply reply(socket, closeAfter);
    if (request.body().size() > kMaxBodyBytes) {
        reply.sendJson(413, {{QStringLiteral("error"), QStringLiteral("body too large")}});
        return true;
    }
    const auto it = m_routes.constFind({int(request.method()), request.url().path()});
    if (it == m_routes.cend()) {
        bool pathKnown = false;
        for (auto r = m_routes.cbegin(); r != m_routes.cend(); ++r)
            pathKnown |= r.key().second == request.url().path();
        reply.sendJson(pathKnown ? 405 : 404,
                       {{QStringLiteral("error"), pathKnown ? QStringLiteral("method not allowed")
                                                            : QStringLiteral("not found")}});
        return true;
    }
    (*it)(request, reply);
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpReply(socket, true)
        .sendJson(404, {{QStringLiteral("error"), QStringLiteral("not found")},
                        {QStringLiteral("path"), request.url().path()}});
}
