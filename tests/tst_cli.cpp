#include "CliRunner.h"
#include "Events.h"
#include "FakeStripe.h"
#include "intake/WebhookSignature.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

// The payoutdesk command line as a user runs it: a real process, real
// files, exit codes and output.
class TestCli final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_bin = qEnvironmentVariable("PAYOUTDESK_BIN");
    int m_n = 0;
    QString m_data;

    using Run = CliRun;
    Run run(const QStringList &args,
            const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        return CliRunner(m_bin).run(m_data, args, env);
    }
    // Runs payoutdesk while this event loop keeps serving the fake Stripe.
    Run runServed(const QStringList &args, const QProcessEnvironment &env)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        QSignalSpy finished(&p, &QProcess::finished);
        p.start(m_bin, QStringList{QStringLiteral("--data-dir"), m_data} + args);
        if (!finished.wait(60'000))
            qFatal("payoutdesk did not finish");
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }
    QString writeFile(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        f.write(content);
        return path;
    }
    static QByteArray cart(int n, const QString &currency = QStringLiteral("gbp"))
    {
        Events::Cart c;
        c.eventId = QStringLiteral("evt_%1").arg(n);
        c.session = QStringLiteral("cs_%1").arg(n);
        c.paymentIntent = QStringLiteral("pi_%1").arg(n);
        c.currency = currency;
        c.items = {Events::item(QStringLiteral("art_1"), 560, QStringLiteral("trk_1"), {},
                                QStringLiteral("acct_1")),
                   Events::item(QStringLiteral("art_2"), 840, QStringLiteral("trk_7")),
                   Events::item(QStringLiteral("art_3"), 70, {}, QStringLiteral("commission"),
                                QStringLiteral("acct_3"))};
        return Events::cart(c);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(m_bin), "PAYOUTDESK_BIN must name the payoutdesk binary");
    }
    void init() { m_data = m_dir.filePath(QStringLiteral("store%1").arg(++m_n)); }

    void importThenStatusJson()
    {
        const QString lines =
            writeFile(QStringLiteral("lines.jsonl"),
                      cart(1) + "\n" + cart(2) + "\n\n" + cart(3, QStringLiteral("eur")) + "\n");
        const QString single =
            writeFile(QStringLiteral("one.json"),
                      QJsonDocument::fromJson(cart(4)).toJson(QJsonDocument::Indented));
        Run r = run({QStringLiteral("import"), lines, single});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("4 recorded (12 entries added)"), r.out.constData());

        r = run({QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonObject status = QJsonDocument::fromJson(r.out).object();
        const QJsonArray artists = status[u"artists"].toArray();
        QCOMPARE(artists.size(), 6); // three artists in two currencies
        const QJsonObject art1gbp = artists.at(0).toObject();
        QCOMPARE(art1gbp[u"artist"].toString(), QStringLiteral("art_1"));
        QCOMPARE(art1gbp[u"currency"].toString(), QStringLiteral("eur"));
        QCOMPARE(artists.at(1).toObject()[u"pending_minor"].toInteger(), 3 * 560);
        QCOMPARE(artists.at(1).toObject()[u"entries"].toInteger(), 3);
        const QJsonObject art2 = artists.at(3).toObject();
        QCOMPARE(art2[u"held_minor"].toInteger(), 3 * 840); // no payout account yet
        QCOMPARE(status[u"states"].toObject()[u"pending"].toInteger(), 8);
        QCOMPARE(status[u"states"].toObject()[u"held"].toInteger(), 4);
        QVERIFY(status[u"next_run"].isNull());
        const QJsonArray held = status[u"held"].toArray();
        QCOMPARE(held.size(), 2); // art_2 in eur and gbp
        QCOMPARE(held.at(1).toObject()[u"reason"].toString(), QStringLiteral("no payout account"));
        QCOMPARE(held.at(1).toObject()[u"amount_minor"].toInteger(), 3 * 840);

        r = run({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--artist"),
                 QStringLiteral("art_3")});
        QCOMPARE(QJsonDocument::fromJson(r.out).object()[u"artists"].toArray().size(), 2);

        r = run({QStringLiteral("status")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("Pending total:"), r.out.constData());
    }

    void importQuarantinesBadLinesAndSaysSo()
    {
        const QString file = writeFile(QStringLiteral("mixed.jsonl"), cart(1) + "\n{oops\n");
        const Run r = run({QStringLiteral("import"), file});
        QCOMPARE(r.code, 3);
        QVERIFY(r.out.contains("1 quarantined"));
        QVERIFY(r.err.contains("not valid JSON"));
    }

    void verifyFailsOnACorruptedRow()
    {
        QCOMPARE(
            run({QStringLiteral("import"), writeFile(QStringLiteral("v.jsonl"), cart(1))}).code, 0);
        QCOMPARE(run({QStringLiteral("verify")}).code, 0);
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("corrupt"));
            db.setDatabaseName(m_data + QStringLiteral("/ledger.sqlite"));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("UPDATE entries SET amount_minor = 1 WHERE id = 2")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("corrupt"));
        const Run r = run({QStringLiteral("verify")});
        QCOMPARE(r.code, 3);
        QVERIFY(r.out.contains("FAIL  conservation of money"));
        QVERIFY(r.out.contains("art_2 gbp: ingested 840"));
    }

    void artistsLinkReleasesHeldMoney()
    {
        QCOMPARE(
            run({QStringLiteral("import"), writeFile(QStringLiteral("l.jsonl"), cart(1))}).code, 0);
        const Run r = run({QStringLiteral("artists"), QStringLiteral("link"),
                           QStringLiteral("art_2"), QStringLiteral("acct_2")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("1 held entries are pending again"));
        QCOMPARE(run({QStringLiteral("artists"), QStringLiteral("link"), QStringLiteral("art_2"),
                      QStringLiteral("bank")})
                     .code,
                 2);
    }

    void usageErrorsGoToStderr_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("unknown command") << QStringList{QStringLiteral("settings")} << 2
                                         << QByteArray("unknown command settings");
        QTest::newRow("bad mode") << QStringList{QStringLiteral("--mode"), QStringLiteral("fast"),
                                                 QStringLiteral("status")}
                                  << 2 << QByteArray("--mode");
        QTest::newRow("bad port") << QStringList{QStringLiteral("--webhook-port"),
                                                 QStringLiteral("99999"), QStringLiteral("status")}
                                  << 2 << QByteArray("--webhook-port");
        QTest::newRow("import nothing")
            << QStringList{QStringLiteral("import")} << 2 << QByteArray("at least one file");
        QTest::newRow("import missing file")
            << QStringList{QStringLiteral("import"), QStringLiteral("/nonexistent/x.json")} << 1
            << QByteArray("cannot read");
        QTest::newRow("bad base url")
            << QStringList{QStringLiteral("--stripe-api-base"), QStringLiteral("ftp://x"),
                           QStringLiteral("status")}
            << 2 << QByteArray("http(s)");
    }
    void usageErrorsGoToStderr()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QByteArray, message);
        const Run r = run(args);
        QCOMPARE(r.code, code);
        QVERIFY2(r.err.contains(message), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void triggerPayoutsPaysAndPrintsTheSummary()
    {
        FakeStripe fake;
        QVERIFY(fake.listen());
        fake.addApiKey(QStringLiteral("sk_test_cli"));
        fake.setAvailableBalance(QStringLiteral("gbp"), 100'000);
        fake.addAccount(QStringLiteral("acct_1"));
        fake.addAccount(QStringLiteral("acct_3"));
        QCOMPARE(
            run({QStringLiteral("import"), writeFile(QStringLiteral("t.jsonl"), cart(1))}).code, 0);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("STRIPE_API_KEY"), QStringLiteral("sk_test_cli"));
        const QStringList args{QStringLiteral("--stripe-api-base"), fake.baseUrl().toString(),
                               QStringLiteral("trigger-payouts"), QStringLiteral("--json")};
        const Run r = runServed(args, env);
        QCOMPARE(r.code, 0);
        const QJsonObject summary = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(summary[u"transfers_paid"].toInt(), 2); // art_2 has no account: held, not sent
        QCOMPARE(summary[u"paid_minor"].toObject()[u"gbp"].toInteger(), 560 + 70);
        QCOMPARE(fake.transfers().size(), 2);
        QVERIFY2(!r.out.contains("sk_test_cli") && !r.err.contains("sk_test_cli"),
                 "no key in output");
        QVERIFY(r.err.contains("[PAYOUT] Processing 2 pending payouts for 2 artists..."));
        QCOMPARE(run({QStringLiteral("verify")}).code, 0);
    }

    void triggerPayoutsRefusesWithoutAKeyOrWithALiveKeyInDevelopment()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("STRIPE_API_KEY"));
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=/nonexistent/bus"));
        Run r = run({QStringLiteral("trigger-payouts")}, env);
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("keychain"));
        // Assembled, so that no live-shaped key literal is in the repository.
        env.insert(QStringLiteral("STRIPE_API_KEY"),
                   QString(QStringLiteral("sk_live_") + QStringLiteral("0123456789abcdef")));
        r = run({QStringLiteral("--mode"), QStringLiteral("development"),
                 QStringLiteral("trigger-payouts")},
                env);
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("refusing to run in development mode with a live Stripe key"));
        QVERIFY(!r.err.contains("0123456789abcdef"));
    }

    void serveRunsAFastPayoutAfterACartPurchaseAndHonoursTheAdminRoute()
    {
        FakeStripe fake;
        QVERIFY(fake.listen());
        fake.addApiKey(QStringLiteral("sk_test_serve"));
        fake.setAvailableBalance(QStringLiteral("gbp"), 100'000);
        for (const char *a : {"acct_1", "acct_2", "acct_3"})
            fake.addAccount(QString::fromLatin1(a));
        QDir().mkpath(m_data);
        writeFile(QFileInfo(m_data).fileName() + QStringLiteral("/settings.ini"),
                  "[engine]\nfastPayoutDelaySecs=1\n");
        const QByteArray secret = "whsec_serve_test_secret_0123456789";
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("STRIPE_WEBHOOK_SECRET"), QString::fromLatin1(secret));
        env.insert(QStringLiteral("STRIPE_API_KEY"), QStringLiteral("sk_test_serve"));
        env.insert(QStringLiteral("PAYOUTDESK_ADMIN_TOKEN"),
                   QStringLiteral("admin-token-for-tests"));
        QProcess serve;
        serve.setProcessEnvironment(env);
        serve.start(m_bin, {QStringLiteral("--data-dir"), m_data, QStringLiteral("--webhook-port"),
                            QStringLiteral("0"), QStringLiteral("--stripe-api-base"),
                            fake.baseUrl().toString(), QStringLiteral("serve")});
        QByteArray out;
        QRegularExpressionMatch m;
        QTRY_VERIFY_WITH_TIMEOUT((out += serve.readAllStandardOutput(),
                                  m = QRegularExpression(QStringLiteral("127\\.0\\.0\\.1:(\\d+)"))
                                          .match(QString::fromUtf8(out)),
                                  m.hasMatch()),
                                 20'000);
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(m.captured(1));
        QNetworkAccessManager nam;
        const auto post = [&](const QString &path, const QByteArray &body,
                              const QList<std::pair<QByteArray, QByteArray>> &headers) {
            QNetworkRequest req{QUrl(base + path)};
            req.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
            for (const auto &[k, v] : headers)
                req.setRawHeader(k, v);
            QNetworkReply *reply = nam.post(req, body);
            QSignalSpy done(reply, &QNetworkReply::finished);
            if (!done.wait(20'000))
                qFatal("no answer from serve");
            reply->deleteLater();
            return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        };
        // The admin route wants the token.
        QCOMPARE(post(QStringLiteral("/stripe/trigger-payouts"), {}, {}), 401);
        QCOMPARE(post(QStringLiteral("/stripe/trigger-payouts"), {},
                      {{"Authorization", "Bearer wrong"}}),
                 401);

        // A cart purchase by webhook: a fast payout follows (1 s here).
        const QByteArray body = cart(1);
        QCOMPARE(post(QStringLiteral("/webhook"), body,
                      {{"Stripe-Signature",
                        WebhookSignature::sign(body, secret, QDateTime::currentSecsSinceEpoch())}}),
                 200);
        QTRY_COMPARE_WITH_TIMEOUT(fake.transfers().size(), 2, 20'000); // art_2 has no account
        const Run status = run({QStringLiteral("status"), QStringLiteral("--json")});
        QVERIFY(
            !QJsonDocument::fromJson(status.out).object()[u"next_run"].isNull()); // the hourly run
        QCOMPARE(post(QStringLiteral("/stripe/trigger-payouts"), {},
                      {{"Authorization", "Bearer admin-token-for-tests"}}),
                 202);

        // The artist API on the same port, with a token the admin issued.
        const Run issued = run({QStringLiteral("artists"), QStringLiteral("token"),
                                QStringLiteral("issue"), QStringLiteral("art_1")});
        QCOMPARE(issued.code, 0);
        const QByteArray token = issued.out.trimmed();
        const auto get = [&](const QString &path, const QByteArray &bearer) {
            QNetworkRequest req{QUrl(base + path)};
            req.setRawHeader("Authorization", "Bearer " + bearer);
            QNetworkReply *reply = nam.get(req);
            QSignalSpy done(reply, &QNetworkReply::finished);
            if (!done.wait(20'000))
                qFatal("no answer from serve");
            reply->deleteLater();
            return std::pair{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                             QJsonDocument::fromJson(reply->readAll()).object()};
        };
        const auto engine = get(QStringLiteral("/api/v1/engine"), token);
        QCOMPARE(engine.first, 200);
        QCOMPARE(engine.second[u"mode"].toString(), u"development");
        QCOMPARE(engine.second[u"state"].toString(), u"running");
        const auto scheduled = get(QStringLiteral("/api/v1/artist/scheduled-payouts"), token);
        QCOMPARE(scheduled.first, 200);
        QCOMPARE(scheduled.second[u"artist"].toString(), u"art_1");
        QCOMPARE(get(QStringLiteral("/api/v1/engine"), "pd_art_wrong").first, 401);
        // The fast payout's run, as the engine recorded it: when and how, not
        // the store-wide amounts.
        QTRY_VERIFY_WITH_TIMEOUT(
            !get(QStringLiteral("/api/v1/engine"), token).second[u"last_run"].isNull(), 20'000);
        const QJsonObject lastRun =
            get(QStringLiteral("/api/v1/engine"), token).second[u"last_run"].toObject();
        QVERIFY(lastRun[u"ok"].toBool());
        QVERIFY(!lastRun[u"finished_at"].toString().isEmpty());
        QVERIFY(!lastRun.contains(u"paid_minor") && !lastRun.contains(u"notes"));

        serve.terminate();
        QSignalSpy finished(&serve, &QProcess::finished);
        QVERIFY(serve.state() == QProcess::NotRunning || finished.wait(20'000));
        const QByteArray log = serve.readAllStandardError();
        QVERIFY2(log.contains("[WEBHOOK] Cart purchase detected - triggering fast payout"),
                 log.constData());
        QVERIFY(
            log.contains("[FAST PAYOUT] Scheduling payout in 1 seconds after cart purchase..."));
        QVERIFY(log.contains("[FAST PAYOUT] Processing triggered payout..."));
        QVERIFY(log.contains("[FAST PAYOUT] Triggered payout completed"));
        QVERIFY(!log.contains("admin-token-for-tests") && !log.contains("sk_test_serve") &&
                !log.contains(secret) && !log.contains(token));
        QVERIFY2(!log.contains("cannot record"), log.constData());
        QCOMPARE(run({QStringLiteral("verify")}).code, 0);
        // Stopped: `status` says so and promises no run.
        const QJsonObject after =
            QJsonDocument::fromJson(run({QStringLiteral("status"), QStringLiteral("--json")}).out)
                .object();
        QCOMPARE(after[u"engine"][u"state"].toString(), u"stopped");
        QVERIFY(after[u"next_run"].isNull());
    }

    void serveWithoutAKeychainSaysWhy()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("STRIPE_WEBHOOK_SECRET"));
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=/nonexistent/bus"));
        const Run r = run({QStringLiteral("serve")}, env);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("keychain"), r.err.constData());
        QVERIFY(r.err.contains("STRIPE_WEBHOOK_SECRET"));
    }

    void serveReceivesWebhooksAndStopsCleanlyOnSigterm()
    {
        const QByteArray secret = "whsec_cli_test_secret_value_0123456789";
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("STRIPE_WEBHOOK_SECRET"), QString::fromLatin1(secret));
        QProcess serve;
        serve.setProcessEnvironment(env);
        serve.start(m_bin, {QStringLiteral("--data-dir"), m_data, QStringLiteral("--webhook-port"),
                            QStringLiteral("0"), QStringLiteral("serve")});
        QByteArray out;
        QRegularExpressionMatch m;
        QTRY_VERIFY_WITH_TIMEOUT((out += serve.readAllStandardOutput(),
                                  m = QRegularExpression(QStringLiteral("127\\.0\\.0\\.1:(\\d+)"))
                                          .match(QString::fromUtf8(out)),
                                  m.hasMatch()),
                                 20'000);
        const QByteArray body = cart(1);
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/webhook").arg(m.captured(1))));
        req.setRawHeader("Stripe-Signature",
                         WebhookSignature::sign(body, secret, QDateTime::currentSecsSinceEpoch()));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkAccessManager nam;
        QNetworkReply *reply = nam.post(req, body);
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 20'000);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        reply->deleteLater();

        // A monitor's view: alive, the ledger readable, the journal taking
        // events, nothing stuck; no money in it.
        QNetworkReply *health = nam.get(QNetworkRequest(
            QUrl(QStringLiteral("http://127.0.0.1:%1/healthz").arg(m.captured(1)))));
        QTRY_VERIFY_WITH_TIMEOUT(health->isFinished(), 20'000);
        QCOMPARE(health->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QJsonObject h = QJsonDocument::fromJson(health->readAll()).object();
        QCOMPARE(h[u"status"].toString(), u"ok");
        QCOMPARE(h[u"problems"].toArray().size(), 0);
        QCOMPARE(h[u"mode"].toString(), u"development");
        QCOMPARE(h[u"payouts"].toBool(true), false); // no Stripe key here
        QVERIFY(h[u"inbox"].toObject()[u"backlog"].toInteger(-1) >= 0);
        QVERIFY(h[u"last_run"].isNull());
        health->deleteLater();

        serve.terminate(); // SIGTERM
        QVERIFY(serve.waitForFinished(20'000));
        QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
        QCOMPARE(serve.exitCode(), 0);
        out += serve.readAllStandardOutput();
        const QByteArray err = serve.readAllStandardError();
        QVERIFY(out.contains("stopped"));
        QVERIFY2(!out.contains(secret) && !err.contains(secret),
                 "the secret never appears in output");

        const Run status = run({QStringLiteral("status"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(status.out)
                     .object()[u"states"]
                     .toObject()[u"pending"]
                     .toInteger(),
                 2);
        // SIGTERM drained the inbox: nothing answered 2xx is left unapplied.
        QCOMPARE(QJsonDocument::fromJson(status.out)
                     .object()[u"inbox"]
                     .toObject()[u"backlog"]
                     .toInteger(-1),
                 0);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
