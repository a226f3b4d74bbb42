#include "LedgerSeed.h"
#include "UiFixture.h"
#include "common/LedgerWatcher.h"
#include "history/HistoryModel.h"
#include "history/HistoryView.h"
#include "history/WeeklyChart.h"
#include "ledger/AsyncLedgerReader.h"
#include "report/PaidHistory.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

// History: paid entries grouped by transfer, the weekly chart's integer
// sums, and the CSV export of what is shown.
class TestHistory final : public QObject
{
    Q_OBJECT
    std::unique_ptr<UiFixture> m_f;
    std::unique_ptr<LedgerWatcher> m_watcher;
    std::unique_ptr<AsyncLedgerReader> m_reader;
    std::unique_ptr<HistoryView> m_view;
    QList<qint64> m_ids;

private Q_SLOTS:
    void initTestCase() { UiFixture::useLocale(QLocale(QLocale::English, QLocale::UnitedKingdom)); }
    void init()
    {
        m_f = std::make_unique<UiFixture>();
        m_f->link(QStringLiteral("art_1"));
        m_f->link(QStringLiteral("art_2"));
        // Thursday 1 January 2026: week of Monday 29 December.
        m_ids = m_f->sale({{QStringLiteral("art_1"), 560},
                           {QStringLiteral("art_1"), 840},
                           {QStringLiteral("art_2"), 999}});
        m_ids << m_f->sale({{QStringLiteral("art_1"), 1}})
              << m_f->sale({{QStringLiteral("art_1"), 7}}, QStringLiteral("jpy"));
        const QDateTime day = m_f->clock.now();
        QVERIFY(LedgerSeed::pay(*m_f->ledger, {m_ids[0], m_ids[1]}, QStringLiteral("tr_one"), day));
        QVERIFY(
            LedgerSeed::pay(*m_f->ledger, {m_ids[3]}, QStringLiteral("tr_two"), day.addDays(7)));
        QVERIFY(LedgerSeed::pay(*m_f->ledger, {m_ids[2]}, QStringLiteral("tr_other"), day));
        QVERIFY(
            LedgerSeed::pay(*m_f->ledger, {m_ids[4]}, QStringLiteral("tr_yen"), day.addDays(7)));
        m_f->clock.advanceSecs(14 * 86400);
        m_watcher = std::make_unique<LedgerWatcher>(m_f->ledger->changes(), m_f->ledger.get(),
                                                    nullptr, 100);
        m_reader = std::make_unique<AsyncLedgerReader>(m_f->ledger->location(), m_f->clock);
        m_view = std::make_unique<HistoryView>(*m_reader, *m_watcher, m_f->clock, m_f->prompter);
        m_view->setArtist(QStringLiteral("art_1"));
        m_view->show();
        // The history is read off the GUI thread; every test starts once it is shown.
        QTRY_VERIFY(!m_view->isLoading());
    }
    void cleanup()
    {
        m_view.reset();
        m_reader.reset();
        m_watcher.reset();
        m_f.reset();
    }

    void groupsPaidEntriesByTransfer()
    {
        const HistoryModel *model = m_view->model();
        QCOMPARE(model->rowCount(), 3); // art_2's transfer is not here
        QStringList transfers;
        for (const TransferGroup &g : model->groups())
            transfers << g.transferId;
        QVERIFY(transfers.contains(u"tr_one"_qs) && transfers.contains(u"tr_two"_qs) &&
                transfers.contains(u"tr_yen"_qs));
        const TransferGroup &one = model->groups().at(transfers.indexOf(u"tr_one"_qs));
        QCOMPARE(one.entries.size(), 2);
        QCOMPARE(one.minorByCurrency.value(QStringLiteral("gbp")), 1400);
    }

    void switchingArtistsShowsLoadingAndOnlyTheLastArtist()
    {
        auto *summary = m_view->findChild<QLabel *>(QStringLiteral("historySummary"));
        m_view->setArtist(QStringLiteral("art_2"));
        // art_1's transfers are gone at once, before art_2's are read.
        QCOMPARE(m_view->model()->rowCount(), 0);
        QCOMPARE(summary->text(), QStringLiteral("Loading…"));
        // Back before art_2's read could be shown: its result is dropped.
        m_view->setArtist(QStringLiteral("art_1"));
        QTRY_VERIFY(!m_view->isLoading());
        QCOMPARE(m_view->model()->rowCount(), 3);
        QVERIFY(summary->text().contains(u"art_1"));
        for (const TransferGroup &g : m_view->model()->groups())
            QVERIFY(g.transferId != u"tr_other"_qs);
    }

