#include "HttpConnectionGuard.h"

#include "http/HttpServer.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSslSocket>
#include <QTcpSocket>

#include <limits>
#include <utility>

#include <sys/socket.h>

namespace {

bool isDigits(const QByteArray &v)
{
    if (v.isEmpty())
        return false;
    for (const char c : v)
        if (c < '0' || c > '9')
            return false;
    return true;
}

// What QtHttpServer skips before a request line.
bool skippedBeforeRequestLine(char c)
{
    return c == '\v' || c == '\n' || c == '\r' || c == ' ' || c == '\t';
}

} // namespace

HttpConnectionGuard::HttpConnectionGuard(QTcpSocket &socket, HttpServer &server, qint64 acceptedMs)
    : QObject(&socket)
    , m_socket(socket)
    , m_server(&server)
    , m_limits(server.limits())
    , m_acceptedMs(acceptedMs)
    , m_headStartMs(acceptedMs)
    , m_lastActivityMs(acceptedMs)
    , m_lastAnswerMs(acceptedMs)
{
    connect(&m_socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_phase == Phase::Refused)
            shutdownWhenWritten();
    });
}

HttpConnectionGuard::~HttpConnectionGuard()
{
    if (m_server)
        m_server->forget(&m_socket);
}

void HttpConnectionGuard::beforeParse()
{
    if (m_phase == Phase::Refused || m_streaming) {
        drain();
        return;
    }
    if (m_deferred.status != 0) {
        // QtHttpServer parses one request a read: the earlier ones first,
        // then the refusal, before it reads the refused one.
        if (m_parsed >= m_complete)
            refuse(m_deferred);
        return;
    }
    const qint64 now = nowMs();
    const qint64 available = m_socket.bytesAvailable();
    if (available > m_scannedAhead)
        m_lastActivityMs = now;
    QByteArray peeked; // read only when a head is to be scanned
    qint64 pos = m_scannedAhead;
    Refusal refusal;
    while (pos < available) {
        switch (m_phase) {
        case Phase::FixedBody: {
            const qint64 take = qMin(available - pos, m_bodyLeft);
            pos += take;
            m_bodyLeft -= take;
            m_requestBytes += take;
            if (m_bodyLeft == 0) {
                ++m_complete;
                startHead();
            }
            break;
        }
        case Phase::ChunkedBody: {
            // Where a chunked body ends is QtHttpServer's to say
            // (requestParsed); until then every byte counts against it.
            const qint64 take = available - pos;
            pos += take;
            m_bodyBytes += take;
            m_requestBytes += take;
            if (m_bodyBytes > m_limits.maxBodyBytes)
                refusal = {413, QStringLiteral("body too large")};
            break;
        }
        case Phase::Head:
            if (peeked.isEmpty())
                peeked = m_socket.peek(available);
            if (pos >= peeked.size()) {
                pos = available;
                break;
            }
            ++m_requestBytes;
            scanHeadByte(peeked.at(pos++), now, &refusal);
            break;
        case Phase::Refused:
            return;
        }
        if (m_server)
            m_server->notePeakRequestBytes(m_requestBytes);
        if (refusal.status != 0) {
            if (m_parsed >= m_complete)
                refuse(refusal);
            else
                m_deferred = refusal;
            return;
        }
    }
    m_scannedAhead = available;
}

void HttpConnectionGuard::afterParse()
{
    if (m_phase == Phase::Refused || m_deferred.status != 0 || m_streaming)
        return;
    // Whatever QtHttpServer left unread was scanned already, unless it
    // ended a request where the guard could not tell (a chunked body): then
    // what follows is scanned again as the next request.
    m_scannedAhead = m_rescan ? 0 : m_socket.bytesAvailable();
    m_rescan = false;
}

bool HttpConnectionGuard::scanHeadByte(char c, qint64 now, Refusal *refusal)
{
    if (!m_headStarted) {
        m_headStarted = true;
        m_headStartMs = m_parsed == 0 ? m_acceptedMs : now;
    }
    if (++m_headBytes > m_limits.maxHeadBytes) {
        *refusal = {431, QStringLiteral("request line and headers too large")};
        return false;
    }
    if (m_lines == 0 && m_line.isEmpty() && skippedBeforeRequestLine(c))
        return true;
    if (c != '\n') {
        m_line.append(c);
        return true;
    }
    if (m_line.endsWith('\r'))
        m_line.chop(1);
    return endOfLine(refusal);
}

