#include "Events.h"
#include "LedgerSeed.h"
#include "UiFixture.h"
#include "common/LedgerWatcher.h"
#include "history/HistoryModel.h"
#include "history/HistoryView.h"
#include "history/StatementDialog.h"
#include "ledger/AsyncLedgerReader.h"
#include "payouts/ScheduledEntriesModel.h"

#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

// Track titles where an artist reads references (the scheduled table, the
// history and its CSV), and the History tab's Statement… as PDF and CSV.
class TestUiStatement final : public QObject
{
    Q_OBJECT
    std::unique_ptr<UiFixture> m_f;
    std::unique_ptr<LedgerWatcher> m_watcher;
    std::unique_ptr<AsyncLedgerReader> m_reader;
    std::unique_ptr<HistoryView> m_view;
    QList<qint64> m_paid;

    // A paid cart of art_1 with a titled track and an untitled one.
    QList<qint64> titledSale(int n)
    {
        Events::Cart c;
        c.eventId = QStringLiteral("evt_t%1").arg(n);
        c.session = QStringLiteral("cs_t%1").arg(n);
        c.paymentIntent = QStringLiteral("pi_t%1").arg(n);
        c.created = m_f->clock.now().toSecsSinceEpoch();
        c.items = {Events::item(QStringLiteral("art_1"), 560, QStringLiteral("trk_9"), {},
                                QStringLiteral("acct_test"), QStringLiteral("Midnight Drive")),
                   Events::item(QStringLiteral("art_1"), 70, QStringLiteral("trk_2"), {},
                                QStringLiteral("acct_test"))};
        if (!m_f->intake->ingestOne(Events::cart(c), IntakeSource::Webhook))
            qFatal("sale failed");
        QList<qint64> ids;
        const QList<Entry> all = m_f->reader().entries({}).value();
        for (const Entry &e : all)
            if (e.reference == c.session)
                ids << e.id;
        return ids;
    }

private Q_SLOTS:
    void initTestCase() { UiFixture::useLocale(QLocale(QLocale::English, QLocale::UnitedKingdom)); }
    void init()
    {
        m_f = std::make_unique<UiFixture>();
        m_f->link(QStringLiteral("art_1"));
        m_paid = titledSale(1);
        QVERIFY(LedgerSeed::pay(*m_f->ledger, m_paid, QStringLiteral("tr_t1"), m_f->clock.now()));
        m_f->clock.advanceSecs(3600);
        titledSale(2); // pending
        m_watcher = std::make_unique<LedgerWatcher>(m_f->ledger->changes(), m_f->ledger.get(),
                                                    nullptr, 100);
        m_reader = std::make_unique<AsyncLedgerReader>(m_f->ledger->location(), m_f->clock);
        m_view = std::make_unique<HistoryView>(*m_reader, *m_watcher, m_f->clock, m_f->prompter);
        m_view->setArtist(QStringLiteral("art_1"));
        m_view->show();
        QTRY_VERIFY(!m_view->isLoading());
    }
    void cleanup()
    {
        m_view.reset();
        m_reader.reset();
        m_watcher.reset();
        m_f.reset();
    }

    void scheduledTableShowsTitleAndTrack()
    {
        ScheduledEntriesModel model(m_f->reader());
        model.setArtist(QStringLiteral("art_1"));
        QCOMPARE(model.rowCount(), 2);
        const QModelIndex ref = model.index(0, ScheduledEntriesModel::Reference);
        QCOMPARE(ref.data().toString(), QStringLiteral("Midnight Drive (trk_9)"));
        // The sale's own reference is still there, in the tooltip.
        QVERIFY(ref.data(Qt::ToolTipRole).toString().contains(u"cs_t2"));
        QCOMPARE(model.index(1, ScheduledEntriesModel::Reference).data().toString(),
                 QStringLiteral("trk_2"));
    }

