#include "HttpServer.h"

#include "http/HttpConnectionGuard.h"
#include "http/HttpStream.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>

#include <limits>

#include <unistd.h>

// Accepts for HttpServer, which wraps each socket before QtHttpServer
// takes it.
class HttpListener final : public QTcpServer
{
public:
    explicit HttpListener(HttpServer &server)
        : m_server(server)
    {}

protected:
    void incomingConnection(qintptr descriptor) override
    {
        if (QTcpSocket *socket = m_server.accept(this, descriptor)) {
            // QtHttpServer takes the socket here and connects its readyRead
            // slot; the guard's second slot comes after it.
            addPendingConnection(socket);
            m_server.accepted(socket);
        }
    }

private:
    HttpServer &m_server;
};

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
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

} // namespace

HttpReply::HttpReply(QTcpSocket *socket, bool closeAfter, HttpConnectionGuard *guard)
    : m_socket(socket)
    , m_guard(guard)
    , m_closeAfter(closeAfter)
{}

QByteArray HttpReply::encode(int status, const QByteArray &body, const QByteArray &contentType,
                             bool closeAfter, const Headers &headers)
{
    QByteArray out;
    out.reserve(body.size() + 160);
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    out += "Content-Type: " + contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    // No extra header may end the head early, split the response or
    // contradict its framing.
    const auto breaks = [](const QByteArray &b) { return b.contains('\r') || b.contains('\n'); };
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.toLower();
        if (name.isEmpty() || breaks(name) || breaks(value) || lower == "content-type" ||
            lower == "content-length" || lower == "connection" || lower == "transfer-encoding")
            continue;
        out += name + ": " + value + "\r\n";
    }
    out += closeAfter ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
    out += body;
    return out;
}

HttpReply HttpReply::recorder()
{
    HttpReply reply;
    reply.m_recorded = std::make_shared<std::optional<Answer>>();
    return reply;
}

void HttpReply::send(int status, const QByteArray &body, const QByteArray &contentType,
                     const Headers &headers)
{
    if (*m_sent)
        return;
    *m_sent = true;
    if (m_recorded) {
        *m_recorded = Answer{status, body, contentType, headers};
        return;
    }
    if (!isConnected())
        return;
    m_socket->write(encode(status, body, contentType, m_closeAfter, headers));
    if (m_closeAfter)
        m_socket->disconnectFromHost();
    // After the write: a refusal of a later request on this connection
    // waits for this answer (HttpConnectionGuard::replied).
    if (m_guard)
        m_guard->replied();
}

HttpStream *HttpReply::openStream(const QByteArray &contentType, const Headers &headers)
{
    if (*m_sent || m_recorded || !isConnected())
        return nullptr;
    *m_sent = true;
    QByteArray head =
        "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n";
    const auto breaks = [](const QByteArray &b) { return b.contains('\r') || b.contains('\n'); };
    for (const auto &[name, value] : headers) {
        const QByteArray lower = name.toLower();
        if (name.isEmpty() || breaks(name) || breaks(value) || lower == "content-type" ||
            lower == "content-length" || lower == "connection" || lower == "transfer-encoding")
            continue;
        head += name + ": " + value + "\r\n";
    }
    // The body ends only when the server ends it; the connection ends with
    // it.
    head += "Connection: close\r\n\r\n";
    auto *stream = new HttpStream(*m_socket);
    if (m_guard)
        m_guard->startStream();
    m_socket->write(head);
    if (m_guard)
        m_guard->replied();
    return stream;
}

void HttpReply::sendJson(int status, const QJsonObject &object, const Headers &headers)
{
    send(status, QJsonDocument(object).toJson(QJsonDocument::Compact),
         QByteArrayLiteral("application/json"), headers);
}

HttpServer::HttpServer(QObject *parent)
    : QAbstractHttpServer(parent)
    , m_clock(&SystemClock::instance())
{
    connect(&m_sweep, &QTimer::timeout, this, &HttpServer::sweep);
}

HttpServer::~HttpServer()
{
    m_sweep.stop();
    // The listeners own the sockets, whose guards tell this server when
    // they go: they go while it is whole.
    const QList<QTcpServer *> listeners = servers();
    qDeleteAll(listeners);
}

void HttpServer::setLimits(const HttpLimits &limits)
{
    m_limits = limits;
    if (m_sweep.isActive())
        m_sweep.start(m_limits.sweepIntervalMs);
}

void HttpServer::setClock(const Clock &clock)
{
    m_clock = &clock;
}

void HttpServer::route(QHttpServerRequest::Method method, const QString &path, Handler handler)
{
    m_routes.insert({int(method), path}, std::move(handler));
}

int HttpServer::streamCount() const
{
    int n = 0;
    for (const HttpConnectionGuard *guard : std::as_const(m_connections))
        n += guard->isStreaming() ? 1 : 0;
    return n;
}

Result<QSslConfiguration> HttpServer::loadTls(const QString &certificatePath,
                                              const QString &keyPath)
{
    if (!QSslSocket::supportsSsl())
        return fail(Error::config(QStringLiteral("this build of Qt has no TLS backend (%1)")
                                      .arg(QSslSocket::activeBackend())));
    QFile certFile(certificatePath);
    if (!certFile.open(QIODevice::ReadOnly))
        return fail(Error::config(QStringLiteral("cannot read the TLS certificate %1: %2")
                                      .arg(certificatePath, certFile.errorString())));
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull())
        return fail(
            Error::config(QStringLiteral("the TLS certificate file %1 holds no PEM certificate")
                              .arg(certificatePath)));
    if (chain.first().expiryDate() < QDateTime::currentDateTimeUtc())
        return fail(Error::config(
            QStringLiteral("the TLS certificate %1 expired on %2")
                .arg(certificatePath, chain.first().expiryDate().toUTC().toString(Qt::ISODate))));
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly))
        return fail(Error::config(
            QStringLiteral("cannot read the TLS key %1: %2").arg(keyPath, keyFile.errorString())));
    const QByteArray pem = keyFile.readAll();
    QSslKey key;
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        key = QSslKey(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull())
        return fail(Error::config(
            QStringLiteral("the TLS key file %1 holds no unencrypted PEM private key (RSA or EC)")
                .arg(keyPath)));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone); // clients prove themselves with tokens
    return tls;
}