    void newPaymentsAppearLive()
    {
        const qint64 id = m_f->sale({{QStringLiteral("art_1"), 5}}).first();
        QSignalSpy refreshed(m_view.get(), &HistoryView::refreshed);
        QVERIFY(LedgerSeed::pay(*m_f->ledger, {id}, QStringLiteral("tr_new"), m_f->clock.now()));
        QVERIFY(refreshed.wait());
        QTRY_COMPARE(m_view->model()->rowCount(), 4);
    }

    void chartSumsWeeksInMinorUnits()
    {
        WeeklyChart *chart = m_view->chart();
        QCOMPARE(chart->currency(), QStringLiteral("gbp"));
        const QList<qint64> bars = chart->barsMinor();
        QCOMPARE(bars.size(), WeeklyChart::kWeeks);
        // Today is 15 January: the last bar is its week, then 8 January's
        // week (tr_two: 1), then 1 January's (tr_one: 560 + 840).
        QCOMPARE(bars.at(bars.size() - 1), 0);
        QCOMPARE(bars.at(bars.size() - 2), 1);
        QCOMPARE(bars.at(bars.size() - 3), 1400);
        QCOMPARE(std::accumulate(bars.cbegin(), bars.cend(), qint64(0)), 1401);

        auto *currency = m_view->findChild<QComboBox *>(QStringLiteral("chartCurrency"));
        QCOMPARE(currency->count(), 2);
        currency->setCurrentIndex(currency->findData(QStringLiteral("jpy")));
        QCOMPARE(chart->barsMinor().at(bars.size() - 2), 7);
    }

    // In a narrow window the week labels get short ("12/1") instead of
    // being cut to "12 …"; with room they name the month.
    void weekLabelsShortenOnlyWhenNarrow()
    {
        WeeklyChart *chart = m_view->chart();
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        m_view->resize(1400, 500);
        QTRY_COMPARE(chart->weekLabels().last(), QStringLiteral("12 Jan"));
        m_view->resize(420, 500);
        QTRY_COMPARE(chart->weekLabels().last(), QStringLiteral("12/1"));
        QCOMPARE(chart->weekLabels().size(), WeeklyChart::kWeeks);
    }

    void weeksStartOnMonday()
    {
        QCOMPARE(PaidHistory::weekOf(QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC)),
                 QDate(2025, 12, 29));
        QCOMPARE(PaidHistory::weekOf(QDateTime(QDate(2026, 1, 5), QTime(0, 0), Qt::UTC)),
                 QDate(2026, 1, 5));
    }

    void exportWritesWhatIsShown()
    {
        const QString path = m_f->dir.filePath(QStringLiteral("history.csv"));
        m_f->prompter.saveFileAnswers.enqueue(path);
        // Sorted by amount, largest transfer first.
        m_view->tree()->sortByColumn(HistoryModel::Amount, Qt::DescendingOrder);
        QTest::mouseClick(m_view->findChild<QPushButton *>(QStringLiteral("exportCsvButton")),
                          Qt::LeftButton);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        QCOMPARE(lines.at(0), QByteArray("transfer_id,paid_at,entry_id,reference,track,title,"
                                         "source,currency,amount,state\r"));
        QVERIFY(lines.at(1).startsWith("tr_one,2026-01-01T00:00:00Z,"));
        QVERIFY(lines.at(1).endsWith(",Cart Sale,GBP,5.60,paid\r") ||
                lines.at(1).endsWith(",Cart Sale,GBP,8.40,paid\r"));
        QVERIFY(lines.at(3).startsWith("tr_yen,2026-01-08T00:00:00Z,"));
        QVERIFY(lines.at(3).endsWith(",Cart Sale,JPY,7,paid\r"));
        QVERIFY(lines.at(4).endsWith(",Cart Sale,GBP,0.01,paid\r"));
        QCOMPARE(lines.size(), 6); // header, four entries, and the empty tail after the last CRLF
    }

    void cancelledExportWritesNothing()
    {
        QTest::mouseClick(m_view->findChild<QPushButton *>(QStringLiteral("exportCsvButton")),
                          Qt::LeftButton);
        QCOMPARE(m_f->prompter.asked, QStringList{QStringLiteral("save: Export history")});
        QVERIFY(!m_view->exportCsv());
    }

    void csvEscapesAndKeepsFormulasAsText()
    {
        TransferGroup g;
        g.transferId = QStringLiteral("tr_1");
        g.paidAt = QDateTime::fromSecsSinceEpoch(0, Qt::UTC);
        Entry e;
        e.id = 1;
        e.reference = QStringLiteral("=HYPERLINK(\"x\",\"y\")");
        e.amount = Money{-5, QStringLiteral("gbp")};
        g.entries << e;
        const QByteArray csv = PaidHistory::toCsv({g});
        QVERIFY(csv.contains("\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""));
        QVERIFY(csv.endsWith(",GBP,-0.05,pending\r\n"));
    }
};

QTEST_MAIN(TestHistory)
#include "tst_ui_history.moc"
