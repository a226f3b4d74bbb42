#include "LedgerSeed.h"
#include "MainWindow.h"
#include "UiFixture.h"
#include "admin/AdminView.h"
#include "common/Theme.h"
#include "engine/PayoutPolicy.h"
#include "history/HistoryView.h"
#include "ledger/MetaStore.h"
#include "payouts/ProcessingInfoWidget.h"
#include "payouts/ScheduledEntriesModel.h"
#include "payouts/ScheduledPayoutsView.h"
#include "service/EngineStatus.h"

#include <QApplication>
#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <cmath>

// The artist's summary cards, as an artist reads them at the top of
// Scheduled Payouts: what is to be paid, what is on hold and why, when the
// next payout runs (counting down, in the engine's own mode) and what was
// paid this month.
class TestSummary final : public QObject
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
    static QString text(QWidget *root, const char *name)
    {
        return find<QLabel>(root, name)->text();
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

    // What a running `payoutdesk serve` writes for every other process.
    void engineWrites(const QString &mode, const QDateTime &nextRun)
    {
        MetaStore &meta = m_f->ledger->meta();
        QVERIFY(meta.setValue(EngineStatus::kModeKey, mode));
        QVERIFY(meta.setValue(EngineStatus::kStateKey, EngineStatus::kRunningValue));
        QVERIFY(meta.setValue(EngineStatus::kHeartbeatKey,
                              m_f->clock.now().toUTC().toString(Qt::ISODateWithMs)));
        QVERIFY(
            meta.setValue(EngineStatus::kNextRunKey, nextRun.toUTC().toString(Qt::ISODateWithMs)));
    }

private Q_SLOTS:
    void initTestCase() { UiFixture::useLocale(QLocale(QLocale::English, QLocale::UnitedKingdom)); }
    void init() { m_f = std::make_unique<UiFixture>(); }
    void cleanup() { m_f.reset(); }

    void dueAndHeldEachHaveTheirCard()
    {
        m_f->link(QStringLiteral("art_1"));
        m_f->sale({{QStringLiteral("art_1"), 560}});
        const qint64 held = m_f->sale({{QStringLiteral("art_1"), 300}}).first();
        LedgerSeed::EntryChange hold;
        hold.state = EntryState::Held;
        hold.reason = Reason::PayoutAccountNotReady;
        QVERIFY(LedgerSeed::change(*m_f->ledger, held, hold));
        auto window = artistWindow(QStringLiteral("art_1"));
        QCOMPARE(text(window.get(), "totalCaption"), u"To be paid to you"_qs);
        QCOMPARE(text(window.get(), "totalPending"), u"£5.60"_qs);
        QCOMPARE(text(window.get(), "entryCounts"), u"1\u00A0pending · 1\u00A0on\u00A0hold"_qs);
        QCOMPARE(text(window.get(), "heldAmount"), u"£3.00"_qs);
        QCOMPARE(text(window.get(), "heldTotal"),
                 u"£3.00: payout account not ready; paid once your Stripe account can receive "
                 "transfers"_qs);
    }

    void nothingHeldSaysSo()
    {
        m_f->link(QStringLiteral("art_1"));
        m_f->sale({{QStringLiteral("art_1"), 560}});
        auto window = artistWindow(QStringLiteral("art_1"));
        QVERIFY(find<QLabel>(window.get(), "heldAmount")->isHidden());
        QCOMPARE(text(window.get(), "heldTotal"), u"Nothing on hold."_qs);
        QCOMPARE(text(window.get(), "lastPaid"), u"Nothing has been paid to you yet."_qs);
    }

    void nextPayoutCountsDownInTheEnginesMode()
    {
        // This viewer's own setting says development; the store's engine
        // runs in production, and that is what the artist is told.
        m_f->settings->set(Settings::Key::Mode, QStringLiteral("development"));
        m_f->link(QStringLiteral("art_1"));
        m_f->sale({{QStringLiteral("art_1"), 560}});
        engineWrites(QStringLiteral("production"), m_f->clock.now().addSecs(10 * 60));
        auto window = artistWindow(QStringLiteral("art_1"));
        QCOMPARE(text(window.get(), "nextPayoutTime"), u"00:10"_qs);
        QCOMPARE(text(window.get(), "nextPayoutDetail"), u"in 10 min 00 s\nProduction mode"_qs);
        QCOMPARE(text(window.get(), "modeLabel"), u"Production"_qs);
        // Every row says when: the same run.
        QTableView *table = find<QTableView>(window.get(), "scheduledTable");
        QCOMPARE(table->model()->index(0, ScheduledEntriesModel::Why).data().toString(),
                 u"Paid in the next payout run, at 00:10."_qs);
        // Live: the countdown follows the clock.
        m_f->clock.advanceSecs(65);
        QTRY_COMPARE(text(window.get(), "nextPayoutDetail"), u"in 8 min 55 s\nProduction mode"_qs);
        // The card and Processing info tick together: at every tick of one
        // the other already shows the same second.
        auto *info = window->findChild<ProcessingInfoWidget *>();
        QSignalSpy shown(info, &ProcessingInfoWidget::nextRunShown);
        m_f->clock.advanceSecs(1);
        QVERIFY(shown.wait(3000));
        QCOMPARE(text(window.get(), "nextPayoutDetail"), u"in 8 min 54 s\nProduction mode"_qs);
        QVERIFY(text(window.get(), "nextRunLabel").contains(u"(in 8 min 54 s)"));
    }

    void aStoppedEngineIsNamed()
    {
        m_f->link(QStringLiteral("art_1"));
        MetaStore &meta = m_f->ledger->meta();
        QVERIFY(meta.setValue(EngineStatus::kModeKey, QStringLiteral("production")));
        QVERIFY(meta.setValue(EngineStatus::kStateKey, EngineStatus::kStoppedValue));
        QVERIFY(meta.setValue(EngineStatus::kNextRunKey,
                              m_f->clock.now().addSecs(600).toString(Qt::ISODateWithMs)));
        auto window = artistWindow(QStringLiteral("art_1"));
        QCOMPARE(text(window.get(), "nextPayoutTime"), u"Not scheduled"_qs);
        QVERIFY(text(window.get(), "nextPayoutDetail")
                    .startsWith(u"The store's payout engine is stopped."));
    }

    void paidThisMonthAndTheLastPayout()
    {
        m_f->link(QStringLiteral("art_1"));
        const QList<qint64> december = m_f->sale({{QStringLiteral("art_1"), 700}});
        QVERIFY(LedgerSeed::pay(*m_f->ledger, december, QStringLiteral("tr_dec"),
                                QDateTime(QDate(2025, 12, 20), QTime(9, 0), Qt::UTC)));
        const QList<qint64> ids =
            m_f->sale({{QStringLiteral("art_1"), 560}, {QStringLiteral("art_1"), 440}});
        QVERIFY(LedgerSeed::pay(*m_f->ledger, ids, QStringLiteral("tr_1"),
                                QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC)));
        auto window = artistWindow(QStringLiteral("art_1"));
        // January's payout only: December's is last month's.
        QTRY_COMPARE(text(window.get(), "paidThisMonth"), u"£10.00"_qs);
        QVERIFY(text(window.get(), "lastPaid").startsWith(u"Last paid: £10.00 on "));
    }

    // Not a check: with PD_SHOTS_DIR set, saves the artist view in every
    // state a chip has, at three window sizes, light and dark, English and
    // German, for a person to look at (README, "The window").
    void screenshots()
    {
        const QString dir = qEnvironmentVariable("PD_SHOTS_DIR");
        if (dir.isEmpty())
            QSKIP("PD_SHOTS_DIR not set");
        m_f->link(QStringLiteral("art_1"));
        m_f->sale({{QStringLiteral("art_1"), 1299}, {QStringLiteral("art_1"), 850}});
        m_f->sale({{QStringLiteral("art_1"), 50000}}, QStringLiteral("jpy"));
        const auto change = [&](qint64 amount, const LedgerSeed::EntryChange &c) {
            const qint64 id = m_f->sale({{QStringLiteral("art_1"), amount}}).first();
            QVERIFY(LedgerSeed::change(*m_f->ledger, id, c));
        };
        LedgerSeed::EntryChange waiting;
        waiting.reason = Reason::InsufficientPlatformBalance;
        change(2500, waiting);
        LedgerSeed::EntryChange below;
        below.reason = PayoutPolicy::belowMinimumReason(Money{1000, QStringLiteral("usd")});
        m_f->clock.advanceSecs(60);
        const qint64 usd =
            m_f->sale({{QStringLiteral("art_1"), 420}}, QStringLiteral("usd")).first();
        QVERIFY(LedgerSeed::change(*m_f->ledger, usd, below));
        LedgerSeed::EntryChange retry;
        retry.attempts = 2;
        retry.lastError = QStringLiteral("rate_limit: too many requests");
        retry.nextAttemptAt = m_f->clock.now().addSecs(300);
        change(999, retry);
        LedgerSeed::EntryChange sending;
        sending.state = EntryState::Sending;
        sending.idempotencyKey = QStringLiteral("idem_1");
        change(1500, sending);
        LedgerSeed::EntryChange held;
        held.state = EntryState::Held;
        held.reason = Reason::PayoutAccountNotReady;
        change(700, held);
        const QList<qint64> paid = m_f->sale({{QStringLiteral("art_1"), 4200}});
        QVERIFY(LedgerSeed::pay(*m_f->ledger, paid, QStringLiteral("tr_1"), m_f->clock.now()));
        engineWrites(QStringLiteral("development"), m_f->clock.now().addSecs(25));

        for (const QString &lang : {u"en"_qs, u"de"_qs}) {
            UiFixture::useLocale(lang == u"de" ? QLocale(QLocale::German, QLocale::Germany)
                                               : QLocale(QLocale::English, QLocale::UnitedKingdom));
            for (bool dark : {false, true}) {
                Theme::apply(*qApp, dark ? Theme::Choice::Dark : Theme::Choice::Light);
                for (const QSize size : {QSize(800, 600), QSize(1366, 768), QSize(1920, 1080)}) {
                    m_f->settings->set(Settings::Key::ArtistId, QStringLiteral("art_1"));
                    auto window = m_f->window(false);
                    window->resize(size);
                    window->show();
                    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
                    QTRY_VERIFY(!window->findChild<QLabel *>(u"lastPaid"_qs)->isHidden());
                    QTest::qWait(50); // not a check: lets the last repaint land
                    const QString name = QStringLiteral("%1/artist-%2-%3-%4x%5.png")
                                             .arg(dir, lang, dark ? u"dark"_qs : u"light"_qs)
                                             .arg(size.width())
                                             .arg(size.height());
                    QVERIFY(window->grab().save(name));
                }
            }
        }
        // The other views, as an admin and an artist see them.
        for (bool dark : {false, true}) {
            Theme::apply(*qApp, dark ? Theme::Choice::Dark : Theme::Choice::Light);
            const QString tone = dark ? u"dark"_qs : u"light"_qs;
            auto window = m_f->window(true);
            window->resize(1366, 768);
            window->show();
            QVERIFY(QTest::qWaitForWindowExposed(window.get()));
            QTRY_VERIFY(!window->adminView()->isLoading());
            QVERIFY(window->grab().save(QStringLiteral("%1/admin-%2.png").arg(dir, tone)));
            window->setAdminView(false);
            window->tabs()->setCurrentWidget(window->historyView());
            QTRY_VERIFY(!window->historyView()->isLoading());
            QVERIFY(window->grab().save(QStringLiteral("%1/history-%2.png").arg(dir, tone)));
        }
        UiFixture::useLocale(QLocale(QLocale::English, QLocale::UnitedKingdom));
        Theme::apply(*qApp, Theme::Choice::Light);
    }

    // PAYOUTDESK_THEME's words, and a dark palette whose text reads.
    void darkPaletteIsReadable()
    {
        QCOMPARE(Theme::parse(u"Dark"_qs), Theme::Choice::Dark);
        QCOMPARE(Theme::parse(u"light"_qs), Theme::Choice::Light);
        QCOMPARE(Theme::parse(u"pink"_qs), Theme::Choice::System);
        QVERIFY(Theme::apply(*qApp, Theme::Choice::Dark));
        QVERIFY(Theme::isDark());
        const QPalette p = QApplication::palette();
        const auto luminance = [](const QColor &c) {
            const auto lin = [](qreal v) {
                return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
            };
            return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF());
        };
        const auto contrast = [&](QPalette::ColorRole fg, QPalette::ColorRole bg) {
            const qreal a = luminance(p.color(fg)), b = luminance(p.color(bg));
            return (qMax(a, b) + 0.05) / (qMin(a, b) + 0.05);
        };
        QVERIFY(contrast(QPalette::WindowText, QPalette::Window) >= 7);
        QVERIFY(contrast(QPalette::Text, QPalette::Base) >= 7);
        QVERIFY(contrast(QPalette::PlaceholderText, QPalette::Base) >= 4.5);
        QVERIFY(contrast(QPalette::HighlightedText, QPalette::Highlight) >= 4.5);
        QVERIFY(!Theme::apply(*qApp, Theme::Choice::Light));
        QVERIFY(!Theme::isDark());
    }

    void anUnknownArtistIdSaysSoInEveryCard()
    {
        m_f->link(QStringLiteral("art_1"));
        auto window = artistWindow(QStringLiteral("art_l"));
        QVERIFY(!find<QLabel>(window.get(), "artistWarning")->isHidden());
        QCOMPARE(text(window.get(), "entryCounts"), u"Unknown artist id"_qs);
        QVERIFY(!text(window.get(), "totalPending").contains(u"Nothing"));
    }
};

QTEST_MAIN(TestSummary)
#include "tst_ui_summary.moc"
