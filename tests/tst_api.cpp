#include "Events.h"
#include "LedgerSeed.h"
#include "api/ApiReaderPool.h"
#include "api/ArtistApi.h"
#include "api/TokenAttemptLimiter.h"
#include "http/HttpServer.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "service/EngineHost.h"
#include "service/EngineStatus.h"
#include "util/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// The artist API over real loopback HTTP, on a real SQLite ledger: a token
// reads its own artist's money and nothing else, through every route; a
// revoked or wrong token gets the same 401; malformed parameters get 400
// with the reason; pages walk every entry once; the engine route tells the
// engine's own mode and that it stopped. Every test runs twice: answered
// on the server's thread, and on reader threads with connections of their
// own, as `serve` answers (ApiReaderPool).
class TestApi final : public QObject
{
    Q_OBJECT

    struct Response
    {
        int status = 0;
        QByteArray body;
        QByteArray wwwAuthenticate;
        QByteArray retryAfter;
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };

    QTemporaryDir m_dir;
    ManualClock m_clock; // 2026-01-01T00:00:00Z, a Thursday
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<Intake> m_intake;
    std::unique_ptr<HttpServer> m_server;
    std::unique_ptr<ApiReaderPool> m_readers;
    QNetworkAccessManager m_nam;
    quint16 m_port = 0;
    int m_files = 0;

    IssuedArtistToken m_a;
    IssuedArtistToken m_b;
    QList<qint64> m_idsA; // art_A's entries: 5 open, 3 paid
    QList<qint64> m_idsB; // art_B's: 2 open, 1 paid

    static inline const QStringList kRoutes{QStringLiteral("/api/v1/artist/scheduled-payouts"),
                                            QStringLiteral("/api/v1/artist/history"),
                                            QStringLiteral("/api/v1/artist/history/weekly"),
                                            QStringLiteral("/api/v1/engine")};

