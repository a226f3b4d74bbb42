#include "Events.h"
#include "SqliteAccess.h"
#include "http/HttpServer.h"
#include "intake/WebhookReceiver.h"
#include "intake/WebhookSignature.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

// The webhook over real loopback HTTP: signatures checked on the raw bytes,
// 2xx only once the raw event is journaled in the inbox (durable), group
// commit under concurrency, the inbox applied moments later.
class TestWebhook final : public QObject
{
    Q_OBJECT
    const QByteArray m_secret = "whsec_test_webhook_secret";
    QTemporaryDir m_dir;
    ManualClock m_clock{QDateTime::currentDateTimeUtc()};
    std::unique_ptr<HttpServer> m_server;
    std::unique_ptr<WebhookReceiver> m_receiver;
    std::unique_ptr<Ledger> m_observer; // a second connection, as another process would have
    QNetworkAccessManager m_nam;
    quint16 m_port = 0;
    int m_n = 0;

    QNetworkReply *post(const QByteArray &body, const QByteArray &signature)
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/webhook").arg(m_port)));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (!signature.isEmpty())
            req.setRawHeader("Stripe-Signature", signature);
        return m_nam.post(req, body);
    }
    QNetworkReply *postSigned(const QByteArray &body)
    {
        return post(body, WebhookSignature::sign(body, m_secret, m_clock.nowSecs()));
    }
    static int status(QNetworkReply *r)
    {
        return r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }
    qint64 waiting() { return m_observer->inbox().backlog().value().waiting; }
    qint64 entries() { return m_observer->reader().countEntries({}).value(); }
    qint64 quarantined() { return m_observer->reader().countQuarantined().value(); }

    // SQLite-specific: what no store exposes. The inbox's rows, applied or
    // not (InboxStore counts only those waiting), and the file's write lock
    // held by another connection across the event loop (a Ledger::write()
    // ends before the receiver could be seen waiting).
    qint64 journaled()
    {
        QSqlQuery q(sqliteConnection(*m_observer));
        if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM inbox")) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }
    // COMMIT on the returned query releases the lock.
    QSqlQuery holdWriteLock()
    {
        QSqlQuery lock(sqliteConnection(*m_observer));
        if (!lock.exec(QStringLiteral("BEGIN IMMEDIATE")))
            qFatal("cannot take the write lock");
        return lock;
    }
    static QByteArray cart(int n) { return Events::numberedCart(n); }

private Q_SLOTS:
    void init()
    {
        const QString path = m_dir.filePath(QStringLiteral("w%1.sqlite").arg(++m_n));
        m_observer = std::make_unique<Ledger>(path, m_clock);
        QVERIFY(m_observer->open());
        m_server = std::make_unique<HttpServer>();
        m_receiver = std::make_unique<WebhookReceiver>(*m_server, LedgerLocation::sqliteFile(path),
                                                       m_secret, m_clock);
        QVERIFY(m_receiver->start());
        m_port = m_server->listenLoopback(0);
        QVERIFY(m_port != 0);
    }
    void cleanup()
    {
        m_receiver.reset();
        m_server.reset();
        m_observer.reset();
    }

    void listensOnLoopbackOnly()
    {
        const QList<QTcpServer *> servers = m_server->servers();
        QCOMPARE(servers.size(), 1);
        QCOMPARE(servers.first()->serverAddress(), QHostAddress(QHostAddress::LocalHost));
    }

    void answersOnlyAfterTheCommit()
    {
        // Another connection holds the write lock: the receiver can verify
        // and queue the event, but cannot journal it, so it must not answer.
        QSqlQuery lock = holdWriteLock();
        QNetworkReply *reply = postSigned(cart(1));
        QTRY_COMPARE(m_receiver->receivedCount(), qint64(1));
        QVERIFY(!reply->isFinished());
        QVERIFY(lock.exec(QStringLiteral("COMMIT")));

        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(status(reply), 200);
        // The moment the 2xx arrived, the raw event was already durable in
        // the inbox; the answer says so and names its row, not an outcome.
        QCOMPARE(journaled(), 1);
        QCOMPARE(QJsonDocument::fromJson(reply->readAll()).object(),
                 (QJsonObject{{QStringLiteral("received"), true}, {QStringLiteral("id"), 1}}));
        // The applier records the purchase moments later.
        QTRY_COMPARE(entries(), 3);
        QTRY_COMPARE(waiting(), 0);
        reply->deleteLater();
    }

    void badSignaturesGet400AndChangeNothing_data()
    {
        QTest::addColumn<QByteArray>("signature");
        QTest::addColumn<bool>("tamper");
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QByteArray body = cart(1);
        QTest::newRow("unsigned") << QByteArray() << false;
        QTest::newRow("tampered body")
            << WebhookSignature::sign(body, "whsec_test_webhook_secret", now) << true;
        QTest::newRow("wrong secret") << WebhookSignature::sign(body, "whsec_other", now) << false;
        QTest::newRow("expired") << WebhookSignature::sign(body, "whsec_test_webhook_secret",
                                                           now - 600)
                                 << false;
    }
    void badSignaturesGet400AndChangeNothing()
    {
        QFETCH(QByteArray, signature);
        QFETCH(bool, tamper);
        QByteArray body = cart(1);
        if (tamper)
            body.replace("cs_1", "cs_9");
        QNetworkReply *reply = post(body, signature);
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(status(reply), 400);
        QCOMPARE(journaled(), 0); // never journaled
        QCOMPARE(entries(), 0);
        QCOMPARE(quarantined(), 0);
        QVERIFY(m_observer->intake().processedOutcome(QStringLiteral("evt_1")).value().isEmpty());
        reply->deleteLater();
    }

    void signedButInvalidEventIsQuarantinedWith2xx()
    {
        QNetworkReply *reply = postSigned(
            "{\"id\":\"evt_bad\",\"object\":\"event\",\"type\":\"checkout.session.completed\"}");
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(status(reply), 200);
        // Journaled, then quarantined by the applier; its row is done.
        QTRY_COMPARE(quarantined(), 1);
        QTRY_COMPARE(waiting(), 0);
        QCOMPARE(entries(), 0);
        reply->deleteLater();
    }

    void concurrentRequestsShareACommit()
    {
        QSqlQuery lock = holdWriteLock();
        QList<QNetworkReply *> replies;
        // Five, because QNetworkAccessManager opens at most six connections
        // to one host.
        for (int i = 0; i < 5; ++i)
            replies << postSigned(cart(i));
        QTRY_COMPARE(m_receiver->receivedCount(), qint64(5));
        QVERIFY(lock.exec(QStringLiteral("COMMIT")));
        for (QNetworkReply *r : std::as_const(replies)) {
            QTRY_VERIFY(r->isFinished());
            QCOMPARE(status(r), 200);
            r->deleteLater();
        }
        // The first request was in its own transaction when the lock was
        // released; the four that queued behind it went in one more.
        QCOMPARE(m_receiver->commitCount(), qint64(2));
        QCOMPARE(journaled(), 5);
        QTRY_COMPARE(entries(), 15);
        QTRY_COMPARE(waiting(), 0);
        QVERIFY(m_observer->reader().verify().value().ok());
    }

    void redeliveryIsAcknowledgedOnce()
    {
        for (int i = 0; i < 2; ++i) {
            QNetworkReply *reply = postSigned(cart(7));
            QTRY_VERIFY(reply->isFinished());
            QCOMPARE(status(reply), 200);
            reply->deleteLater();
        }
        QTRY_COMPARE(waiting(), 0);
        QCOMPARE(entries(), 3);
    }

    void everyAnsweredEventIsAppliedAfterLoad()
    {
        QSignalSpy purchases(m_receiver.get(), &WebhookReceiver::cartPurchaseRecorded);
        constexpr int kEvents = 300;
        QList<QNetworkReply *> replies;
        for (int i = 0; i < kEvents; ++i)
            replies << postSigned(cart(1000 + i));
        int ok = 0;
        for (QNetworkReply *r : std::as_const(replies)) {
            QTRY_VERIFY(r->isFinished());
            ok += status(r) == 200;
            r->deleteLater();
        }
        QCOMPARE(ok, kEvents);
        QTRY_COMPARE(waiting(), 0);
        QCOMPARE(journaled(), kEvents);
        QCOMPARE(entries(), 3 * kEvents);
        QTRY_COMPARE(purchases.size(), kEvents); // a fast payout follows each
        QVERIFY(m_observer->reader().verify().value().ok());
    }

    void stopDrainsTheInbox()
    {
        // Rows the applier has not reached (journaled by another connection
        // here, so that it was not told) are applied by a clean stop.
        QVERIFY(m_observer->inbox().journal({cart(1), cart(2)}, QStringLiteral("webhook")));
        QSignalSpy purchases(m_receiver.get(), &WebhookReceiver::cartPurchaseRecorded);
        m_receiver->stop();
        QCOMPARE(waiting(), 0);
        QCOMPARE(entries(), 6);
        QCOMPARE(purchases.size(), 2);
    }

    void otherPathsAre404()
    {
        QNetworkReply *reply = m_nam.get(
            QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/nope").arg(m_port))));
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(status(reply), 404);
        reply->deleteLater();
    }
};

QTEST_GUILESS_MAIN(TestWebhook)
#include "tst_webhook.moc"
