#include "Events.h"
#include "LedgerSeed.h"
#include "api/AdminApi.h"
#include "api/ArtistApi.h"
#include "api/TokenAttemptLimiter.h"
#include "engine/PayoutPolicy.h"
#include "http/HttpServer.h"
#include "ledger/Ledger.h"
#include "report/StatusReport.h"
#include "service/AdminActions.h"
#include "util/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// The admin API over real loopback HTTP, on a real SQLite ledger, with the
// admin view's own actions behind it: every route answers the admin token
// and refuses no token, a wrong one and an artist's alike; bad parameters
// get 400 with the reason, unknown ids 404, impossible changes 409; every
// change leaves its audit row with the actor "api"; a token issued here
// works on the artist API at once and is refused at once when revoked.
class TestAdminApi final : public QObject
{
    Q_OBJECT

    struct Response
    {
        int status = 0;
        QByteArray body;
        QByteArray wwwAuthenticate;
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    };

    static inline const QByteArray kAdmin = "Bearer pd_admin_test_0123456789abcdefghijklmnop";

    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<LocalAdminActions> m_actions;
    std::unique_ptr<HttpServer> m_server;
    QNetworkAccessManager m_nam;
    quint16 m_port = 0;
    int m_files = 0;
    IssuedArtistToken m_artistToken;
    QList<qint64> m_idsB;

