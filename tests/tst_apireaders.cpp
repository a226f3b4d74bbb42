#include "LedgerSeed.h"
#include "api/ApiReaderPool.h"
#include "http/HttpServer.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// The artist API's reads on reader threads (ApiReaderPool), as `serve`
// answers them, over real loopback HTTP on a real SQLite ledger: a slow
// request does not hold up another client's, every answer goes to the
// connection that asked (tokens of two artists at once), a client that
// left before its answer does not stop the server, and a ledger the
// readers cannot open is refused when the pool opens. tst_api runs every
// route's behaviour on the pool too.
class TestApiReaders final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    SystemClock &m_clock = SystemClock::instance();
    QNetworkAccessManager m_nam;
    int m_files = 0;

    QNetworkReply *get(quint16 port, const QString &path, const QByteArray &authorization = {})
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port) + path));
        if (!authorization.isEmpty())
            req.setRawHeader("Authorization", authorization);
        return m_nam.get(req);
    }

    static bool finish(QNetworkReply *reply)
    {
        QSignalSpy done(reply, &QNetworkReply::finished);
        return reply->isFinished() || done.wait(10'000);
    }

    static int status(QNetworkReply *reply)
    {
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

    // A route answered on the pool: "/slow" waits until `release` is
    // released (after saying it started), "/fast" answers at once.
    static void addTestRoutes(HttpServer &server, ApiReaderPool &readers, QSemaphore &started,
                              QSemaphore &release)
    {
        const auto route = [&](const QString &path, bool slow) {
            server.route(QHttpServerRequest::Method::Get, path,
                         [&readers, &started, &release, slow, path](const QHttpServerRequest &r,
                                                                    HttpReply reply) {
                             readers.run(r, std::move(reply),
                                         [&started, &release, slow,
                                          path](const HttpRequest &request, HttpReply &answer,
                                                const ArtistApiStores &) {
                                             if (slow) {
                                                 started.release();
                                                 release.acquire();
                                             }
                                             answer.sendJson(200, {{QStringLiteral("path"), path},
                                                                   {QStringLiteral("query"),
                                                                    request.url().query()}});
                                         });
                         });
        };
        route(QStringLiteral("/slow"), true);
        route(QStringLiteral("/fast"), false);
    }

    std::unique_ptr<Ledger> openLedger()
    {
        auto ledger = std::make_unique<Ledger>(
            m_dir.filePath(QStringLiteral("readers-%1.sqlite").arg(++m_files)), m_clock);
        if (!ledger->open())
            return nullptr;
        return ledger;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void aSlowRequestDoesNotHoldUpAnotherClient()
    {
        const std::unique_ptr<Ledger> ledger = openLedger();
        QVERIFY(ledger);
        ApiReaderPool readers(ledger->location(), m_clock, 2);
        QVERIFY(readers.open());
        HttpServer server;
        QSemaphore started;
        QSemaphore release;
        addTestRoutes(server, readers, started, release);
        const quint16 port = server.listenLoopback(0);
        QVERIFY(port != 0);

        QNetworkReply *slow = get(port, QStringLiteral("/slow?n=1"));
        QTRY_VERIFY(started.available() == 1);
        QNetworkReply *fast = get(port, QStringLiteral("/fast?n=2"));
        QVERIFY(finish(fast));
        // Answered while the first request still reads: on one thread it
        // would have waited behind it.
        QVERIFY(!slow->isFinished());
        QCOMPARE(status(fast), 200);
        QCOMPARE(QJsonDocument::fromJson(fast->readAll())[u"query"].toString(), u"n=2");
        QCOMPARE(readers.inFlight(), 1);
        release.release();
        QVERIFY(finish(slow));
        QCOMPARE(status(slow), 200);
        QCOMPARE(QJsonDocument::fromJson(slow->readAll())[u"query"].toString(), u"n=1");
        QCOMPARE(readers.inFlight(), 0);
        delete slow;
        delete fast;
    }

    void aClientThatLeftBeforeItsAnswerStopsNothing()
    {
        const std::unique_ptr<Ledger> ledger = openLedger();
        QVERIFY(ledger);
        ApiReaderPool readers(ledger->location(), m_clock, 1);
        QVERIFY(readers.open());
        HttpServer server;
        QSemaphore started;
        QSemaphore release;
        addTestRoutes(server, readers, started, release);
        const quint16 port = server.listenLoopback(0);
        QVERIFY(port != 0);

        QTcpSocket gone;
        gone.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(gone.waitForConnected(10'000));
        gone.write("GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_VERIFY(started.available() == 1);
        gone.abort();
        QTRY_COMPARE(server.connectionCount(), 0);
        release.release();
        // The answer had nowhere to go; the next client gets its own.
        QNetworkReply *fast = get(port, QStringLiteral("/fast"));
        QVERIFY(finish(fast));
        QCOMPARE(status(fast), 200);
        QCOMPARE(readers.inFlight(), 0);
        delete fast;
    }

    void everyAnswerGoesToTheClientThatAsked()
    {
        const std::unique_ptr<Ledger> ledger = openLedger();
        QVERIFY(ledger);
        Intake intake(*ledger);
        const qint64 t0 = m_clock.nowSecs() - 86'400;
        // A's amounts end in 1, B's are 7777: a body tells whose it is.
        QVERIFY(LedgerSeed::sale(intake, *ledger, QStringLiteral("evt_a"),
                                 {{QStringLiteral("art_A"), 101}, {QStringLiteral("art_A"), 201}},
                                 QStringLiteral("gbp"), t0));
        QVERIFY(LedgerSeed::sale(intake, *ledger, QStringLiteral("evt_b"),
                                 {{QStringLiteral("art_B"), 7777}}, QStringLiteral("gbp"), t0));
        const IssuedArtistToken a =
            ledger->tokens().issue(QStringLiteral("art_A"), QStringLiteral("a")).value();
        const IssuedArtistToken b =
            ledger->tokens().issue(QStringLiteral("art_B"), QStringLiteral("b")).value();
        ApiReaderPool readers(ledger->location(), m_clock, 2);
        QVERIFY(readers.open());
        HttpServer server;
        registerArtistApi(server, readers);
        const quint16 port = server.listenLoopback(0);
        QVERIFY(port != 0);

        // Many at once, on several connections, alternating artists.
        QList<std::pair<QNetworkReply *, QString>> asked;
        for (int i = 0; i < 40; ++i) {
            const bool isA = i % 2 == 0;
            asked.append({get(port, QStringLiteral("/api/v1/artist/scheduled-payouts"),
                              "Bearer " + (isA ? a : b).secret.toUtf8()),
                          isA ? QStringLiteral("art_A") : QStringLiteral("art_B")});
        }
        // And refused tokens among them: each gets the 401, not a neighbour's money.
        QNetworkReply *refused = get(port, QStringLiteral("/api/v1/artist/scheduled-payouts"),
                                     QByteArrayLiteral("Bearer pd_art_wrong"));
        for (const auto &[reply, artist] : std::as_const(asked)) {
            QVERIFY(finish(reply));
            QCOMPARE(status(reply), 200);
            const QByteArray body = reply->readAll();
            const QJsonObject o = QJsonDocument::fromJson(body).object();
            QCOMPARE(o[u"artist"].toString(), artist);
            QCOMPARE(body.contains("7777"), artist == u"art_B");
            QCOMPARE(o[u"entries"].toArray().size(), artist == u"art_A" ? 2 : 1);
            delete reply;
        }
        QVERIFY(finish(refused));
        QCOMPARE(status(refused), 401);
        QCOMPARE(refused->rawHeader("WWW-Authenticate"), QByteArray("Bearer realm=\"payoutdesk\""));
        delete refused;
    }

    void aGoodTokensUseIsRecordedThroughTheServersConnection()
    {
        const std::unique_ptr<Ledger> ledger = openLedger();
        QVERIFY(ledger);
        QVERIFY(ledger->accounts().setAccount(QStringLiteral("art_A"), QStringLiteral("acct_A")));
        const IssuedArtistToken a =
            ledger->tokens().issue(QStringLiteral("art_A"), QStringLiteral("a")).value();
        const IssuedArtistToken unused =
            ledger->tokens().issue(QStringLiteral("art_A"), QStringLiteral("b")).value();
        TokenUseRecorder uses(*ledger);
        ApiReaderPool readers(ledger->location(), m_clock, 2, &uses);
        QVERIFY(readers.open());
        HttpServer server;
        registerArtistApi(server, readers);
        const quint16 port = server.listenLoopback(0);
        QVERIFY(port != 0);
        QNetworkReply *reply =
            get(port, QStringLiteral("/api/v1/artist/engine"), "Bearer " + a.secret.toUtf8());
        QVERIFY(finish(reply));
        delete reply;
        reply = get(port, QStringLiteral("/api/v1/engine"), "Bearer " + a.secret.toUtf8());
        QVERIFY(finish(reply));
        QCOMPARE(status(reply), 200);
        delete reply;
        const auto lastUsed = [&](qint64 id) {
            const QList<ArtistTokenInfo> tokens = ledger->tokens().list().value();
            for (const ArtistTokenInfo &t : tokens)
                if (t.id == id)
                    return t.lastUsedAt;
            return QDateTime();
        };
        // Within the recorder's second, by the server's own connection.
        QTRY_VERIFY_WITH_TIMEOUT(lastUsed(a.info.id).isValid(), 10'000);
        QVERIFY(!lastUsed(unused.info.id).isValid());
    }

    void usesNotWrittenYetAreWrittenWhenServeStops()
    {
        const std::unique_ptr<Ledger> ledger = openLedger();
        QVERIFY(ledger);
        QVERIFY(ledger->accounts().setAccount(QStringLiteral("art_A"), QStringLiteral("acct_A")));
        const IssuedArtistToken a =
            ledger->tokens().issue(QStringLiteral("art_A"), QStringLiteral("a")).value();
        {
            TokenUseRecorder uses(*ledger);
            uses.used(a.secret);
        }
        QVERIFY(ledger->tokens().list().value().constFirst().lastUsedAt.isValid());
    }

    void aLedgerTheReadersCannotOpenIsRefusedAtOnce()
    {
        // A "folder" that is a file: no ledger can be made in it.
        QFile notAFolder(m_dir.filePath(QStringLiteral("not-a-folder")));
        QVERIFY(notAFolder.open(QIODevice::WriteOnly));
        notAFolder.close();
        ApiReaderPool readers(
            LedgerLocation::sqliteFile(m_dir.filePath(QStringLiteral("not-a-folder/l.sqlite"))),
            m_clock, 2);
        const Status s = readers.open();
        QVERIFY(!s);
        QVERIFY2(s.error().message.contains(u"not-a-folder"), qPrintable(s.error().message));
    }
};

QTEST_GUILESS_MAIN(TestApiReaders)
#include "tst_apireaders.moc"
