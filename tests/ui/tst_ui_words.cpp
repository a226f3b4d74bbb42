#include "LedgerSeed.h"
#include "MainWindow.h"
#include "UiFixture.h"
#include "admin/AdminView.h"
#include "admin/ArtistTotalsModel.h"
#include "common/RunSummaryText.h"
#include "danger/AccountView.h"
#include "engine/PayoutPolicy.h"
#include "history/HistoryView.h"
#include "payouts/ScheduledEntriesModel.h"
#include "payouts/ScheduledPayoutsView.h"

#include <QLabel>
#include <QTableView>
#include <QTest>
#include <QTreeView>

// What the window says is true: money on hold is never "nothing to be
// paid", a mistyped artist id is named as such, a pending entry says why it
// waits, a paid-out tab says when it was paid, and every empty table says
// what to do.
class TestWords final : public QObject
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

    std::unique_ptr<MainWindow> artistWindow(const QString &artist)
    {
        m_f->settings->set(Settings::Key::ArtistId, artist);
        auto window = m_f->window(false);
        window->resize(1000, 700);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            qFatal("window not exposed");
        return window;
    }

    static QString emptyText(QWidget *root, const char *name)
    {
        auto *label = find<QLabel>(root, name);
        return label->isHidden() ? QString() : label->text();
    }

