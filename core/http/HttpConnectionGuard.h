#pragma once

#include "http/HttpLimits.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>

class HttpServer;
class QTcpSocket;

// One connection's limits, applied to the bytes before QtHttpServer's parser
// reads them. Its readyRead slot runs before QtHttpServer's (beforeParse)
// and after it (afterParse): it peeks at the bytes that arrived, follows the
// request framing far enough to count the request line, the headers and the
// body, and refuses a request that breaks a limit (413, 431, 400, 501) with
// the connection closed, before the parser holds the rest. The parser stays
// QtHttpServer's: every request the guard lets through is framed the same
// way by both (an ambiguous Content-Length or Transfer-Encoding is refused),
// and each request QtHttpServer completes re-synchronises the guard.
//
// It also keeps the times the server's sweep reads: the header timeout, the
// idle timeout, and how long the connection has been idle for the cap.
// A child of its socket: it goes with it.
class HttpConnectionGuard final : public QObject
{
    Q_OBJECT
public:
    HttpConnectionGuard(QTcpSocket &socket, HttpServer &server, qint64 acceptedMs);
    ~HttpConnectionGuard() override;

    // Connected to the socket's readyRead before and after QtHttpServer.
    void beforeParse();
    void afterParse();

    // QtHttpServer completed a request on this connection; its handler got
    // a reply that calls replied() once sent.
    void requestParsed();
    void replied();

    // The answer to the last request became a stream (HttpReply::
    // openStream()): QtHttpServer reads nothing more from this connection,
    // what arrives is dropped, and no timeout applies; at the cap it counts
    // as idle since the stream opened.
    void startStream();
    bool isStreaming() const { return m_streaming; }

    // Why the connection should be closed now (a timeout), or empty.
    QString expiry(qint64 now) const;
    // Since when the connection has done nothing useful (its start, or the
    // last answer sent), or -1 while an answer is owed: the cap closes the
    // smallest first.
    qint64 idleSinceMs() const;
    // Bytes of the request being received (what QtHttpServer holds for it).
    qint64 requestBytes() const { return m_requestBytes; }
    void closeNow();

private:
    enum class Phase { Head, FixedBody, ChunkedBody, Refused };
    struct Refusal
    {
        int status = 0;
        QString message;
    };

    qint64 nowMs() const;
    bool scanHeadByte(char c, qint64 now, Refusal *refusal);
    bool endOfLine(Refusal *refusal);
    bool endOfHead(Refusal *refusal);
    void startHead();
    void refuse(const Refusal &refusal);
    void sendRefusal();
    void shutdownWhenWritten();
    void drain();

    QTcpSocket &m_socket;
    QPointer<HttpServer> m_server;
    const HttpLimits m_limits;

    Phase m_phase = Phase::Head;
    // Unread bytes at the front of the socket's buffer already scanned.
    qint64 m_scannedAhead = 0;
    bool m_rescan = false;
    // The head being scanned.
    bool m_headStarted = false;
    qint64 m_headBytes = 0;
    int m_lines = 0;
    QByteArray m_line;
    QList<QByteArray> m_contentLengths;
    QList<QByteArray> m_transferEncodings;
    // The body being counted.
    qint64 m_bodyLeft = 0;
    qint64 m_bodyBytes = 0;
    qint64 m_requestBytes = 0;
    // Requests whose head the guard saw end, and that QtHttpServer parsed.
    qint64 m_framed = 0;
    qint64 m_parsed = 0;
    // Requests the guard saw end (head and body).
    qint64 m_complete = 0;
    // A refusal of a request behind complete ones QtHttpServer has yet to
    // parse: made once it has parsed them.
    Refusal m_deferred;
    int m_owed = 0; // answers owed

    qint64 m_acceptedMs = 0;
    qint64 m_headStartMs = 0;
    qint64 m_lastActivityMs = 0;
    qint64 m_lastAnswerMs = 0;
    qint64 m_refusedMs = 0;
    QByteArray m_refusal; // the answer, written once no earlier answer is owed
    bool m_writeShut = false;
    bool m_streaming = false;
    qint64 m_streamStartMs = 0;
};
