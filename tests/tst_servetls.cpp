#include "CliRunner.h"
#include "LedgerSeed.h"
#include "StoreServer.h"
#include "api/ArtistApi.h"
#include "api/ArtistStream.h"
#include "api/TokenAttemptLimiter.h"
#include "http/HttpServer.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// Serving beyond loopback, safely: with a certificate and key every route is
// HTTPS, the live stream included (a self-signed certificate made here with
// the openssl command); a
// client that trusts it gets its answer and one that does not gets no
// answer at all; serve refuses a non-loopback address without TLS or a
// declared reverse proxy, and names a wrong certificate or key path.
class TestServeTls final : public QObject
{
    Q_OBJECT

    struct Answer
    {
        int status = 0; // 0: no HTTP answer
        QNetworkReply::NetworkError error = QNetworkReply::NoError;
        QByteArray body;
    };

    QTemporaryDir m_dir;
    QString m_cert;
    QString m_key;
    QSslCertificate m_ca;
    CliRunner m_cli;

    Answer get(const QUrl &url, const QByteArray &authorization, bool trustTheCertificate)
    {
        QNetworkRequest req(url);
        if (!authorization.isEmpty())
            req.setRawHeader("Authorization", authorization);
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (trustTheCertificate)
            tls.setCaCertificates({m_ca});
        req.setSslConfiguration(tls);
        // A client of its own each time: a pooled connection that trusted
        // the certificate once would carry the next request too.
        QNetworkAccessManager nam;
        QNetworkReply *reply = nam.get(req);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !done.wait(20'000))
            qFatal("no answer from the server");
        const Answer answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                            reply->error(), reply->readAll()};
        delete reply;
        return answer;
    }