quint16 HttpServer::listen(const QHostAddress &address, quint16 port)
{
    auto *listener = new HttpListener(*this);
    // A burst of connections waits in the kernel's queue, not in SYN
    // retries (Qt's default backlog is 50).
    listener->setListenBacklogSize(1024);
    if (!listener->listen(address, port)) {
        qCCritical(lcHttp).noquote() << QStringLiteral("[HTTP] Cannot listen on %1:%2: %3")
                                            .arg(address.toString())
                                            .arg(port)
                                            .arg(listener->errorString());
        delete listener;
        return 0;
    }
    // Out of file descriptors, QTcpServer stops accepting for good: make
    // room and take the queue up again.
    connect(listener, &QTcpServer::acceptError, this,
            [this, listener](QAbstractSocket::SocketError error) {
                qCWarning(lcHttp).noquote()
                    << "[HTTP] Cannot accept a connection:" << listener->errorString();
                if (error == QAbstractSocket::SocketResourceError)
                    evictIdlest();
                QTimer::singleShot(100, listener, &QTcpServer::resumeAccepting);
            });
    bind(listener);
    m_sweep.start(m_limits.sweepIntervalMs);
    return listener->serverPort();
}

void HttpServer::close()
{
    for (QTcpServer *server : servers())
        server->close();
}

QTcpSocket *HttpServer::accept(QTcpServer *listener, qintptr descriptor)
{
    if (m_connections.size() >= m_limits.maxConnections && !evictIdlest()) {
        // Every connection is owed an answer: this one waits its turn
        // outside (the client retries).
        ::close(int(descriptor));
        return nullptr;
    }
    QSslSocket *ssl = m_tls ? new QSslSocket(listener) : nullptr;
    QTcpSocket *socket = ssl ? ssl : new QTcpSocket(listener);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(int(descriptor));
        return nullptr;
    }
    socket->setReadBufferSize(m_limits.readBufferBytes());
    if (ssl) {
        // The handshake must end within the header timeout like any slow
        // start; a failed one closes the connection (QSslSocket says why).
        ssl->setSslConfiguration(*m_tls);
        connect(ssl, &QAbstractSocket::errorOccurred, ssl, [ssl](QAbstractSocket::SocketError) {
            qCDebug(lcHttp).noquote()
                << "[HTTP] TLS connection from" << ssl->peerAddress().toString()
                << "ended:" << ssl->errorString();
        });
        ssl->startServerEncryption();
    }
    auto *guard = new HttpConnectionGuard(*socket, *this, m_clock->nowMs());
    m_connections.insert(socket, guard);
    connect(socket, &QAbstractSocket::disconnected, this, [this, socket] { forget(socket); });
    // The guard sees each read before QtHttpServer's slot, and after it
    // (accepted()).
    connect(socket, &QTcpSocket::readyRead, guard, &HttpConnectionGuard::beforeParse);
    return socket;
}

void HttpServer::accepted(QTcpSocket *socket)
{
    if (HttpConnectionGuard *guard = m_connections.value(socket))
        connect(socket, &QTcpSocket::readyRead, guard, &HttpConnectionGuard::afterParse);
}

bool HttpServer::evictIdlest()
{
    HttpConnectionGuard *idlest = nullptr;
    qint64 since = std::numeric_limits<qint64>::max();
    for (HttpConnectionGuard *guard : std::as_const(m_connections)) {
        const qint64 s = guard->idleSinceMs();
        if (s >= 0 && s < since) {
            since = s;
            idlest = guard;
        }
    }
    if (!idlest)
        return false;
    qCDebug(lcHttp) << "[HTTP] At the connection cap: closing the connection idle the longest";
    idlest->closeNow();
    forget(qobject_cast<QTcpSocket *>(idlest->parent()));
    return true;
}

void HttpServer::forget(QTcpSocket *socket)
{
    m_connections.remove(socket);
}

void HttpServer::sweep()
{
    const qint64 now = m_clock->nowMs();
    QList<QPointer<HttpConnectionGuard>> expired;
    for (HttpConnectionGuard *guard : std::as_const(m_connections))
        if (!guard->expiry(now).isEmpty())
            expired.append(guard);
    for (const QPointer<HttpConnectionGuard> &guard : std::as_const(expired)) {
        if (!guard)
            continue;
        qCDebug(lcHttp).noquote() << "[HTTP] Closing a connection:" << guard->expiry(now);
        QTcpSocket *socket = qobject_cast<QTcpSocket *>(guard->parent());
        guard->closeNow();
        forget(socket);
    }
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const bool closeAfter = request.value("connection").compare("close", Qt::CaseInsensitive) == 0;
    HttpConnectionGuard *guard = m_connections.value(socket);
    if (guard)
        guard->requestParsed();
    HttpReply reply(socket, closeAfter, guard);
    if (request.body().size() > m_limits.maxBodyBytes) {
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
    HttpReply(socket, true, m_connections.value(socket))
        .sendJson(404, {{QStringLiteral("error"), QStringLiteral("not found")},
                        {QStringLiteral("path"), request.url().path()}});
}
