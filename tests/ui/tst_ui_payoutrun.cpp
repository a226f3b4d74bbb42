#include "FakeStripe.h"
#include "MainWindow.h"
#include "UiFixture.h"
#include "common/RunControl.h"
#include "engine/PayoutEngine.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

// Pay Out Now with the real PayoutEngine in the window, against the fake
// Stripe: the button is disabled for the run, the progress bar reaches the
// number of transfers, and the money shows as paid.
class TestPayoutRun final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { UiFixture::useLocale(QLocale(QLocale::English, QLocale::UnitedKingdom)); }

    void payOutNowRunsTheEngine()
    {
        UiFixture f;
        FakeStripe fake;
        QVERIFY(fake.listen());
        const QString key = QStringLiteral("sk_test_window");
        fake.addApiKey(key);
        fake.setAvailableBalance(QStringLiteral("gbp"), 1'000'000);
        for (int n = 1; n <= 3; ++n) {
            fake.addAccount(QStringLiteral("acct_%1").arg(n));
            f.link(QStringLiteral("art_%1").arg(n), QStringLiteral("acct_%1").arg(n));
        }
        f.sale({{QStringLiteral("art_1"), 560},
                {QStringLiteral("art_2"), 840},
                {QStringLiteral("art_3"), 70},
                {QStringLiteral("art_1"), 100}},
               QStringLiteral("gbp"), QString());

        PayoutEngine::Config c;
        c.ledgerPath = f.ledgerPath();
        c.stripeApiBase = fake.baseUrl();
        c.stripeSecretKey = key;
        c.timeoutMs = 5000;
        PayoutEngine engine(c, f.clock);
        EngineRunControl<PayoutEngine> runs(engine);
        auto window = f.window(/*admin=*/true);
        window->setRunControl(&runs);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));

        auto *payNow = window->findChild<QPushButton *>(QStringLiteral("payOutNowButton"));
        auto *progress = window->findChild<QProgressBar *>(QStringLiteral("runProgress"));
        QSignalSpy finished(&runs, &RunControl::runFinished);
        QTest::mouseClick(payNow, Qt::LeftButton);
        QVERIFY(!payNow->isEnabled());
        QVERIFY(finished.wait(20'000));
        const auto summary = finished.at(0).at(0).value<PayoutRunSummary>();
        QVERIFY2(summary.ok(), qPrintable(summary.fatalError));
        QCOMPARE(summary.transfersPaid, 3);
        QTRY_VERIFY(payNow->isEnabled());
        QCOMPARE(progress->maximum(), 3);
        QCOMPARE(progress->value(), 3);
        QVERIFY(
            window->findChild<QLabel *>(QStringLiteral("runSummary"))->text().contains(u"£15.70"));
        QCOMPARE(f.ledger->balances(QStringLiteral("art_1")).value().at(0).paidMinor, 660);
        window->setRunControl(nullptr);
    }
};

QTEST_MAIN(TestPayoutRun)
#include "tst_ui_payoutrun.moc"
