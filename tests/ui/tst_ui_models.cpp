#include "Events.h"
#include "LedgerSeed.h"
#include "UiFixture.h"
#include "admin/ArtistTotalsModel.h"
#include "admin/QuarantineModel.h"
#include "history/HistoryModel.h"
#include "ledger/AsyncLedgerReader.h"
#include "payouts/ScheduledEntriesModel.h"
#include "report/PaidHistory.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

// The models pass QAbstractItemModelTester through loading, paging, live
// merges and resets, and sort by their raw values.
class TestModels final : public QObject
{
    Q_OBJECT
    std::unique_ptr<UiFixture> m_f;

    static constexpr auto kFatal = QAbstractItemModelTester::FailureReportingMode::Fatal;

private Q_SLOTS:
    void initTestCase() { UiFixture::useLocale(QLocale(QLocale::English, QLocale::UnitedKingdom)); }
    void init()
    {
        m_f = std::make_unique<UiFixture>();
        m_f->link(QStringLiteral("art_1"));
        m_f->link(QStringLiteral("art_2"));
    }
    void cleanup() { m_f.reset(); }

    void scheduledModelFetchesOnDemand()
    {
        for (int i = 0; i < 25; ++i)
            m_f->sale({{QStringLiteral("art_1"), 100 + i}, {QStringLiteral("art_2"), 1}});
        ScheduledEntriesModel model(m_f->reader());
        QAbstractItemModelTester tester(&model, kFatal);
        model.setPageSize(10);
        model.setArtist(QStringLiteral("art_1"));
        QCOMPARE(model.totalCount(), 25);
        QCOMPARE(model.rowCount(), 10); // one page, not the whole ledger
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 20);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 25);
        QVERIFY(!model.canFetchMore({}));
        // Oldest first, as the ledger orders them, and only art_1's.
        for (int r = 0; r < 25; ++r)
            QCOMPARE(model.entryAt(r).amount.minor, 100 + r);
    }

    void scheduledModelMergesLiveChanges()
    {
        QList<qint64> ids;
        for (int i = 0; i < 12; ++i)
            ids << m_f->sale({{QStringLiteral("art_1"), 100 + i}}).first();
        ScheduledEntriesModel model(m_f->reader());
        QAbstractItemModelTester tester(&model, kFatal);
        model.setPageSize(5);
        model.setArtist(QStringLiteral("art_1"));
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 10);

        // Paid in the middle, held at the start, a new sale at the end.
        QVERIFY(LedgerSeed::pay(*m_f->ledger, {ids[3], ids[4]}, QStringLiteral("tr_1"),
                                m_f->clock.now()));
        LedgerSeed::EntryChange hold;
        hold.state = EntryState::Held;
        hold.reason = Reason::NoPayoutAccount;
        QVERIFY(LedgerSeed::change(*m_f->ledger, ids[0], hold));
        m_f->sale({{QStringLiteral("art_1"), 999}});
        QVERIFY(model.reload());
        QCOMPARE(model.totalCount(), 11);
        QCOMPARE(model.rowCount(), 10); // as many as were shown
        QCOMPARE(model.entryAt(0).state, EntryState::Held);
        for (int r = 0; r < model.rowCount(); ++r)
            QVERIFY(model.entryAt(r).id != ids[3] && model.entryAt(r).id != ids[4]);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 11);
        QCOMPARE(model.entryAt(10).amount.minor, 999);
        model.setArtist(QStringLiteral("art_2"));
        QCOMPARE(model.rowCount(), 0);
    }

    void asyncReaderFoldsRequestsMadeDuringARead()
    {
        m_f->sale({{QStringLiteral("art_1"), 100}});
        AsyncLedgerReader async(m_f->ledger->location(), m_f->clock);
        QStringList answered;
        const auto ask = [&](const QString &name) {
            async.read<qint64>(
                QStringLiteral("count"), this,
                [](LedgerReader &reader) { return reader.countEntries({}); },
                [&answered, name](const Result<qint64> &n) {
                    answered << name + u'=' + QString::number(n.value_or(-1));
                });
        };
        ask(QStringLiteral("first"));
        ask(QStringLiteral("second")); // replaced by the third before it runs
        ask(QStringLiteral("third"));
        QVERIFY(async.isBusy(QStringLiteral("count")));
        QTRY_VERIFY(!async.isBusy());
        QCOMPARE(answered, (QStringList{QStringLiteral("first=1"), QStringLiteral("third=1")}));
    }

    void aReloadOfManyRowsRunsOffTheGuiThread()
    {
        QList<std::pair<QString, qint64>> items;
        for (int i = 0; i < ScheduledEntriesModel::kSyncReloadRows + 100; ++i)
            items.append({QStringLiteral("art_1"), 100 + i});
        const QList<qint64> ids = m_f->sale(items);
        const int shown = int(ids.size());
        AsyncLedgerReader async(m_f->ledger->location(), m_f->clock);
        ScheduledEntriesModel model(m_f->reader());
        QAbstractItemModelTester tester(&model, kFatal);
        model.setAsyncReader(&async);
        model.setPageSize(shown / 2);
        model.setArtist(QStringLiteral("art_1")); // one page: read here
        QCOMPARE(model.rowCount(), shown / 2);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), shown);

        QVERIFY(LedgerSeed::pay(*m_f->ledger, {ids[0]}, QStringLiteral("tr_1"), m_f->clock.now()));
        QSignalSpy delivered(&async, &AsyncLedgerReader::delivered);
        QVERIFY(model.reload());
        QCOMPARE(model.rowCount(), shown); // nothing merged yet: it is read on the reader's thread
        QVERIFY(delivered.wait(10'000));
        QCOMPARE(model.rowCount(), shown - 1);
        QCOMPARE(model.totalCount(), shown - 1);
        QCOMPARE(model.entryAt(0).id, ids[1]);
    }

    void scheduledModelSortsByRawValues()
    {
        m_f->sale({{QStringLiteral("art_1"), 900}});
        m_f->sale({{QStringLiteral("art_1"), 5}});
        m_f->sale({{QStringLiteral("art_1"), 70}});
        ScheduledEntriesModel model(m_f->reader());
        model.setArtist(QStringLiteral("art_1"));
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(ScheduledEntriesModel::RawRole);
        QAbstractItemModelTester tester(&proxy, kFatal);
        proxy.sort(ScheduledEntriesModel::Amount, Qt::AscendingOrder);
        // "£0.05" < "£0.70" < "£9.00" as numbers, not as text.
        QCOMPARE(proxy.index(0, 0).data(ScheduledEntriesModel::RawRole).toLongLong(), 5);
        QCOMPARE(proxy.index(1, 0).data(ScheduledEntriesModel::RawRole).toLongLong(), 70);
        QCOMPARE(proxy.index(2, 0).data(ScheduledEntriesModel::RawRole).toLongLong(), 900);
        proxy.sort(ScheduledEntriesModel::Time, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, 0).data(ScheduledEntriesModel::RawRole).toLongLong(), 70);
    }

    void historyModelGroupsByTransfer()
    {
        const QList<qint64> a =
            m_f->sale({{QStringLiteral("art_1"), 100}, {QStringLiteral("art_1"), 200}});
        const QList<qint64> b = m_f->sale({{QStringLiteral("art_1"), 300}});
        QVERIFY(LedgerSeed::pay(*m_f->ledger, a, QStringLiteral("tr_a"), m_f->clock.now()));
        QVERIFY(
            LedgerSeed::pay(*m_f->ledger, b, QStringLiteral("tr_b"), m_f->clock.now().addDays(8)));
        HistoryModel model;
        QAbstractItemModelTester tester(&model, kFatal);
        const auto paid = PaidHistory::load(m_f->reader(), QStringLiteral("art_1"));
        QVERIFY(paid);
        model.setGroups(PaidHistory::groupByTransfer(*paid));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, HistoryModel::Item).data().toString(), QStringLiteral("tr_b"));
        const QModelIndex trA = model.index(1, 0);
        QCOMPARE(trA.data().toString(), QStringLiteral("tr_a"));
        QCOMPARE(model.rowCount(trA), 2);
        QCOMPARE(model.index(1, HistoryModel::Amount).data().toString(), QStringLiteral("£3.00"));
        QCOMPARE(model.index(0, HistoryModel::Amount, trA).data().toString(),
                 QStringLiteral("£1.00"));
        QCOMPARE(model.parent(model.index(1, 0, trA)), trA);
        model.setGroups({});
        QCOMPARE(model.rowCount(), 0);

        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(HistoryModel::RawRole);
        QAbstractItemModelTester proxyTester(&proxy, kFatal);
        model.setGroups(PaidHistory::groupByTransfer(*paid));
        proxy.sort(HistoryModel::Amount, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("tr_b"));
    }

    void artistTotalsModelFollowsBalances()
    {
        m_f->sale({{QStringLiteral("art_1"), 100}, {QStringLiteral("art_2"), 200}});
        m_f->link(QStringLiteral("art_3"), QStringLiteral("acct_3")); // linked, nothing owed yet
        ArtistTotalsModel model;
        QAbstractItemModelTester tester(&model, kFatal);
        QVERIFY(model.reload(m_f->reader()));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, ArtistTotalsModel::Pending).data().toString(),
                 QStringLiteral("£1.00"));
        QCOMPARE(model.index(2, ArtistTotalsModel::Artist).data().toString(),
                 QStringLiteral("art_3"));
        QCOMPARE(model.index(2, ArtistTotalsModel::Currency).data().toString(), QString());

        const QList<qint64> ids = m_f->sale(
            {{QStringLiteral("art_1"), 50}, {QStringLiteral("art_3"), 7}}, QStringLiteral("eur"));
        QVERIFY(LedgerSeed::pay(*m_f->ledger, {ids[0]}, QStringLiteral("tr_1"), m_f->clock.now()));
        QVERIFY(model.reload(m_f->reader()));
        QCOMPARE(model.rowCount(), 4); // art_1 eur, art_1 gbp, art_2 gbp, art_3 eur
        QCOMPARE(model.index(0, ArtistTotalsModel::Currency).data().toString(),
                 QStringLiteral("EUR"));
        QCOMPARE(model.index(0, ArtistTotalsModel::Paid).data().toString(),
                 QStringLiteral("€0.50"));
        QCOMPARE(model.index(1, ArtistTotalsModel::Pending).data().toString(),
                 QStringLiteral("£1.00"));
        QCOMPARE(model.index(3, ArtistTotalsModel::Pending).data().toString(),
                 QStringLiteral("€0.07"));
        QCOMPARE(model.index(3, ArtistTotalsModel::Account).data().toString(),
                 QStringLiteral("acct_3"));
        QCOMPARE(model.index(0, ArtistTotalsModel::Refunded).data().toString(),
                 QStringLiteral("–"));

        // The paid sale is refunded: the admin sees it in its own column.
        QString paidSale;
        const QList<Entry> all = m_f->reader().entries({}).value();
        for (const Entry &e : all)
            if (e.id == ids[0])
                paidSale = e.paymentIntent;
        QVERIFY(m_f->intake->ingestOne(Events::refund(QStringLiteral("evt_r1"), paidSale),
                                       IntakeSource::Import));
        QVERIFY(model.reload(m_f->reader()));
        QCOMPARE(model.index(0, ArtistTotalsModel::Paid).data().toString(), QStringLiteral("–"));
        QCOMPARE(model.index(0, ArtistTotalsModel::Refunded).data().toString(),
                 QStringLiteral("€0.50"));
        QVERIFY(model.index(0, ArtistTotalsModel::Refunded)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(u"being reversed: €0.50"));
    }

    void quarantineModelListsOpenEvents()
    {
        QuarantineModel model;
        QAbstractItemModelTester tester(&model, kFatal);
        QVERIFY(model.reload(m_f->reader()));
        QCOMPARE(model.rowCount(), 0);
        Events::Cart bad;
        bad.eventId = QStringLiteral("evt_bad");
        bad.currency = QStringLiteral("xyz");
        bad.items = {Events::item(QStringLiteral("art_1"), 100, QStringLiteral("trk_1"))};
        QCOMPARE(m_f->intake->ingestOne(Events::cart(bad), IntakeSource::Webhook).value().kind,
                 IntakeOutcome::Kind::Quarantined);
        QVERIFY(model.reload(m_f->reader()));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, QuarantineModel::Event).data().toString(),
                 QStringLiteral("evt_bad"));
        QVERIFY(model.index(0, QuarantineModel::Reason).data().toString().contains(u"xyz"));
    }
};

QTEST_MAIN(TestModels)
#include "tst_ui_models.moc"
