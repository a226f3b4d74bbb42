#include "LedgerSeed.h"
#include "StoreServer.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "remote/RemoteStore.h"
#include "remote/StoreProblem.h"
#include "service/EngineStatus.h"
#include "util/Clock.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// A window's connection to its store (core/remote/RemoteStore) against the
// real artist API over loopback, on a real SQLite ledger: the snapshot
// holds the token's artist's money and nobody else's, follows commits live
// through the stream, keeps the last data while the store is away and
// reads it again when it is back; a revoked token, a wrong address and an
// untrusted certificate each end in their own sentence.
class TestRemoteStore final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<Intake> m_intake;
    std::unique_ptr<StoreServer> m_server;
    IssuedArtistToken m_a;
    IssuedArtistToken m_b;
    int m_files = 0;
    int m_events = 0;

    QList<qint64> sale(const QString &artist, qint64 amount)
    {
        const int n = ++m_events;
        return LedgerSeed::sale(*m_intake, *m_ledger, QStringLiteral("evt_r%1").arg(n),
                                {{artist, amount}}, QStringLiteral("gbp"), m_clock.nowSecs() + n)
            .value();
    }

    std::unique_ptr<RemoteStore> connectAs(const IssuedArtistToken &token, QUrl url = {})
    {
        RemoteStore::Options o;
        o.url = url.isEmpty() ? m_server->url() : url;
        o.token = token.secret;
        o.firstRetryMs = 20; // real milliseconds: the ManualClock's scale is 1
        o.maxRetryMs = 200;
        return std::make_unique<RemoteStore>(o, m_clock);
    }

    static qint64 openMinor(RemoteStore &s)
    {
        qint64 sum = 0;
        const QList<ArtistBalance> balances = s.reader().balances(s.artist()).value();
        for (const ArtistBalance &b : balances)
            sum += b.pendingMinor + b.sendingMinor + b.heldMinor;
        return sum;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void init()
    {
        m_clock.set(QDateTime::fromSecsSinceEpoch(1'767'225'600, Qt::UTC));
        m_ledger = std::make_unique<Ledger>(
            m_dir.filePath(QStringLiteral("remote-%1.sqlite").arg(++m_files)), m_clock);
        QVERIFY(m_ledger->open());
        m_intake = std::make_unique<Intake>(*m_ledger);
        QVERIFY(m_ledger->accounts().setAccount(QStringLiteral("art_A"), QStringLiteral("acct_A")));
        QVERIFY(m_ledger->accounts().setAccount(QStringLiteral("art_B"), QStringLiteral("acct_B")));
        sale(QStringLiteral("art_A"), 101);
        sale(QStringLiteral("art_B"), 7777);
        m_a = m_ledger->tokens().issue(QStringLiteral("art_A"), QStringLiteral("laptop")).value();
        m_b = m_ledger->tokens().issue(QStringLiteral("art_B"), {}).value();
        m_server = std::make_unique<StoreServer>(*m_ledger, m_clock);
        QVERIFY(m_server->start() != 0);
    }

    void cleanup()
    {
        m_server.reset();
        m_intake.reset();
        m_ledger.reset();
    }

    void readsTheTokensArtistAndFollowsCommitsLive()
    {
        auto store = connectAs(m_a);
        store->start();
        QTRY_COMPARE_WITH_TIMEOUT(store->state(), RemoteStore::State::Online, 10'000);
        QCOMPARE(store->artist(), u"art_A");
        QCOMPARE(openMinor(*store), 101);
        QCOMPARE(store->reader().artist(QStringLiteral("art_A")).value()->account, u"acct_A");
        QTRY_VERIFY_WITH_TIMEOUT(store->streamOpen() && !store->lastEventId().isEmpty(), 10'000);

        // A sale, then a payment: each commit reaches the snapshot by the
        // stream, without a poll.
        QSignalSpy changed(store.get(), &RemoteStore::changed);
        const QList<qint64> ids = sale(QStringLiteral("art_A"), 202);
        QTRY_COMPARE_WITH_TIMEOUT(openMinor(*store), 303, 10'000);
        QVERIFY(LedgerSeed::pay(*m_ledger, ids, QStringLiteral("tr_live"), m_clock.now()));
        QTRY_COMPARE_WITH_TIMEOUT(openMinor(*store), 101, 10'000);
        // Never missing from both: once it left the scheduled list, it is paid.
        const QList<Entry> paid =
            store->reader().entries({QStringLiteral("art_A"), {EntryState::Paid}, 100, 0}).value();
        QCOMPARE(paid.size(), 1);
        QCOMPARE(paid.first().transferId, u"tr_live");
        QCOMPARE(paid.first().amount, (Money{202, QStringLiteral("gbp")}));
        QVERIFY(changed.count() >= 2);
    }

    void aPaymentReadsHistorysNewestPageAndKeepsEveryOlderTransfer()
    {
        // More transfers than the newest page that a payment reads: the
        // window must still hold every one of them, and the new one.
        constexpr int kOld = 30;
        for (int t = 0; t < kOld; ++t)
            QVERIFY(LedgerSeed::pay(*m_ledger, sale(QStringLiteral("art_A"), 1000 + t),
                                    QStringLiteral("tr_old_%1").arg(t),
                                    m_clock.now().addDays(t - kOld)));
        auto store = connectAs(m_a);
        store->start();
        QTRY_COMPARE_WITH_TIMEOUT(store->state(), RemoteStore::State::Online, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(store->streamOpen() && !store->lastEventId().isEmpty(), 10'000);
        const auto paidTransfers = [&] {
            return store->reader().paidTransfers(QStringLiteral("art_A")).value();
        };
        QCOMPARE(paidTransfers().size(), kOld);

        const QList<qint64> ids = sale(QStringLiteral("art_A"), 202);
        QTRY_COMPARE_WITH_TIMEOUT(openMinor(*store), 303, 10'000);
        QVERIFY(LedgerSeed::pay(*m_ledger, ids, QStringLiteral("tr_new"), m_clock.now()));
        QTRY_COMPARE_WITH_TIMEOUT(openMinor(*store), 101, 10'000);
        const QList<PaidTransfer> transfers = paidTransfers();
        QCOMPARE(transfers.size(), kOld + 1);
        QCOMPARE(transfers.last().transferId, u"tr_new");
        QCOMPARE(transfers.first().transferId, u"tr_old_0");
        qint64 paid = 0;
        for (const PaidTransfer &t : transfers)
            paid += t.amount.minor;
        QCOMPARE(paid, 202 + kOld * 1000 + (kOld - 1) * kOld / 2);
        // The newest page alone was read for it, not all of History.
        QVERIFY(store->lastReadStats().history);
        QVERIFY(store->lastReadStats().bytes < 12 * 1024);
    }

    void neverHoldsAnotherArtistsMoney()
    {
        auto store = connectAs(m_a);
        store->start();
        QTRY_COMPARE_WITH_TIMEOUT(store->state(), RemoteStore::State::Online, 10'000);
        sale(QStringLiteral("art_B"), 7777); // B's commits move nothing of A's
        QTRY_VERIFY_WITH_TIMEOUT(store->streamOpen(), 10'000);
        StoreSnapshotReader &r = store->reader();
        const QList<Entry> all = r.entries({QString(), {}, 1000, 0}).value();
        QCOMPARE(all.size(), 1);
        for (const Entry &e : all)
            QCOMPARE(e.artist, u"art_A");
        QVERIFY(r.entries({QStringLiteral("art_B"), {}, 1000, 0}).value().isEmpty());
        QVERIFY(r.balances(QStringLiteral("art_B")).value().isEmpty());
        QVERIFY(!r.artist(QStringLiteral("art_B")).value().has_value());
        QCOMPARE(r.artists().value().size(), 1);
    }

    void offlineKeepsTheLastDataAndReconnectsWithTheChanges()
    {
        auto store = connectAs(m_a);
        store->start();
        QTRY_COMPARE_WITH_TIMEOUT(store->state(), RemoteStore::State::Online, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(!store->lastEventId().isEmpty(), 10'000);
        const quint16 port = m_server->port();

        m_clock.advanceSecs(14 * 3600 + 2 * 60); // 14:02
        m_server->stop();
        QTRY_COMPARE_WITH_TIMEOUT(store->state(), RemoteStore::State::Offline, 10'000);
        QCOMPARE(store->offlineSince(), m_clock.now());
        QVERIFY2(store->problem().contains(u"Nothing answers"), qPrintable(store->problem()));
        QCOMPARE(openMinor(*store), 101);   // the last data stays
        sale(QStringLiteral("art_A"), 404); // meanwhile, at the store

        // Still away after several retries: the time it went away stays.
        m_clock.advanceSecs(60);
        QTest::qWait(100);
        QCOMPARE(store->state(), RemoteStore::State::Offline);
        QCOMPARE(store->offlineSince(), m_clock.now().addSecs(-60));

        QCOMPARE(m_server->start(port), port);
        QTRY_COMPARE_WITH_TIMEOUT(store->state(), RemoteStore::State::Online, 10'000);
        QCOMPARE(openMinor(*store), 505);
        QVERIFY(!store->offlineSince().isValid());
        // The stream resumes after its last event id (this server is a new
        // run: it answers resync, and the store reads everything again).
        QTRY_VERIFY_WITH_TIMEOUT(store->streamOpen(), 10'000);
        sale(QStringLiteral("art_A"), 1000);
        QTRY_COMPARE_WITH_TIMEOUT(openMinor(*store), 1505, 10'000);
    }

    void aRevokedTokenSaysSoAndAnotherTokenReconnects()
    {
        auto store = connectAs(m_a);
        store->start();
        QTRY_COMPARE_WITH_TIMEOUT(store->state(), RemoteStore::State::Online, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(store->streamOpen(), 10'000);
        QVERIFY(m_ledger->tokens().revoke(m_a.info.id).value_or(false));
        QTRY_COMPARE_WITH_TIMEOUT(store->state(), RemoteStore::State::Refused, 10'000);
        QCOMPARE(store->problem(), StoreProblem::tokenRefused());
        QCOMPARE(store->problem(),
                 u"This token was revoked or is wrong; ask the store for a new one.");
        QVERIFY(!store->problem().contains(m_a.secret));
        QCOMPARE(openMinor(*store), 101); // what was shown stays shown

        const IssuedArtistToken fresh =
            m_ledger->tokens().issue(QStringLiteral("art_A"), QStringLiteral("new")).value();
        store->setCredentials(fresh.secret, {});
        QTRY_COMPARE_WITH_TIMEOUT(store->state(), RemoteStore::State::Online, 10'000);
    }

    void aWrongTokenIsRefusedAtOnce()
    {
        IssuedArtistToken wrong = m_a;
        wrong.secret = QStringLiteral("pd_art_notatoken");
        auto store = connectAs(wrong);
        store->start();
        QTRY_COMPARE_WITH_TIMEOUT(store->state(), RemoteStore::State::Refused, 10'000);
        QCOMPARE(store->problem(), StoreProblem::tokenRefused());
        QVERIFY(store->artist().isEmpty());
    }

    void nothingListeningSaysSo()
    {
        QTcpServer probe; // a free port, then nothing on it
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        auto store = connectAs(m_a, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        store->start();
        QTRY_COMPARE_WITH_TIMEOUT(store->state(), RemoteStore::State::Offline, 10'000);
        QCOMPARE(store->problem(),
                 QStringLiteral("Nothing answers at http://127.0.0.1:%1; check the address, or "
                                "the store may be down.")
                     .arg(port));
    }

    void anotherServerIsNotAStore()
    {
        // Something answers, but not the API: 404 on its routes.
        HttpServer other;
        const quint16 port = other.listenLoopback(0);
        auto store = connectAs(m_a, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        store->start();
        QTRY_COMPARE_WITH_TIMEOUT(store->state(), RemoteStore::State::Offline, 10'000);
        QVERIFY2(store->problem().contains(u"not a Payout Desk store"),
                 qPrintable(store->problem()));
    }

    void urlsAreReadAsPeopleTypeThem_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("refused");
        QTest::newRow("bare host: https") << "payouts.example.com"
                                          << "https://payouts.example.com" << false;
        QTest::newRow("loopback: http") << "127.0.0.1:4242"
                                        << "http://127.0.0.1:4242" << false;
        QTest::newRow("localhost: http") << "localhost:4242/"
                                         << "http://localhost:4242" << false;
        QTest::newRow("https kept") << " https://store.example:8443 "
                                    << "https://store.example:8443" << false;
        QTest::newRow("http off loopback") << "http://payouts.example.com"
                                           << "" << true;
        QTest::newRow("not a URL") << "ftp://x"
                                   << "" << true;
        QTest::newRow("a password") << "https://me:pw@example.com"
                                    << "" << true;
        QTest::newRow("empty") << "  "
                               << "" << true;
    }

    void urlsAreReadAsPeopleTypeThem()
    {
        QFETCH(QString, typed);
        QFETCH(QString, url);
        QFETCH(bool, refused);
        QString problem;
        const QUrl parsed = RemoteStore::parseUrl(typed, &problem);
        QCOMPARE(!problem.isEmpty(), refused);
        if (!refused)
            QCOMPARE(parsed.toString(), url);
    }

    void aSelfSignedCertificateIsRefusedUntilItsFingerprintIsTrusted()
    {
        QString problem;
        const std::optional<QSslConfiguration> tls =
            StoreServer::selfSignedTls(m_dir.path(), &problem);
        QVERIFY2(tls, qPrintable(problem));
        StoreServer secure(*m_ledger, m_clock, tls);
        QVERIFY(secure.start() != 0);
        QCOMPARE(secure.url().scheme(), u"https");

        auto store = connectAs(m_a, secure.url());
        store->start();
        QTRY_COMPARE_WITH_TIMEOUT(store->state(), RemoteStore::State::Untrusted, 10'000);
        QCOMPARE(store->problem(), StoreProblem::untrusted());
        const QString fingerprint =
            QString::fromLatin1(tls->localCertificate().digest(QCryptographicHash::Sha256).toHex());
        QCOMPARE(store->refusedCertificate(), fingerprint);
        QVERIFY(store->artist().isEmpty()); // nothing was read over it

        // Another certificate's fingerprint does not let this one in.
        store->trustCertificate(QString(64, u'0'));
        QTRY_COMPARE_WITH_TIMEOUT(store->state(), RemoteStore::State::Untrusted, 10'000);
        QVERIFY(store->artist().isEmpty());

        store->trustCertificate(fingerprint);
        QTRY_COMPARE_WITH_TIMEOUT(store->state(), RemoteStore::State::Online, 10'000);
        QCOMPARE(openMinor(*store), 101);
        QTRY_VERIFY_WITH_TIMEOUT(store->streamOpen(), 10'000);
        sale(QStringLiteral("art_A"), 202);
        QTRY_COMPARE_WITH_TIMEOUT(openMinor(*store), 303, 10'000);
    }

    void theEngineIsTheStoresOwn()
    {
        QVERIFY(m_ledger->meta().setValue(EngineStatus::kModeKey, QStringLiteral("production")));
        QVERIFY(m_ledger->meta().setValue(EngineStatus::kStateKey, EngineStatus::kRunningValue));
        QVERIFY(m_ledger->meta().setValue(EngineStatus::kHeartbeatKey,
                                          m_clock.now().toString(Qt::ISODateWithMs)));
        QVERIFY(m_ledger->meta().setValue(EngineStatus::kNextRunKey,
                                          m_clock.now().addSecs(3600).toString(Qt::ISODateWithMs)));
        auto store = connectAs(m_a);
        store->start();
        QTRY_COMPARE_WITH_TIMEOUT(store->state(), RemoteStore::State::Online, 10'000);
        const EngineStatus s = EngineStatus::read(store->reader(), m_clock.now()).value();
        QCOMPARE(s.mode, u"production");
        QCOMPARE(s.state, EngineStatus::State::Running);
        QCOMPARE(s.nextRun, m_clock.now().addSecs(3600));
    }
};

QTEST_MAIN(TestRemoteStore)
#include "tst_remotestore.moc"