private Q_SLOTS:
    void initTestCase() { UiFixture::useLocale(QLocale(QLocale::English, QLocale::UnitedKingdom)); }
    void init() { m_f = std::make_unique<UiFixture>(); }
    void cleanup() { m_f.reset(); }

    void moneyOnHoldIsTheHeadlineWithItsReason()
    {
        m_f->sale({{QStringLiteral("art_new"), 840}}, QStringLiteral("gbp"), QString());
        auto window = artistWindow(QStringLiteral("art_new"));
        const QString headline = find<QLabel>(window.get(), "totalPending")->text();
        QVERIFY2(!headline.contains(u"Nothing"), qPrintable(headline));
        QCOMPARE(headline, QStringLiteral("£8.40"));
        QCOMPARE(find<QLabel>(window.get(), "totalCaption")->text(),
                 QStringLiteral("Nothing is due now; on hold:"));
        QCOMPARE(find<QLabel>(window.get(), "heldTotal")->text(),
                 QStringLiteral("£8.40: no payout account; paid once the store links your "
                                "payout account"));
        QVERIFY(find<QLabel>(window.get(), "artistWarning")->isHidden());
    }

    void aMistypedArtistIdIsWarnedAbout()
    {
        m_f->link(QStringLiteral("art_1"));
        m_f->sale({{QStringLiteral("art_1"), 560}});
        auto window = artistWindow(QStringLiteral("art_l"));
        QLabel *warning = find<QLabel>(window.get(), "artistWarning");
        QVERIFY(!warning->isHidden());
        QVERIFY2(warning->text().contains(u"no artist with the id \"art_l\""),
                 qPrintable(warning->text()));
        QVERIFY(!find<QLabel>(window.get(), "totalPending")->text().contains(u"Nothing"));

        // A known artist without sales is not warned about.
        m_f->link(QStringLiteral("art_2"));
        m_f->settings->set(Settings::Key::ArtistId, QStringLiteral("art_2"));
        QVERIFY(warning->isHidden());
        QCOMPARE(find<QLabel>(window.get(), "totalPending")->text(),
                 QStringLiteral("Nothing to be paid"));
        QVERIFY(emptyText(window.get(), "scheduledTableEmpty").startsWith(u"No sales yet."));
    }

    void pendingTooltipGivesTheRecordedReason()
    {
        m_f->link(QStringLiteral("art_1"));
        const qint64 id = m_f->sale({{QStringLiteral("art_1"), 560}}).first();
        LedgerSeed::EntryChange waiting;
        waiting.state = EntryState::Pending;
        waiting.reason = Reason::InsufficientPlatformBalance;
        QVERIFY(LedgerSeed::change(*m_f->ledger, id, waiting));
        auto window = artistWindow(QStringLiteral("art_1"));
        QTableView *table = find<QTableView>(window.get(), "scheduledTable");
        const QString tip = table->model()
                                ->index(0, ScheduledEntriesModel::Status)
                                .data(Qt::ToolTipRole)
                                .toString();
        QCOMPARE(tip, QStringLiteral("Waiting for balance: the store's Stripe balance cannot "
                                     "cover this payout yet. It is tried again in every payout "
                                     "run."));
        QVERIFY(!tip.contains(u"paid in the next payout run"));
        QCOMPARE(table->model()->index(0, ScheduledEntriesModel::Status).data().toString(),
                 QStringLiteral("Waiting for balance"));
    }

    // A run that paid nothing because the balance was too low says that,
    // once: not "nothing was due", and from the run's counts, never by
    // reading the engine's English log notes.
    void aRunSummarySaysOneThing()
    {
        PayoutRunSummary run;
        run.entriesWaitingForBalance = 3;
        QCOMPARE(RunSummaryText::title(run),
                 QStringLiteral("Payout run finished: nothing could be paid yet"));
        QCOMPARE(RunSummaryText::body(run, QLocale()),
                 QStringLiteral("3 entries wait for the platform's available balance."));

        PayoutRunSummary idle;
        QCOMPARE(RunSummaryText::title(idle),
                 QStringLiteral("Payout run finished: nothing was due"));
        QCOMPARE(RunSummaryText::body(idle, QLocale()), QStringLiteral("Nothing was due."));

        PayoutRunSummary below;
        below.artistsBelowMinimum = 1;
        QCOMPARE(RunSummaryText::body(below, QLocale()),
                 QStringLiteral("Money of 1 artist waits below the minimum payout."));
    }

    void afterAPayoutTheTabSaysWhenItWasPaid()
    {
        m_f->link(QStringLiteral("art_1"));
        const QList<qint64> ids =
            m_f->sale({{QStringLiteral("art_1"), 560}, {QStringLiteral("art_1"), 440}});
        QVERIFY(LedgerSeed::pay(*m_f->ledger, ids, QStringLiteral("tr_1"),
                                QDateTime(QDate(2026, 1, 2), QTime(9, 30), Qt::UTC)));
        auto window = artistWindow(QStringLiteral("art_1"));
        QLabel *lastPaid = find<QLabel>(window.get(), "lastPaid");
        QTRY_VERIFY(!lastPaid->isHidden()); // read off the GUI thread
        QVERIFY2(lastPaid->text().startsWith(u"Last paid: £10.00 on "),
                 qPrintable(lastPaid->text()));
        QVERIFY(lastPaid->toolTip().contains(u"tr_1"));
        QVERIFY(emptyText(window.get(), "scheduledTableEmpty")
                    .startsWith(u"Everything due has been paid."));
    }

    void everyEmptyTableSaysWhatToDo()
    {
        auto window = artistWindow(QString());
        QVERIFY(emptyText(window.get(), "scheduledTableEmpty").contains(u"Settings"));
        QTRY_VERIFY(!window->historyView()->isLoading());
        QVERIFY(emptyText(window.get(), "historyTreeEmpty").contains(u"Settings"));

        m_f->link(QStringLiteral("art_1"));
        m_f->settings->set(Settings::Key::ArtistId, QStringLiteral("art_1"));
        window->tabs()->setCurrentWidget(window->historyView());
        QTRY_VERIFY(!window->historyView()->isLoading());
        QVERIFY(emptyText(window.get(), "historyTreeEmpty").startsWith(u"No payouts yet."));

        window->setAdminAllowed(true); // as the app does once it finds the credential
        window->setAdminView(true);
        QTRY_VERIFY(!window->adminView()->isLoading());
        QTRY_VERIFY(!emptyText(window.get(), "quarantineTableEmpty").isEmpty());
        QVERIFY(emptyText(window.get(), "artistTotalsTableEmpty").isEmpty()); // art_1 is listed
    }

    void adminTotalsShowOnlyMoney()
    {
        m_f->link(QStringLiteral("art_1"));
        m_f->sale({{QStringLiteral("art_1"), 560}});
        auto window = m_f->window(true);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QTRY_VERIFY(!window->adminView()->isLoading());
        ArtistTotalsModel *totals = window->adminView()->totalsModel();
        QCOMPARE(totals->rowCount(), 1);
        QCOMPARE(totals->index(0, ArtistTotalsModel::Pending).data().toString(),
                 QStringLiteral("£5.60"));
        for (int c :
             {ArtistTotalsModel::Processing, ArtistTotalsModel::OnHold, ArtistTotalsModel::Paid}) {
            QCOMPARE(totals->index(0, c).data().toString(), QStringLiteral("–"));
            QCOMPARE(totals->index(0, c).data(Qt::AccessibleTextRole).toString(),
                     QStringLiteral("none"));
            QCOMPARE(totals->index(0, c).data(ArtistTotalsModel::RawRole).toLongLong(), 0);
        }
    }

    void titlesAndStatusBarSayWhatTheWindowShows()
    {
        m_f->link(QStringLiteral("art_1"));
        auto window = artistWindow(QStringLiteral("art_1"));
        // The platform appends the application's name ("art_1 — Payout Desk").
        QCOMPARE(window->windowTitle(), QStringLiteral("art_1"));
        QLabel *ledger = find<QLabel>(window.get(), "ledgerLocation");
        QVERIFY(ledger->isHidden());   // an artist is not shown the store's files
        window->setAdminAllowed(true); // as the app does once it finds the credential
        window->setAdminView(true);
        QCOMPARE(window->windowTitle(), QStringLiteral("Admin"));
        QVERIFY(!ledger->isHidden());
        QVERIFY(ledger->text().contains(m_f->ledgerPath()));
        window->setAdminView(false);
        m_f->settings->set(Settings::Key::ArtistId, QString());
        QCOMPARE(window->windowTitle(), QStringLiteral("Payout Desk"));
    }

    void updatedFollowsALinkInAnyTab()
    {
        m_f->link(QStringLiteral("art_1"));
        auto window = artistWindow(QStringLiteral("art_1"));
        QLabel *updated = find<QLabel>(window.get(), "lastUpdated");
        QCOMPARE(updated->text(), QStringLiteral("Updated 00:00"));
        window->tabs()->setCurrentWidget(window->accountView());
        m_f->clock.advanceSecs(5 * 60);
        m_f->link(QStringLiteral("art_1"), QStringLiteral("acct_other"));
        QTRY_COMPARE(updated->text(), QStringLiteral("Updated 00:05"));
    }
};

QTEST_MAIN(TestWords)
#include "tst_ui_words.moc"
