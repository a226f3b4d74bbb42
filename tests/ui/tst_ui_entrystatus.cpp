#include "LedgerSeed.h"
#include "UiFixture.h"
#include "engine/PayoutPolicy.h"
#include "payouts/EntryStatus.h"
#include "payouts/ScheduledEntriesModel.h"

#include <QFile>
#include <QIcon>
#include <QImage>
#include <QTest>

Q_DECLARE_METATYPE(EntryState)

// Each state an artist can see, with its icon and the tooltip that says
// what it means: pending, processing, retrying (error and next attempt),
// on hold (with the reason).
class TestEntryStatus final : public QObject
{
    Q_OBJECT
    std::unique_ptr<UiFixture> m_f;

    static QImage render(const QIcon &icon, qreal dpr)
    {
        return icon.pixmap(QSize(16, 16), dpr).toImage();
    }

private Q_SLOTS:
    void initTestCase() { UiFixture::useLocale(QLocale(QLocale::English, QLocale::UnitedKingdom)); }
    void init()
    {
        m_f = std::make_unique<UiFixture>();
        m_f->link(QStringLiteral("art_1"));
    }
    void cleanup() { m_f.reset(); }

    void eachStateHasItsIconAndTooltip_data()
    {
        QTest::addColumn<EntryState>("state");
        QTest::addColumn<int>("attempts");
        QTest::addColumn<QString>("lastError");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("icon");
        QTest::addColumn<QStringList>("tooltipHas");

        QTest::newRow("pending") << EntryState::Pending << 0 << QString() << QString() << "Pending"
                                 << ":/icons/status-pending.svg"
                                 << QStringList{QStringLiteral("next payout run")};
        QTest::newRow("pending: waiting for the balance")
            << EntryState::Pending << 0 << QString() << Reason::InsufficientPlatformBalance
            << "Pending"
            << ":/icons/status-pending.svg"
            << QStringList{QStringLiteral("Pending: waiting for the store's balance")};
        QTest::newRow("processing")
            << EntryState::Sending << 0 << QString() << QString() << "Processing"
            << ":/icons/status-processing.svg" << QStringList{QStringLiteral("on its way")};
        QTest::newRow("retrying") << EntryState::Pending << 2
                                  << QStringLiteral("rate_limit: too many requests") << QString()
                                  << "Retrying"
                                  << ":/icons/status-retrying.svg"
                                  << QStringList{QStringLiteral("attempt 2"),
                                                 QStringLiteral("rate_limit: too many requests"),
                                                 QStringLiteral("Next attempt: 01/01/2026 00:05")};
        QTest::newRow("held: no account")
            << EntryState::Held << 0 << QString() << Reason::NoPayoutAccount << "On hold"
            << ":/icons/status-held.svg"
            << QStringList{QStringLiteral("On hold: no payout account")};
        QTest::newRow("held: account reset")
            << EntryState::Held << 0 << QString() << Reason::AccountReset << "On hold"
            << ":/icons/status-held.svg" << QStringList{QStringLiteral("On hold: account reset")};
        QTest::newRow("held: account not ready")
            << EntryState::Held << 0 << QString() << Reason::PayoutAccountNotReady << "On hold"
            << ":/icons/status-held.svg"
            << QStringList{QStringLiteral("On hold: payout account not ready")};
        QTest::newRow("held: other reason")
            << EntryState::Held << 0 << QString()
            << QStringLiteral("account cannot receive transfers") << "On hold"
            << ":/icons/status-held.svg"
            << QStringList{QStringLiteral("On hold: account cannot receive transfers")};
    }
    void eachStateHasItsIconAndTooltip()
    {
        QFETCH(EntryState, state);
        QFETCH(int, attempts);
        QFETCH(QString, lastError);
        QFETCH(QString, reason);
        QFETCH(QString, label);
        QFETCH(QString, icon);
        QFETCH(QStringList, tooltipHas);

        const qint64 id = m_f->sale({{QStringLiteral("art_1"), 560}}).first();
        LedgerSeed::EntryChange c;
        c.state = state;
        c.attempts = attempts;
        c.lastError = lastError;
        c.reason = reason;
        if (attempts > 0)
            c.nextAttemptAt = m_f->clock.now().addSecs(300);
        if (state == EntryState::Sending)
            c.idempotencyKey = QStringLiteral("idem_1");
        QVERIFY(LedgerSeed::change(*m_f->ledger, id, c));

        ScheduledEntriesModel model(m_f->reader());
        model.setArtist(QStringLiteral("art_1"));
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex status = model.index(0, ScheduledEntriesModel::Status);
        QCOMPARE(status.data().toString(), label);
        const QString tip = status.data(Qt::ToolTipRole).toString();
        for (const QString &part : tooltipHas)
            QVERIFY2(tip.contains(part), qPrintable(tip));

        QVERIFY(QFile::exists(icon));
        const QIcon shown = status.data(Qt::DecorationRole).value<QIcon>();
        QVERIFY(!shown.isNull());
        QCOMPARE(render(shown, 1.0), render(QIcon(icon), 1.0));
        // SVG: drawn at the device pixel ratio, not scaled up from 16 px.
        QCOMPARE(render(shown, 2.0).size(), QSize(32, 32));
        QCOMPARE(render(shown, 2.0), render(QIcon(icon), 2.0));
    }

    void statesLookDifferent()
    {
        QList<QImage> seen;
        for (DisplayStatus s :
             {DisplayStatus::Pending, DisplayStatus::Processing, DisplayStatus::Retrying,
              DisplayStatus::OnHold, DisplayStatus::Paid, DisplayStatus::Void}) {
            const QImage image = render(EntryStatus::icon(s), 1.0);
            QVERIFY(!image.isNull());
            QVERIFY(!seen.contains(image));
            seen << image;
        }
    }

    void retryWithoutAKnownTimeSaysNextRun()
    {
        Entry e;
        e.state = EntryState::Pending;
        e.attempts = 1;
        e.lastError = QStringLiteral("api_connection_error");
        const QString tip = EntryStatus::toolTip(e, QLocale());
        QVERIFY(tip.contains(u"api_connection_error"));
        QVERIFY(tip.contains(u"in the next payout run"));
    }
};

QTEST_MAIN(TestEntryStatus)
#include "tst_ui_entrystatus.moc"
