#include "MainWindow.h"
#include "UiFixture.h"
#include "payouts/ProcessingInfoWidget.h"

#include <QFormLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QTabWidget>
#include <QTest>

// The window in the sizes artists have: the headline total, "Next run:" and
// the processing text are never cut, switching tabs never grows the window,
// and the window opens inside the screen.
class TestLayout final : public QObject
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

    // Every line of the label is as wide as its text: nothing elided or cut.
    static bool showsWhole(const QLabel *label)
    {
        const int room = label->contentsRect().width();
        for (const QString &line : label->text().split(u'\n'))
            if (label->fontMetrics().horizontalAdvance(line) > room)
                return false;
        return true;
    }

    std::unique_ptr<MainWindow> shownAt(const QSize &size, bool admin = false)
    {
        auto window = m_f->window(admin);
        window->resize(size);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            qFatal("window not exposed");
        return window;
    }

private Q_SLOTS:
    void initTestCase() { UiFixture::useLocale(QLocale(QLocale::English, QLocale::UnitedKingdom)); }
    void init()
    {
        m_f = std::make_unique<UiFixture>();
        m_f->link(QStringLiteral("art_1"));
        m_f->settings->set(Settings::Key::ArtistId, QStringLiteral("art_1"));
        // The issue's own example: three currencies, cut at 800x600 before.
        m_f->sale({{QStringLiteral("art_1"), 10578}}, QStringLiteral("gbp"));
        m_f->sale({{QStringLiteral("art_1"), 500}}, QStringLiteral("jpy"));
        m_f->sale({{QStringLiteral("art_1"), 1299999}}, QStringLiteral("usd"));
    }
    void cleanup() { m_f.reset(); }

    void headlineTotalIsWholeAt800x600()
    {
        auto window = shownAt(QSize(800, 600));
        if (const QString dir = qEnvironmentVariable("PD_SHOTS_DIR"); !dir.isEmpty()) {
            window->grab().save(dir + u"/layout-800x600.png");
        }
        QLabel *total = find<QLabel>(window.get(), "totalPending");
        QCOMPARE(total->text(), QStringLiteral("£105.78\n¥500\n$12,999.99"));
        QVERIFY2(showsWhole(total), qPrintable(QStringLiteral("%1 px for \"%2\"")
                                                   .arg(total->contentsRect().width())
                                                   .arg(total->text())));
        QVERIFY(total->contentsRect().height() >= total->sizeHint().height() - 1);
        // Everything fits: the table gives up height before the window scrolls.
        QVERIFY(
            !find<QScrollArea>(window.get(), "centralScroll")->verticalScrollBar()->isVisible());
    }

    void nextRunCaptionAndTextAreWholeAt800x600()
    {
        auto window = shownAt(QSize(800, 600));
        auto *info = find<ProcessingInfoWidget>(window.get(), "processingInfo");
        auto *form = qobject_cast<QFormLayout *>(info->layout());
        QVERIFY(form);
        QLabel *nextRun = find<QLabel>(window.get(), "nextRunLabel");
        auto *caption = qobject_cast<QLabel *>(form->labelForField(nextRun));
        QVERIFY(caption);
        QCOMPARE(caption->text(), QStringLiteral("Next run:"));
        QVERIFY(showsWhole(caption));
        // The long "not scheduled" text wraps inside the box: every line fits.
        QVERIFY(nextRun->wordWrap());
        QVERIFY(nextRun->height() >= nextRun->heightForWidth(nextRun->width()));
        QLabel *explanation = find<QLabel>(window.get(), "modeExplanation");
        QVERIFY(explanation->height() >= explanation->heightForWidth(explanation->width()));
        QVERIFY(info->mapTo(window.get(), info->rect().topRight()).x() <= window->width());
    }

    void switchingTabsKeepsTheWindowSize_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<bool>("admin");
        QTest::newRow("800x600 artist") << QSize(800, 600) << false;
        QTest::newRow("800x600 admin") << QSize(800, 600) << true;
        QTest::newRow("1366x768 admin") << QSize(1366, 720) << true;
    }
    void switchingTabsKeepsTheWindowSize()
    {
        QFETCH(QSize, size);
        QFETCH(bool, admin);
        auto window = shownAt(size, admin);
        QTabWidget *tabs = window->tabs();
        for (int round = 0; round < 2; ++round)
            for (int i = 0; i < tabs->count(); ++i) {
                tabs->setCurrentIndex(i);
                QCoreApplication::processEvents();
                QCOMPARE(window->size(), size);
            }
        QVERIFY(window->minimumSizeHint().width() <= 800);
        QVERIFY(window->minimumSizeHint().height() <= 600);
    }

    // Also run at QT_SCALE_FACTOR=2 (tst_ui_layout_scale2), where the
    // offscreen screen is 400x300 logical pixels: the window then scrolls
    // rather than opening past the screen or cutting wrapped text.
    void opensInsideTheScreen()
    {
        auto window = m_f->window(false);
        const QSize available = window->screen()->availableGeometry().size();
        const QSize initial = window->initialSize();
        QVERIFY(initial.width() <= available.width());
        QVERIFY(initial.height() <= available.height());
        QCOMPARE(window->size(), initial);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY2(window->width() <= available.width() && window->height() <= available.height(),
                 qPrintable(QStringLiteral("%1x%2 on %3x%4")
                                .arg(window->width())
                                .arg(window->height())
                                .arg(available.width())
                                .arg(available.height())));
        for (const char *name : {"nextRunLabel", "modeExplanation", "heldTotal"}) {
            QLabel *label = find<QLabel>(window.get(), name);
            if (label->isVisible())
                QVERIFY2(label->height() >= label->heightForWidth(label->width()), name);
        }
        QVERIFY(showsWhole(find<QLabel>(window.get(), "totalPending")));
    }
};

QTEST_MAIN(TestLayout)
#include "tst_ui_layout.moc"
