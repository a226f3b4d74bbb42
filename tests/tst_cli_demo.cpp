#include "Events.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// The newcomer's and the storefront developer's commands as they run them:
// `demo --no-window`, and `trigger` against a running `serve`.
class TestCliDemo final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_bin = qEnvironmentVariable("PAYOUTDESK_BIN");
    int m_n = 0;
    QString m_data;
    QString m_home;

    struct Run
    {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };
    // A user whose home is a fresh folder: the default data dir is theirs.
    QProcessEnvironment userEnv() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home);
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home + QStringLiteral("/.local/share"));
        env.remove(QStringLiteral("STRIPE_API_KEY"));
        env.remove(QStringLiteral("STRIPE_WEBHOOK_SECRET"));
        return env;
    }
    Run run(const QStringList &args, const QProcessEnvironment &env)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        QSignalSpy finished(&p, &QProcess::finished);
        p.start(m_bin, args);
        if (!finished.wait(90'000))
            qFatal("payoutdesk did not finish");
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }
    QString realDataDir() const { return m_home + QStringLiteral("/.local/share/payoutdesk"); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(m_bin), "PAYOUTDESK_BIN must name the payoutdesk binary");
    }
    void init()
    {
        ++m_n;
        m_data = m_dir.filePath(QStringLiteral("store%1").arg(m_n));
        m_home = m_dir.filePath(QStringLiteral("home%1").arg(m_n));
        QVERIFY(QDir().mkpath(m_home));
    }

    void demoWithoutAWindowPaysATransferAndLeavesAConsistentLedger()
    {
        // 40 s of demo time at ten times the speed: the 30 s rule is kept in
        // the demo's clock, which runs faster, not shortened.
        const Run r = run({QStringLiteral("demo"), QStringLiteral("--no-window"),
                           QStringLiteral("--duration"), QStringLiteral("40"),
                           QStringLiteral("--time-scale"), QStringLiteral("10")},
                          userEnv());
        QVERIFY2(r.code == 0, QByteArray(r.out + r.err).constData());
        // The seed's log lines, and what the store sent.
        QVERIFY2(r.err.contains("[FAST PAYOUT] Scheduling payout in 30 seconds"),
                 r.err.constData());
        QVERIFY2(r.err.contains("[WEBHOOK] Cart purchase recorded"), r.err.constData());
        QVERIFY2(r.out.contains("First transfer paid"), r.out.constData());
        QVERIFY2(r.out.contains("the same cart purchase, delivered again"), r.out.constData());
        QVERIFY2(r.out.contains("a malformed cart purchase"), r.out.constData());
        QVERIFY2(QRegularExpression(QStringLiteral("[1-9]\\d* transfers paid; verify passed"))
                     .match(QString::fromUtf8(r.out))
                     .hasMatch(),
                 r.out.constData());
        QVERIFY2(!QFileInfo::exists(realDataDir()), "the user's own store is never created");
    }

    void demoWindowShowsTheFirstPayoutWithoutTouchingTheUsersStore()
    {
        // The window path of `payoutdesk demo` (offscreen here), as the first-run
        // window's "Try the demo" starts it: 80 s of demo time at ten times the speed.
        QProcessEnvironment env = userEnv();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const Run r =
            run({QStringLiteral("demo"), QStringLiteral("--duration"), QStringLiteral("80"),
                 QStringLiteral("--time-scale"), QStringLiteral("10")},
                env);
        QVERIFY2(r.code == 0, QByteArray(r.out + r.err).constData());
        QVERIFY2(r.out.contains("Simulated Stripe, nothing is real"), r.out.constData());
        QVERIFY2(r.out.contains("First paid transfer shown in the window"), r.out.constData());
        QVERIFY2(!QFileInfo::exists(realDataDir()), "the user's own store is never created");
    }

    void demoRefusesADataDirHoldingARealLedger()
    {
        const QProcessEnvironment env = userEnv();
        // A real store: one imported purchase.
        QFile events(m_dir.filePath(QStringLiteral("one%1.json").arg(m_n)));
        QVERIFY(events.open(QIODevice::WriteOnly));
        Events::Cart cart;
        cart.items = {Events::item(QStringLiteral("art_1"), 560, QStringLiteral("trk_1"))};
        events.write(Events::cart(cart));
        events.close();
        QCOMPARE(
            run({QStringLiteral("--data-dir"), m_data, QStringLiteral("import"), events.fileName()},
                env)
                .code,
            0);
        const QString ledger = m_data + QStringLiteral("/ledger.sqlite");
        QFile before(ledger);
        QVERIFY(before.open(QIODevice::ReadOnly));
        const QByteArray bytes = before.readAll();
        before.close();

        const Run r =
            run({QStringLiteral("--data-dir"), m_data, QStringLiteral("demo"),
                 QStringLiteral("--no-window"), QStringLiteral("--duration"), QStringLiteral("1")},
                env);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("holds a store's ledger"), r.err.constData());
        QFile after(ledger);
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(after.readAll(), bytes);
    }

    void triggerCartPurchaseRecordsExactlyTheItemsGiven()
    {
        const QString secret = QStringLiteral("whsec_trigger_test_secret_0123456789");
        QProcessEnvironment env = userEnv();
        env.insert(QStringLiteral("STRIPE_WEBHOOK_SECRET"), secret);
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
        const QString url = QStringLiteral("http://127.0.0.1:%1/webhook").arg(m.captured(1));

        Run r = run({QStringLiteral("--data-dir"), m_data, QStringLiteral("trigger"),
                     QStringLiteral("cart-purchase"), QStringLiteral("--item"),
                     QStringLiteral("art_1:trk_1:560"), QStringLiteral("--item"),
                     QStringLiteral("art_2:trk_7:840:acct_2"), QStringLiteral("--title"),
                     QStringLiteral("First Light"), QStringLiteral("--url"), url},
                    env);
        QVERIFY2(r.code == 0, QByteArray(r.out + r.err).constData());
        QVERIFY2(QRegularExpression(QStringLiteral("^evt_\\w+ -> 200 .*\"received\":true"))
                     .match(QString::fromUtf8(r.out))
                     .hasMatch(),
                 r.out.constData());

        // A sender with the wrong secret is refused, and nothing is recorded.
        QProcessEnvironment tampered = env;
        tampered.insert(QStringLiteral("STRIPE_WEBHOOK_SECRET"), secret + u'x');
        r = run({QStringLiteral("--data-dir"), m_data, QStringLiteral("trigger"),
                 QStringLiteral("cart-purchase"), QStringLiteral("--item"),
                 QStringLiteral("art_3:trk_9:999"), QStringLiteral("--url"), url},
                tampered);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(" -> 400 "), r.out.constData());
        QVERIFY2(!r.out.contains(secret.toUtf8()) && !r.err.contains(secret.toUtf8()),
                 r.err.constData());

        serve.terminate();
        QVERIFY(serve.waitForFinished(20'000));

        r = run({QStringLiteral("--data-dir"), m_data, QStringLiteral("status"),
                 QStringLiteral("--json")},
                env);
        QCOMPARE(r.code, 0);
        const QJsonArray artists = QJsonDocument::fromJson(r.out).object()[u"artists"].toArray();
        QCOMPARE(artists.size(), 2);
        QCOMPARE(artists.at(0).toObject()[u"artist"].toString(), QStringLiteral("art_1"));
        QCOMPARE(artists.at(0).toObject()[u"held_minor"].toInteger(), 560); // no account yet
        QCOMPARE(artists.at(1).toObject()[u"artist"].toString(), QStringLiteral("art_2"));
        QCOMPARE(artists.at(1).toObject()[u"pending_minor"].toInteger(), 840);

        // --title reached the ledger: the statement names the track by it.
        r = run({QStringLiteral("--data-dir"), m_data, QStringLiteral("statement"),
                 QStringLiteral("--artist"), QStringLiteral("art_1"), QStringLiteral("--from"),
                 QStringLiteral("2000-01-01"), QStringLiteral("--to"), QStringLiteral("2100-12-31"),
                 QStringLiteral("--json")},
                env);
        QCOMPARE(r.code, 0);
        const QJsonObject gbp =
            QJsonDocument::fromJson(r.out).object().value(u"accounts").toArray().at(0).toObject();
        const QJsonObject earned = gbp.value(u"earned").toArray().at(0).toObject();
        QCOMPARE(earned[u"track"].toString(), QStringLiteral("trk_1"));
        QCOMPARE(earned[u"track_title"].toString(), QStringLiteral("First Light"));
    }

    void triggerRefusesBadInputAndSendsNothing_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        const QString cart = QStringLiteral("cart-purchase");
        const QString item = QStringLiteral("--item");
        QTest::newRow("unknown event") << QStringList{QStringLiteral("payout.paid")} << 2
                                       << QStringLiteral("unknown event payout.paid");
        QTest::newRow("no item") << QStringList{cart} << 2 << QStringLiteral("needs at least one");
        QTest::newRow("amount not a number")
            << QStringList{cart, item, QStringLiteral("art_1:trk_1:5.60")} << 2
            << QStringLiteral("positive whole number");
        QTest::newRow("missing part") << QStringList{cart, item, QStringLiteral("art_1:560")} << 2
                                      << QStringLiteral("ARTIST:TRACK:AMOUNT");
        QTest::newRow("bad artist id") << QStringList{cart, item, QStringLiteral("art 1:trk_1:560")}
                                       << 2 << QStringLiteral("artist id");
        QTest::newRow("refund without payment intent")
            << QStringList{QStringLiteral("refund")} << 2 << QStringLiteral("--payment-intent");
        QTest::newRow("nobody listening")
            << QStringList{cart, item, QStringLiteral("art_1:trk_1:560"), QStringLiteral("--url"),
                           QStringLiteral("http://127.0.0.1:1/webhook")}
            << 1 << QStringLiteral("did not accept the event (no answer");
    }
    void triggerRefusesBadInputAndSendsNothing()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, message);
        QProcessEnvironment env = userEnv();
        env.insert(QStringLiteral("STRIPE_WEBHOOK_SECRET"),
                   QStringLiteral("whsec_trigger_test_secret_0123456789"));
        const Run r =
            run(QStringList{QStringLiteral("--data-dir"), m_data, QStringLiteral("trigger")} + args,
                env);
        QCOMPARE(r.code, code);
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1); // one line
    }
};

QTEST_GUILESS_MAIN(TestCliDemo)
#include "tst_cli_demo.moc"
