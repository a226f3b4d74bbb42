#include "LedgerSeed.h"
#include "MainWindow.h"
#include "StoreServer.h"
#include "UiFixture.h"
#include "connect/ConnectDialog.h"
#include "connect/StoreWindow.h"
#include "danger/AccountView.h"
#include "danger/DangerZone.h"
#include "history/HistoryView.h"
#include "ledger/AsyncLedgerReader.h"
#include "payouts/ScheduledPayoutsView.h"
#include "service/EngineStatus.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;

// The window of an artist connected to their store (ui/connect): the same
// views as on a local ledger, fed live by the store's real artist API over
// loopback (a real SQLite ledger behind it, the real keychain for the
// token). It follows a payout run as the store commits it, never shows
// another artist's money, says "Offline since ..." while the store is away
// and catches up when it is back, and says in one sentence when the token
// was revoked, then takes a new one.
class TestUiConnected final : public QObject
{
    Q_OBJECT
    std::unique_ptr<UiFixture> m_f;
    std::unique_ptr<StoreServer> m_server;
    IssuedArtistToken m_a;
    IssuedArtistToken m_b;

    std::unique_ptr<StoreWindow> connectedAs(const IssuedArtistToken &token)
    {
        RemoteStore::Options o;
        o.url = m_server->url();
        o.token = token.secret;
        o.firstRetryMs = 20;
        o.maxRetryMs = 200;
        m_f->settings->set(Settings::Key::StoreUrl, o.url.toString());
        auto w = std::make_unique<StoreWindow>(
            StoreWindow::Parts{*m_f->settings, m_f->secrets, m_f->clock, m_f->prompter}, o);
        w->window()->show();
        return w;
    }

    static QString text(QWidget *w, const char *name)
    {
        auto *label = w->findChild<QLabel *>(QString::fromLatin1(name));
        return label ? label->text() : u"(no such label)"_s;
    }
    static int scheduledRows(MainWindow *w)
    {
        return w->findChild<QTableView *>(u"scheduledTable"_s)->model()->rowCount();
    }
    static int historyRows(MainWindow *w)
    {
        return w->findChild<QTreeView *>(u"historyTree"_s)->model()->rowCount();
    }
    static QString money(MainWindow *w, qint64 minor)
    {
        return Money{minor, u"gbp"_s}.format(w->scheduledView()->locale());
    }
    // Every word the window shows: labels, and every cell of its tables.
    static QString everything(MainWindow *w)
    {
        QStringList all;
        for (QLabel *l : w->findChildren<QLabel *>())
            all << l->text();
        for (QAbstractItemView *v : w->findChildren<QAbstractItemView *>()) {
            QAbstractItemModel *m = v->model();
            for (int r = 0; m && r < m->rowCount(); ++r)
                for (int c = 0; c < m->columnCount(); ++c)
                    all << m->index(r, c).data().toString();
        }
        return all.join(u'\n');
    }

private Q_SLOTS:
    void init()
    {
        m_f = std::make_unique<UiFixture>();
        m_f->link(u"art_A"_s, u"acct_A"_s);
        m_f->link(u"art_B"_s, u"acct_B"_s);
        m_f->sale({{u"art_A"_s, 101}}, u"gbp"_s, u"acct_A"_s);
        m_f->sale({{u"art_A"_s, 202}}, u"gbp"_s, u"acct_A"_s);
        m_f->sale({{u"art_B"_s, 7777}}, u"gbp"_s, u"acct_B"_s);
        m_a = m_f->ledger->tokens().issue(u"art_A"_s, u"laptop"_s).value();
        m_b = m_f->ledger->tokens().issue(u"art_B"_s, {}).value();
        m_server = std::make_unique<StoreServer>(*m_f->ledger, m_f->clock);
        QVERIFY(m_server->start() != 0);
    }

    void cleanup()
    {
        m_server.reset();
        m_f.reset();
    }

