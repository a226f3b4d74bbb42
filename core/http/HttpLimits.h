#pragma once

#include <QtGlobal>

// What one HTTP connection may cost before it is refused or closed. The same
// for every route: HttpConnectionGuard applies them to the bytes as they
// arrive, before QtHttpServer's parser holds any of it (see HttpServer).
struct HttpLimits
{
    // A body larger than this is refused with 413: at once when its
    // Content-Length says so, as it arrives when it is chunked (counted on
    // the wire, chunk framing included).
    qint64 maxBodyBytes = 1 << 20;
    // The request line and the headers together: 431 beyond it.
    qint64 maxHeadBytes = 16 * 1024;
    // Header lines in one request: 431 beyond it.
    int maxHeaderCount = 100;
    // From the connection's start (or the first byte of a later request) to
    // the end of its headers.
    qint64 headerTimeoutMs = 10'000;
    // Nothing received and nothing sent: a keep-alive connection waiting for
    // its next request, a body that stopped, an answer that never came.
    qint64 idleTimeoutMs = 60'000;
    // Open connections; a new one beyond it closes the one idle the longest.
    int maxConnections = 1000;
    // After a refusal the answer is sent, the sending side shut and what the
    // client still sends is read and dropped for this long (so that it reads
    // the answer instead of a reset), then the connection is closed.
    qint64 lingerMs = 2'000;
    // How often the timeouts are checked (real time).
    int sweepIntervalMs = 1'000;

    // QTcpSocket's read buffer: one whole request (QtHttpServer keeps it in
    // a read transaction until it is complete) and a little of the next.
    qint64 readBufferBytes() const { return maxHeadBytes + maxBodyBytes + 64 * 1024; }
};
