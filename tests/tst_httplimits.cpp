#include "http/HttpServer.h"
#include "util/Clock.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>

// HttpServer's limits over real loopback connections, with raw sockets as
// clients: what a sender may cost is bounded before QtHttpServer holds it,
// for every route. Time is a ManualClock; the sweep runs when the test says.
class TestHttpLimits final : public QObject
{
    Q_OBJECT
    ManualClock m_clock;
    HttpLimits m_limits;
    std::unique_ptr<HttpServer> m_server;
    quint16 m_port = 0;
    int m_handled = 0;
    HttpReply m_later;

    void start(const HttpLimits &limits)
    {
        m_server = std::make_unique<HttpServer>();
        m_server->setClock(m_clock);
        m_server->setLimits(limits);
        // Bodies' sizes, answered at once.
        m_server->route(QHttpServerRequest::Method::Post, QStringLiteral("/echo"),
                        [this](const QHttpServerRequest &request, HttpReply reply) {
                            ++m_handled;
                            reply.send(200, QByteArray::number(request.body().size()),
                                       QByteArrayLiteral("text/plain"));
                        });
        m_server->route(QHttpServerRequest::Method::Get, QStringLiteral("/ping"),
                        [this](const QHttpServerRequest &, HttpReply reply) {
                            ++m_handled;
                            reply.send(200, QByteArrayLiteral("pong"),
                                       QByteArrayLiteral("text/plain"));
                        });
        // Answered when the test says (as the webhook answers after its
        // journal write).
        m_server->route(QHttpServerRequest::Method::Get, QStringLiteral("/later"),
                        [this](const QHttpServerRequest &, HttpReply reply) {
                            ++m_handled;
                            m_later = reply;
                        });
        m_port = m_server->listenLoopback(0);
        QVERIFY(m_port != 0);
    }

    std::unique_ptr<QTcpSocket> connectClient()
    {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, m_port);
        if (!socket->waitForConnected(5000))
            return nullptr;
        return socket;
    }
    // What arrives until the server closes the connection (waits on the
    // socket's signals, at most 10 s).
    static QByteArray readUntilClosed(QTcpSocket &socket)
    {
        QSignalSpy closed(&socket, &QAbstractSocket::disconnected);
        if (socket.state() != QAbstractSocket::UnconnectedState && closed.isEmpty())
            closed.wait(10000);
        return socket.readAll();
    }
    static QByteArray head(const QByteArray &extra)
    {
        return "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
    }
    // Writes `total` bytes of `unit`, as fast as the connection takes them,
    // until the server closes it: returns what was written.
    static qint64 stream(QTcpSocket &socket, const QByteArray &unit, qint64 total)
    {
        QSignalSpy progress(&socket, &QIODevice::bytesWritten);
        qint64 written = 0;
        while (written < total && socket.state() == QAbstractSocket::ConnectedState) {
            if (socket.bytesToWrite() < (1 << 20)) {
                socket.write(unit);
                written += unit.size();
            } else {
                progress.wait(2000);
            }
        }
        return written;
    }

