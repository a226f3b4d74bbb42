#include "LedgerSeed.h"
#include "api/ArtistApi.h"
#include "api/ArtistStream.h"
#include "api/TokenAttemptLimiter.h"
#include "http/HttpLimits.h"
#include "http/HttpServer.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

struct SseEvent
{
    QByteArray id;
    QByteArray event;
    QByteArray data;
    QJsonObject json() const { return QJsonDocument::fromJson(data).object(); }
};

// An EventSource as a window would hold one: GET with the token (and
// Last-Event-ID on a reconnect), events parsed as they arrive.
class SseClient
{
public:
    SseClient(QNetworkAccessManager &nam, quint16 port, const QByteArray &authorization,
              const QByteArray &lastEventId = {})
    {
        QNetworkRequest req(
            QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port) + ArtistStreamHub::kPath));
        req.setRawHeader("Authorization", authorization);
        req.setRawHeader("Accept", "text/event-stream");
        if (!lastEventId.isEmpty())
            req.setRawHeader("Last-Event-ID", lastEventId);
        m_reply = nam.get(req);
        m_reading = QObject::connect(m_reply, &QNetworkReply::readyRead, m_reply,
                                     [this] { feed(m_reply->readAll()); });
    }
    ~SseClient()
    {
        if (m_reply) {
            QObject::disconnect(m_reading);
            m_reply->abort();
            m_reply->deleteLater();
        }
    }
    SseClient(const SseClient &) = delete;
    SseClient &operator=(const SseClient &) = delete;

    int status() const
    {
        return m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }
    bool finished() const { return m_reply->isFinished(); }
    QNetworkReply *reply() const { return m_reply; }
    QByteArray lastId() const
    {
        for (qsizetype i = events.size() - 1; i >= 0; --i)
            if (!events.at(i).id.isEmpty())
                return events.at(i).id;
        return {};
    }
    QList<QByteArray> names() const
    {
        QList<QByteArray> out;
        for (const SseEvent &e : events)
            out << e.event;
        return out;
    }

    QList<SseEvent> events;
    int comments = 0;
    QByteArray raw; // every byte of the body, for isolation checks

private:
    void feed(const QByteArray &bytes)
    {
        raw += bytes;
        m_buffer += bytes;
        qsizetype end;
        while ((end = m_buffer.indexOf("\n\n")) >= 0) {
            const QByteArray block = m_buffer.left(end);
            m_buffer.remove(0, end + 2);
            SseEvent e;
            bool isEvent = false;
            for (const QByteArray &line : block.split('\n')) {
                if (line.startsWith(':')) {
                    ++comments;
                } else if (line.startsWith("id: ")) {
                    e.id = line.mid(4);
                } else if (line.startsWith("event: ")) {
                    e.event = line.mid(7);
                    isEvent = true;
                } else if (line.startsWith("data: ")) {
                    e.data += line.mid(6);
                }
            }
            if (isEvent)
                events << e;
        }
    }

    QPointer<QNetworkReply> m_reply;
    QMetaObject::Connection m_reading;
    QByteArray m_buffer;
};

} // namespace

