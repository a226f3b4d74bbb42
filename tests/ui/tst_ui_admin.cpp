#include "Events.h"
#include "LedgerSeed.h"
#include "MainWindow.h"
#include "UiFixture.h"
#include "admin/AdminView.h"
#include "admin/ArtistTotalsModel.h"
#include "admin/CleanupRunner.h"
#include "admin/LinkArtistForm.h"
#include "admin/PayoutControls.h"
#include "common/RunControl.h"
#include "history/HistoryModel.h"
#include "history/HistoryView.h"
#include "payouts/ScheduledEntriesModel.h"
#include "payouts/ScheduledPayoutsView.h"

#include <QAction>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

// The admin view and who sees what: Pay Out Now cannot start a second run
// while one goes, the progress reaches the total, and an artist's window
// shows no one else's money.
class TestAdmin final : public QObject
{
    Q_OBJECT
    std::unique_ptr<UiFixture> m_f;

    template<class T> static T *find(QWidget *root, const char *name)
    {
        T *w = root->findChild<T *>(QString::fromLatin1(name));
        if (!w)
            qFatal("no %s", name);
        return w;
    }

private Q_SLOTS:
    void initTestCase() { UiFixture::useLocale(QLocale(QLocale::English, QLocale::UnitedKingdom)); }
    void init()
    {
        m_f = std::make_unique<UiFixture>();
        m_f->link(QStringLiteral("art_1"));
        m_f->link(QStringLiteral("art_2"));
        const QList<qint64> ids = m_f->sale({{QStringLiteral("art_1"), 100},
                                             {QStringLiteral("art_2"), 200},
                                             {QStringLiteral("art_2"), 300}});
        m_f->sale({{QStringLiteral("art_2"), 400}});
        QVERIFY(
            LedgerSeed::pay(*m_f->ledger, {ids[1]}, QStringLiteral("tr_art2"), m_f->clock.now()));
    }
    void cleanup() { m_f.reset(); }

    void withoutAnEngineTheButtonSaysWhy()
    {
        auto window = m_f->window(true);
        window->show();
        auto *payNow = find<QPushButton>(window.get(), "payOutNowButton");
        QVERIFY(!payNow->isEnabled());
        QVERIFY(payNow->toolTip().contains(u"No payout engine"));
    }

