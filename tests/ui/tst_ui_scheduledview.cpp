#include "Events.h"
#include "LedgerSeed.h"
#include "UiFixture.h"
#include "common/LedgerWatcher.h"
#include "payouts/ScheduledEntriesModel.h"
#include "payouts/ScheduledPayoutsView.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

// Scheduled Payouts: the total and the rows follow the ledger, whether this
// process or another one commits, and money is formatted per currency and
// locale.
class TestScheduledView final : public QObject
{
    Q_OBJECT
    std::unique_ptr<UiFixture> m_f;
    std::unique_ptr<LedgerWatcher> m_watcher;
    std::unique_ptr<ScheduledPayoutsView> m_view;

    QLabel *total() { return m_view->findChild<QLabel *>(QStringLiteral("totalPending")); }
    QLabel *held() { return m_view->findChild<QLabel *>(QStringLiteral("heldTotal")); }
    QTableView *table()
    {
        return m_view->findChild<QTableView *>(QStringLiteral("scheduledTable"));
    }
    int rows() { return table()->model()->rowCount(); }

    void makeView(int pollMs = 100)
    {
        m_watcher = std::make_unique<LedgerWatcher>(m_f->ledger->changes(), m_f->ledger.get(),
                                                    nullptr, pollMs);
        m_view = std::make_unique<ScheduledPayoutsView>(m_f->reader(), *m_watcher, *m_f->settings,
                                                        m_f->clock);
        m_view->setArtist(QStringLiteral("art_1"));
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

private Q_SLOTS:
    void initTestCase() { UiFixture::useLocale(QLocale(QLocale::English, QLocale::UnitedKingdom)); }
    void init()
    {
        m_f = std::make_unique<UiFixture>();
        m_f->link(QStringLiteral("art_1"));
        m_f->link(QStringLiteral("art_2"));
    }
    void cleanup()
    {
        m_view.reset();
        m_watcher.reset();
        m_f.reset();
    }

    void emptyLedgerSaysNothingIsDue()
    {
        makeView();
        QCOMPARE(total()->text(), QStringLiteral("Nothing to be paid"));
        QCOMPARE(rows(), 0);
    }

    void followsCommitsOfThisProcess()
    {
        makeView();
        m_f->sale({{QStringLiteral("art_1"), 560}, {QStringLiteral("art_2"), 999}});
        QTRY_COMPARE(total()->text(), QStringLiteral("£5.60"));
        QTRY_COMPARE(rows(), 1);
        const QList<qint64> ids = m_f->sale({{QStringLiteral("art_1"), 840}});
        QTRY_COMPARE(total()->text(), QStringLiteral("£14.00"));
        QTRY_COMPARE(rows(), 2);

        // Paid money leaves the scheduled list (it moves to history).
        QVERIFY(LedgerSeed::pay(*m_f->ledger, ids, QStringLiteral("tr_1"), m_f->clock.now()));
        QTRY_COMPARE(total()->text(), QStringLiteral("£5.60"));
        QTRY_COMPARE(rows(), 1);
    }

    void followsCommitsOfAnotherConnection()
    {
        makeView(/*pollMs=*/500);
        m_f->sale({{QStringLiteral("art_1"), 560}});
        QTRY_COMPARE(total()->text(), QStringLiteral("£5.60"));

        // Another process: its own connection, its own intake. Its commits
        // do not emit this Ledger's changed(); the ChangeFeed poll sees them.
        Ledger other(m_f->ledgerPath(), m_f->clock);
        QVERIFY(other.open());
        Intake otherIntake(other);
        QSignalSpy ownChanges(m_f->ledger.get(), &Ledger::changed);
        QVERIFY(LedgerSeed::sale(otherIntake, other, QStringLiteral("evt_other"),
                                 {{QStringLiteral("art_1"), 1000}}, QStringLiteral("gbp"),
                                 1767225600 + 3600));
        QCOMPARE(ownChanges.count(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(total()->text(), QStringLiteral("£15.60"), 2000);
        QTRY_COMPARE_WITH_TIMEOUT(rows(), 2, 2000);

        // A state change made elsewhere (held by an engine) shows too. The
        // rows are oldest first: the £5.60 sale is the first.
        QCOMPARE(table()->model()->index(0, 0).data(ScheduledEntriesModel::RawRole).toLongLong(),
                 560);
        const qint64 id =
            table()->model()->index(0, 0).data(ScheduledEntriesModel::EntryIdRole).toLongLong();
        LedgerSeed::EntryChange hold;
        hold.state = EntryState::Held;
        hold.reason = QStringLiteral("account cannot receive transfers");
        QVERIFY(LedgerSeed::change(other, id, hold));
        QTRY_COMPARE_WITH_TIMEOUT(held()->text(),
                                  QStringLiteral("£5.60: account cannot receive transfers"), 2000);
        QCOMPARE(total()->text(), QStringLiteral("£10.00"));
    }

    void refreshButtonReadsTheLedgerAgain()
    {
        makeView(/*pollMs=*/60'000); // no poll during this test
        Ledger other(m_f->ledgerPath(), m_f->clock);
        QVERIFY(other.open());
        Intake otherIntake(other);
        QVERIFY(LedgerSeed::sale(otherIntake, other, QStringLiteral("evt_other"),
                                 {{QStringLiteral("art_1"), 250}}));
        QCOMPARE(total()->text(), QStringLiteral("Nothing to be paid"));
        QTest::mouseClick(m_view->findChild<QPushButton *>(QStringLiteral("refreshButton")),
                          Qt::LeftButton);
        QCOMPARE(total()->text(), QStringLiteral("£2.50"));
        QCOMPARE(rows(), 1);
    }

    void totalIsFormattedPerCurrencyAndLocale_data()
    {
        QTest::addColumn<QLocale>("locale");
        QTest::addColumn<QString>("currency");
        QTest::addColumn<qint64>("minor");
        QTest::addColumn<QString>("expected");
        const QLocale gb(QLocale::English, QLocale::UnitedKingdom);
        const QLocale de(QLocale::German, QLocale::Germany);
        QTest::newRow("GBP en_GB") << gb << "gbp" << qint64(123456) << QStringLiteral("£1,234.56");
        QTest::newRow("EUR en_GB") << gb << "eur" << qint64(1200) << QStringLiteral("€12.00");
        QTest::newRow("JPY en_GB") << gb << "jpy" << qint64(1235) << QStringLiteral("¥1,235");
        QTest::newRow("GBP de_DE")
            << de << "gbp" << qint64(123456) << QStringLiteral("1.234,56\u00A0£");
        QTest::newRow("EUR de_DE") << de << "eur" << qint64(5) << QStringLiteral("0,05\u00A0€");
        QTest::newRow("JPY de_DE") << de << "jpy" << qint64(1235) << QStringLiteral("1.235\u00A0¥");
    }
    void totalIsFormattedPerCurrencyAndLocale()
    {
        QFETCH(QLocale, locale);
        QFETCH(QString, currency);
        QFETCH(qint64, minor);
        QFETCH(QString, expected);
        m_f->sale({{QStringLiteral("art_1"), minor}}, currency);
        makeView();
        m_view->setLocale(locale);
        QCOMPARE(total()->text(), expected);
        QCOMPARE(table()->model()->index(0, ScheduledEntriesModel::Amount).data().toString(),
                 expected);
    }

    void severalCurrenciesAreShownOneLineEach()
    {
        m_f->sale({{QStringLiteral("art_1"), 560}}, QStringLiteral("gbp"));
        m_f->sale({{QStringLiteral("art_1"), 700}}, QStringLiteral("jpy"));
        m_f->sale({{QStringLiteral("art_1"), 1999}}, QStringLiteral("eur"));
        makeView();
        QCOMPARE(total()->text(), QStringLiteral("€19.99\n£5.60\n¥700"));
    }

    void onlyTheChosenArtistsRowsAreListed()
    {
        m_f->sale({{QStringLiteral("art_1"), 100},
                   {QStringLiteral("art_2"), 200},
                   {QStringLiteral("art_2"), 300}});
        makeView();
        QCOMPARE(rows(), 1);
        QCOMPARE(total()->text(), QStringLiteral("£1.00"));
        m_view->setArtist(QStringLiteral("art_2"));
        QCOMPARE(rows(), 2);
        QCOMPARE(total()->text(), QStringLiteral("£5.00"));
        m_view->setArtist(QString()); // no artist: nothing, never everyone
        QCOMPARE(rows(), 0);
    }

    void hiddenViewRefreshesWhenShown()
    {
        makeView();
        m_view->hide();
        QSignalSpy changed(m_watcher.get(), &LedgerWatcher::ledgerChanged);
        QSignalSpy refreshed(m_view.get(), &ScheduledPayoutsView::refreshed);
        m_f->sale({{QStringLiteral("art_1"), 100}});
        QVERIFY(changed.wait());
        QCOMPARE(refreshed.count(), 0); // hidden: only noted as stale
        m_view->show();
        QCOMPARE(refreshed.count(), 1);
        QCOMPARE(total()->text(), QStringLiteral("£1.00"));
    }
};

QTEST_MAIN(TestScheduledView)
#include "tst_ui_scheduledview.moc"