    Response get(const QString &pathAndQuery, const QByteArray &authorization)
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port) + pathAndQuery));
        if (!authorization.isNull())
            req.setRawHeader("Authorization", authorization);
        QNetworkReply *reply = m_nam.get(req);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !done.wait(10'000))
            qFatal("no answer from the API");
        reply->deleteLater();
        return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                reply->readAll(), reply->rawHeader("WWW-Authenticate"),
                reply->rawHeader("Retry-After")};
    }
    Response get(const QString &pathAndQuery, const IssuedArtistToken &token)
    {
        return get(pathAndQuery, "Bearer " + token.secret.toUtf8());
    }

    // The same GET from another loopback address (the connection's local
    // end bound to `from`), over a plain socket; status 0 when `from`
    // cannot be bound here.
    Response getFrom(const QHostAddress &from, const QString &path, const QByteArray &authorization)
    {
        QTcpSocket socket;
        if (!socket.bind(from, 0))
            return {};
        QSignalSpy connected(&socket, &QTcpSocket::connected);
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        if (socket.state() != QAbstractSocket::ConnectedState && !connected.wait(10'000))
            qFatal("cannot connect from another loopback address");
        socket.write("GET " + path.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                     "Authorization: " + authorization + "\r\nConnection: close\r\n\r\n");
        QByteArray raw;
        connect(&socket, &QTcpSocket::readyRead, this, [&] { raw += socket.readAll(); });
        QSignalSpy closed(&socket, &QTcpSocket::disconnected);
        while (closed.isEmpty() && socket.state() != QAbstractSocket::UnconnectedState)
            if (!closed.wait(10'000))
                qFatal("no answer from the API");
        raw += socket.readAll();
        const qsizetype headEnd = raw.indexOf("\r\n\r\n");
        if (headEnd < 0)
            qFatal("no complete answer from the API");
        const QList<QByteArray> lines = raw.left(headEnd).split('\n');
        Response r{lines.value(0).split(' ').value(1).toInt(), raw.mid(headEnd + 4), {}, {}};
        for (const QByteArray &line : lines) {
            const QByteArray name = line.left(line.indexOf(':')).trimmed().toLower();
            const QByteArray value = line.mid(line.indexOf(':') + 1).trimmed();
            if (name == "www-authenticate")
                r.wwwAuthenticate = value;
            else if (name == "retry-after")
                r.retryAfter = value;
        }
        return r;
    }

    // Refused tokens from this test's address until the budget is spent.
    void spendTheBudget(const QString &route)
    {
        for (int i = 0; i < TokenAttemptLimiter::Budget{}.attempts; ++i)
            QCOMPARE(get(route, QByteArray("Bearer pd_art_wrong")).status, 401);
    }

    QList<qint64> sale(const QString &eventId, const QString &artist, QList<qint64> amounts,
                       qint64 createdSecs)
    {
        QList<std::pair<QString, qint64>> items;
        for (qint64 a : amounts)
            items.append({artist, a});
        return LedgerSeed::sale(*m_intake, *m_ledger, eventId, items, QStringLiteral("gbp"),
                                createdSecs)
            .value();
    }

    static QList<qint64> ids(const QJsonArray &entries)
    {
        QList<qint64> out;
        for (const QJsonValue &v : entries)
            out << v[u"id"].toInteger();
        return out;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void initTestCase_data()
    {
        QTest::addColumn<bool>("readers");
        QTest::newRow("server's thread") << false;
        QTest::newRow("reader threads") << true;
    }

    void init()
    {
        m_clock.set(QDateTime::fromSecsSinceEpoch(1'767'225'600, Qt::UTC));
        m_ledger = std::make_unique<Ledger>(
            m_dir.filePath(QStringLiteral("api-%1.sqlite").arg(++m_files)), m_clock);
        QVERIFY(m_ledger->open());
        m_intake = std::make_unique<Intake>(*m_ledger);
        const qint64 t0 = m_clock.nowSecs() - 20 * 86'400;
        QVERIFY(m_ledger->accounts().setAccount(QStringLiteral("art_A"), QStringLiteral("acct_A")));
        QVERIFY(m_ledger->accounts().setAccount(QStringLiteral("art_B"), QStringLiteral("acct_B")));
        // Amounts tell the artists apart in any body: A's end in 1, B's are 7777.
        m_idsA = sale(QStringLiteral("evt_a1"), QStringLiteral("art_A"), {101, 201, 301}, t0);
        m_idsA += sale(QStringLiteral("evt_a2"), QStringLiteral("art_A"), {401, 501}, t0 + 60);
        m_idsA +=
            sale(QStringLiteral("evt_a3"), QStringLiteral("art_A"), {601, 701, 801}, t0 + 120);
        m_idsB =
            sale(QStringLiteral("evt_b1"), QStringLiteral("art_B"), {7777, 7777, 7777}, t0 + 30);
        // A was paid twice (two transfers, 10 and 3 days ago), B once.
        QVERIFY(LedgerSeed::pay(*m_ledger, {m_idsA[5], m_idsA[6]}, QStringLiteral("tr_A_old"),
                                m_clock.now().addDays(-10)));
        QVERIFY(LedgerSeed::pay(*m_ledger, {m_idsA[7]}, QStringLiteral("tr_A_new"),
                                m_clock.now().addDays(-3)));
        QVERIFY(LedgerSeed::pay(*m_ledger, {m_idsB[2]}, QStringLiteral("tr_B"),
                                m_clock.now().addDays(-3)));
        LedgerSeed::EntryChange held;
        held.state = EntryState::Held;
        held.reason = QStringLiteral("payout account not ready");
        QVERIFY(LedgerSeed::change(*m_ledger, m_idsB[1], held));

        m_a = m_ledger->tokens().issue(QStringLiteral("art_A"), QStringLiteral("laptop")).value();
        m_b = m_ledger->tokens().issue(QStringLiteral("art_B"), {}).value();

        m_server = std::make_unique<HttpServer>();
        QFETCH_GLOBAL(bool, readers);
        if (readers) {
            m_readers = std::make_unique<ApiReaderPool>(m_ledger->location(), m_clock, 2);
            QVERIFY(m_readers->open());
            registerArtistApi(*m_server, *m_readers);
        } else {
            registerArtistApi(*m_server,
                              {m_ledger->tokens(), m_ledger->reader(), m_ledger->meta(), m_clock});
        }
        m_port = m_server->listenLoopback(0);
        QVERIFY(m_port != 0);
    }

    void cleanup()
    {
        m_readers.reset();
        m_server.reset();
        m_intake.reset();
        m_ledger.reset();
    }

    void scheduledPayoutsShowTotalsAndEntriesOfTheTokensArtist()
    {
        const Response r = get(QStringLiteral("/api/v1/artist/scheduled-payouts"), m_a);
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        QCOMPARE(o[u"artist"].toString(), u"art_A");
        // The artist's own payout account, for their window's Account tab.
        QCOMPARE(o[u"payout_account"].toString(), u"acct_A");
        const QJsonArray totals = o[u"totals"].toArray();
        QCOMPARE(totals.size(), 1);
        QCOMPARE(totals[0][u"currency"].toString(), u"gbp");
        QCOMPARE(totals[0][u"pending_minor"].toInteger(), 101 + 201 + 301 + 401 + 501);
        QCOMPARE(totals[0][u"processing_minor"].toInteger(), 0);
        QCOMPARE(totals[0][u"on_hold_minor"].toInteger(), 0);
        QCOMPARE(totals[0][u"entries"].toInteger(), 5);
        const QJsonArray entries = o[u"entries"].toArray();
        QCOMPARE(ids(entries), m_idsA.mid(0, 5));
        const QJsonObject first = entries[0].toObject();
        QCOMPARE(first[u"amount_minor"].toInteger(), 101);
        QVERIFY(first[u"amount_minor"].isDouble()); // JSON number; an integer of minor units
        QCOMPARE(first[u"currency"].toString(), u"gbp");
        QCOMPARE(first[u"source"].toString(), u"sale");
        QCOMPARE(first[u"reference"].toString(), u"cs_test_a1");
        QCOMPARE(first[u"track"].toString(), u"trk_1");
        QCOMPARE(first[u"state"].toString(), u"pending");
        QCOMPARE(first[u"status"].toString(), u"pending");
        QVERIFY(first[u"created_at"].toString().endsWith(u'Z'));
        QVERIFY(first[u"expected_run"].isNull()); // no engine runs
        QCOMPARE(o[u"paging"][u"total"].toInteger(), 5);
        QVERIFY(o[u"paging"][u"next_cursor"].isNull());
    }

    void isolationThroughEveryRoute()
    {
        for (const QString &route : kRoutes) {
            const Response a = get(route, m_a);
            QCOMPARE(a.status, 200);
            QVERIFY2(!a.body.contains("art_B") && !a.body.contains("7777") &&
                         !a.body.contains("tr_B") && !a.body.contains("cs_test_b1"),
                     a.body.constData());
            for (qint64 id : m_idsB)
                QVERIFY(!a.body.contains(QByteArray("\"id\":" + QByteArray::number(id) + ',')));
            const Response b = get(route, m_b);
            QCOMPARE(b.status, 200);
            QVERIFY2(!b.body.contains("art_A") && !b.body.contains("tr_A") &&
                         !b.body.contains("cs_test_a"),
                     b.body.constData());
        }
        // B's own: one entry pending, one on hold with its reason, one paid.
        const QJsonObject b = get(QStringLiteral("/api/v1/artist/scheduled-payouts"), m_b).json();
        QCOMPARE(ids(b[u"entries"].toArray()), m_idsB.mid(0, 2));
        QCOMPARE(b[u"totals"][0][u"pending_minor"].toInteger(), 7777);
        QCOMPARE(b[u"totals"][0][u"on_hold_minor"].toInteger(), 7777);
        QCOMPARE(b[u"entries"][1][u"status"].toString(), u"on_hold");
        QCOMPARE(b[u"entries"][1][u"reason"].toString(), u"payout account not ready");
        const QJsonArray transfers =
            get(QStringLiteral("/api/v1/artist/history"), m_b).json()[u"transfers"].toArray();
        QCOMPARE(transfers.size(), 1);
        QCOMPARE(transfers[0][u"transfer_id"].toString(), u"tr_B");
    }

    void theArtistComesFromTheTokenNeverAParameter()
    {
        for (const QString &route : kRoutes) {
            const Response r = get(route + QStringLiteral("?artist=art_B"), m_a);
            QCOMPARE(r.status, 400);
            QVERIFY(!r.body.contains("7777"));
            QVERIFY(r.json()[u"message"].toString().contains(u"token"));
        }
    }

    void revocationTakesEffectAtOnce()
    {
        const QString route = QStringLiteral("/api/v1/artist/scheduled-payouts");
        QCOMPARE(get(route, m_a).status, 200);
        QVERIFY(m_ledger->tokens().revoke(m_a.info.id).value());
        for (const QString &r : kRoutes)
            QCOMPARE(get(r, m_a).status, 401);
        QCOMPARE(get(route, m_b).status, 200); // only that token
    }

    void everyRefusedTokenGetsTheSame401_data()
    {
        QTest::addColumn<QByteArray>("authorization");
        QTest::newRow("no header") << QByteArray();
        QTest::newRow("empty") << QByteArray("");
        QTest::newRow("basic") << QByteArray("Basic YXJ0X0E6cGFzcw==");
        QTest::newRow("bearer, nothing") << QByteArray("Bearer ");
        QTest::newRow("garbage") << QByteArray("Bearer garbage");
        QTest::newRow("well formed, never issued")
            << QByteArray("Bearer " + ArtistToken::generate().toUtf8());
        QTest::newRow("an artist's name") << QByteArray("Bearer art_A");
        QTest::newRow("revoked") << QByteArray("revoked");
        QTest::newRow("other artist's id as a token") << QByteArray("Bearer art_B");
    }
    void everyRefusedTokenGetsTheSame401()
    {
        QFETCH(QByteArray, authorization);
        if (authorization == "revoked") {
            QVERIFY(m_ledger->tokens().revoke(m_b.info.id).value());
            authorization = "Bearer " + m_b.secret.toUtf8();
        }
        const Response reference = get(kRoutes[0], QByteArray("Bearer wrong"));
        QCOMPARE(reference.status, 401);
        for (const QString &route : kRoutes) {
            const Response r = get(route, authorization);
            QCOMPARE(r.status, 401);
            QCOMPARE(r.body, reference.body);
            // Parameters are not looked at before the token is: no 400 either.
            QCOMPARE(get(route + QStringLiteral("?limit=0&artist=art_A"), authorization).body,
                     reference.body);
        }
    }

    void aLedgerThatCannotCheckTheTokenGets503Not401()
    {
        // A window told 401 would say its token was revoked; a failed read
        // is not that. The reason stays in serve's log.
        struct FailingTokens final : TokenStore
        {
            Result<IssuedArtistToken> issue(const QString &, const QString &) override
            {
                return fail(Error::database(QStringLiteral("disk I/O error")));
            }
            Result<QList<ArtistTokenInfo>> list(const QString &) override
            {
                return fail(Error::database(QStringLiteral("disk I/O error")));
            }
            Result<bool> revoke(qint64) override
            {
                return fail(Error::database(QStringLiteral("disk I/O error")));
            }
            Result<std::optional<QString>> authenticate(const QString &, Use) override
            {
                return fail(Error::database(QStringLiteral("disk I/O error")));
            }
            Status recordUses(const QStringList &) override
            {
                return fail(Error::database(QStringLiteral("disk I/O error")));
            }
        } failing;
        HttpServer server;
        registerArtistApi(server, {failing, m_ledger->reader(), m_ledger->meta(), m_clock});
        const quint16 usual = m_port;
        m_port = server.listenLoopback(0);
        QVERIFY(m_port != 0);
        const Response r = get(kRoutes[0], m_a);
        // A failed check is not a refused token: it costs no attempt.
        for (int i = 0; i < 2 * TokenAttemptLimiter::Budget{}.attempts; ++i)
            QCOMPARE(get(kRoutes[0], m_a).status, 503);
        // A request without a token is still refused before the ledger is asked.
        const Response none = get(kRoutes[0], QByteArray());
        m_port = usual;
        QCOMPARE(r.status, 503);
        QCOMPARE(r.json()[u"error"].toString(), u"unavailable");
        QVERIFY(!r.body.contains("disk I/O"));
        QCOMPARE(none.status, 401);
    }

    void malformedParametersGet400WithTheReason_data()
    {
        QTest::addColumn<QString>("route");
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("reason");
        const QString scheduled = kRoutes[0];
        const QString history = kRoutes[1];
        QTest::newRow("limit 0") << scheduled << u"limit=0"_qs << u"limit must be"_qs;
        QTest::newRow("limit too big") << scheduled << u"limit=201"_qs << u"1 to 200"_qs;
        QTest::newRow("limit words") << history << u"limit=ten"_qs << u"limit must be"_qs;
        QTest::newRow("limit negative") << history << u"limit=-5"_qs << u"limit must be"_qs;
        QTest::newRow("limit fraction") << scheduled << u"limit=1.5"_qs << u"limit must be"_qs;
        QTest::newRow("limit signed") << scheduled << u"limit=%2B5"_qs << u"limit must be"_qs;
        QTest::newRow("limit empty") << scheduled << u"limit="_qs << u"limit must be"_qs;
        QTest::newRow("limit twice") << scheduled << u"limit=1&limit=2"_qs << u"twice"_qs;
        QTest::newRow("cursor garbage") << scheduled << u"cursor=%25%25"_qs << u"cursor"_qs;
        QTest::newRow("cursor forged") << history << u"cursor=b2s6LTE"_qs << u"cursor"_qs;
        QTest::newRow("unknown") << history << u"page=2"_qs << u"unknown parameter 'page'"_qs;
        QTest::newRow("weeks 0") << kRoutes[2] << u"weeks=0"_qs << u"weeks must be"_qs;
        QTest::newRow("weeks big") << kRoutes[2] << u"weeks=105"_qs << u"1 to 104"_qs;
        QTest::newRow("weekly has no limit") << kRoutes[2] << u"limit=5"_qs << u"unknown"_qs;
        QTest::newRow("engine takes none") << kRoutes[3] << u"x=1"_qs << u"unknown"_qs;
    }
    void malformedParametersGet400WithTheReason()
    {
        QFETCH(QString, route);
        QFETCH(QString, query);
        QFETCH(QString, reason);
        const Response r = get(route + u'?' + query, m_a);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json()[u"error"].toString(), u"bad_request");
        QVERIFY2(r.json()[u"message"].toString().contains(reason), r.body.constData());
    }

    void pagesWalkEveryScheduledEntryOnce()
    {
        QList<qint64> seen;
        QString cursor;
        int pages = 0;
        do {
            const Response r =
                get(QStringLiteral("/api/v1/artist/scheduled-payouts?limit=2") +
                        (cursor.isEmpty() ? QString() : QStringLiteral("&cursor=") + cursor),
                    m_a);
            QCOMPARE(r.status, 200);
            const QJsonObject o = r.json();
            QVERIFY(o[u"entries"].toArray().size() <= 2);
            seen += ids(o[u"entries"].toArray());
            QCOMPARE(o[u"paging"][u"limit"].toInteger(), 2);
            QCOMPARE(o[u"paging"][u"total"].toInteger(), 5);
            cursor = o[u"paging"][u"next_cursor"].toString();
            QVERIFY(++pages <= 3);
        } while (!cursor.isEmpty());
        QCOMPARE(pages, 3);
        QCOMPARE(seen, m_idsA.mid(0, 5));
    }

    void aScheduledPageStaysPutWhenEarlierMoneyIsPaid()
    {
        const QJsonObject first =
            get(QStringLiteral("/api/v1/artist/scheduled-payouts?limit=2"), m_a).json();
        QCOMPARE(ids(first[u"entries"].toArray()), m_idsA.mid(0, 2));
        // A payout run pays the first page's money before the next request.
        QVERIFY(LedgerSeed::pay(*m_ledger, {m_idsA[0], m_idsA[1]}, QStringLiteral("tr_A_mid"),
                                m_clock.now()));
        const QJsonObject second =
            get(QStringLiteral("/api/v1/artist/scheduled-payouts?limit=2&cursor=") +
                    first[u"paging"][u"next_cursor"].toString(),
                m_a)
                .json();
        QCOMPARE(ids(second[u"entries"].toArray()), m_idsA.mid(2, 2));
        QCOMPARE(second[u"paging"][u"total"].toInteger(), 3);
    }

    void historyGroupsByTransferNewestFirstInPages()
    {
        Response r = get(QStringLiteral("/api/v1/artist/history?limit=1"), m_a);
        QCOMPARE(r.status, 200);
        QJsonObject o = r.json();
        QJsonArray transfers = o[u"transfers"].toArray();
        QCOMPARE(transfers.size(), 1);
        QCOMPARE(transfers[0][u"transfer_id"].toString(), u"tr_A_new");
        QCOMPARE(transfers[0][u"amount_minor"][u"gbp"].toInteger(), 801);
        QCOMPARE(ids(transfers[0][u"entries"].toArray()), QList<qint64>{m_idsA[7]});
        QCOMPARE(transfers[0][u"entries"][0][u"status"].toString(), u"paid");
        QCOMPARE(o[u"paging"][u"total"].toInteger(), 2);
        const QString next = o[u"paging"][u"next_cursor"].toString();
        QVERIFY(!next.isEmpty());
        r = get(QStringLiteral("/api/v1/artist/history?limit=1&cursor=") + next, m_a);
        transfers = r.json()[u"transfers"].toArray();
        QCOMPARE(transfers.size(), 1);
        QCOMPARE(transfers[0][u"transfer_id"].toString(), u"tr_A_old");
        QCOMPARE(transfers[0][u"amount_minor"][u"gbp"].toInteger(), 601 + 701);
        QCOMPARE(transfers[0][u"paid_at"].toString(),
                 m_clock.now().addDays(-10).toString(Qt::ISODate));
        // Each entry says when it changed last (paid, here): a window's
        // weekly chart sums by it.
        QCOMPARE(transfers[0][u"entries"][0][u"updated_at"].toString(),
                 m_clock.now().addDays(-10).toString(Qt::ISODate));
        QVERIFY(r.json()[u"paging"][u"next_cursor"].isNull());
    }

    void weeklySumsPaidMoneyPerMondayWeekInUtc()
    {
        const Response r = get(QStringLiteral("/api/v1/artist/history/weekly?weeks=3"), m_a);
        QCOMPARE(r.status, 200);
        const QJsonArray weeks = r.json()[u"weeks"].toArray();
        QCOMPARE(weeks.size(), 3);
        // Now is Thursday 2026-01-01: its week starts Monday 2025-12-29.
        QCOMPARE(weeks[2][u"week_start"].toString(), u"2025-12-29");
        QCOMPARE(weeks[0][u"week_start"].toString(), u"2025-12-15");
        // Paid 2025-12-22 (10 days ago) and 2025-12-29 (3 days ago).
        QCOMPARE(weeks[0][u"paid_minor"].toObject().size(), 0);
        QCOMPARE(weeks[1][u"paid_minor"][u"gbp"].toInteger(), 601 + 701);
        QCOMPARE(weeks[2][u"paid_minor"][u"gbp"].toInteger(), 801);
        QCOMPARE(get(QStringLiteral("/api/v1/artist/history/weekly"), m_a)
                     .json()[u"weeks"]
                     .toArray()
                     .size(),
                 12);
    }

    void engineRouteShowsTheEnginesModeAndThatItStopped()
    {
        QCOMPARE(get(kRoutes[3], m_a).json()[u"state"].toString(), u"unknown");

        EngineHost::Config config;
        config.mode = Scheduler::Mode::Production;
        config.engine.ledger = m_ledger->location();
        config.engine.stripeSecretKey = QStringLiteral("sk_test_api");
        config.webhookJournalDir = m_dir.filePath(QStringLiteral("journal-%1").arg(m_files));
        EngineHost host(config, *m_ledger, m_clock);
        QVERIFY(host.start(nullptr));

        QJsonObject e = get(kRoutes[3], m_b).json();
        QCOMPARE(e[u"mode"].toString(), u"production");
        QCOMPARE(e[u"state"].toString(), u"running");
        QCOMPARE(e[u"alive"].toBool(), true);
        QCOMPARE(e[u"heartbeat"].toString(), m_clock.now().toString(Qt::ISODate));
        QCOMPARE(e[u"next_run"].toString(), m_clock.now().addSecs(3600).toString(Qt::ISODate));
        QVERIFY(e[u"last_run"].isNull());
        // A waiting entry expects that run.
        const QJsonObject s = get(kRoutes[0], m_a).json();
        QCOMPARE(s[u"entries"][0][u"expected_run"].toString(), e[u"next_run"].toString());

        // Heartbeats that stop coming: the engine is not alive, and promises nothing.
        m_clock.advanceMs(EngineStatus::kStaleAfterMs + 1000);
        e = get(kRoutes[3], m_a).json();
        QCOMPARE(e[u"state"].toString(), u"unresponsive");
        QCOMPARE(e[u"alive"].toBool(), false);
        QVERIFY(e[u"next_run"].isNull());

        host.stop();
        e = get(kRoutes[3], m_a).json();
        QCOMPARE(e[u"mode"].toString(), u"production");
        QCOMPARE(e[u"state"].toString(), u"stopped");
        QCOMPARE(e[u"alive"].toBool(), false);
        QVERIFY(e[u"next_run"].isNull());
        QVERIFY(get(kRoutes[0], m_a).json()[u"entries"][0][u"expected_run"].isNull());
    }

    void theRefusalNamesTheBearerScheme()
    {
        const Response r = get(kRoutes[0], QByteArray("Bearer pd_art_wrong"));
        QCOMPARE(r.status, 401);
        QCOMPARE(r.wwwAuthenticate, QByteArray("Bearer realm=\"payoutdesk\""));
        QVERIFY(r.retryAfter.isEmpty());
        QCOMPARE(get(kRoutes[0], m_a).wwwAuthenticate, QByteArray());
    }

    void afterTheBudgetOfRefusedTokensEvenTheRightOneWaits()
    {
        spendTheBudget(kRoutes[0]);
        if (QTest::currentTestFailed())
            return;
        // The right token is not even looked at, on every route.
        for (const QString &route : kRoutes) {
            const Response r = get(route, m_a);
            QCOMPARE(r.status, 429);
            QCOMPARE(r.retryAfter, QByteArray("6")); // 10 a minute: one more every 6 s
            QCOMPARE(r.json()[u"error"].toString(), u"too_many_requests");
            QCOMPARE(r.json()[u"retry_after_secs"].toInteger(), 6);
            QVERIFY(!r.body.contains("art_A"));
        }
        m_clock.advanceMs(5'001);
        QCOMPARE(get(kRoutes[0], m_a).retryAfter, QByteArray("1"));
        m_clock.advanceMs(999);
        QCOMPARE(get(kRoutes[0], m_a).status, 200);
        // One attempt came back, not the whole budget.
        QCOMPARE(get(kRoutes[0], QByteArray("Bearer pd_art_wrong")).status, 401);
        QCOMPARE(get(kRoutes[0], m_a).status, 429);
        // A minute later the whole budget is back.
        m_clock.advanceSecs(60);
        QCOMPARE(get(kRoutes[0], m_a).status, 200);
        spendTheBudget(kRoutes[3]);
    }

    void goodTokensCostNothingFromTheBudget()
    {
        for (int i = 0; i < 3 * TokenAttemptLimiter::Budget{}.attempts; ++i)
            QCOMPARE(get(kRoutes[i % kRoutes.size()], i % 2 ? m_a : m_b).status, 200);
        spendTheBudget(kRoutes[1]);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(get(kRoutes[1], m_b).status, 429);
    }

    void anotherClientAddressKeepsItsOwnBudget()
    {
        const QHostAddress other(QStringLiteral("127.0.0.2"));
        const QByteArray right = "Bearer " + m_a.secret.toUtf8();
        if (getFrom(other, kRoutes[0], right).status == 0)
            QSKIP("127.0.0.2 cannot be bound here; TokenAttemptLimiter's tests cover addresses");
        spendTheBudget(kRoutes[0]);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(get(kRoutes[0], m_a).status, 429);
        const Response r = getFrom(other, kRoutes[0], right);
        QCOMPARE(r.status, 200);
        QVERIFY(r.retryAfter.isEmpty());
        // And the other way round: its refusals are its own.
        m_clock.advanceSecs(60);
        for (int i = 0; i < TokenAttemptLimiter::Budget{}.attempts; ++i)
            QCOMPARE(getFrom(other, kRoutes[0], "Bearer pd_art_wrong").wwwAuthenticate,
                     QByteArray("Bearer realm=\"payoutdesk\""));
        QCOMPARE(getFrom(other, kRoutes[0], right).status, 429);
        QCOMPARE(get(kRoutes[0], m_a).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestApi)
#include "tst_api.moc"
