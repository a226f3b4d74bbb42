#include "CliRunner.h"
#include "Events.h"
#include "intake/WebhookSignature.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

// `payoutdesk serve` killed with SIGKILL right after answering a burst of
// webhooks: no clean stop drains anything, so whatever the applier had not
// reached is only in the journal. The next start applies it before it
// listens; every event answered 2xx is in the ledger exactly once.
class TestServeCrash final : public QObject
{
    Q_OBJECT
    const QByteArray m_secret = "whsec_crash_test_secret_0123456789";
    CliRunner m_cli;
    QTemporaryDir m_tmp;
    QString m_data = m_tmp.filePath(QStringLiteral("store"));

    // Starts serve and returns its port (0 when it did not come up).
    int startServe(QProcess &serve)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("STRIPE_WEBHOOK_SECRET"), QString::fromLatin1(m_secret));
        serve.setProcessEnvironment(env);
        serve.start(m_cli.bin(),
                    {QStringLiteral("--data-dir"), m_data, QStringLiteral("--webhook-port"),
                     QStringLiteral("0"), QStringLiteral("serve")});
        QByteArray out;
        QRegularExpressionMatch m;
        const QRegularExpression port(QStringLiteral("127\\.0\\.0\\.1:(\\d+)"));
        while (!(m = port.match(QString::fromUtf8(out))).hasMatch()) {
            if (!serve.waitForReadyRead(30'000))
                return 0;
            out += serve.readAllStandardOutput();
        }
        return m.captured(1).toInt();
    }
    QJsonObject status()
    {
        const CliRun r = m_cli.run(m_data, {QStringLiteral("status"), QStringLiteral("--json")});
        if (r.code != 0)
            qFatal("status failed: %s", r.err.constData());
        return QJsonDocument::fromJson(r.out).object();
    }
    // Entries in the ledger, whatever their state (one artist of the cart
    // has no payout account: theirs are held).
    static qint64 entries(const QJsonObject &s)
    {
        qint64 n = 0;
        const QJsonObject states = s[u"states"].toObject();
        for (auto it = states.begin(); it != states.end(); ++it)
            n += it.value().toInteger();
        return n;
    }
    static qint64 backlog(const QJsonObject &s)
    {
        return s[u"inbox"].toObject()[u"backlog"].toInteger(-1);
    }

    QList<QNetworkReply *> postAll(QNetworkAccessManager &nam, int port, int events)
    {
        QList<QNetworkReply *> replies;
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/webhook").arg(port));
        for (int i = 0; i < events; ++i) {
            const QByteArray body = Events::numberedCart(i);
            QNetworkRequest req(url);
            req.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
            req.setRawHeader(
                "Stripe-Signature",
                WebhookSignature::sign(body, m_secret, QDateTime::currentSecsSinceEpoch()));
            replies << nam.post(req, body);
        }
        return replies;
    }

private Q_SLOTS:
    void killedMidBurstLosesNothingAndDoublesNothing()
    {
        constexpr int kEvents = 1500;
        QProcess serve;
        const int port = startServe(serve);
        QVERIFY(port != 0);
        QNetworkAccessManager nam;
        int finished = 0;
        connect(&nam, &QNetworkAccessManager::finished, this, [&] { ++finished; });
        const QList<QNetworkReply *> replies = postAll(nam, port, kEvents);
        // SIGKILL in the middle of the burst: no drain, no clean close; the
        // applier is behind the journal, requests are in flight.
        QTRY_VERIFY_WITH_TIMEOUT(finished >= kEvents / 2, 30'000);
        serve.kill();
        QVERIFY(serve.waitForFinished(20'000));
        QCOMPARE(serve.exitStatus(), QProcess::CrashExit);
        QTRY_COMPARE_WITH_TIMEOUT(finished, kEvents, 30'000); // the rest fail
        int answered = 0;
        for (QNetworkReply *r : replies) {
            answered += r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
            r->deleteLater();
        }
        QVERIFY(answered >= kEvents / 2);
        const QJsonObject afterKill = status();
        qInfo("answered 2xx before the kill: %d; in the journal, not applied: %lld", answered,
              backlog(afterKill));
        // Every 2xx is in the ledger or waits in the journal.
        QVERIFY(entries(afterKill) + 3 * backlog(afterKill) >= 3 * answered);

        // The next start applies the journal before it listens; Stripe then
        // delivers again whatever was not answered (here: everything).
        QProcess again;
        const int port2 = startServe(again);
        QVERIFY(port2 != 0);
        const QJsonObject restarted = status();
        QCOMPARE(backlog(restarted), 0);
        QVERIFY(entries(restarted) >= 3 * answered);
        finished = 0;
        const QList<QNetworkReply *> redelivered = postAll(nam, port2, kEvents);
        QTRY_COMPARE_WITH_TIMEOUT(finished, kEvents, 30'000);
        for (QNetworkReply *r : redelivered) {
            QCOMPARE(r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            r->deleteLater();
        }
        again.terminate();
        QVERIFY(again.waitForFinished(20'000));
        QCOMPARE(again.exitCode(), 0);
        QCOMPARE(entries(status()), 3 * kEvents); // each once, none twice
        QCOMPARE(m_cli.run(m_data, {QStringLiteral("verify")}).code, 0);
    }
};

QTEST_GUILESS_MAIN(TestServeCrash)
#include "tst_serve_crash.moc"