    void historyShowsTitlesAndItsCsvHasThem()
    {
        const QAbstractItemModel *tree = m_view->tree()->model();
        QCOMPARE(tree->rowCount(), 1);
        const QModelIndex transfer = tree->index(0, 0);
        QStringList items;
        for (int r = 0; r < tree->rowCount(transfer); ++r)
            items << tree->index(r, HistoryModel::Item, transfer).data().toString();
        QVERIFY2(items.contains(u"Midnight Drive (trk_9)"_qs), qPrintable(items.join(u", ")));

        const QString path = m_f->dir.filePath(QStringLiteral("history.csv"));
        m_f->prompter.saveFileAnswers.enqueue(path);
        QVERIFY(m_view->exportCsv());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray csv = file.readAll();
        QVERIFY(csv.startsWith(
            "transfer_id,paid_at,entry_id,reference,track,title,source,currency,amount,state\r\n"));
        // The window's word for the source, not the ledger's.
        QVERIFY2(csv.contains(",cs_t1,trk_9,Midnight Drive,Cart Sale,GBP,5.60,paid\r\n"),
                 csv.constData());
    }

    void statementDialogSavesAPdf()
    {
        auto *button = m_view->findChild<QPushButton *>(QStringLiteral("statementButton"));
        QVERIFY(button && button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
        auto *dialog = m_view->findChild<StatementDialog *>(QStringLiteral("statementDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        // This month (the fixture's clock: January 2026), as PDF.
        QCOMPARE(dialog->from(), QDate(2026, 1, 1));
        QCOMPARE(dialog->to(), QDate(2026, 1, 31));
        QCOMPARE(dialog->format(), StatementDialog::Format::Pdf);
        const QString path = m_f->dir.filePath(QStringLiteral("statement.pdf"));
        m_f->prompter.saveFileAnswers.enqueue(path);
        QSignalSpy saved(m_view.get(), &HistoryView::statementSaved);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("statementSave")),
                          Qt::LeftButton);
        QVERIFY(saved.wait(10'000));
        QCOMPARE(saved.first().at(0).toString(), path);
        QVERIFY(saved.first().at(1).toBool());
        QCOMPARE(m_f->prompter.asked.last(), QStringLiteral("save: Save statement"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray pdf = file.readAll();
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY(pdf.size() > 1000);
    }

    void statementRangeAsCsv()
    {
        QTest::mouseClick(m_view->findChild<QPushButton *>(QStringLiteral("statementButton")),
                          Qt::LeftButton);
        auto *dialog = m_view->findChild<StatementDialog *>(QStringLiteral("statementDialog"));
        QVERIFY(dialog);
        dialog->findChild<QRadioButton *>(QStringLiteral("statementRangeChoice"))->setChecked(true);
        auto *from = dialog->findChild<QDateEdit *>(QStringLiteral("statementFrom"));
        auto *to = dialog->findChild<QDateEdit *>(QStringLiteral("statementTo"));
        auto *save = dialog->findChild<QPushButton *>(QStringLiteral("statementSave"));
        // A range that ends before it starts cannot be saved.
        from->setDate(QDate(2026, 1, 5));
        to->setDate(QDate(2026, 1, 4));
        QVERIFY(!save->isEnabled());
        from->setDate(QDate(2025, 12, 1));
        QVERIFY(save->isEnabled());
        auto *format = dialog->findChild<QComboBox *>(QStringLiteral("statementFormat"));
        format->setCurrentIndex(format->findData(int(StatementDialog::Format::Csv)));
        const QString path = m_f->dir.filePath(QStringLiteral("statement.csv"));
        m_f->prompter.saveFileAnswers.enqueue(path);
        QSignalSpy saved(m_view.get(), &HistoryView::statementSaved);
        QTest::mouseClick(save, Qt::LeftButton);
        QVERIFY(saved.wait(10'000));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray csv = file.readAll();
        QVERIFY2(csv.contains("opening,2025-12-01,GBP,0.00,"), csv.constData());
        QVERIFY(csv.contains("earned,,GBP,11.20,trk_9,Midnight Drive,Cart Sale,2,"));
        QVERIFY(csv.contains("paid,"));
        // Earned 12.60 in all, 6.30 paid: 6.30 still owed.
        QVERIFY(csv.contains("closing,2026-01-04,GBP,6.30,"));
    }
};

QTEST_MAIN(TestUiStatement)
#include "tst_ui_statement.moc"