// GET /api/v1/artist/stream over real loopback HTTP on a real SQLite
// ledger: an artist's window is told of each change to their money as it
// commits, from this connection or another; a reconnect with Last-Event-ID
// misses nothing (or is told to resync); artist A's stream never carries
// B's changes; revoking a token closes its streams; a bad token gets the
// API's 401.
class TestApiStream final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    ManualClock m_clock;
    QString m_path;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<Intake> m_intake;
    std::unique_ptr<HttpServer> m_server;
    ArtistStreamHub *m_hub = nullptr;
    QNetworkAccessManager m_nam;
    quint16 m_port = 0;
    int m_files = 0;
    int m_events = 0;
    IssuedArtistToken m_a;
    IssuedArtistToken m_b;

    static QByteArray bearer(const IssuedArtistToken &t) { return "Bearer " + t.secret.toUtf8(); }

    void sale(const QString &artist, qint64 amount, Ledger *ledger = nullptr)
    {
        Ledger &l = ledger ? *ledger : *m_ledger;
        Intake intake(l);
        QVERIFY(LedgerSeed::sale(intake, l, QStringLiteral("evt_s%1").arg(++m_events),
                                 {{artist, amount}}, QStringLiteral("gbp"), m_clock.nowSecs())
                    .has_value());
    }

    static qint64 pending(const SseEvent &e)
    {
        const QJsonArray totals = e.json()[u"totals"].toArray();
        return totals.isEmpty() ? 0 : totals[0][u"pending_minor"].toInteger();
    }

    static qint64 seqOf(const QByteArray &id)
    {
        return id.mid(id.lastIndexOf('-') + 1).toLongLong();
    }

    // Waits (on the event loop) until the client has `count` events.
    static bool waitEvents(SseClient &c, int count)
    {
        return QTest::qWaitFor([&] { return c.events.size() >= count; }, 10'000);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void init()
    {
        m_clock.set(QDateTime::fromSecsSinceEpoch(1'767'225'600, Qt::UTC));
        m_path = m_dir.filePath(QStringLiteral("stream-%1.sqlite").arg(++m_files));
        m_ledger = std::make_unique<Ledger>(m_path, m_clock);
        QVERIFY(m_ledger->open());
        m_intake = std::make_unique<Intake>(*m_ledger);
        QVERIFY(m_ledger->accounts().setAccount(QStringLiteral("art_A"), QStringLiteral("acct_A")));
        QVERIFY(m_ledger->accounts().setAccount(QStringLiteral("art_B"), QStringLiteral("acct_B")));
        sale(QStringLiteral("art_A"), 101);
        sale(QStringLiteral("art_B"), 7777);
        m_a = m_ledger->tokens().issue(QStringLiteral("art_A"), QStringLiteral("laptop")).value();
        m_b = m_ledger->tokens().issue(QStringLiteral("art_B"), {}).value();

        m_server = std::make_unique<HttpServer>();
        m_server->setClock(m_clock);
        const ArtistApiStores stores{m_ledger->tokens(), m_ledger->reader(), m_ledger->meta(),
                                     m_clock};
        const auto limiter = std::make_shared<TokenAttemptLimiter>(m_clock);
        registerArtistApi(*m_server, stores, limiter);
        ArtistStreamHub::Options options;
        options.pollMs = 20;
        options.heartbeatMs = 200;
        options.replayEvents = 3;
        m_hub = registerArtistStream(*m_server, stores, m_ledger->changes(), limiter, options);
        connect(m_ledger.get(), &Ledger::changed, m_hub, &ArtistStreamHub::ledgerChanged);
        m_port = m_server->listenLoopback(0);
        QVERIFY(m_port != 0);
    }

    void cleanup()
    {
        m_server.reset();
        m_intake.reset();
        m_ledger.reset();
    }

    void badTokenGetsTheApis401()
    {
        for (const QByteArray &auth :
             {QByteArray(), QByteArray("Bearer pd_art_wrong"), QByteArray("Basic YTpi")}) {
            SseClient c(m_nam, m_port, auth);
            QTRY_VERIFY_WITH_TIMEOUT(c.finished(), 10'000);
            QCOMPARE(c.status(), 401);
            QCOMPARE(c.reply()->rawHeader("WWW-Authenticate"),
                     QByteArrayLiteral("Bearer realm=\"payoutdesk\""));
            QVERIFY(c.events.isEmpty());
        }
        QCOMPARE(m_hub->streamCount(), 0);
    }

    void refusedTokensAreRateLimitedLikeTheOtherRoutes()
    {
        for (int i = 0; i < TokenAttemptLimiter::Budget{}.attempts; ++i) {
            SseClient c(m_nam, m_port, "Bearer pd_art_wrong");
            QTRY_VERIFY_WITH_TIMEOUT(c.finished(), 10'000);
            QCOMPARE(c.status(), 401);
        }
        SseClient good(m_nam, m_port, bearer(m_a)); // even the right token waits
        QTRY_VERIFY_WITH_TIMEOUT(good.finished(), 10'000);
        QCOMPARE(good.status(), 429);
        QVERIFY(!good.reply()->rawHeader("Retry-After").isEmpty());
    }

    void firstEventIsTheArtistsMoneyNow()
    {
        SseClient c(m_nam, m_port, bearer(m_a));
        QVERIFY(waitEvents(c, 1));
        QCOMPARE(c.status(), 200);
        QVERIFY(c.reply()
                    ->header(QNetworkRequest::ContentTypeHeader)
                    .toString()
                    .startsWith(u"text/event-stream"));
        const SseEvent &e = c.events.first();
        QCOMPARE(e.event, QByteArrayLiteral("payouts"));
        QVERIFY(e.id.startsWith(QByteArray(m_hub->epoch().toLatin1() + '-')));
        QCOMPARE(e.json()[u"artist"].toString(), u"art_A");
        QCOMPARE(pending(e), 101);
        QCOMPARE(m_hub->streamCount(), 1);
        QCOMPARE(m_server->streamCount(), 1);
    }

    void aCommitReachesTheStream()
    {
        SseClient c(m_nam, m_port, bearer(m_a));
        QVERIFY(waitEvents(c, 1));
        // This connection's commit...
        sale(QStringLiteral("art_A"), 201);
        QVERIFY(waitEvents(c, 2));
        QCOMPARE(c.events[1].event, QByteArrayLiteral("payouts"));
        QCOMPARE(pending(c.events[1]), 101 + 201);
        QVERIFY(seqOf(c.events[1].id) > seqOf(c.events[0].id));
        // ...and another connection's, as the engine's thread or another
        // process commits.
        Ledger other(m_path, m_clock);
        QVERIFY(other.open());
        sale(QStringLiteral("art_A"), 301, &other);
        QVERIFY(waitEvents(c, 3));
        QCOMPARE(pending(c.events[2]), 101 + 201 + 301);
        QVERIFY(seqOf(c.events[2].id) > seqOf(c.events[1].id));
    }

    void aRetryTheTotalsDoNotShowStillReachesTheStream()
    {
        SseClient c(m_nam, m_port, bearer(m_a));
        QVERIFY(waitEvents(c, 1));
        // Claimed and back to pending after a failed attempt, between two
        // checks: the totals end where they began, the entry does not.
        LedgerReader::EntryFilter filter;
        filter.artist = QStringLiteral("art_A");
        const QList<Entry> entries = m_ledger->reader().entries(filter).value();
        QCOMPARE(entries.size(), 1);
        LedgerSeed::EntryChange retry;
        retry.state = EntryState::Pending;
        retry.attempts = 1;
        retry.lastError = QStringLiteral("rate limited");
        retry.nextAttemptAt = m_clock.now().addSecs(300);
        QVERIFY(LedgerSeed::change(*m_ledger, entries.first().id, retry));
        QVERIFY(waitEvents(c, 2));
        QCOMPARE(c.events[1].event, QByteArrayLiteral("payouts"));
        QCOMPARE(c.events[1].data, c.events[0].data);
        QVERIFY(seqOf(c.events[1].id) > seqOf(c.events[0].id));
    }

    void anArtistsStreamNeverCarriesAnotherArtistsChange()
    {
        SseClient a(m_nam, m_port, bearer(m_a));
        SseClient b(m_nam, m_port, bearer(m_b));
        QVERIFY(waitEvents(a, 1));
        QVERIFY(waitEvents(b, 1));
        sale(QStringLiteral("art_B"), 7777);
        QVERIFY(waitEvents(b, 2));
        QCOMPARE(pending(b.events[1]), 2 * 7777);
        // A's change after B's: A's next event is A's own, and the only one.
        sale(QStringLiteral("art_A"), 201);
        QVERIFY(waitEvents(a, 2));
        QCOMPARE(a.events.size(), 2);
        QCOMPARE(pending(a.events[1]), 101 + 201);
        QCOMPARE(b.events.size(), 2);
        QVERIFY2(!a.raw.contains("art_B"), a.raw.constData());
        QVERIFY2(!b.raw.contains("art_A"), b.raw.constData());
        for (const SseEvent &e : std::as_const(a.events))
            QVERIFY2(!e.data.contains("7777"), e.data.constData());
    }

    void reconnectWithLastEventIdMissesNothing()
    {
        auto first = std::make_unique<SseClient>(m_nam, m_port, bearer(m_a));
        QVERIFY(waitEvents(*first, 1));
        const QByteArray seen = first->lastId();
        // The laptop drops off; the artist's phone stays and sees two
        // changes; then money arrives while nobody watches.
        first.reset();
        QTRY_COMPARE_WITH_TIMEOUT(m_hub->streamCount(), 0, 10'000);
        {
            SseClient phone(m_nam, m_port, bearer(m_a));
            QVERIFY(waitEvents(phone, 1));
            QCOMPARE(phone.lastId(), seen); // nothing changed yet: the same event
            sale(QStringLiteral("art_A"), 201);
            QVERIFY(waitEvents(phone, 2));
            sale(QStringLiteral("art_A"), 301);
            QVERIFY(waitEvents(phone, 3));
        }
        QTRY_COMPARE_WITH_TIMEOUT(m_hub->streamCount(), 0, 10'000);
        sale(QStringLiteral("art_A"), 401);

        SseClient again(m_nam, m_port, bearer(m_a), seen);
        QVERIFY(waitEvents(again, 3));
        // The two events it missed, in order, then the change nobody saw.
        QCOMPARE(again.names(), (QList<QByteArray>{"payouts", "payouts", "payouts"}));
        QCOMPARE(pending(again.events[0]), 101 + 201);
        QCOMPARE(pending(again.events[1]), 101 + 201 + 301);
        QCOMPARE(pending(again.events[2]), 101 + 201 + 301 + 401);
        QVERIFY(seqOf(again.events[0].id) > seqOf(seen));

        // A client that has the last event gets nothing until a change:
        // by its first heartbeat, no event.
        SseClient current(m_nam, m_port, bearer(m_a), again.lastId());
        QTRY_VERIFY_WITH_TIMEOUT(current.comments > 0, 10'000);
        QVERIFY(current.events.isEmpty());
        sale(QStringLiteral("art_A"), 501);
        QVERIFY(waitEvents(current, 1));
        QCOMPARE(pending(current.events[0]), 101 + 201 + 301 + 401 + 501);
    }

    void anIdItCannotHonourGetsResync()
    {
        // From another run of serve (or another server).
        {
            SseClient c(m_nam, m_port, bearer(m_a), "k3x9q-5");
            QVERIFY(waitEvents(c, 2));
            QCOMPARE(c.names(), (QList<QByteArray>{"resync", "payouts"}));
            QVERIFY(c.events[0].id.isEmpty());
            QCOMPARE(pending(c.events[1]), 101);
        }
        // Older than the events kept (3 here).
        auto first = std::make_unique<SseClient>(m_nam, m_port, bearer(m_a));
        QVERIFY(waitEvents(*first, 1));
        const QByteArray old = first->lastId();
        first.reset();
        SseClient phone(m_nam, m_port, bearer(m_a));
        QVERIFY(waitEvents(phone, 1));
        for (int i = 1; i <= 4; ++i) {
            sale(QStringLiteral("art_A"), 1000 * i + 1);
            QVERIFY(waitEvents(phone, 1 + i));
        }
        SseClient c(m_nam, m_port, bearer(m_a), old);
        QVERIFY(waitEvents(c, 2));
        QCOMPARE(c.names(), (QList<QByteArray>{"resync", "payouts"}));
        QCOMPARE(c.events[1].id, phone.lastId());
    }

    void revokingATokenClosesItsStreamsAtOnce()
    {
        // Revoked by another connection, as `artists token revoke` does.
        SseClient a1(m_nam, m_port, bearer(m_a));
        SseClient a2(m_nam, m_port, bearer(m_a));
        const IssuedArtistToken phone =
            m_ledger->tokens().issue(QStringLiteral("art_A"), QStringLiteral("phone")).value();
        SseClient a3(m_nam, m_port, bearer(phone));
        QVERIFY(waitEvents(a1, 1));
        QVERIFY(waitEvents(a2, 1));
        QVERIFY(waitEvents(a3, 1));
        Ledger cli(m_path, m_clock);
        QVERIFY(cli.open());
        QVERIFY(cli.tokens().revoke(m_a.info.id).value());
        QTRY_VERIFY_WITH_TIMEOUT(a1.finished() && a2.finished(), 10'000);
        QCOMPARE(a1.events.last().event, QByteArrayLiteral("revoked"));
        QCOMPARE(a2.events.last().event, QByteArrayLiteral("revoked"));
        // The other token of the same artist keeps its stream.
        QVERIFY(!a3.finished());
        QCOMPARE(m_hub->streamCount(), 1);
        SseClient again(m_nam, m_port, bearer(m_a));
        QTRY_VERIFY_WITH_TIMEOUT(again.finished(), 10'000);
        QCOMPARE(again.status(), 401);

        // Revoked through serve's own connection.
        QVERIFY(m_ledger->tokens().revoke(phone.info.id).value());
        QTRY_VERIFY_WITH_TIMEOUT(a3.finished(), 10'000);
        QCOMPARE(a3.events.last().event, QByteArrayLiteral("revoked"));
        QCOMPARE(m_hub->streamCount(), 0);
    }

    void aStreamOutlivesTheIdleTimeoutButCountsAgainstTheCap()
    {
        SseClient c(m_nam, m_port, bearer(m_a));
        QVERIFY(waitEvents(c, 1));
        QTcpSocket idle;
        idle.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(idle.waitForConnected(10'000));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 2, 10'000);
        QSignalSpy idleClosed(&idle, &QTcpSocket::disconnected);
        m_clock.advanceMs(m_server->limits().idleTimeoutMs + 1'000);
        m_server->sweep();
        QVERIFY(idleClosed.wait(10'000));
        QCOMPARE(m_server->connectionCount(), 1);
        QCOMPARE(m_server->streamCount(), 1);
        // Still open and still told of changes.
        sale(QStringLiteral("art_A"), 201);
        QVERIFY(waitEvents(c, 2));
        QVERIFY(!c.finished());
    }

    void atTheCapTheStreamOpenLongestMakesRoom()
    {
        HttpLimits limits = m_server->limits();
        limits.maxConnections = 2;
        m_server->setLimits(limits);
        SseClient older(m_nam, m_port, bearer(m_a));
        QVERIFY(waitEvents(older, 1));
        m_clock.advanceMs(1'000);
        SseClient newer(m_nam, m_port, bearer(m_b));
        QVERIFY(waitEvents(newer, 1));
        QCOMPARE(m_server->connectionCount(), 2);
        m_clock.advanceMs(1'000);
        // A third connection (Stripe's webhook, say) is not locked out: the
        // stream open the longest is closed for it, and its client resumes.
        QTcpSocket third;
        third.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(third.waitForConnected(10'000));
        QTRY_VERIFY_WITH_TIMEOUT(older.finished(), 10'000);
        QVERIFY(!newer.finished());
        QCOMPARE(m_server->connectionCount(), 2);
    }

    void heartbeatsKeepProxiesFromClosingAQuietStream()
    {
        SseClient c(m_nam, m_port, bearer(m_a));
        QVERIFY(waitEvents(c, 1));
        QTRY_VERIFY_WITH_TIMEOUT(c.comments >= 2, 10'000);
        QCOMPARE(c.events.size(), 1);
        QVERIFY(c.raw.contains("\n: heartbeat\n\n"));
    }

    void queryParametersAreRefused()
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port) +
                                 ArtistStreamHub::kPath + QStringLiteral("?artist=art_B")));
        req.setRawHeader("Authorization", bearer(m_a));
        QNetworkReply *reply = m_nam.get(req);
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(reply->isFinished() || done.wait(10'000));
        reply->deleteLater();
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
    }
};

QTEST_GUILESS_MAIN(TestApiStream)
#include "tst_apistream.moc"