    void cleanupShowsTheDryRunAndAppliesOnlyWhenConfirmed_data()
    {
        QTest::addColumn<bool>("confirm");
        QTest::newRow("cancelled") << false;
        QTest::newRow("confirmed") << true;
    }
    void cleanupShowsTheDryRunAndAppliesOnlyWhenConfirmed()
    {
        QFETCH(bool, confirm);
        // A quarantined event older than the retention: cleanup archives it.
        m_f->clock.advanceSecs(-100 * 86400);
        Events::Cart bad;
        bad.eventId = QStringLiteral("evt_old_bad");
        bad.currency = QStringLiteral("xyz");
        bad.items = {Events::item(QStringLiteral("art_1"), 100, QStringLiteral("trk_1"))};
        QVERIFY(m_f->intake->ingestOne(Events::cart(bad), IntakeSource::Webhook));
        m_f->clock.advanceSecs(100 * 86400);

        auto window = m_f->window(true);
        window->show();
        auto *runner = window->findChild<CleanupRunner *>();
        QVERIFY(runner);
        QSignalSpy finished(runner, &CleanupRunner::finished);
        m_f->prompter.confirmAnswers.enqueue(confirm);
        auto *cleanupButton = find<QPushButton>(window.get(), "cleanupButton");
        QVERIFY(cleanupButton->isEnabled());
        QTest::mouseClick(cleanupButton, Qt::LeftButton);
        QVERIFY(!cleanupButton->isEnabled()); // one cleanup at a time
        QVERIFY(finished.wait(10'000));
        // The preview was asked about, with what the dry run found.
        QCOMPARE(m_f->prompter.asked, QStringList{QStringLiteral("confirm: Cleanup")});
        if (confirm)
            QVERIFY(finished.wait(10'000));
        QTRY_VERIFY(cleanupButton->isEnabled());
        const QString summary = find<QLabel>(window.get(), "runSummary")->text();
        QCOMPARE(m_f->reader().quarantine().value().size(), confirm ? 0 : 1);
        QVERIFY2(summary.contains(confirm ? u"Quarantined events archived: 1"_qs
                                          : u"nothing was changed"_qs),
                 qPrintable(summary));
    }

    void artistModeShowsNoOtherArtistsRows()
    {
        m_f->settings->set(Settings::Key::ArtistId, QStringLiteral("art_1"));
        auto window = m_f->window(/*admin=*/false);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QCOMPARE(window->tabs()->indexOf(window->adminView()), -1);
        QVERIFY(!window->adminView()->isVisible());

        ScheduledEntriesModel *scheduled = window->scheduledView()->model();
        QCOMPARE(scheduled->rowCount(), 1);
        for (int r = 0; r < scheduled->rowCount(); ++r)
            QCOMPARE(scheduled->entryAt(r).artist, QStringLiteral("art_1"));
        QCOMPARE(find<QLabel>(window.get(), "totalPending")->text(), QStringLiteral("£1.00"));
        // art_2 has paid history; art_1's is empty (once read, off this thread).
        QTRY_VERIFY(!window->historyView()->isLoading());
        QCOMPARE(window->historyView()->model()->rowCount(), 0);

        // New money for someone else does not appear either.
        m_f->sale({{QStringLiteral("art_2"), 5000}});
        QSignalSpy refreshed(window->scheduledView(), &ScheduledPayoutsView::refreshed);
        QVERIFY(refreshed.wait());
        QCOMPARE(scheduled->rowCount(), 1);
        QCOMPARE(find<QLabel>(window.get(), "totalPending")->text(), QStringLiteral("£1.00"));

        // The artist view never follows an admin's pick.
        window->showArtist(QStringLiteral("art_2"));
        QCOMPARE(window->shownArtist(), QStringLiteral("art_1"));
    }

    void adminPicksAnArtistAndLeavingAdminGoesBack()
    {
        m_f->settings->set(Settings::Key::ArtistId, QStringLiteral("art_1"));
        auto window = m_f->window(/*admin=*/true);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        AdminView *admin = window->adminView();
        QVERIFY(admin->isVisible());
        QTRY_VERIFY(!admin->isLoading()); // the totals are read off the GUI thread
        QCOMPARE(admin->totalsModel()->rowCount(), 2);
        QTableView *table = admin->totalsTable();
        // art_2's row: the view sorts by artist.
        table->setCurrentIndex(table->model()->index(1, 0));
        QCOMPARE(window->shownArtist(), QStringLiteral("art_2"));
        QCOMPARE(window->scheduledView()->model()->rowCount(), 2);
        QTRY_VERIFY(!window->historyView()->isLoading());
        QCOMPARE(window->historyView()->model()->rowCount(), 1);

        window->findChild<QAction *>(QStringLiteral("adminViewAction"))->trigger();
        QVERIFY(!window->isAdminView());
        QCOMPARE(window->shownArtist(), QStringLiteral("art_1"));
        QCOMPARE(window->tabs()->indexOf(admin), -1);
    }

    void adminTotalsFollowAnotherConnectionOffTheGuiThread()
    {
        auto window = m_f->window(true);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        ArtistTotalsModel *totals = window->adminView()->totalsModel();
        QTRY_VERIFY(!window->adminView()->isLoading());
        QCOMPARE(totals->rowCount(), 2);
        Ledger other(m_f->ledgerPath(), m_f->clock);
        QVERIFY(other.open());
        Intake otherIntake(other);
        QVERIFY(LedgerSeed::sale(otherIntake, other, QStringLiteral("evt_elsewhere"),
                                 {{QStringLiteral("art_7"), 1234}}, QStringLiteral("gbp"),
                                 1767225600, QStringLiteral("acct_7")));
        QTRY_COMPARE_WITH_TIMEOUT(totals->rowCount(), 3, 3000);
        QCOMPARE(totals->index(2, ArtistTotalsModel::Artist).data().toString(),
                 QStringLiteral("art_7"));
        QCOMPARE(totals->index(2, ArtistTotalsModel::Pending).data().toString(),
                 QStringLiteral("£12.34"));
    }

    void linkingAnArtistReleasesHeldMoney()
    {
        m_f->sale({{QStringLiteral("art_9"), 700}}, QStringLiteral("gbp"),
                  QString()); // no account: held
        auto window = m_f->window(true);
        window->show();
        m_f->prompter.confirmAnswers.enqueue(true);
        QTest::keyClicks(find<QLineEdit>(window.get(), "linkArtistEdit"), QStringLiteral("art_9"));
        QTest::keyClicks(find<QLineEdit>(window.get(), "linkAccountEdit"),
                         QStringLiteral("acct_9X"));
        QTest::mouseClick(find<QPushButton>(window.get(), "linkArtistButton"), Qt::LeftButton);
        // The answer comes queued (AdminActions never answers inside the call).
        QTRY_VERIFY(!window->findChild<LinkArtistForm *>()->isLinking());
        QCOMPARE(m_f->reader().artist(QStringLiteral("art_9")).value()->account,
                 QStringLiteral("acct_9X"));
        QCOMPARE(m_f->reader().balances(QStringLiteral("art_9")).value().at(0).pendingMinor, 700);
        QVERIFY(
            find<QLabel>(window.get(), "linkResult")->text().contains(u"1 held entry released"));
    }

    // Issue 13: the admin releases held money from the window too, after a
    // confirmation, with an audit row, as `holds release` does.
    void releasingHeldMoneyNeedsAConfirmationAndIsAudited()
    {
        const QList<qint64> ids = m_f->sale({{QStringLiteral("art_1"), 250}});
        LedgerSeed::EntryChange held;
        held.state = EntryState::Held;
        held.reason = QStringLiteral("payout account not ready");
        QVERIFY(LedgerSeed::change(*m_f->ledger, ids[0], held));
        auto window = m_f->window(true);
        window->show();
        QTest::keyClicks(find<QLineEdit>(window.get(), "linkArtistEdit"), QStringLiteral("art_1"));
        auto *release = find<QPushButton>(window.get(), "releaseHeldButton");
        QVERIFY(release->isEnabled());
        m_f->prompter.confirmAnswers.enqueue(false);
        QTest::mouseClick(release, Qt::LeftButton);
        QVERIFY(!window->findChild<LinkArtistForm *>()->isLinking()); // cancelled: nothing asked
        QCOMPARE(m_f->reader().balances(QStringLiteral("art_1")).value().at(0).heldMinor, 250);

        m_f->prompter.confirmAnswers.enqueue(true);
        QTest::mouseClick(release, Qt::LeftButton);
        QTRY_VERIFY(!window->findChild<LinkArtistForm *>()->isLinking());
        QCOMPARE(m_f->reader().balances(QStringLiteral("art_1")).value().at(0).heldMinor, 0);
        QVERIFY2(find<QLabel>(window.get(), "linkResult")
                     ->text()
                     .contains(u"1 held entry of art_1 released"),
                 qPrintable(find<QLabel>(window.get(), "linkResult")->text()));
        QCOMPARE(LedgerSeed::scalar(*m_f->ledger, QStringLiteral("SELECT COUNT(*) FROM audit_log "
                                                                 "WHERE action = 'holds.released' "
                                                                 "AND actor = 'admin'"))
                     .value(),
                 1);
        // Nothing left to release: said so, nothing changed.
        m_f->prompter.confirmAnswers.enqueue(true);
        QTest::mouseClick(release, Qt::LeftButton);
        QTRY_VERIFY(!window->findChild<LinkArtistForm *>()->isLinking());
        QVERIFY(find<QLabel>(window.get(), "linkResult")->text().startsWith(u"Nothing released"));
    }

    void linkNeedsAnAccountIdAndAConfirmation()
    {
        auto window = m_f->window(true);
        window->show();
        auto *link = find<QPushButton>(window.get(), "linkArtistButton");
        QTest::keyClicks(find<QLineEdit>(window.get(), "linkArtistEdit"), QStringLiteral("art_1"));
        QTest::keyClicks(find<QLineEdit>(window.get(), "linkAccountEdit"), QStringLiteral("ba_1"));
        QVERIFY(!link->isEnabled());
        find<QLineEdit>(window.get(), "linkAccountEdit")->setText(QStringLiteral("acct_new"));
        QVERIFY(link->isEnabled());
        m_f->prompter.confirmAnswers.enqueue(false);
        QTest::mouseClick(link, Qt::LeftButton);
        QVERIFY(!window->findChild<LinkArtistForm *>()->isLinking()); // cancelled: nothing asked
        QCOMPARE(m_f->reader().artist(QStringLiteral("art_1")).value()->account,
                 QStringLiteral("acct_test"));
    }

    void quarantineReplayThatStillFailsChangesNothing()
    {
        auto window = adminWindowWithRefusedCart(QStringLiteral("evt_bad"));
        auto *table = find<QTableView>(window.get(), "quarantineTable");
        QCOMPARE(table->model()->rowCount(), 1);
        auto *replay = find<QPushButton>(window.get(), "replayButton");
        QVERIFY(!replay->isEnabled());
        table->selectRow(0);
        QVERIFY(replay->isEnabled());
        const qint64 entries = m_f->ledger->reader().countEntries({}).value();
        QTest::mouseClick(replay, Qt::LeftButton);
        QTRY_VERIFY(
            find<QLabel>(window.get(), "quarantineDetails")->text().contains(u"still refused"));
        QCOMPARE(m_f->ledger->reader().countEntries({}).value(), entries);
        QCOMPARE(table->model()->rowCount(), 1);
    }

    // Dismiss asks why; without a reason nothing changes; with one the
    // event leaves the open list, stays in the ledger, and the audit trail
    // has the reason.
    void quarantineDismissNeedsAReasonAndKeepsTheEvent()
    {
        auto window = adminWindowWithRefusedCart(QStringLiteral("evt_junk"));
        auto *table = find<QTableView>(window.get(), "quarantineTable");
        auto *dismiss = find<QPushButton>(window.get(), "dismissButton");
        QVERIFY(!dismiss->isEnabled());
        table->selectRow(0);
        QVERIFY(dismiss->isEnabled());
        auto *details = find<QLabel>(window.get(), "quarantineDetails");

        m_f->prompter.textAnswers.enqueue(QStringLiteral("  "));
        QTest::mouseClick(dismiss, Qt::LeftButton);
        QVERIFY(details->text().contains(u"not dismissed: say why"));
        QCOMPARE(m_f->reader().countQuarantined().value(), 1);

        m_f->prompter.textAnswers.enqueue(QStringLiteral("a test event from the storefront"));
        QTest::mouseClick(dismiss, Qt::LeftButton);
        QTRY_VERIFY(details->text().contains(u"evt_junk dismissed"));
        QTRY_COMPARE(table->model()->rowCount(), 0);
        QCOMPARE(m_f->reader().countQuarantined().value(), 0);
        QCOMPARE(m_f->reader().countQuarantined(QStringLiteral("dismissed")).value(), 1);
        const QList<AuditRow> audit = m_f->reader().auditRows({}).value();
        QVERIFY(std::any_of(audit.cbegin(), audit.cend(), [](const AuditRow &r) {
            return r.action == u"quarantine.dismissed" && r.actor == u"admin" &&
                   r.detail.endsWith(u"a test event from the storefront");
        }));
    }

    void quarantinedEventIsShownWholeAndInFull()
    {
        Events::Cart bad;
        bad.eventId = QStringLiteral("evt_bad_with_a_long_identifier_0123456789");
        bad.currency = QStringLiteral("xyz");
        bad.items = {Events::item(QStringLiteral("art_1"), 100, QStringLiteral("trk_1"))};
        QVERIFY(m_f->intake->ingestOne(Events::cart(bad), IntakeSource::Webhook));
        auto window = m_f->window(true);
        window->resize(800, 600);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        auto *table = find<QTableView>(window.get(), "quarantineTable");
        QTRY_VERIFY(!window->adminView()->isLoading());
        QCOMPARE(table->model()->rowCount(), 1);
        // No column is cut: each is wider than its text.
        for (int c = 0; c < table->model()->columnCount(); ++c) {
            if (table->isColumnHidden(c))
                continue;
            const QString text = table->model()->index(0, c).data().toString();
            QTRY_VERIFY2(table->columnWidth(c) > table->fontMetrics().horizontalAdvance(text),
                         qPrintable(QStringLiteral("%1: %2 px for %3 px, visible %4")
                                        .arg(text)
                                        .arg(table->columnWidth(c))
                                        .arg(table->fontMetrics().horizontalAdvance(text))
                                        .arg(table->isVisible())));
        }
        QCOMPARE(table->model()->index(0, 1).data(Qt::ToolTipRole).toString(), bad.eventId);

        auto *show = find<QPushButton>(window.get(), "showEventButton");
        QVERIFY(!show->isEnabled());
        table->selectRow(0);
        QTest::mouseClick(show, Qt::LeftButton);
        auto *dialog = window->findChild<QDialog *>(QStringLiteral("quarantineEventDialog"));
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        const QString body =
            dialog->findChild<QPlainTextEdit *>(QStringLiteral("quarantineEventBody"))
                ->toPlainText();
        QVERIFY2(body.contains(u"\"id\": \"evt_bad_with_a_long_identifier_0123456789\""),
                 qPrintable(body));
        QVERIFY(body.contains(u"\n    ")); // indented, not one long line
        const QString summary =
            dialog->findChild<QLabel *>(QStringLiteral("quarantineEventSummary"))->text();
        QVERIFY2(summary.contains(u"xyz"), qPrintable(summary));
    }

    void everyControlHasAnAccessibleName()
    {
        auto window = m_f->window(true);
        window->show();
        for (QWidget *w : window->findChildren<QWidget *>()) {
            const bool control =
                qobject_cast<QAbstractButton *>(w) || qobject_cast<QLineEdit *>(w) ||
                qobject_cast<QAbstractItemView *>(w) || qobject_cast<QProgressBar *>(w);
            if (!control || w->objectName().isEmpty() || w->objectName().startsWith(u"qt_"))
                continue;
            QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
        }
    }

private:
    // The admin window over a ledger where intake quarantined one cart (an
    // unknown currency), loaded.
    std::unique_ptr<MainWindow> adminWindowWithRefusedCart(const QString &eventId)
    {
        Events::Cart bad;
        bad.eventId = eventId;
        bad.currency = QStringLiteral("xyz");
        bad.items = {Events::item(QStringLiteral("art_1"), 100, QStringLiteral("trk_1"))};
        if (!m_f->intake->ingestOne(Events::cart(bad), IntakeSource::Webhook))
            qFatal("the refused cart was not taken in");
        auto window = m_f->window(true);
        window->show();
        if (!QTest::qWaitFor([&] { return !window->adminView()->isLoading(); }))
            qFatal("the admin view did not load");
        return window;
    }
};

QTEST_MAIN(TestAdmin)
#include "tst_ui_admin.moc"
