// `payoutdesk sandbox` as a developer runs it: a real process. What it
// prints at start, that the printed key and secret work (API calls, signed
// webhooks to a local endpoint), a clean exit on SIGTERM, exit 2 with one
// line on stderr for bad options, exit 1 when the port is taken. Every wait
// is on the process or on output; nothing sleeps.
#include "LoopbackHttpServer.h"
#include "intake/WebhookSignature.h"
#include "util/Clock.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestSandboxCommand final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    const QString m_bin = qEnvironmentVariable("PAYOUTDESK_BIN");

    struct Run
    {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };
    QStringList argsFor(const QStringList &sandboxArgs) const
    {
        return QStringList{u"--data-dir"_s, m_dir.path(), u"sandbox"_s} + sandboxArgs;
    }
    Run run(const QStringList &sandboxArgs)
    {
        QProcess p;
        p.start(m_bin, argsFor(sandboxArgs));
        if (!p.waitForFinished(30'000)) {
            p.kill();
            p.waitForFinished();
            return {};
        }
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }
    // Starts a sandbox on a free port and waits for its banner.
    bool start(QProcess &p, const QStringList &sandboxArgs, QString *banner)
    {
        p.start(m_bin, argsFor(QStringList{u"--port"_s, u"0"_s} + sandboxArgs));
        QByteArray out;
        const QDeadlineTimer deadline(20'000);
        while (!out.contains("Steer it:")) {
            if (!p.waitForReadyRead(int(deadline.remainingTime())))
                return false;
            out += p.readAllStandardOutput();
        }
        *banner = QString::fromUtf8(out);
        return true;
    }
    static QString capture(const QString &text, const QString &pattern)
    {
        return QRegularExpression(pattern, QRegularExpression::MultilineOption)
            .match(text)
            .captured(1);
    }
    static int stop(QProcess &p, QByteArray *out = nullptr)
    {
        p.terminate(); // SIGTERM
        if (!p.waitForFinished(20'000))
            return -1;
        if (out)
            *out = p.readAllStandardOutput();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }
    QJsonObject call(const QString &base, const QByteArray &method, const QString &path,
                     const QString &key, const QByteArray &body = {}, int *status = nullptr)
    {
        QNetworkAccessManager nam;
        QNetworkRequest request{QUrl(base + path)};
        request.setRawHeader("Authorization", "Bearer " + key.toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          u"application/x-www-form-urlencoded"_s);
        QNetworkReply *reply = method == "POST" ? nam.post(request, body) : nam.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!finished.wait(20'000))
            return {};
        reply->deleteLater();
        if (status)
            *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        return QJsonDocument::fromJson(reply->readAll()).object();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(!m_bin.isEmpty(), "PAYOUTDESK_BIN is not set"); }

    void defaultsPrintWhatADeveloperNeeds()
    {
        QProcess p;
        QString banner;
        QVERIFY(start(p, {}, &banner));
        const QString base =
            capture(banner, u"^Stripe sandbox on (http://127\\.0\\.0\\.1:\\d+)$"_s);
        QVERIFY2(!base.isEmpty(), qPrintable(banner));
        QCOMPARE(capture(banner, u"^  secret key: +(\\S+) +\\(STRIPE_API_KEY\\)$"_s),
                 u"sk_test_sandbox"_s);
        const QString secret =
            capture(banner, u"^  signing secret: +(\\S+) +\\(STRIPE_WEBHOOK_SECRET\\)$"_s);
        QVERIFY2(QRegularExpression(u"^whsec_[A-Za-z0-9]{32}$"_s).match(secret).hasMatch(),
                 qPrintable(banner));
        QVERIFY(banner.contains(u"  delivering to:   nobody"_s));
        QVERIFY(banner.contains(u"  balance:         gbp 1000.00 available\n"_s));
        QVERIFY(banner.contains(u"  accounts:        acct_ready1      ready\n"_s));
        QVERIFY(banner.contains(u"acct_ready2      ready\n"_s));
        QVERIFY(banner.contains(u"acct_notready    not ready (transfers inactive"_s));
        QVERIFY(
            banner.contains(u"Use it:  STRIPE_API_KEY=sk_test_sandbox STRIPE_WEBHOOK_SECRET="_s +
                            secret + u" payoutdesk --stripe-api-base "_s + base + u" serve\n"_s));

        int status = 0;
        const QJsonObject balance =
            call(base, "GET", u"/v1/balance"_s, u"sk_test_sandbox"_s, {}, &status);
        QCOMPARE(status, 200);
        QCOMPARE(balance[u"available"][0][u"amount"].toInteger(), 100000);
        const QJsonObject notReady =
            call(base, "GET", u"/v1/accounts/acct_notready"_s, u"sk_test_sandbox"_s);
        QCOMPARE(notReady[u"capabilities"][u"transfers"].toString(), u"inactive"_s);
        call(base, "GET", u"/v1/balance"_s, u"sk_test_other"_s, {}, &status);
        QCOMPARE(status, 401);

        QByteArray out;
        QCOMPARE(stop(p, &out), 0);
        QVERIFY2(out.contains("payoutdesk sandbox: 0 transfers, 0 reversals, 0 events, 3 requests"),
                 out.constData());
    }

    void deliversEventsSignedWithThePrintedSecret()
    {
        QList<HttpExchange> received;
        LoopbackHttpServer endpoint([&received](const HttpExchange &exchange) {
            received.append(exchange);
            LoopbackHttpServer::write(exchange, {200, "{}", {}});
        });
        QVERIFY(endpoint.listenLoopback(0));
        const QString url = u"http://127.0.0.1:%1/webhook"_s.arg(endpoint.port());
        QProcess p;
        QString banner;
        QVERIFY(start(p, {u"--webhook-url"_s, url, u"--key"_s, u"sk_test_mine"_s}, &banner));
        const QString base = capture(banner, u"^Stripe sandbox on (\\S+)$"_s);
        const QByteArray secret = capture(banner, u"^  signing secret: +(\\S+) "_s).toUtf8();
        QVERIFY(banner.contains(u"  delivering to:   "_s + url + u'\n'));

        int status = 0;
        const QJsonObject transfer =
            call(base, "POST", u"/v1/transfers"_s, u"sk_test_mine"_s,
                 "amount=700&currency=gbp&destination=acct_ready1", &status);
        QCOMPARE(status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, 20'000);
        const HttpExchange &request = received.first();
        QCOMPARE(WebhookSignature::verify(request.header("Stripe-Signature"), request.body, secret,
                                          SystemClock::instance().nowSecs()),
                 WebhookSignature::Verdict::Valid);
        const QJsonObject event = QJsonDocument::fromJson(request.body).object();
        QCOMPARE(event[u"type"].toString(), u"transfer.created"_s);
        QCOMPARE(event[u"data"][u"object"][u"id"].toString(), transfer[u"id"].toString());

        // One line per event and per delivery.
        const QByteArray id = event[u"id"].toString().toUtf8();
        const QByteArray eventLine = "event   " + id + " transfer.created\n";
        const QByteArray deliveryLine =
            "webhook " + id + " transfer.created -> " + url.toUtf8() + ": 200 (attempt 1/4)\n";
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).contains(deliveryLine), 20'000);
        QVERIFY2(out.contains(eventLine), out.constData());
        QCOMPARE(stop(p), 0);
    }

    void badOptionsAreUsageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        // Assembled, so that no live-shaped key literal is in the repository.
        const QString live = u"sk_"_s + u"live_"_s + u"0123456789abcdef"_s;
        const QString restricted = u"rk_"_s + u"live_"_s + u"0123456789abcdef"_s;
        QTest::newRow("live key") << QStringList{u"--key"_s, live} << u"live"_s;
        QTest::newRow("restricted live key") << QStringList{u"--key"_s, restricted} << u"live"_s;
        QTest::newRow("publishable key")
            << QStringList{u"--key"_s, u"pk_test_x"_s} << u"publishable"_s;
        QTest::newRow("odd key") << QStringList{u"--key"_s, u"hunter2"_s} << u"--key"_s;
        QTest::newRow("balance amount")
            << QStringList{u"--balance"_s, u"gbp:ten"_s} << u"--balance"_s;
        QTest::newRow("balance currency")
            << QStringList{u"--balance"_s, u"pounds:100"_s} << u"--balance"_s;
        QTest::newRow("pending") << QStringList{u"--pending"_s, u"gbp"_s} << u"--pending"_s;
        QTest::newRow("account id") << QStringList{u"--account"_s, u"bob"_s} << u"--account"_s;
        QTest::newRow("account flag")
            << QStringList{u"--account"_s, u"acct_x:sleepy"_s} << u"--account"_s;
        QTest::newRow("payment intent")
            << QStringList{u"--payment-intent"_s, u"pi_1:ch_1:0:gbp"_s} << u"--payment-intent"_s;
        QTest::newRow("port range") << QStringList{u"--port"_s, u"70000"_s} << u"--port"_s;
        QTest::newRow("port text") << QStringList{u"--port"_s, u"http"_s} << u"--port"_s;
        QTest::newRow("latency") << QStringList{u"--latency-ms"_s, u"-5"_s} << u"--latency-ms"_s;
        QTest::newRow("rate") << QStringList{u"--rate-limit"_s, u"lots"_s} << u"--rate-limit"_s;
        QTest::newRow("fault rate") << QStringList{u"--fault-rate"_s, u"2"_s} << u"--fault-rate"_s;
        QTest::newRow("fault kind")
            << QStringList{u"--fault-kind"_s, u"boom"_s} << u"--fault-kind"_s;
        QTest::newRow("webhook scheme")
            << QStringList{u"--webhook-url"_s, u"ftp://x/hook"_s} << u"--webhook-url"_s;
        QTest::newRow("webhook url")
            << QStringList{u"--webhook-url"_s, u"localhost"_s} << u"--webhook-url"_s;
        QTest::newRow("webhook secret")
            << QStringList{u"--webhook-secret"_s, u"sk_test_x"_s} << u"--webhook-secret"_s;
        QTest::newRow("unknown option") << QStringList{u"--colour"_s} << u"colour"_s;
    }

    void badOptionsAreUsageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Run r = run(args);
        QCOMPARE(r.code, 2);
        QVERIFY(r.out.isEmpty());
        QCOMPARE(r.err.count('\n'), 1); // one line
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
        QVERIFY2(!r.err.contains("0123456789abcdef"), "a refused key is not echoed");
    }

    void aPortInUseExitsOne()
    {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost));
        const Run r = run({u"--port"_s, QString::number(taken.serverPort())});
        QCOMPARE(r.code, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("in use"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestSandboxCommand)
#include "tst_sandbox_command.moc"
