#include "MainWindow.h"
#include "UiFixture.h"
#include "config/Settings.h"
#include "payouts/ScheduledPayoutsView.h"

#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

// What a newcomer sees first: no artist chosen yet, and a way to see the
// product at work without touching their own store.
class TestFirstRun final : public QObject
{
    Q_OBJECT
    std::unique_ptr<UiFixture> m_f;

private Q_SLOTS:
    void init() { m_f = std::make_unique<UiFixture>(); }
    void cleanup() { m_f.reset(); }

    void firstRunOffersTheDemoAndPressingItAsksForIt()
    {
        auto window = m_f->window(false);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        auto *button = window->findChild<QPushButton *>(QStringLiteral("tryDemoButton"));
        QVERIFY(button);
        QVERIFY(button->isVisible());
        const qint64 sizeBefore = QFileInfo(m_f->ledgerPath()).size();

        QSignalSpy requested(window.get(), &MainWindow::demoRequested);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(requested.count(), 1);
        // The window's own store is left as it was: the demo runs elsewhere.
        QCOMPARE(QFileInfo(m_f->ledgerPath()).size(), sizeBefore);
    }

    void theDemoButtonGoesOnceAnArtistIsChosen()
    {
        auto window = m_f->window(false);
        window->show();
        auto *button = window->findChild<QPushButton *>(QStringLiteral("tryDemoButton"));
        QVERIFY(button->isVisible());
        m_f->settings->set(Settings::Key::ArtistId, QStringLiteral("art_1"));
        QTRY_VERIFY(!button->isVisible());
    }

    void theBannerSaysWhatItIsGiven()
    {
        auto window = m_f->window(false);
        window->show();
        auto *banner = window->findChild<QLabel *>(QStringLiteral("banner"));
        QVERIFY(banner);
        QVERIFY(!banner->isVisible());
        window->showBanner(QStringLiteral("Demo: simulated Stripe, nothing is real."));
        QVERIFY(banner->isVisible());
        QCOMPARE(banner->text(), QStringLiteral("Demo: simulated Stripe, nothing is real."));
    }
};

QTEST_MAIN(TestFirstRun)
#include "tst_ui_firstrun.moc"