    Response send(const QByteArray &verb, const QString &pathAndQuery,
                  const QByteArray &authorization, const QByteArray &body = {})
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port) + pathAndQuery));
        if (!authorization.isNull())
            req.setRawHeader("Authorization", authorization);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = verb == "GET" ? m_nam.get(req) : m_nam.post(req, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !done.wait(20'000))
            qFatal("no answer from the admin API");
        reply->deleteLater();
        return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                reply->readAll(), reply->rawHeader("WWW-Authenticate")};
    }
    Response get(const QString &pathAndQuery, const QByteArray &authorization = kAdmin)
    {
        return send("GET", pathAndQuery, authorization);
    }
    Response post(const QString &path, const QJsonObject &body,
                  const QByteArray &authorization = kAdmin)
    {
        return send("POST", path, authorization, QJsonDocument(body).toJson());
    }

    QList<AuditRow> audit(const QString &action)
    {
        QList<AuditRow> out;
        const QList<AuditRow> rows = m_ledger->reader().auditRows({}).value();
        for (const AuditRow &r : rows)
            if (r.action == action)
                out << r;
        return out;
    }

    qint64 quarantine(const QString &eventId, const QByteArray &body)
    {
        return LedgerSeed::quarantine(*m_ledger, eventId, body).value();
    }

    // Every refused attempt costs one from the address's budget of 10; the
    // clock moves on so that the next checks start with a full one.
    void refill() { m_clock.advanceMs(60'000); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void init()
    {
        m_clock.set(QDateTime::fromSecsSinceEpoch(1'767'225'600, Qt::UTC));
        m_ledger = std::make_unique<Ledger>(
            m_dir.filePath(QStringLiteral("admin-%1.sqlite").arg(++m_files)), m_clock);
        QVERIFY(m_ledger->open());
        m_actions = std::make_unique<LocalAdminActions>(
            *m_ledger, m_dir.filePath(QStringLiteral("backups")), 90);
        QVERIFY(m_ledger->accounts().setAccount(QStringLiteral("art_A"), QStringLiteral("acct_A")));
        QVERIFY(m_ledger->accounts().setAccount(QStringLiteral("art_B"), QStringLiteral("acct_B")));
        QVERIFY(LedgerSeed::sale(m_actions->intake(), *m_ledger, QStringLiteral("evt_a1"),
                                 {{QStringLiteral("art_A"), 101}}));
        m_idsB =
            LedgerSeed::sale(m_actions->intake(), *m_ledger, QStringLiteral("evt_b1"),
                             {{QStringLiteral("art_B"), 7777}, {QStringLiteral("art_B"), 7777}})
                .value();
        LedgerSeed::EntryChange held;
        held.state = EntryState::Held;
        held.reason = Reason::PayoutAccountNotReady;
        QVERIFY(LedgerSeed::change(*m_ledger, m_idsB[1], held));
        m_artistToken = m_ledger->tokens().issue(QStringLiteral("art_A"), {}).value();

        m_server = std::make_unique<HttpServer>();
        const auto limiter = std::make_shared<TokenAttemptLimiter>(m_clock);
        registerArtistApi(*m_server,
                          {m_ledger->tokens(), m_ledger->reader(), m_ledger->meta(), m_clock},
                          limiter);
        registerAdminApi(*m_server,
                         AdminApiStores{.ledger = *m_ledger,
                                        .actions = *m_actions,
                                        .context = m_server.get(),
                                        .adminToken = QString::fromLatin1(kAdmin.mid(7)),
                                        .engine = nullptr,
                                        .journalDir = {},
                                        .configuredMode = QStringLiteral("development")},
                         limiter);
        m_port = m_server->listenLoopback(0);
        QVERIFY(m_port != 0);
    }

    void cleanup()
    {
        m_server.reset();
        m_actions.reset();
        m_ledger.reset();
    }

    void everyRouteRefusesNoTokenAWrongOneAndAnArtistsAlike()
    {
        const QList<std::pair<QByteArray, QString>> routes{
            {"GET", QStringLiteral("/api/v1/admin/status")},
            {"POST", QStringLiteral("/api/v1/admin/payouts/run")},
            {"POST", QStringLiteral("/stripe/trigger-payouts")},
            {"GET", QStringLiteral("/api/v1/admin/cleanup")},
            {"POST", QStringLiteral("/api/v1/admin/cleanup")},
            {"GET", QStringLiteral("/api/v1/admin/quarantine")},
            {"GET", QStringLiteral("/api/v1/admin/quarantine/event?id=1")},
            {"POST", QStringLiteral("/api/v1/admin/quarantine/replay")},
            {"POST", QStringLiteral("/api/v1/admin/quarantine/dismiss")},
            {"GET", QStringLiteral("/api/v1/admin/reversals")},
            {"GET", QStringLiteral("/api/v1/admin/artists")},
            {"POST", QStringLiteral("/api/v1/admin/artists/link")},
            {"POST", QStringLiteral("/api/v1/admin/artists/unlink")},
            {"GET", QStringLiteral("/api/v1/admin/holds")},
            {"POST", QStringLiteral("/api/v1/admin/holds/release")},
            {"GET", QStringLiteral("/api/v1/admin/tokens")},
            {"POST", QStringLiteral("/api/v1/admin/tokens/issue")},
            {"POST", QStringLiteral("/api/v1/admin/tokens/revoke")}};
        const qsizetype auditBefore = m_ledger->reader().auditRows({}).value().size();
        const QByteArray body = "{\"artist\":\"art_A\",\"account\":\"acct_X\",\"id\":1}";
        QByteArray first;
        for (const auto &[verb, path] : routes) {
            for (const QByteArray &auth :
                 {QByteArray(), QByteArray("Bearer wrong"), QByteArray("Bearer pd_admin_test_"),
                  QByteArray("Bearer " + m_artistToken.secret.toUtf8()), kAdmin.mid(7)}) {
                const Response r = send(verb, path, auth, body);
                QVERIFY2(r.status == 401, qPrintable(path + u' ' + QString::number(r.status)));
                QCOMPARE(r.wwwAuthenticate, QByteArray("Bearer realm=\"payoutdesk\""));
                // The same bytes whatever was wrong: no hint of what a token is.
                if (first.isEmpty())
                    first = r.body;
                QCOMPARE(r.body, first);
                refill();
            }
        }
        QVERIFY(!first.contains("artist"));
        QCOMPARE(m_ledger->reader().auditRows({}).value().size(), auditBefore);
        // The artist's own token still reads the artist's own money.
        QCOMPARE(get(QStringLiteral("/api/v1/artist/scheduled-payouts"),
                     "Bearer " + m_artistToken.secret.toUtf8())
                     .status,
                 200);
    }

    void refusalsCountInTheArtistApisBudget()
    {
        for (int i = 0; i < TokenAttemptLimiter::Budget{}.attempts; ++i)
            QCOMPARE(get(QStringLiteral("/api/v1/admin/status"), "Bearer wrong").status, 401);
        // Out of attempts: even the right tokens wait, on either API.
        QCOMPARE(get(QStringLiteral("/api/v1/admin/status")).status, 429);
        QCOMPARE(get(QStringLiteral("/api/v1/artist/scheduled-payouts"),
                     "Bearer " + m_artistToken.secret.toUtf8())
                     .status,
                 429);
        refill();
        QCOMPARE(get(QStringLiteral("/api/v1/admin/status")).status, 200);
    }

    void statusIsTheStatusJsonDocument()
    {
        const Response r = get(QStringLiteral("/api/v1/admin/status"));
        QCOMPARE(r.status, 200);
        StatusReport expected = StatusReport::build(*m_ledger).value();
        expected.configuredMode = QStringLiteral("development");
        QCOMPARE(r.json(), expected.toJson());
        QVERIFY(r.body.contains("art_A") && r.body.contains("art_B"));

        const Response one = get(QStringLiteral("/api/v1/admin/status?artist=art_B"));
        QCOMPARE(one.status, 200);
        QVERIFY(!one.body.contains("art_A"));
        const Response bad = get(QStringLiteral("/api/v1/admin/status?page=2"));
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json()[u"message"].toString(), u"unknown parameter 'page'");
    }

    void aPayoutRunNeedsTheStripeKey()
    {
        for (const QString &path : {QStringLiteral("/api/v1/admin/payouts/run"),
                                    QStringLiteral("/stripe/trigger-payouts")}) {
            const Response r = post(path, {});
            QCOMPARE(r.status, 503);
            QCOMPARE(r.json()[u"message"].toString(), u"payouts are off: no Stripe secret key");
        }
    }

    void cleanupPreviewsThenApplies()
    {
        const Response preview = get(QStringLiteral("/api/v1/admin/cleanup"));
        QCOMPARE(preview.status, 200);
        QCOMPARE(preview.json()[u"dry_run"].toBool(), true);
        const Response applied = post(QStringLiteral("/api/v1/admin/cleanup"), {});
        QCOMPARE(applied.status, 200);
        QCOMPARE(applied.json()[u"dry_run"].toBool(), false);
        QCOMPARE(post(QStringLiteral("/api/v1/admin/cleanup"), {{QStringLiteral("x"), 1}}).status,
                 400);
        QCOMPARE(get(QStringLiteral("/api/v1/admin/cleanup?dry_run=0")).status, 400);
    }

    void quarantineListShowReplayAndDismiss()
    {
        const qint64 good = quarantine(QStringLiteral("evt_901"), Events::numberedCart(901));
        const qint64 bad = quarantine(QStringLiteral("evt_bad"), "{oops");
        Response r = get(QStringLiteral("/api/v1/admin/quarantine"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"events"].toArray().size(), 2);
        QVERIFY(!r.body.contains("oops")); // the list has no bodies
        r = get(QStringLiteral("/api/v1/admin/quarantine/event?id=%1").arg(bad));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"body"].toString(), u"{oops");
        QCOMPARE(get(QStringLiteral("/api/v1/admin/quarantine/event?id=999")).status, 404);
        r = get(QStringLiteral("/api/v1/admin/quarantine/event?id=x"));
        QCOMPARE(r.status, 400);
        QVERIFY(r.json()[u"message"].toString().contains(u"id must be a whole number"));
        QCOMPARE(get(QStringLiteral("/api/v1/admin/quarantine/event")).status, 400);
        QCOMPARE(get(QStringLiteral("/api/v1/admin/quarantine?status=gone")).status, 400);

        r = post(QStringLiteral("/api/v1/admin/quarantine/replay"), {{QStringLiteral("id"), good}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"event"][u"status"].toString(), u"replayed");
        QCOMPARE(m_ledger->reader().countEntries({QStringLiteral("art_1"), {}}).value(), 1);
        QCOMPARE(audit(QStringLiteral("quarantine.replayed")).value(0).actor, u"api");
        // Still invalid: refused with the reason, and left open.
        r = post(QStringLiteral("/api/v1/admin/quarantine/replay"), {{QStringLiteral("id"), bad}});
        QCOMPARE(r.status, 409);
        QVERIFY(r.json()[u"message"].toString().contains(u"still invalid"));
        QCOMPARE(
            post(QStringLiteral("/api/v1/admin/quarantine/replay"), {{QStringLiteral("id"), 999}})
                .status,
            404);
        QCOMPARE(post(QStringLiteral("/api/v1/admin/quarantine/replay"),
                      {{QStringLiteral("id"), QStringLiteral("1")}})
                     .status,
                 400);

        r = post(QStringLiteral("/api/v1/admin/quarantine/dismiss"), {{QStringLiteral("id"), bad}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"event"][u"status"].toString(), u"dismissed");
        QCOMPARE(audit(QStringLiteral("quarantine.dismissed")).value(0).actor, u"api");
        r = post(QStringLiteral("/api/v1/admin/quarantine/dismiss"), {{QStringLiteral("id"), bad}});
        QCOMPARE(r.status, 409);
        QCOMPARE(r.json()[u"error"].toString(), u"conflict");
        QCOMPARE(m_ledger->reader().countQuarantined().value(), 0);
    }

    void malformedBodiesAreRefusedWithTheReason()
    {
        Response r = send("POST", QStringLiteral("/api/v1/admin/artists/unlink"), kAdmin, "art_A");
        QCOMPARE(r.status, 400);
        QVERIFY(r.json()[u"message"].toString().contains(u"JSON object"));
        r = post(QStringLiteral("/api/v1/admin/artists/unlink"),
                 {{QStringLiteral("artist"), QStringLiteral("art_A")}, {QStringLiteral("x"), 1}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json()[u"message"].toString(), u"unknown member 'x'");
        r = post(QStringLiteral("/api/v1/admin/artists/unlink"), {});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json()[u"message"].toString(), u"artist must be a non-empty string");
        QCOMPARE(get(QStringLiteral("/api/v1/admin/artists/link")).status, 405);
    }

    void artistsLinkAndUnlinkWithAuditRows()
    {
        Response r = get(QStringLiteral("/api/v1/admin/artists"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"artists"].toArray().size(), 2);

        r = post(QStringLiteral("/api/v1/admin/artists/unlink"),
                 {{QStringLiteral("artist"), QStringLiteral("art_B")}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"unlinked_account"].toString(), u"acct_B");
        QCOMPARE(r.json()[u"held"].toInt(), 1); // the pending one; the held one stays held
        QCOMPARE(audit(QStringLiteral("artist.unlinked")).value(0).actor, u"api");
        QCOMPARE(post(QStringLiteral("/api/v1/admin/artists/unlink"),
                      {{QStringLiteral("artist"), QStringLiteral("art_Z")}})
                     .status,
                 404);

        r = post(QStringLiteral("/api/v1/admin/artists/link"),
                 {{QStringLiteral("artist"), QStringLiteral("art_B")},
                  {QStringLiteral("account"), QStringLiteral("acct_B2")}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"released"].toInt(), 1);
        QCOMPARE(m_ledger->reader().artist(QStringLiteral("art_B")).value()->account, u"acct_B2");
        QCOMPARE(audit(QStringLiteral("artist.linked")).value(0).actor, u"api");
        r = post(QStringLiteral("/api/v1/admin/artists/link"),
                 {{QStringLiteral("artist"), QStringLiteral("art_B")},
                  {QStringLiteral("account"), QStringLiteral("B2")}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json()[u"message"].toString(), u"B2 is not a connected account id (acct_...)");
    }

    void holdsListAndRelease()
    {
        Response r = get(QStringLiteral("/api/v1/admin/holds"));
        QCOMPARE(r.status, 200);
        const QJsonArray holds = r.json()[u"holds"].toArray();
        QCOMPARE(holds.size(), 1);
        QCOMPARE(holds[0][u"artist"].toString(), u"art_B");
        QCOMPARE(holds[0][u"amount_minor"].toInteger(), 7777);
        QCOMPARE(holds[0][u"releasable"].toBool(), true);

        r = post(QStringLiteral("/api/v1/admin/holds/release"),
                 {{QStringLiteral("artist"), QStringLiteral("art_B")}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"released"].toInt(), 1);
        QCOMPARE(audit(QStringLiteral("holds.released")).value(0).actor, u"api");
        r = post(QStringLiteral("/api/v1/admin/holds/release"),
                 {{QStringLiteral("artist"), QStringLiteral("art_B")}});
        QCOMPARE(r.status, 409);
        QCOMPARE(r.json()[u"message"].toString(), u"art_B has no held money");
        QCOMPARE(post(QStringLiteral("/api/v1/admin/holds/release"),
                      {{QStringLiteral("artist"), QStringLiteral("art_Z")}})
                     .status,
                 404);
    }

    void anIssuedTokenWorksAtOnceAndARevokedOneIsRefusedAtOnce()
    {
        Response r = post(QStringLiteral("/api/v1/admin/tokens/issue"),
                          {{QStringLiteral("artist"), QStringLiteral("art_B")},
                           {QStringLiteral("label"), QStringLiteral("phone")}});
        QCOMPARE(r.status, 201);
        const QString secret = r.json()[u"token"].toString();
        const qint64 id = r.json()[u"id"].toInteger();
        QVERIFY(secret.startsWith(u"pd_art_"));
        QCOMPARE(r.json()[u"label"].toString(), u"phone");
        const QByteArray bearer = "Bearer " + secret.toUtf8();
        r = get(QStringLiteral("/api/v1/artist/scheduled-payouts"), bearer);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"artist"].toString(), u"art_B");

        // Listed without the secret, and never written to the audit trail.
        r = get(QStringLiteral("/api/v1/admin/tokens?artist=art_B"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"tokens"].toArray().size(), 1);
        QVERIFY(!r.body.contains(secret.toUtf8()));
        const AuditRow issued = audit(QStringLiteral("token.issued")).value(0);
        QCOMPARE(issued.actor, u"api");
        QCOMPARE(issued.artist, u"art_B");
        QVERIFY(!issued.detail.contains(secret));

        r = post(QStringLiteral("/api/v1/admin/tokens/revoke"), {{QStringLiteral("id"), id}});
        QCOMPARE(r.status, 200);
        QVERIFY(!r.json()[u"token"][u"revoked_at"].isNull());
        QCOMPARE(get(QStringLiteral("/api/v1/artist/scheduled-payouts"), bearer).status, 401);
        QCOMPARE(audit(QStringLiteral("token.revoked")).value(0).actor, u"api");
        r = post(QStringLiteral("/api/v1/admin/tokens/revoke"), {{QStringLiteral("id"), id}});
        QCOMPARE(r.status, 409);
        QCOMPARE(post(QStringLiteral("/api/v1/admin/tokens/revoke"), {{QStringLiteral("id"), 999}})
                     .status,
                 404);
        QCOMPARE(post(QStringLiteral("/api/v1/admin/tokens/revoke"), {{QStringLiteral("id"), -1}})
                     .status,
                 400);
        QCOMPARE(post(QStringLiteral("/api/v1/admin/tokens/issue"),
                      {{QStringLiteral("artist"), QStringLiteral("art_Z")}})
                     .status,
                 404);
        // The other artist's token was never touched.
        QCOMPARE(get(QStringLiteral("/api/v1/artist/scheduled-payouts"),
                     "Bearer " + m_artistToken.secret.toUtf8())
                     .status,
                 200);
    }

    void reversalsAreListed()
    {
        const Response r = get(QStringLiteral("/api/v1/admin/reversals?artist=art_A"));
        QCOMPARE(r.status, 200);
        QVERIFY(r.json()[u"reversals"].isArray());
        QCOMPARE(get(QStringLiteral("/api/v1/admin/reversals?artist=a&artist=b")).status, 400);
    }
};

QTEST_GUILESS_MAIN(TestAdminApi)
#include "tst_adminapi.moc"
