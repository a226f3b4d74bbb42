// The window connected to a store (ui/connect): how long from a live
// stream event to the views showing it, for an artist with 1,000 entries
// (600 waiting, 400 paid in 40 transfers) on a store of 3 such artists.
//
//   bench_connected [ROUNDS]   (default 20 of each kind of change)
//
// The store's artist API runs on a thread of its own with its own ledger
// connection (as `serve` would, on another machine); this thread holds the
// window (offscreen unless a display is set) and commits the changes on a
// connection of its own, as the store's engine would. Each round commits a
// sale (Scheduled Payouts changes) or pays 10 entries (Scheduled Payouts
// and History change); the time is from the stream event arriving to the
// last of the views having refreshed with it, and where it went: the
// store and the wire (each GET from sent to its whole answer), parsing the
// answers on the window's thread, and the views' refresh after the new
// snapshot. It prints figures and asserts nothing.
#include "LedgerSeed.h"
#include "MainWindow.h"
#include "StoreServer.h"
#include "common/DialogPrompter.h"
#include "config/SecretStore.h"
#include "config/Settings.h"
#include "connect/StoreWindow.h"
#include "history/HistoryView.h"
#include "intake/Intake.h"
#include "ledger/AsyncLedgerReader.h"
#include "ledger/Ledger.h"
#include "payouts/ScheduledPayoutsView.h"
#include "util/Clock.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>

namespace {

constexpr int kArtists = 3;
constexpr int kEntriesEach = 1000;
constexpr int kPaidEach = 400;
constexpr int kPerTransfer = 10;

// The store's API on its own thread and ledger connection.
class StoreThread final : public QThread
{
public:
    StoreThread(QString path, Clock &clock)
        : m_path(std::move(path))
        , m_clock(clock)
    {}
    quint16 port() const { return m_port.load(); }

protected:
    void run() override
    {
        Ledger ledger(m_path, m_clock);
        if (!ledger.open())
            qFatal("the store's ledger did not open");
        StoreServer server(ledger, m_clock);
        m_port.store(server.start());
        exec();
    }

private:
    QString m_path;
    Clock &m_clock;
    std::atomic<quint16> m_port{0};
};

// Runs the event loop until done() or 10 s.
bool waitFor(const std::function<bool()> &done)
{
    // A tick, so that a condition another thread makes true is seen even
    // when this thread has nothing else to do; events still wake it at once.
    QTimer tick;
    tick.start(20);
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < 10'000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    return done();
}

double percentile(QList<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(qMin<qsizetype>(v.size() - 1, qsizetype(p * double(v.size()))));
}

// Where one round's time went.
struct Breakdown
{
    double waitMs = 0;  // the GETs, sent to answered (the store and the wire)
    double parseMs = 0; // their JSON into entries
    double readMs = 0;  // event to the new snapshot
    double viewsMs = 0; // new snapshot to the view refreshed
    int requests = 0;
    double kib = 0;
};

void print(const char *what, const QList<double> &ms, const QList<Breakdown> &parts)
{
    std::printf("%s: median %.1f ms, p95 %.1f ms, max %.1f ms (%lld rounds)\n", what,
                percentile(ms, 0.5), percentile(ms, 0.95), percentile(ms, 1.0),
                static_cast<long long>(ms.size()));
    const auto median = [&](double Breakdown::*field) {
        QList<double> v;
        for (const Breakdown &b : parts)
            v << b.*field;
        return percentile(v, 0.5);
    };
    QList<double> requests;
    for (const Breakdown &b : parts)
        requests << b.requests;
    std::printf("  medians: event to new snapshot %.1f ms (%.0f GETs, %.0f KiB: waiting for them "
                "%.1f ms, parsing %.1f ms), then the view %.1f ms\n",
                median(&Breakdown::readMs), percentile(requests, 0.5), median(&Breakdown::kib),
                median(&Breakdown::waitMs), median(&Breakdown::parseMs),
                median(&Breakdown::viewsMs));
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IONBF, 0);
    const int rounds = argc > 1 ? QByteArray(argv[1]).toInt() : 20;
    QTemporaryDir dir;
    SystemClock &clock = SystemClock::instance();
    const QString path = dir.filePath(QStringLiteral("store.sqlite"));

    Ledger ledger(path, clock);
    if (!ledger.open())
        qFatal("cannot open the ledger");
    Intake intake(ledger);
    QList<qint64> waiting; // art_0's pending entries, oldest first
    const qint64 t0 = clock.nowSecs() - 90 * 86'400;
    for (int a = 0; a < kArtists; ++a) {
        const QString artist = QStringLiteral("art_%1").arg(a);
        (void)ledger.accounts().setAccount(artist, QStringLiteral("acct_%1").arg(a));
        QList<qint64> ids;
        for (int e = 0; e < kEntriesEach / 10; ++e) {
            QList<std::pair<QString, qint64>> items;
            for (int i = 0; i < 10; ++i)
                items.append({artist, 100 + (e * 10 + i) % 900});
            ids += LedgerSeed::sale(intake, ledger, QStringLiteral("evt_%1_%2").arg(a).arg(e),
                                    items, QStringLiteral("gbp"), t0 + e * 3600)
                       .value();
        }
        for (int p = 0; p < kPaidEach; p += kPerTransfer)
            (void)LedgerSeed::pay(ledger, ids.mid(p, kPerTransfer),
                                  QStringLiteral("tr_%1_%2").arg(a).arg(p),
                                  clock.now().addDays(-(p / kPerTransfer)));
        if (a == 0)
            waiting = ids.mid(kPaidEach);
        std::printf("store: artist %d of %d written\n", a + 1, kArtists);
    }
    const IssuedArtistToken token =
        ledger.tokens().issue(QStringLiteral("art_0"), QStringLiteral("bench")).value();