private Q_SLOTS:
    void init()
    {
        m_limits = HttpLimits();
        m_limits.sweepIntervalMs = 60'000; // the tests sweep themselves
        m_limits.lingerMs = 0;
        m_handled = 0;
        start(m_limits);
    }
    void cleanup() { m_server.reset(); }

    void pipelinedRequestsOfEveryFramingAreAnswered()
    {
        // The guard follows the framing QtHttpServer uses: a fixed body, a
        // chunked one and none, one after the other on one connection.
        auto client = connectClient();
        QVERIFY(client);
        client->write(head("Content-Length: 5\r\n") + "hello" +
                      head("Transfer-Encoding: chunked\r\n") +
                      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n" +
                      "GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QByteArray got;
        QTRY_VERIFY((got += client->readAll(), got.count("HTTP/1.1 200") == 3));
        QVERIFY2(got.contains("\r\n\r\n5HTTP") && got.contains("\r\n\r\n11HTTP") &&
                     got.endsWith("pong"),
                 got.constData());
        QCOMPARE(m_handled, 3);
        QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
    }

    void aBodyUpToTheLimitIsTaken()
    {
        auto client = connectClient();
        QVERIFY(client);
        const QByteArray body(int(m_limits.maxBodyBytes), 'x');
        client->write(head("Content-Length: " + QByteArray::number(body.size()) + "\r\n") + body);
        QByteArray got;
        QTRY_VERIFY((got += client->readAll(), got.endsWith(QByteArray::number(body.size()))));
        QVERIFY(got.startsWith("HTTP/1.1 200"));
    }

    void aDeclaredBodyOverTheLimitIs413BeforeItIsRead()
    {
        auto client = connectClient();
        QVERIFY(client);
        // 2 GiB announced; the client sends 16 MiB of it before it stops.
        client->write(head("Content-Length: 2147483648\r\n"));
        const qint64 sent = stream(*client, QByteArray(64 * 1024, 'x'), 16 << 20);
        const QByteArray got = readUntilClosed(*client);
        QVERIFY2(got.startsWith("HTTP/1.1 413 Payload Too Large\r\n"), got.constData());
        QVERIFY(got.contains("Connection: close"));
        QCOMPARE(m_handled, 0);
        // Only the head was held, whatever the client sent.
        QVERIFY2(m_server->peakRequestBytes() < 1024,
                 qPrintable(QString::number(m_server->peakRequestBytes())));
        qInfo("client wrote %lld bytes before the close", sent);
    }

    void aChunkedBodyIsCutOffAtTheLimit()
    {
        auto client = connectClient();
        QVERIFY(client);
        client->write(head("Transfer-Encoding: chunked\r\n"));
        const QByteArray chunk = "10000\r\n" + QByteArray(0x10000, 'x') + "\r\n";
        stream(*client, chunk, 64 << 20);
        const QByteArray got = readUntilClosed(*client);
        QVERIFY2(got.startsWith("HTTP/1.1 413 "), got.constData());
        QCOMPARE(m_handled, 0);
        // Counted as it arrived: never much more than the limit held.
        QVERIFY2(m_server->peakRequestBytes() <= m_limits.maxBodyBytes + 256 * 1024,
                 qPrintable(QString::number(m_server->peakRequestBytes())));
    }

    void ambiguousFramingIsRefused_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<int>("status");
        QTest::newRow("two conflicting Content-Length")
            << QByteArray("Content-Length: 5\r\nContent-Length: 6\r\n") << 400;
        QTest::newRow("a Content-Length list") << QByteArray("Content-Length: 5, 6\r\n") << 400;
        QTest::newRow("a signed Content-Length") << QByteArray("Content-Length: +5\r\n") << 400;
        QTest::newRow("Content-Length and chunked")
            << QByteArray("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n") << 400;
        QTest::newRow("an unknown transfer coding")
            << QByteArray("Transfer-Encoding: gzip, chunked\r\n") << 501;
        QTest::newRow("space before the colon") << QByteArray("Content-Length : 5\r\n") << 400;
        QTest::newRow("a folded line") << QByteArray("X-A: 1\r\n  folded\r\n") << 400;
    }
    void ambiguousFramingIsRefused()
    {
        QFETCH(QByteArray, headers);
        QFETCH(int, status);
        auto client = connectClient();
        QVERIFY(client);
        client->write(head(headers) + "hello");
        const QByteArray got = readUntilClosed(*client);
        QVERIFY2(got.startsWith(QByteArray("HTTP/1.1 " + QByteArray::number(status) + ' ')),
                 got.constData());
        QCOMPARE(m_handled, 0);
    }

    void aRefusalWaitsForTheAnswerOwedBeforeIt()
    {
        // Pipelined: a request answered later, then one refused at once.
        // The answers keep their order.
        auto client = connectClient();
        QVERIFY(client);
        client->write("GET /later HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" +
                      head("Content-Length: 99999999\r\n"));
        QTRY_COMPARE(m_handled, 1);
        QTRY_VERIFY(m_server->peakRequestBytes() > 0);
        QCOMPARE(client->bytesAvailable(), 0);
        m_later.send(200, QByteArrayLiteral("later"), QByteArrayLiteral("text/plain"));
        const QByteArray got = readUntilClosed(*client);
        QVERIFY2(got.startsWith("HTTP/1.1 200 OK\r\n"), got.constData());
        const qsizetype refusal = got.indexOf("HTTP/1.1 413 ");
        QVERIFY2(refusal > got.indexOf("later"), got.constData());
    }

    void identicalContentLengthsAreOneLength()
    {
        auto client = connectClient();
        QVERIFY(client);
        client->write(head("Content-Length: 5\r\nContent-Length: 5\r\n") + "hello");
        QByteArray got;
        QTRY_VERIFY((got += client->readAll(), got.endsWith("\r\n\r\n5")));
        QVERIFY(got.startsWith("HTTP/1.1 200"));
    }

    void headersAreBounded_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::newRow("one huge header")
            << "X-Big: " + QByteArray(int(HttpLimits().maxHeadBytes), 'a') + "\r\n";
        QByteArray many;
        for (int i = 0; i <= HttpLimits().maxHeaderCount; ++i)
            many += "X-H" + QByteArray::number(i) + ": 1\r\n";
        QTest::newRow("too many headers") << many;
        QTest::newRow("a huge request line, never ended") << QByteArray(64 * 1024, 'a');
    }
    void headersAreBounded()
    {
        QFETCH(QByteArray, headers);
        auto client = connectClient();
        QVERIFY(client);
        client->write(head(headers));
        const QByteArray got = readUntilClosed(*client);
        QVERIFY2(got.startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"),
                 got.left(200).constData());
        QCOMPARE(m_handled, 0);
        QVERIFY(m_server->peakRequestBytes() <= HttpLimits().maxHeadBytes + 1);
    }

    void headersThatDoNotCompleteInTimeAreClosed()
    {
        auto silent = connectClient();
        auto slow = connectClient();
        QVERIFY(silent && slow);
        slow->write("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        QTRY_COMPARE(m_server->peakRequestBytes(), qint64(38));
        QTRY_COMPARE(m_server->connectionCount(), 2);
        m_clock.advanceMs(m_limits.headerTimeoutMs - 1);
        m_server->sweep();
        QCOMPARE(m_server->connectionCount(), 2);
        slow->write("X-Still: typing\r\n"); // bytes, but no end of headers
        m_clock.advanceMs(1);
        m_server->sweep();
        QCOMPARE(m_server->connectionCount(), 0);
        QTRY_COMPARE(silent->state(), QAbstractSocket::UnconnectedState);
        QTRY_COMPARE(slow->state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(m_handled, 0);
    }

    void anIdleKeepAliveConnectionIsClosed()
    {
        auto client = connectClient();
        QVERIFY(client);
        client->write("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QByteArray got;
        QTRY_VERIFY((got += client->readAll(), got.endsWith("pong")));
        // Between requests the idle timeout holds, not the header timeout.
        m_clock.advanceMs(m_limits.idleTimeoutMs - 1);
        m_server->sweep();
        QCOMPARE(m_server->connectionCount(), 1);
        m_clock.advanceMs(1);
        m_server->sweep();
        QCOMPARE(m_server->connectionCount(), 0);
        QTRY_COMPARE(client->state(), QAbstractSocket::UnconnectedState);
    }

    void theSweepRunsOnItsOwn()
    {
        HttpLimits limits = m_limits;
        limits.sweepIntervalMs = 5;
        start(limits);
        auto client = connectClient();
        QVERIFY(client);
        QTRY_COMPARE(m_server->connectionCount(), 1);
        m_clock.advanceMs(limits.headerTimeoutMs);
        QTRY_COMPARE(client->state(), QAbstractSocket::UnconnectedState);
    }

    void atTheCapTheConnectionIdleTheLongestMakesRoom()
    {
        HttpLimits limits = m_limits;
        limits.maxConnections = 20;
        start(limits);
        std::vector<std::unique_ptr<QTcpSocket>> idle;
        for (int i = 0; i < limits.maxConnections; ++i) {
            idle.push_back(connectClient());
            QVERIFY(idle.back());
            QTRY_COMPARE(m_server->connectionCount(), i + 1);
            m_clock.advanceMs(10);
        }
        // A real sender gets in and is answered; the oldest idle one goes.
        auto sender = connectClient();
        QVERIFY(sender);
        sender->write("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QByteArray got;
        QTRY_VERIFY((got += sender->readAll(), got.endsWith("pong")));
        QTRY_COMPARE(idle.front()->state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(m_server->connectionCount(), limits.maxConnections);
        for (std::size_t i = 1; i < idle.size(); ++i)
            QCOMPARE(idle[i]->state(), QAbstractSocket::ConnectedState);
    }
};

QTEST_GUILESS_MAIN(TestHttpLimits)
#include "tst_httplimits.moc"