bool HttpConnectionGuard::endOfLine(Refusal *refusal)
{
    const QByteArray line = std::exchange(m_line, {});
    if (m_lines++ == 0)
        return true; // the request line: QtHttpServer's to judge
    if (line.isEmpty())
        return endOfHead(refusal);
    if (m_lines - 1 > m_limits.maxHeaderCount) {
        *refusal = {431, QStringLiteral("too many headers")};
        return false;
    }
    // A name with white space before its colon, or a folded line, would be
    // read one way here and another by the parser: refused (RFC 9112 5.1).
    const qsizetype colon = line.indexOf(':');
    const QByteArray name = colon > 0 ? line.left(colon) : QByteArray();
    if (name.isEmpty() || name.contains(' ') || name.contains('\t')) {
        *refusal = {400, QStringLiteral("malformed header line")};
        return false;
    }
    if (name.compare("content-length", Qt::CaseInsensitive) == 0)
        m_contentLengths.append(line.mid(colon + 1).trimmed());
    else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0)
        m_transferEncodings.append(line.mid(colon + 1).trimmed());
    return true;
}

bool HttpConnectionGuard::endOfHead(Refusal *refusal)
{
    ++m_framed;
    const bool chunked = !m_transferEncodings.isEmpty();
    if (chunked && (m_transferEncodings.size() > 1 ||
                    m_transferEncodings.first().compare("chunked", Qt::CaseInsensitive) != 0)) {
        *refusal = {501, QStringLiteral("only the chunked transfer coding is supported")};
        return false;
    }
    if (chunked && !m_contentLengths.isEmpty()) {
        *refusal = {400, QStringLiteral("both Content-Length and Transfer-Encoding")};
        return false;
    }
    // QtHttpServer reads the first Content-Length and takes what it cannot
    // read as no body: anything but one clear number is refused here.
    qint64 length = 0;
    for (qsizetype i = 0; i < m_contentLengths.size(); ++i) {
        const QByteArray &v = m_contentLengths.at(i);
        if (!isDigits(v)) {
            *refusal = {400, QStringLiteral("invalid Content-Length")};
            return false;
        }
        const qint64 n = v.size() > 18 ? std::numeric_limits<qint64>::max() : v.toLongLong();
        if (i > 0 && n != length) {
            *refusal = {400, QStringLiteral("conflicting Content-Length headers")};
            return false;
        }
        length = n;
    }
    if (length > m_limits.maxBodyBytes) {
        *refusal = {413, QStringLiteral("body too large")};
        return false;
    }
    const qint64 requestBytes = m_requestBytes;
    startHead();
    m_requestBytes = requestBytes;
    if (chunked) {
        m_phase = Phase::ChunkedBody;
    } else if (length > 0) {
        m_phase = Phase::FixedBody;
        m_bodyLeft = length;
    } else {
        ++m_complete;
        m_requestBytes = 0; // the next byte starts the next request
    }
    return true;
}

void HttpConnectionGuard::startHead()
{
    m_phase = Phase::Head;
    m_headStarted = false;
    m_headBytes = 0;
    m_lines = 0;
    m_line.clear();
    m_contentLengths.clear();
    m_transferEncodings.clear();
    m_bodyLeft = 0;
    m_bodyBytes = 0;
    m_requestBytes = 0;
}

qint64 HttpConnectionGuard::nowMs() const
{
    return m_server ? m_server->clock().nowMs() : m_lastActivityMs;
}

void HttpConnectionGuard::requestParsed()
{
    ++m_parsed;
    ++m_owed;
    m_lastActivityMs = nowMs();
    if (m_phase != Phase::Refused && m_deferred.status == 0 &&
        (m_phase != Phase::Head || m_parsed > m_framed)) {
        // A chunked body ended (or, defensively, the guard lost the
        // framing): QtHttpServer's boundary is the one that counts.
        m_framed = m_parsed;
        m_complete = m_parsed;
        startHead();
        m_rescan = true;
    }
}