    // Starts serve with `args` after `serve`; returns the URL it prints
    // ("serving on https://127.0.0.1:PORT"), empty when it did not come up.
    QString startServe(QProcess &serve, const QString &data, const QStringList &args)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("STRIPE_WEBHOOK_SECRET"),
                   QStringLiteral("whsec_test_servetls_0123456789abcdef"));
        env.remove(QStringLiteral("STRIPE_API_KEY"));
        serve.setProcessEnvironment(env);
        serve.start(m_cli.bin(), QStringList{QStringLiteral("--data-dir"), data,
                                             QStringLiteral("--webhook-port"), QStringLiteral("0"),
                                             QStringLiteral("serve")} +
                                     args);
        QByteArray out;
        const QRegularExpression url(QStringLiteral("serving on (\\S+://\\S+:\\d+)"));
        QRegularExpressionMatch m;
        while (!(m = url.match(QString::fromUtf8(out))).hasMatch()) {
            if (!serve.waitForReadyRead(30'000))
                return {};
            out += serve.readAllStandardOutput();
        }
        return m.captured(1);
    }

    static void stop(QProcess &serve)
    {
        serve.terminate();
        if (!serve.waitForFinished(30'000))
            serve.kill();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString problem;
        QVERIFY2(StoreServer::makeSelfSigned(m_dir.path(), &m_cert, &m_key, &problem),
                 qPrintable(problem));
        const QList<QSslCertificate> certs = QSslCertificate::fromPath(m_cert);
        QCOMPARE(certs.size(), 1);
        m_ca = certs.first();
    }

    void everyRouteIsHttpsForAClientThatTrustsTheCertificate()
    {
        ManualClock clock;
        Ledger ledger(m_dir.filePath(QStringLiteral("tls.sqlite")), clock);
        QVERIFY(ledger.open());
        Intake intake(ledger);
        QVERIFY(ledger.accounts().setAccount(QStringLiteral("art_A"), QStringLiteral("acct_A")));
        QVERIFY(LedgerSeed::sale(intake, ledger, QStringLiteral("evt_tls"),
                                 {{QStringLiteral("art_A"), 101}})
                    .has_value());
        const IssuedArtistToken token = ledger.tokens().issue(QStringLiteral("art_A"), {}).value();

        const Result<QSslConfiguration> tls = HttpServer::loadTls(m_cert, m_key);
        QVERIFY2(tls.has_value(), qPrintable(tls ? QString() : tls.error().message));
        HttpServer server;
        server.setTls(*tls);
        const ArtistApiStores stores{ledger.tokens(), ledger.reader(), ledger.meta(), clock};
        const auto limiter = std::make_shared<TokenAttemptLimiter>(clock);
        registerArtistApi(server, stores, limiter);
        ArtistStreamHub *streams = registerArtistStream(server, stores, ledger.changes(), limiter);
        connect(&ledger, &Ledger::changed, streams, &ArtistStreamHub::ledgerChanged);
        const quint16 port = server.listenLoopback(0);
        QVERIFY(port != 0);
        const QString base = QStringLiteral("https://127.0.0.1:%1").arg(port);

        const Answer ok = get(QUrl(base + QStringLiteral("/api/v1/artist/scheduled-payouts")),
                              "Bearer " + token.secret.toUtf8(), true);
        QCOMPARE(ok.status, 200);
        QCOMPARE(QJsonDocument::fromJson(ok.body).object()[u"artist"].toString(), u"art_A");
        QCOMPARE(
            get(QUrl(base + QStringLiteral("/api/v1/engine")), "Bearer pd_art_wrong", true).status,
            401);

        // Without the certificate as its CA, the client refuses the server
        // before any request leaves.
        const Answer untrusted =
            get(QUrl(base + QStringLiteral("/api/v1/artist/scheduled-payouts")),
                "Bearer " + token.secret.toUtf8(), false);
        QCOMPARE(untrusted.status, 0);
        QCOMPARE(untrusted.error, QNetworkReply::SslHandshakeFailedError);

        // The live stream too: its events arrive over TLS as they happen.
        {
            QNetworkRequest req(QUrl(base + ArtistStreamHub::kPath));
            req.setRawHeader("Authorization", "Bearer " + token.secret.toUtf8());
            QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
            trusting.setCaCertificates({m_ca});
            req.setSslConfiguration(trusting);
            QNetworkAccessManager nam;
            std::unique_ptr<QNetworkReply> stream(nam.get(req));
            QByteArray body;
            connect(stream.get(), &QNetworkReply::readyRead, this,
                    [&] { body += stream->readAll(); });
            QTRY_VERIFY_WITH_TIMEOUT(body.count("event: payouts") == 1, 20'000);
            QVERIFY(LedgerSeed::sale(intake, ledger, QStringLiteral("evt_tls2"),
                                     {{QStringLiteral("art_A"), 202}})
                        .has_value());
            QTRY_VERIFY_WITH_TIMEOUT(body.count("event: payouts") == 2, 20'000);
            QVERIFY(body.contains("\"pending_minor\":303"));
            stream->abort();
        }

        // Plain HTTP to the HTTPS port gets no HTTP answer.
        const Answer plain =
            get(QUrl(QStringLiteral("http://127.0.0.1:%1/api/v1/engine").arg(port)), {}, false);
        QCOMPARE(plain.status, 0);
        QVERIFY(plain.error != QNetworkReply::NoError);
    }

    void loadTlsNamesWhatIsWrong()
    {
        const QString missing = m_dir.filePath(QStringLiteral("missing.pem"));
        const auto message = [](const Result<QSslConfiguration> &r) {
            return r ? QString() : r.error().message;
        };
        QVERIFY(message(HttpServer::loadTls(missing, m_key))
                    .startsWith(QStringLiteral("cannot read the TLS certificate ") + missing));
        QVERIFY(message(HttpServer::loadTls(m_cert, missing))
                    .startsWith(QStringLiteral("cannot read the TLS key ") + missing));
        QCOMPARE(message(HttpServer::loadTls(m_key, m_key)),
                 QStringLiteral("the TLS certificate file %1 holds no PEM certificate").arg(m_key));
        QCOMPARE(
            message(HttpServer::loadTls(m_cert, m_cert)),
            QStringLiteral("the TLS key file %1 holds no unencrypted PEM private key (RSA or EC)")
                .arg(m_cert));
    }

    void serveRefusesWhatIsNotSafeOrNotThere_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("error");
        const QString missing = QStringLiteral("/nonexistent/payoutdesk/cert.pem");
        QTest::newRow("beyond loopback without TLS")
            << QStringList{QStringLiteral("--listen"), QStringLiteral("0.0.0.0")}
            << QStringLiteral("payoutdesk serve: refusing to listen on 0.0.0.0 without TLS");
        QTest::newRow("a certificate path that does not exist")
            << QStringList{QStringLiteral("--certificate"), missing, QStringLiteral("--key"),
                           QStringLiteral("KEY")}
            << QStringLiteral("payoutdesk serve: cannot read the TLS certificate ") + missing;
        QTest::newRow("a key path that does not exist")
            << QStringList{QStringLiteral("--certificate"), QStringLiteral("CERT"),
                           QStringLiteral("--key"), missing}
            << QStringLiteral("payoutdesk serve: cannot read the TLS key ") + missing;
        QTest::newRow("a certificate without its key")
            << QStringList{QStringLiteral("--listen"), QStringLiteral("0.0.0.0"),
                           QStringLiteral("--certificate"), QStringLiteral("CERT")}
            << QStringLiteral("payoutdesk serve: a TLS certificate needs its key");
        QTest::newRow("not an address")
            << QStringList{QStringLiteral("--listen"), QStringLiteral("example.org")}
            << QStringLiteral("payoutdesk serve: 'example.org' is not an IP address");
    }

    void serveRefusesWhatIsNotSafeOrNotThere()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, error);
        args.replaceInStrings(QStringLiteral("CERT"), m_cert);
        args.replaceInStrings(QStringLiteral("KEY"), m_key);
        const CliRun r = m_cli.run(m_dir.filePath(QStringLiteral("refused")),
                                   QStringList{QStringLiteral("serve")} + args);
        QCOMPARE(r.code, 1);
        QVERIFY2(QString::fromUtf8(r.err).startsWith(error), r.err.constData());
        QVERIFY2(!r.out.contains("serving on"), r.out.constData());
    }

    void serveOverTlsAnswersHttps()
    {
        QProcess serve;
        const QString url =
            startServe(serve, m_dir.filePath(QStringLiteral("served")),
                       {QStringLiteral("--certificate"), m_cert, QStringLiteral("--key"), m_key});
        auto stopServe = qScopeGuard([&] { stop(serve); });
        QVERIFY2(url.startsWith(u"https://127.0.0.1:"), qPrintable(url));
        QCOMPARE(get(QUrl(url + QStringLiteral("/healthz")), {}, true).status, 200);
        const Answer api =
            get(QUrl(url + QStringLiteral("/api/v1/engine")), "Bearer pd_art_x", true);
        QCOMPARE(api.status, 401);
        QCOMPARE(get(QUrl(url + QStringLiteral("/healthz")), {}, false).error,
                 QNetworkReply::SslHandshakeFailedError);
    }

    void serveBehindAProxyMayListenBeyondLoopback()
    {
        QProcess serve;
        const QString url = startServe(serve, m_dir.filePath(QStringLiteral("proxied")),
                                       {QStringLiteral("--listen"), QStringLiteral("0.0.0.0"),
                                        QStringLiteral("--behind-proxy")});
        auto stopServe = qScopeGuard([&] { stop(serve); });
        QVERIFY2(url.startsWith(u"http://0.0.0.0:"), qPrintable(url));
        const QString port = url.mid(url.lastIndexOf(u':') + 1);
        QCOMPARE(get(QUrl(QStringLiteral("http://127.0.0.1:") + port + QStringLiteral("/healthz")),
                     {}, false)
                     .status,
                 200);
    }
};

QTEST_GUILESS_MAIN(TestServeTls)
#include "tst_servetls.moc"