    void showsTheArtistsOwnViewsAndNoStoreControls()
    {
        auto connected = connectedAs(m_a);
        MainWindow *w = connected->window();
        QTRY_COMPARE_WITH_TIMEOUT(scheduledRows(w), 2, 10'000);
        QCOMPARE(text(w, "artistHeading"), u"Scheduled Payouts for art_A"_s);
        QCOMPARE(text(w, "totalPending"), money(w, 303));
        QCOMPARE(w->shownArtist(), u"art_A"_s);
        QTRY_COMPARE(text(w, "storeAddress"), u"Connected to "_s + m_server->url().toString());
        // The same tabs as a local artist's window; no admin view or path.
        QCOMPARE(w->tabs()->count(), 3);
        QVERIFY(!w->findChild<QAction *>(u"adminViewAction"_s)); // absent, not hidden
        w->setAdminView(true);
        QVERIFY(!w->isAdminView());
        QCOMPARE(w->tabs()->count(), 3);
        QVERIFY(w->findChild<QLabel *>(u"ledgerLocation"_s)->isHidden());
        // The account is the store's to reset.
        QTRY_COMPARE(text(w, "accountStatus"),
                     u"art_A is paid to the Stripe connected account acct_A."_s);
        DangerZone *danger = w->accountView()->dangerZone();
        danger->setExpanded(true);
        QVERIFY(!danger->findChild<QPushButton *>(u"resetAccountButton"_s)->isEnabled());
        QVERIFY(text(danger, "resetStatus").contains(u"store"));
        QVERIFY(!text(w, "banner").isEmpty() || w->findChild<QLabel *>(u"banner"_s)->isHidden());
    }

    void followsAPayoutRunLive()
    {
        auto connected = connectedAs(m_a);
        MainWindow *w = connected->window();
        QTRY_COMPARE_WITH_TIMEOUT(scheduledRows(w), 2, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(connected->store().streamOpen(), 10'000);
        QCOMPARE(historyRows(w), 0);
        QList<qint64> ids;
        const QList<Entry> pending =
            m_f->ledger->reader().entries({u"art_A"_s, {EntryState::Pending}, 10, 0}).value();
        for (const Entry &e : pending)
            ids << e.id;
        QCOMPARE(ids.size(), 2);

        // The run claims A's money: it shows as processing, still to be paid.
        const Result<ClaimedTransfer> claimed = LedgerSeed::claim(*m_f->ledger, ids);
        QVERIFY(claimed);
        QTRY_COMPARE_WITH_TIMEOUT(text(w, "entryCounts"), u"2\u00a0processing"_s, 10'000);
        QCOMPARE(text(w, "totalPending"), money(w, 303));
        // The transfer went through: the table empties, History has it.
        QVERIFY(m_f->ledger->payouts().recordPaid(*claimed, u"tr_run1"_s, u"req_run1"_s));
        QTRY_COMPARE_WITH_TIMEOUT(scheduledRows(w), 0, 10'000);
        w->tabs()->setCurrentWidget(w->historyView()); // History reads when shown
        QTRY_COMPARE_WITH_TIMEOUT(historyRows(w), 1, 10'000);
        QCOMPARE(text(w, "totalPending"), u"Nothing to be paid"_s);
        QTRY_COMPARE(text(w, "paidThisMonth"), money(w, 303));
        // A new sale arrives at the store while the window watches.
        w->tabs()->setCurrentWidget(w->scheduledView());
        m_f->sale({{u"art_A"_s, 505}}, u"gbp"_s, u"acct_A"_s);
        QTRY_COMPARE_WITH_TIMEOUT(scheduledRows(w), 1, 10'000);
        QCOMPARE(text(w, "totalPending"), money(w, 505));
    }

    void artistAsWindowNeverShowsBsMoney()
    {
        auto connected = connectedAs(m_a);
        MainWindow *w = connected->window();
        QTRY_COMPARE_WITH_TIMEOUT(scheduledRows(w), 2, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(connected->store().streamOpen(), 10'000);
        // B is paid and sells again; A's window moves on with nothing of it.
        const QList<qint64> b = m_f->sale({{u"art_B"_s, 7777}}, u"gbp"_s, u"acct_B"_s);
        QVERIFY(LedgerSeed::pay(*m_f->ledger, b, u"tr_B"_s, m_f->clock.now()));
        m_f->sale({{u"art_A"_s, 404}}, u"gbp"_s, u"acct_A"_s);
        QTRY_COMPARE_WITH_TIMEOUT(scheduledRows(w), 3, 10'000);
        w->tabs()->setCurrentWidget(w->historyView());
        QTRY_VERIFY(!w->asyncReader()->isBusy());
        const QString shown = everything(w);
        QVERIFY(!shown.contains(u"art_B"));
        QVERIFY(!shown.contains(u"77.77"));
        QVERIFY(!shown.contains(u"tr_B"));
        QVERIFY(!shown.contains(u"acct_B"));
        QCOMPARE(historyRows(w), 0);
    }

    void offlineShowsOfflineSinceThenCatchesUp()
    {
        auto connected = connectedAs(m_a);
        MainWindow *w = connected->window();
        QTRY_COMPARE_WITH_TIMEOUT(scheduledRows(w), 2, 10'000);
        const quint16 port = m_server->port();
        m_f->clock.advanceSecs(14 * 3600 + 2 * 60);
        m_server->stop();
        auto *banner = w->findChild<QLabel *>(u"banner"_s);
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 10'000);
        const QString at = w->locale().toString(QTime(14, 2), QLocale::ShortFormat);
        QVERIFY2(banner->text().startsWith(u"Offline since "_s + at + u": Nothing answers at "_s),
                 qPrintable(banner->text()));
        QVERIFY(banner->text().contains(u"reconnecting by itself"));
        QCOMPARE(text(w, "storeAddress"), u"Offline since "_s + at);
        // The last data stays on screen.
        QCOMPARE(scheduledRows(w), 2);
        QCOMPARE(text(w, "totalPending"), money(w, 303));
        auto *fix = w->findChild<QPushButton *>(u"storeFixButton"_s);
        QVERIFY(fix->isVisible());

        m_f->sale({{u"art_A"_s, 404}}, u"gbp"_s, u"acct_A"_s); // meanwhile
        QCOMPARE(m_server->start(port), port);
        QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(scheduledRows(w), 3, 10'000);
        QCOMPARE(text(w, "totalPending"), money(w, 707));
        QVERIFY(!fix->isVisible());
    }

    void aRevokedTokenSaysSoAndANewOneReconnects()
    {
        auto connected = connectedAs(m_a);
        MainWindow *w = connected->window();
        QTRY_COMPARE_WITH_TIMEOUT(scheduledRows(w), 2, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(connected->store().streamOpen(), 10'000);
        QVERIFY(m_f->ledger->tokens().revoke(m_a.info.id).value_or(false));
        auto *banner = w->findChild<QLabel *>(u"banner"_s);
        QTRY_COMPARE_WITH_TIMEOUT(
            banner->text(), u"This token was revoked or is wrong; ask the store for a new one."_s,
            10'000);
        QVERIFY(banner->isVisible());
        QVERIFY(!everything(w).contains(m_a.secret));
        auto *fix = w->findChild<QPushButton *>(u"storeFixButton"_s);
        QVERIFY(fix->isVisible());
        QCOMPARE(fix->text(), u"Enter a &New Token…"_s);

        QTest::mouseClick(fix, Qt::LeftButton);
        ConnectDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = w->findChild<ConnectDialog *>()) != nullptr);
        QCOMPARE(dialog->findChild<QLineEdit *>(u"storeUrlEdit"_s)->text(),
                 m_server->url().toString());
        const IssuedArtistToken fresh = m_f->ledger->tokens().issue(u"art_A"_s, u"new"_s).value();
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"storeTokenEdit"_s), fresh.secret);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"connectButton"_s), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), 10'000);
        QCOMPARE(connected->store().state(), RemoteStore::State::Online);
        // The new token is in the keychain, never in the settings file.
        QCOMPARE(m_f->secrets.read(SecretStore::Secret::ArtistToken).value(), fresh.secret);
        m_f->settings->sync();
        QFile ini(m_f->settings->fileName());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        const QByteArray file = ini.readAll();
        QVERIFY(!file.contains(fresh.secret.toUtf8()));
        QVERIFY(!file.contains("pd_art_"));
        QVERIFY(file.contains("[store]"));
        QVERIFY(file.contains("url="));
    }

    void theConnectDialogSaysWhatIsWrongThenConnects()
    {
        ConnectDialog dialog(*m_f->settings, m_f->secrets, m_f->clock);
        dialog.show();
        auto *url = dialog.findChild<QLineEdit *>(u"storeUrlEdit"_s);
        auto *token = dialog.findChild<QLineEdit *>(u"storeTokenEdit"_s);
        auto *connect = dialog.findChild<QPushButton *>(u"connectButton"_s);
        QSignalSpy attempts(&dialog, &ConnectDialog::attemptFinished);

        url->setText(u"http://payouts.example.com"_s);
        token->setText(m_a.secret);
        QTest::mouseClick(connect, Qt::LeftButton);
        QTRY_COMPARE(attempts.count(), 1);
        QVERIFY(dialog.problem().contains(u"https://"));

        url->setText(m_server->url().toString());
        token->setText(u"pd_art_wrong"_s);
        QTest::mouseClick(connect, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(attempts.count(), 2, 10'000);
        QCOMPARE(dialog.problem(),
                 u"This token was revoked or is wrong; ask the store for a new one."_s);
        QVERIFY(m_f->settings->string(Settings::Key::StoreUrl).isEmpty());

        token->setText(m_b.secret);
        QTest::mouseClick(connect, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(attempts.count(), 3, 10'000);
        QCOMPARE(attempts.last().first().toBool(), true);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(m_f->settings->string(Settings::Key::StoreUrl), m_server->url().toString());
        QCOMPARE(m_f->settings->string(Settings::Key::StoreArtist), u"art_B"_s);
        QCOMPARE(m_f->secrets.read(SecretStore::Secret::ArtistToken).value(), m_b.secret);
    }

    void aSelfSignedStoreConnectsOnlyOnceItsFingerprintIsTrusted()
    {
        QString problem;
        const std::optional<QSslConfiguration> tls =
            StoreServer::selfSignedTls(m_f->dir.path(), &problem);
        QVERIFY2(tls, qPrintable(problem));
        StoreServer secure(*m_f->ledger, m_f->clock, tls);
        QVERIFY(secure.start() != 0);

        ConnectDialog dialog(*m_f->settings, m_f->secrets, m_f->clock);
        dialog.show();
        QSignalSpy attempts(&dialog, &ConnectDialog::attemptFinished);
        dialog.findChild<QLineEdit *>(u"storeUrlEdit"_s)->setText(secure.url().toString());
        dialog.findChild<QLineEdit *>(u"storeTokenEdit"_s)->setText(m_a.secret);
        auto *connect = dialog.findChild<QPushButton *>(u"connectButton"_s);
        QTest::mouseClick(connect, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(attempts.count(), 1, 10'000);
        QVERIFY2(dialog.problem().startsWith(u"The store's certificate is not trusted"_s),
                 qPrintable(dialog.problem()));
        auto *trust = dialog.findChild<QCheckBox *>(u"trustCertificateBox"_s);
        QVERIFY(trust->isVisible());
        QVERIFY(!trust->isChecked());
        const QByteArray digest =
            tls->localCertificate().digest(QCryptographicHash::Sha256).toHex().toUpper();
        QVERIFY2(
            trust->text().contains(QString::fromLatin1(digest.left(2) + ':' + digest.mid(2, 2))),
            qPrintable(trust->text()));

        trust->setChecked(true);
        QTest::mouseClick(connect, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(attempts.count(), 2, 10'000);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(m_f->settings->string(Settings::Key::StoreCertSha256),
                 QString::fromLatin1(digest.toLower()));
    }

    void theFirstRunOffersToConnect()
    {
        auto window = m_f->window(false);
        window->show();
        auto *button = window->findChild<QPushButton *>(u"connectStoreButton"_s);
        QVERIFY(button);
        QVERIFY(button->isVisible());
        QSignalSpy requested(window.get(), &MainWindow::connectStoreRequested);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(requested.count(), 1);
        window->findChild<QAction *>(u"storeConnectionAction"_s)->trigger();
        QCOMPARE(requested.count(), 2);
    }
};

QTEST_MAIN(TestUiConnected)
#include "tst_ui_connected.moc"