void HttpConnectionGuard::replied()
{
    m_owed = qMax(0, m_owed - 1);
    m_lastActivityMs = nowMs();
    m_lastAnswerMs = m_lastActivityMs;
    if (m_phase == Phase::Refused && m_owed == 0)
        sendRefusal();
}

void HttpConnectionGuard::startStream()
{
    m_streaming = true;
    m_streamStartMs = nowMs();
    if (m_server)
        disconnect(&m_socket, &QTcpSocket::readyRead, m_server, nullptr);
    if (m_socket.isTransactionStarted())
        m_socket.commitTransaction();
    m_requestBytes = 0;
}

QString HttpConnectionGuard::expiry(qint64 now) const
{
    if (m_streaming)
        return {};
    if (m_phase == Phase::Refused && m_refusal.isEmpty() && now - m_refusedMs >= m_limits.lingerMs)
        return QStringLiteral("refused");
    if (m_phase == Phase::Head && (m_headStarted || m_parsed == 0)) {
        const qint64 since = m_parsed == 0 ? m_acceptedMs : m_headStartMs;
        if (now - since >= m_limits.headerTimeoutMs)
            return QStringLiteral("headers not complete in time");
    }
    if (now - m_lastActivityMs >= m_limits.idleTimeoutMs)
        return QStringLiteral("idle");
    return {};
}

qint64 HttpConnectionGuard::idleSinceMs() const
{
    if (m_streaming)
        return m_streamStartMs;
    if (m_owed > 0)
        return -1;
    return m_lastAnswerMs;
}

void HttpConnectionGuard::closeNow()
{
    m_socket.abort();
}

void HttpConnectionGuard::refuse(const Refusal &refusal)
{
    qCInfo(lcHttp).noquote() << QStringLiteral("[HTTP] Refused a request from %1: %2 %3")
                                    .arg(m_socket.peerAddress().toString())
                                    .arg(refusal.status)
                                    .arg(refusal.message);
    m_phase = Phase::Refused;
    m_refusedMs = nowMs();
    // QtHttpServer reads nothing more from this connection; what it held
    // in its read transaction is let go.
    if (m_server)
        disconnect(&m_socket, &QTcpSocket::readyRead, m_server, nullptr);
    if (m_socket.isTransactionStarted())
        m_socket.commitTransaction();
    m_requestBytes = 0;
    m_refusal =
        HttpReply::encode(refusal.status,
                          QJsonDocument(QJsonObject{{QStringLiteral("error"), refusal.message}})
                              .toJson(QJsonDocument::Compact),
                          QByteArrayLiteral("application/json"), true);
    if (m_owed == 0)
        sendRefusal();
    drain();
}

void HttpConnectionGuard::sendRefusal()
{
    if (m_refusal.isEmpty() || m_socket.state() != QAbstractSocket::ConnectedState)
        return;
    m_refusedMs = nowMs(); // the linger counts from the answer
    m_socket.write(std::exchange(m_refusal, {}));
    m_socket.flush();
    shutdownWhenWritten();
}

void HttpConnectionGuard::shutdownWhenWritten()
{
    // Closing with unread input would reset the connection, and the client
    // might lose the answer: the sending side is shut once the answer is
    // out, the rest of the request is dropped as it comes (drain), and the
    // sweep closes the connection after the linger time.
    qint64 unsent = m_socket.bytesToWrite();
    if (const auto *ssl = qobject_cast<const QSslSocket *>(&m_socket))
        unsent += ssl->encryptedBytesToWrite();
    if (m_writeShut || !m_refusal.isEmpty() || unsent > 0)
        return;
    m_writeShut = true;
    if (m_socket.socketDescriptor() != -1)
        ::shutdown(int(m_socket.socketDescriptor()), SHUT_WR);
}

void HttpConnectionGuard::drain()
{
    if (m_socket.isTransactionStarted())
        m_socket.commitTransaction();
    m_socket.skip(m_socket.bytesAvailable());
}
