#include "FakeStripe.h"
#include "MainWindow.h"
#include "UiFixture.h"
#include "common/RunControl.h"
#include "common/TrayNotifier.h"
#include "engine/PayoutEngine.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

using namespace Qt::StringLiterals;

// Pay Out Now with the real PayoutEngine in the window, against the fake
// Stripe: the button is disabled for the run (and cannot start a second
// one), the progress bar reaches the number of transfers, the money shows as
// paid, and a run that fails says why.
class TestPayoutRun final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { UiFixture::useLocale(QLocale(QLocale::English, QLocale::UnitedKingdom)); }

    void init()
    {
        m_f = std::make_unique<UiFixture>();
        m_fake = std::make_unique<FakeStripe>();
        QVERIFY(m_fake->listen());
        m_fake->addApiKey(m_key);
        m_fake->setAvailableBalance(QStringLiteral("gbp"), 1'000'000);
        for (int n = 1; n <= 3; ++n) {
            m_fake->addAccount(QStringLiteral("acct_%1").arg(n));
            m_f->link(QStringLiteral("art_%1").arg(n), QStringLiteral("acct_%1").arg(n));
        }
        m_f->sale({{QStringLiteral("art_1"), 560},
                   {QStringLiteral("art_2"), 840},
                   {QStringLiteral("art_3"), 70},
                   {QStringLiteral("art_1"), 100}},
                  QStringLiteral("gbp"), QString());
    }
    void cleanup()
    {
        m_fake.reset();
        m_f.reset();
    }

    void payOutNowRunsTheEngineOnce()
    {
        PayoutEngine engine(config(m_key), m_f->clock);
        EngineRunControl<PayoutEngine> runs(engine);
        auto window = m_f->window(/*admin=*/true);
        window->setRunControl(&runs);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));

        auto *payNow = window->findChild<QPushButton *>(QStringLiteral("payOutNowButton"));
        auto *progress = window->findChild<QProgressBar *>(QStringLiteral("runProgress"));
        QSignalSpy started(&engine, &PayoutEngine::runStarted);
        QSignalSpy finished(&runs, &RunControl::runFinished);
        QSignalSpy trayStates(window->tray(), &TrayNotifier::stateChanged);
        QVERIFY(payNow->isEnabled());
        QTest::mouseClick(payNow, Qt::LeftButton);
        // Disabled at once, before the engine says anything: a second click
        // cannot ask for a second run.
        QVERIFY(!payNow->isEnabled());
        QTest::mouseClick(payNow, Qt::LeftButton);
        QVERIFY(finished.wait(20'000));
        const auto summary = finished.at(0).at(0).value<PayoutRunSummary>();
        QVERIFY2(summary.ok(), qPrintable(summary.fatalError));
        QCOMPARE(summary.transfersPaid, 3);
        QCOMPARE(started.size(), 1);
        QCOMPARE(m_fake->transfers().size(), 3);
        QTRY_VERIFY(payNow->isEnabled());
        QCOMPARE(progress->maximum(), 3);
        QCOMPARE(progress->value(), 3); // progress reached the total
        QVERIFY(
            window->findChild<QLabel *>(QStringLiteral("runSummary"))->text().contains(u"£15.70"));
        QCOMPARE(m_f->reader().balances(QStringLiteral("art_1")).value().at(0).paidMinor, 660);
        // The tray showed the run while it went, and is quiet after it.
        QCOMPARE(trayStates.size(), 2);
        QCOMPARE(trayStates.at(0).at(0).value<TrayNotifier::State>(), TrayNotifier::State::Paying);
        QCOMPARE(window->tray()->state(), TrayNotifier::State::Idle);
        QCOMPARE(window->tray()->toolTip(), u"Payout Desk: payouts run on schedule"_s);

        // The offscreen desktop has no tray: the window says that closing
        // it stops the schedule, and closing it quits (it never hides).
        QVERIFY(window->statusBar()->currentMessage().contains(u"no tray"));
        QVERIFY(window->close());
        QVERIFY(!window->isVisible());
        window->setRunControl(nullptr);
    }

    void aRunAlreadyGoingDisablesTheButtonAndAFailureIsShown()
    {
        m_fake->setLatencyMs(300); // the run is still going when the window opens
        PayoutEngine engine(config(QStringLiteral("sk_test_refused_key")), m_f->clock);
        EngineRunControl<PayoutEngine> runs(engine);
        QSignalSpy finished(&runs, &RunControl::runFinished);
        engine.requestRun(QStringLiteral("scheduled")); // started by the schedule
        auto window = m_f->window(/*admin=*/true);
        window->setRunControl(&runs);
        window->show();
        auto *payNow = window->findChild<QPushButton *>(QStringLiteral("payOutNowButton"));
        QVERIFY(!payNow->isEnabled());
        QVERIFY(finished.wait(20'000));
        QTRY_VERIFY(payNow->isEnabled());
        const QString text = window->findChild<QLabel *>(QStringLiteral("runSummary"))->text();
        QVERIFY2(text.contains(u"401") || text.contains(u"uthentication"), qPrintable(text));
        QVERIFY(!text.contains(u"sk_test_refused_key"));
        // The tray says a person is needed, until a run goes well.
        QCOMPARE(window->tray()->state(), TrayNotifier::State::Attention);
        QVERIFY2(window->tray()->toolTip().startsWith(u"Payout Desk needs your attention: "),
                 qPrintable(window->tray()->toolTip()));
        QCOMPARE(m_f->reader().stateCounts().value().value(EntryState::Pending), 4); // nothing lost
        window->setRunControl(nullptr);
    }

private:
    PayoutEngine::Config config(const QString &key) const
    {
        PayoutEngine::Config c;
        c.ledger = LedgerLocation::sqliteFile(m_f->ledgerPath());
        c.stripeApiBase = m_fake->baseUrl();
        c.stripeSecretKey = key;
        c.timeoutMs = 5000;
        return c;
    }

    const QString m_key = QStringLiteral("sk_test_window");
    std::unique_ptr<UiFixture> m_f;
    std::unique_ptr<FakeStripe> m_fake;
};

QTEST_MAIN(TestPayoutRun)
#include "tst_ui_payoutrun.moc"
