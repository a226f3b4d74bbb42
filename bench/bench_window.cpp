// Window figures on a large ledger: 1,000,000 entries for 10,000 artists.
//
//   bench_window [DIR]          builds DIR/ledger.sqlite if missing (default:
//                               a temporary folder), then measures it in a
//                               fresh process so the build's memory does not
//                               count in the window's RSS
//   bench_window build DIR      only builds the ledger
//   bench_window measure DIR    only measures (the window's own process)
//   bench_window run [ARTISTS]  the event loop while the window's own payout
//                               engine pays ARTISTS artists (default 2,000)
//                               against the fake Stripe (40 ms, 100 req/s)
//
// It prints figures and asserts nothing.
#include "FakeStripe.h"
#include "LargeLedger.h"
#include "MainWindow.h"
#include "SqliteAccess.h"
#include "admin/AdminView.h"
#include "admin/ArtistTotalsModel.h"
#include "common/DialogPrompter.h"
#include "common/RunControl.h"
#include "config/SecretStore.h"
#include "config/Settings.h"
#include "engine/PayoutEngine.h"
#include "history/HistoryView.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "payouts/ScheduledEntriesModel.h"
#include "payouts/ScheduledPayoutsView.h"
#include "service/AdminActions.h"
#include "util/Clock.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>
#include <cstdio>

