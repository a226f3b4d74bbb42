// The artist API's live stream under load: N artists, each with a token and
// an open GET /api/v1/artist/stream on a real `payoutdesk-cli serve`; then
// commits that change every artist's money at once (one transaction of N
// sales, as the webhook applier makes), from another connection. Prints the
// time from each commit to each client having its event (p50, p99, max),
// and serve's RSS with the streams open.
//
// Usage: bench_stream PAYOUTDESK_CLI [CLIENTS=1000] [ROUNDS=5]
#include "ServeProcess.h"
#include "StripeEvents.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <memory>

#include <sys/resource.h>

namespace {

qint64 statusKiB(qint64 pid, const char *field)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

double percentile(QList<qint64> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    return double(v.at(qMin<qsizetype>(v.size() - 1, qsizetype(p * double(v.size())))));
}

struct Client
{
    std::unique_ptr<QTcpSocket> socket;
    QByteArray buffer;
    int events = 0;
    qint64 lastEventUs = 0;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: bench_stream PAYOUTDESK_CLI [CLIENTS] [ROUNDS]\n");
        return 2;
    }
    const QString bin = args.at(1);
    const int clients = args.size() > 2 ? args.at(2).toInt() : 1000;
    const int rounds = args.size() > 3 ? args.at(3).toInt() : 5;

    // One descriptor per client here and per stream in serve.
    rlimit fds{};
    getrlimit(RLIMIT_NOFILE, &fds);
    fds.rlim_cur = fds.rlim_max;
    setrlimit(RLIMIT_NOFILE, &fds);

    QTemporaryDir dir;
    const QString data = dir.path();
    {
        QSettings settings(data + QStringLiteral("/settings.ini"), QSettings::IniFormat);
        settings.setValue(QStringLiteral("meta/version"), 1);
        settings.setValue(QStringLiteral("http/maxConnections"), clients + 200);
    }
    SystemClock &clock = SystemClock::instance();
    Ledger ledger(data + QStringLiteral("/ledger.sqlite"), clock);
    if (!ledger.open())
        qFatal("cannot open the ledger");
    Intake intake(ledger);
    int eventNo = 0;
    // One transaction: a sale for every artist.
    const auto saleForEveryone = [&] {
        QList<QByteArray> bodies;
        for (int i = 0; i < clients; ++i) {
            Events::Cart c;
            c.eventId = QStringLiteral("evt_bench_%1").arg(++eventNo);
            c.session = QStringLiteral("cs_test_bench_%1").arg(eventNo);
            c.paymentIntent = QStringLiteral("pi_bench_%1").arg(eventNo);
            c.created = clock.nowSecs();
            c.items.append(Events::item(QStringLiteral("art_%1").arg(i, 5, 10, QLatin1Char('0')),
                                        100 + eventNo, QStringLiteral("trk_1")));
            bodies << Events::cart(c);
        }
        if (!intake.ingest(bodies, IntakeSource::Import))
            qFatal("the sales were not recorded");
    };
    saleForEveryone();
    QList<QByteArray> tokens;
    for (int i = 0; i < clients; ++i) {
        const auto t = ledger.tokens().issue(
            QStringLiteral("art_%1").arg(i, 5, 10, QLatin1Char('0')), QStringLiteral("bench"));
        if (!t)
            qFatal("cannot issue a token: %s", qPrintable(t.error().message));
        tokens << t->secret.toUtf8();
    }

    QProcess serve;
    const quint16 port = startServe(serve, bin, data);
    const qint64 pid = serve.processId();
    const qint64 rssIdle = statusKiB(pid, "VmRSS:");

    QElapsedTimer clockUs;
    clockUs.start();
    std::vector<Client> cs(clients);
    QElapsedTimer connecting;
    connecting.start();
    for (int i = 0; i < clients; ++i) {
        Client &c = cs[i];
        c.socket = std::make_unique<QTcpSocket>();
        QTcpSocket *s = c.socket.get();
        QObject::connect(s, &QTcpSocket::connected, s, [s, token = tokens.at(i)] {
            s->write("GET /api/v1/artist/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Accept: text/event-stream\r\nAuthorization: Bearer " +
                     token + "\r\n\r\n");
        });
        QObject::connect(s, &QTcpSocket::readyRead, s, [&c, s, &clockUs] {
            c.buffer += s->readAll();
            qsizetype at;
            while ((at = c.buffer.indexOf("event: payouts\n")) >= 0) {
                ++c.events;
                c.lastEventUs = clockUs.nsecsElapsed() / 1000;
                c.buffer.remove(0, at + 15);
            }
            if (c.buffer.size() > 4096)
                c.buffer = c.buffer.right(64);
        });
        s->connectToHost(QHostAddress::LocalHost, port);
    }
    const auto all = [&](int events) {
        return std::all_of(cs.begin(), cs.end(),
                           [&](const Client &c) { return c.events >= events; });
    };
    if (!QTest::qWaitFor([&] { return all(1); }, 120'000)) {
        const auto n =
            std::count_if(cs.begin(), cs.end(), [](const Client &c) { return c.events >= 1; });
        qFatal("only %lld of %d streams opened", static_cast<long long>(n), clients);
    }
    const qint64 connectMs = connecting.elapsed();
    const qint64 rssOpen = statusKiB(pid, "VmRSS:");
    std::printf("%d streams open in %lld ms; serve RSS %.1f MB before them, %.1f MB with them\n",
                clients, static_cast<long long>(connectMs), double(rssIdle) / 1024.0,
                double(rssOpen) / 1024.0);

    QList<qint64> allLatencies;
    for (int r = 1; r <= rounds; ++r) {
        QElapsedTimer commit;
        commit.start();
        saleForEveryone();
        const qint64 committedUs = clockUs.nsecsElapsed() / 1000;
        const qint64 commitMs = commit.elapsed();
        if (!QTest::qWaitFor([&] { return all(1 + r); }, 60'000))
            qFatal("round %d: not every stream got its event within 60 s", r);
        QList<qint64> latencies;
        for (const Client &c : cs)
            latencies << (c.lastEventUs - committedUs);
        allLatencies += latencies;
        std::printf(
            "round %d: commit of %d sales %lld ms; commit to event p50 %.1f ms, p99 %.1f ms, "
            "max %.1f ms\n",
            r, clients, static_cast<long long>(commitMs), percentile(latencies, 0.5) / 1000,
            percentile(latencies, 0.99) / 1000, percentile(latencies, 1.0) / 1000);
        std::fflush(stdout);
    }
    std::printf("all rounds: commit to every client's event p50 %.1f ms, p99 %.1f ms, max %.1f ms "
                "(%lld samples)\n",
                percentile(allLatencies, 0.5) / 1000, percentile(allLatencies, 0.99) / 1000,
                percentile(allLatencies, 1.0) / 1000, static_cast<long long>(allLatencies.size()));
    std::printf("serve RSS with %d streams after %d rounds: %.1f MB (peak %.1f MB)\n", clients,
                rounds, double(statusKiB(pid, "VmRSS:")) / 1024.0,
                double(statusKiB(pid, "VmHWM:")) / 1024.0);
    cs.clear();
    serve.terminate();
    if (!serve.waitForFinished(60'000))
        serve.kill();
    return 0;
}