    StoreThread store(path, clock);
    store.start();
    if (!waitFor([&] { return store.port() != 0; }))
        qFatal("the store did not start");

    Settings settings(dir.filePath(QStringLiteral("settings.ini")));
    EnvironmentSecretStore secrets(nullptr);
    WidgetDialogPrompter prompter;
    RemoteStore::Options options;
    options.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(store.port()));
    options.token = token.secret;
    QElapsedTimer firstPaint;
    firstPaint.start();
    StoreWindow connected(StoreWindow::Parts{settings, secrets, clock, prompter}, options);
    MainWindow *w = connected.window();
    w->show();
    auto *table = w->findChild<QTableView *>(QStringLiteral("scheduledTable"));
    if (!waitFor([&] { return table->model()->rowCount() > 0; }))
        qFatal("the window never showed the store's data");
    std::printf("connected window: first data on screen %lld ms after it opened "
                "(%d entries: %d waiting, %d paid in %d transfers)\n",
                static_cast<long long>(firstPaint.elapsed()), kEntriesEach,
                kEntriesEach - kPaidEach, kPaidEach, kPaidEach / kPerTransfer);
    waitFor([&] { return connected.store().streamOpen(); });

    // From the stream's event to the last view refreshed with it.
    // A view's refresh counts once the snapshot it read is newer than the
    // one the event found.
    QElapsedTimer sinceEvent;
    bool eventSeen = false;
    qint64 versionAtEvent = 0;
    int scheduledAfter = 0;
    int historyAfter = 0;
    StoreSnapshotReader &snapshot = connected.store().reader();
    // ... and holds the change: a snapshot read before the change was
    // committed (a read still in flight from the round before) does not
    // count. art_0's open entries are `waiting`; its paid ones are counted.
    qsizetype paidEntries = kPaidEach;
    const auto fresh = [&] {
        return eventSeen && snapshot.version().value() > versionAtEvent &&
               snapshot.snapshot().open.size() == waiting.size() &&
               snapshot.snapshot().paid.size() == paidEntries;
    };
    // The last read after the event, when its snapshot arrived.
    Breakdown last;
    QObject::connect(&connected.store(), &RemoteStore::changed, w, [&] {
        if (!eventSeen)
            return;
        const RemoteStore::ReadStats &s = connected.store().lastReadStats();
        last.readMs = double(sinceEvent.nsecsElapsed()) / 1e6;
        last.waitMs = double(s.waitNs) / 1e6;
        last.parseMs = double(s.parseNs) / 1e6;
        last.requests = s.requests;
        last.kib = double(s.bytes) / 1024;
    });
    QObject::connect(&connected.store(), &RemoteStore::streamEvent, w, [&] {
        if (!eventSeen) {
            eventSeen = true;
            versionAtEvent = snapshot.version().value();
            sinceEvent.start();
        }
    });
    QObject::connect(w->scheduledView(), &ScheduledPayoutsView::refreshed, w,
                     [&] { scheduledAfter += fresh() ? 1 : 0; });
    QObject::connect(w->historyView(), &HistoryView::refreshed, w,
                     [&] { historyAfter += fresh() ? 1 : 0; });

    // One change and the time until the view in front showed it.
    int round = 0;
    const auto measure = [&](bool pay, QWidget *front,
                             QList<Breakdown> &parts) -> std::optional<double> {
        w->tabs()->setCurrentWidget(front);
        waitFor([&] { return !w->asyncReader()->isBusy(); });
        eventSeen = false;
        scheduledAfter = historyAfter = 0;
        ++round;
        if (pay) {
            const QList<qint64> ids = waiting.mid(0, kPerTransfer);
            waiting.remove(0, kPerTransfer);
            paidEntries += ids.size();
            (void)LedgerSeed::pay(ledger, ids, QStringLiteral("tr_bench_%1").arg(round),
                                  clock.now());
        } else {
            waiting += LedgerSeed::sale(intake, ledger, QStringLiteral("evt_bench_%1").arg(round),
                                        {{QStringLiteral("art_0"), 555}}, QStringLiteral("gbp"),
                                        clock.nowSecs())
                           .value();
        }
        const bool history = front == w->historyView();
        if (!waitFor([&] {
                return (history ? historyAfter : scheduledAfter) > 0 && !w->asyncReader()->isBusy();
            })) {
            std::printf("round %d: the window did not show the change\n", round);
            return std::nullopt;
        }
        const double ms = double(sinceEvent.nsecsElapsed()) / 1e6;
        last.viewsMs = ms - last.readMs;
        parts << last;
        return ms;
    };
    QList<double> saleMs;
    QList<double> paidMs;
    QList<double> historyMs;
    QList<Breakdown> saleParts;
    QList<Breakdown> paidParts;
    QList<Breakdown> historyParts;
    for (int r = 0; r < rounds; ++r) {
        if (const std::optional<double> ms = measure(false, w->scheduledView(), saleParts))
            saleMs << *ms;
        if (const std::optional<double> ms = measure(true, w->scheduledView(), paidParts))
            paidMs << *ms;
        if (const std::optional<double> ms = measure(true, w->historyView(), historyParts))
            historyMs << *ms;
    }
    print("a sale, Scheduled Payouts in front (stream event -> table and cards updated)", saleMs,
          saleParts);
    print("a payment of 10 entries, Scheduled Payouts in front", paidMs, paidParts);
    print("a payment of 10 entries, History in front (its paid entries and weekly chart re-read)",
          historyMs, historyParts);
    store.quit();
    store.wait();
    return 0;
}