namespace {

using namespace LargeLedger;

qint64 rssKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

// Notes the first paint of a widget.
class PaintProbe final : public QObject
{
public:
    explicit PaintProbe(QWidget *w) { w->installEventFilter(this); }
    bool painted = false;
    qint64 at = -1;
    QElapsedTimer *clock = nullptr;

protected:
    bool eventFilter(QObject *, QEvent *e) override
    {
        if (e->type() == QEvent::Paint && !painted) {
            painted = true;
            at = clock ? clock->elapsed() : 0;
        }
        return false;
    }
};

qint64 untilPainted(QWidget *window, QWidget *content)
{
    QElapsedTimer t;
    t.start();
    PaintProbe probe(content);
    probe.clock = &t;
    window->show();
    while (!probe.painted && t.elapsed() < 30'000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return probe.at;
}

// The admin view reads on its own thread now: the time until its data is
// in the table, not merely requested.
qint64 untilAdminLoaded(MainWindow &window)
{
    QElapsedTimer t;
    t.start();
    do
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    while (window.adminView()->isLoading() && t.elapsed() < 30'000);
    return t.elapsed();
}

WindowContext windowContext(Ledger &ledger, Settings &settings, SecretStore &secrets,
                            DialogPrompter &prompter, AdminActions &actions, bool admin)
{
    WindowContext c{
        ledger.reader(), ledger.changes(), ledger.meta(),           ledger.location(), actions,
        settings,        secrets,          SystemClock::instance(), prompter,          admin};
    c.changeNotifier = &ledger;
    return c;
}

struct Stats
{
    QList<double> ms;
    void add(double v) { ms << v; }
    double median()
    {
        std::sort(ms.begin(), ms.end());
        return ms.isEmpty() ? 0 : ms.at(ms.size() / 2);
    }
    double max() const { return ms.isEmpty() ? 0 : *std::max_element(ms.cbegin(), ms.cend()); }
};

template<class F> double timeMs(F &&f)
{
    QElapsedTimer t;
    t.start();
    f();
    return double(t.nsecsElapsed()) / 1e6;
}

// The GUI thread's responsiveness: a 5 ms timer, and the longest gap beyond
// 5 ms between two of its ticks.
class StallMeter final
{
public:
    StallMeter()
    {
        m_tick.setInterval(5);
        QObject::connect(&m_tick, &QTimer::timeout, [this] {
            if (m_gap.isValid())
                m_maxGap = qMax(m_maxGap, m_gap.elapsed());
            m_gap.restart();
            ++m_ticks;
        });
    }
    void start() { m_tick.start(); }
    qint64 maxStallMs() const { return qMax<qint64>(0, m_maxGap - 5); }
    int ticks() const { return m_ticks; }

private:
    QTimer m_tick;
    QElapsedTimer m_gap;
    qint64 m_maxGap = 0;
    int m_ticks = 0;
};

// The GUI thread's longest gap between 5 ms timer ticks while another
// connection ingests 20 batches of 1000 cart events in a thread of its own.
void stallWhileWriting(MainWindow &window, const QString &ledgerPath, const QString &what)
{
    window.showArtist(QStringLiteral("art_3"));
    // New event ids on every run, so a re-run on the same ledger writes too.
    const QString prefix = QStringLiteral("w%1_").arg(QDateTime::currentMSecsSinceEpoch());
    std::atomic<bool> done = false;
    QThread *writer = QThread::create([&] {
        Ledger other(ledgerPath, SystemClock::instance());
        if (!other.open())
            qFatal("cannot open a second connection");
        Intake intake(other);
        for (int b = 0; b < 20; ++b)
            if (!intake.ingest(events(b * 1000, 1000, prefix), IntakeSource::Import))
                qFatal("writer failed");
        done = true;
    });
    StallMeter stall;
    int refreshes = 0;
    QMetaObject::Connection a = QObject::connect(
        window.scheduledView(), &ScheduledPayoutsView::refreshed, [&] { ++refreshes; });
    QMetaObject::Connection b =
        QObject::connect(window.adminView(), &AdminView::refreshed, [&] { ++refreshes; });
    QElapsedTimer t;
    t.start();
    stall.start();
    writer->start();
    while (!done || t.elapsed() < 1500)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    writer->wait();
    delete writer;
    QObject::disconnect(a);
    QObject::disconnect(b);
    std::printf("event loop while another connection ingests 20000 events (%s in front): max "
                "stall %lld ms (5 ms timer, %d ticks, %d view refreshes)\n",
                qPrintable(what), static_cast<long long>(stall.maxStallMs()), stall.ticks(),
                refreshes);
}

int measure(const QString &dir)
{
    const qint64 rssStart = rssKiB();
    Settings settings(QDir(dir).filePath(QStringLiteral("settings.ini")));
    settings.set(Settings::Key::ArtistId, QStringLiteral("art_42"));
    WidgetDialogPrompter prompter;
    EnvironmentSecretStore secrets(nullptr);
    QElapsedTimer open;
    open.start();
    Ledger ledger(QDir(dir).filePath(QStringLiteral("ledger.sqlite")), SystemClock::instance());
    if (!ledger.open())
        return 1;
    const qint64 openMs = open.elapsed();
    const auto counts = ledger.reader().stateCounts().value();
    qint64 total = 0;
    for (const qint64 n : counts)
        total += n;
    std::printf("ledger: %lld entries, %d artists; opened in %lld ms\n",
                static_cast<long long>(total), kArtists, static_cast<long long>(openMs));

    // Artist view: construction to the first paint of the scheduled table.
    QElapsedTimer t;
    t.start();
    LocalAdminActions actions(ledger, QDir(dir).filePath(QStringLiteral("backups")), 90);
    auto window = std::make_unique<MainWindow>(
        windowContext(ledger, settings, secrets, prompter, actions, false));
    const qint64 constructed = t.elapsed();
    const qint64 painted = untilPainted(window.get(), window->scheduledView()->table()->viewport());
    std::printf("first paint, artist view: %lld ms (construction %lld ms, then %lld ms to paint); "
                "%d of %lld rows loaded\n",
                static_cast<long long>(constructed + painted), static_cast<long long>(constructed),
                static_cast<long long>(painted), window->scheduledView()->model()->rowCount(),
                static_cast<long long>(window->scheduledView()->model()->totalCount()));
    std::printf("RSS after opening the artist view: %.1f MB (process start: %.1f MB)\n",
                double(rssKiB()) / 1024.0, double(rssStart) / 1024.0);

    Stats refresh;
    for (int i = 0; i < 30; ++i)
        refresh.add(timeMs([&] { window->scheduledView()->refresh(); }));
    std::printf("Refresh, one artist (totals and rows): median %.2f ms, max %.2f ms (30 runs)\n",
                refresh.median(), refresh.max());

    // Admin view: the totals of every artist.
    t.restart();
    window->setAdminAllowed(true);
    window->setAdminView(true);
    untilAdminLoaded(*window);
    std::printf("switch to the admin view (first admin totals, %d rows): %lld ms\n",
                window->adminView()->totalsModel()->rowCount(),
                static_cast<long long>(t.elapsed()));
    Stats totals;
    for (int i = 0; i < 15; ++i)
        totals.add(timeMs([&] { window->adminView()->totalsModel()->reload(ledger.reader()); }));
    Stats adminRefresh;
    for (int i = 0; i < 15; ++i)
        adminRefresh.add(timeMs([&] {
            window->adminView()->refresh();
            untilAdminLoaded(*window);
        }));
    std::printf("admin totals (balances of all artists, merged): median %.2f ms, max %.2f ms; "
                "whole admin refresh: median %.2f ms\n",
                totals.median(), totals.max(), adminRefresh.median());

    Stats switching;
    for (int i = 0; i < 30; ++i) {
        const QString artist = QStringLiteral("art_%1").arg((i * 331 + 7) % kArtists);
        switching.add(timeMs([&] {
            window->showArtist(artist);
            QCoreApplication::processEvents();
        }));
    }
    std::printf("switch the artist view (scheduled, history, account): median %.2f ms, max %.2f "
                "ms (30 artists)\n",
                switching.median(), switching.max());
    std::printf("RSS after the admin view: %.1f MB\n", double(rssKiB()) / 1024.0);
    window.reset();

    // A fresh admin window, for its own first paint.
    t.restart();
    auto admin = std::make_unique<MainWindow>(
        windowContext(ledger, settings, secrets, prompter, actions, true));
    const qint64 adminConstructed = t.elapsed();
    const qint64 adminPainted =
        untilPainted(admin.get(), admin->adminView()->totalsTable()->viewport());
    const qint64 adminLoaded = untilAdminLoaded(*admin);
    std::printf("first paint, admin view: %lld ms; every artist's totals in the table after "
                "%lld ms\n",
                static_cast<long long>(adminConstructed + adminPainted),
                static_cast<long long>(adminConstructed + adminPainted + adminLoaded));

    // The event loop while another connection writes (the dataVersion poll
    // and the live refreshes it triggers), with each view in front.
    stallWhileWriting(*admin, ledger.location().filePath(), QStringLiteral("admin view"));
    admin->tabs()->setCurrentWidget(admin->scheduledView());
    stallWhileWriting(*admin, ledger.location().filePath(), QStringLiteral("scheduled payouts"));
    return 0;
}

// The GUI thread while the payout engine in this process pays: the admin
// view in front, with its live refreshes, progress bar and summary.
int measureRun(int artists)
{
    QTemporaryDir dir;
    const QString key = QStringLiteral("sk_test_bench_window");
    FakeStripe fake;
    fake.listen();
    fake.addApiKey(key);
    fake.setAvailableBalance(QStringLiteral("gbp"), 1'000'000'000);
    fake.setLatencyMs(40);
    fake.setRateLimit(100);
    Ledger ledger(dir.filePath(QStringLiteral("ledger.sqlite")), SystemClock::instance());
    if (!ledger.open())
        return 1;
    {
        Intake intake(ledger);
        QList<QByteArray> all;
        for (int n = 0; n < artists; ++n) {
            fake.addAccount(QStringLiteral("acct_%1").arg(n));
            Events::Cart c;
            c.eventId = QStringLiteral("evt_r%1").arg(n);
            c.session = QStringLiteral("cs_r%1").arg(n);
            c.paymentIntent = QStringLiteral("pi_r%1").arg(n);
            for (int i = 0; i < 3; ++i)
                c.items.append(Events::item(QStringLiteral("art_%1").arg(n), 100 + i,
                                            QStringLiteral("trk_%1").arg(i), {},
                                            QStringLiteral("acct_%1").arg(n)));
            all << Events::cart(c);
        }
        if (!intake.ingest(all, IntakeSource::Import))
            qFatal("cannot fill the ledger");
    }
    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    WidgetDialogPrompter prompter;
    EnvironmentSecretStore secrets(nullptr);
    LocalAdminActions actions(ledger, dir.filePath(QStringLiteral("backups")), 90);
    MainWindow window(windowContext(ledger, settings, secrets, prompter, actions, true));
    PayoutEngine::Config c;
    c.ledger = ledger.location();
    c.stripeApiBase = fake.baseUrl();
    c.stripeSecretKey = key;
    c.requestsPerSecond = 100;
    c.maxInFlight = 16;
    c.timeoutMs = 2000;
    PayoutEngine engine(c, SystemClock::instance());
    EngineRunControl<PayoutEngine> runs(engine);
    window.setRunControl(&runs);
    untilPainted(&window, window.adminView()->totalsTable()->viewport());

    StallMeter stall;
    int progress = 0;
    QObject::connect(&runs, &RunControl::progressChanged, [&] { ++progress; });
    PayoutRunSummary summary;
    bool finished = false;
    QObject::connect(&runs, &RunControl::runFinished, [&](const PayoutRunSummary &s) {
        summary = s;
        finished = true;
    });
    QElapsedTimer t;
    t.start();
    stall.start();
    runs.requestRun(QStringLiteral("admin"));
    while (!finished)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const qint64 ms = t.elapsed();
    window.setRunControl(nullptr);
    std::printf("payout run in the window (%d transfers paid in %lld ms, %d progress reports): "
                "GUI max event-loop stall %lld ms (5 ms timer, %d ticks)\n",
                summary.transfersPaid, static_cast<long long>(ms), progress,
                static_cast<long long>(stall.maxStallMs()), stall.ticks());
    return summary.ok() ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
    const QStringList args = [&] {
        QStringList a;
        for (int i = 0; i < argc; ++i)
            a << QString::fromLocal8Bit(argv[i]);
        return a;
    }();
    if (args.value(1) == u"measure" || args.value(1) == u"run") {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        if (args.value(1) == u"run")
            return measureRun(args.value(2, QStringLiteral("2000")).toInt());
        return measure(args.value(2));
    }
    QCoreApplication app(argc, argv);
    if (args.value(1) == u"build")
        return build(args.value(2));

    QTemporaryDir temp;
    const QString dir = args.size() > 1 ? args.value(1) : temp.path();
    if (!QFile::exists(QDir(dir).filePath(QStringLiteral("ledger.sqlite"))))
        if (int rc = build(dir); rc != 0)
            return rc;
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("measure"), dir});
    child.waitForFinished(-1);
    if (child.exitCode() != 0)
        return child.exitCode();
    child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("run")});
    child.waitForFinished(-1);
    return child.exitCode();
}
