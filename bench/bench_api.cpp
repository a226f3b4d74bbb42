// The artist API under load on the large ledger (LargeLedger.h: 1,000,000
// entries for 10,000 artists), with a token for every artist, on a real
// `payoutdesk-cli serve`: wrk with 8 connections and 2 threads, first on
// GET /healthz (the floor: the same server, no token, no money read), then
// on GET /api/v1/artist/scheduled-payouts with a random artist's token per
// request (scripts/wrk-artist-tokens.lua), twice: first with no token used
// in the last minute (each first use records it: a write on the thread that
// answers), then with every token's use recorded just before (as a crowd of
// windows polling leaves them), so the run reads only. Prints p50, p99 and
// requests/s of each. All of it twice: serve answering the API on its own
// thread (PAYOUTDESK_API_READERS=0, the default), then on two reader threads
// with connections of their own (PAYOUTDESK_API_READERS=2), each with its
// own /healthz floor in the same run.
//
// Usage: bench_api PAYOUTDESK_CLI WRK_LUA [DIR] [SECONDS=15]
// DIR keeps the ledger and the tokens between runs; they are built when
// missing (a temporary folder without DIR).
#include "LargeLedger.h"
#include "ServeProcess.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <cstdio>
#include <optional>

namespace {

// wrk's latency ("812.00us", "1.23ms", "2.01s") in ms.
double toMs(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^([0-9.]+)(us|ms|s|m)$"));
    const QRegularExpressionMatch m = re.match(text.trimmed());
    if (!m.hasMatch())
        return -1;
    const double v = m.captured(1).toDouble();
    const QString unit = m.captured(2);
    return unit == u"us" ? v / 1000 : unit == u"ms" ? v : unit == u"s" ? v * 1000 : v * 60'000;
}

struct WrkFigures
{
    double p50Ms = -1;
    double p99Ms = -1;
    double requestsPerSec = 0;
    qint64 requests = 0;
    qint64 non2xx = 0;
};

WrkFigures runWrk(const QString &url, int seconds, const QStringList &script)
{
    QProcess wrk;
    wrk.setProcessChannelMode(QProcess::MergedChannels);
    QStringList args{QStringLiteral("-t2"), QStringLiteral("-c8"),
                     QStringLiteral("-d%1s").arg(seconds), QStringLiteral("--latency")};
    if (!script.isEmpty())
        args << QStringLiteral("-s") << script.first();
    args << url;
    if (script.size() > 1)
        args << QStringLiteral("--") << script.mid(1);
    wrk.start(QStringLiteral("wrk"), args);
    if (!wrk.waitForFinished((seconds + 60) * 1000))
        qFatal("wrk did not finish");
    const QString out = QString::fromUtf8(wrk.readAll());
    if (wrk.exitCode() != 0)
        qFatal("wrk failed: %s", qPrintable(out));
    WrkFigures f;
    static const QRegularExpression p50(QStringLiteral("^\\s*50%\\s+(\\S+)"),
                                        QRegularExpression::MultilineOption);
    static const QRegularExpression p99(QStringLiteral("^\\s*99%\\s+(\\S+)"),
                                        QRegularExpression::MultilineOption);
    static const QRegularExpression rps(QStringLiteral("Requests/sec:\\s+([0-9.]+)"));
    static const QRegularExpression total(QStringLiteral("(\\d+) requests in"));
    static const QRegularExpression bad(QStringLiteral("Non-2xx or 3xx responses: (\\d+)"));
    f.p50Ms = toMs(p50.match(out).captured(1));
    f.p99Ms = toMs(p99.match(out).captured(1));
    f.requestsPerSec = rps.match(out).captured(1).toDouble();
    f.requests = total.match(out).captured(1).toLongLong();
    f.non2xx = bad.match(out).captured(1).toLongLong();
    return f;
}

void print(const char *what, const WrkFigures &f)
{
    std::printf("%s: p50 %.2f ms, p99 %.2f ms, %.0f requests/s (%lld requests, %lld not 2xx)\n",
                what, f.p50Ms, f.p99Ms, f.requestsPerSec, static_cast<long long>(f.requests),
                static_cast<long long>(f.non2xx));
    std::fflush(stdout);
}

// The load average (1, 5, 15 minutes): the machine is shared.
QString loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    return QString::fromLatin1(file.readAll().split(' ').mid(0, 3).join(' '));
}

// A token for every artist of the large ledger, in one transaction; the
// secrets go to `path`, one a line, for the wrk script.
void issueTokens(const QString &dir, const QString &path)
{
    Ledger ledger(QDir(dir).filePath(QStringLiteral("ledger.sqlite")), SystemClock::instance());
    if (!ledger.open())
        qFatal("cannot open the ledger");
    QElapsedTimer t;
    t.start();
    QByteArray lines;
    const Status s = ledger.write([&]() -> Status {
        for (int i = 0; i < LargeLedger::kArtists; ++i) {
            const Result<IssuedArtistToken> token =
                ledger.tokens().issue(QStringLiteral("art_%1").arg(i), QStringLiteral("bench"));
            if (!token)
                return fail(token.error());
            lines += token->secret.toUtf8() + '\n';
        }
        return {};
    });
    if (!s)
        qFatal("cannot issue the tokens: %s", qPrintable(s.error().message));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(lines) != lines.size())
        qFatal("cannot write %s", qPrintable(path));
    std::printf("fixture: %d artist tokens issued in %lld ms\n", LargeLedger::kArtists,
                static_cast<long long>(t.elapsed()));
}

// Records a use of every token now, in one transaction from this process:
// serve then writes no last use for a minute.
void touchTokens(const QString &dir, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    const QList<QByteArray> secrets = file.readAll().trimmed().split('\n');
    Ledger ledger(QDir(dir).filePath(QStringLiteral("ledger.sqlite")), SystemClock::instance());
    if (!ledger.open())
        qFatal("cannot open the ledger");
    const Status s = ledger.write([&]() -> Status {
        for (const QByteArray &secret : secrets)
            if (const auto a = ledger.tokens().authenticate(QString::fromLatin1(secret)); !a)
                return fail(a.error());
        return {};
    });
    if (!s)
        qFatal("cannot record the tokens' use: %s", qPrintable(s.error().message));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        std::fprintf(stderr, "usage: bench_api PAYOUTDESK_CLI WRK_LUA [DIR] [SECONDS]\n");
        return 2;
    }
    const QString bin = args.at(1);
    const QString lua = args.at(2);
    std::optional<QTemporaryDir> temporary;
    QString dir = args.value(3);
    if (dir.isEmpty()) {
        temporary.emplace();
        dir = temporary->path();
    }
    const int seconds = args.size() > 4 ? args.at(4).toInt() : 15;

    if (!QFile::exists(QDir(dir).filePath(QStringLiteral("ledger.sqlite")))) {
        QElapsedTimer t;
        t.start();
        if (LargeLedger::build(dir) != 0)
            qFatal("cannot build the ledger");
        std::printf("fixture: ledger built in %lld ms\n", static_cast<long long>(t.elapsed()));
    }
    const QString tokens = QDir(dir).filePath(QStringLiteral("tokens.txt"));
    if (!QFile::exists(tokens))
        issueTokens(dir, tokens);

    for (const int readers : {0, 2}) {
        qputenv("PAYOUTDESK_API_READERS", QByteArray::number(readers));
        QProcess serve;
        const quint16 port = startServe(serve, bin, dir);
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(port);
        std::printf("wrk -t2 -c8 -d%ds --latency, one serve, %d artists with a token each, the API "
                    "answered %s (PAYOUTDESK_API_READERS=%d), load %s\n",
                    seconds, LargeLedger::kArtists,
                    readers == 0 ? "on the server's thread" : "on reader threads", readers,
                    qPrintable(loadAverage()));
        print("GET /healthz (the floor)", runWrk(base + QStringLiteral("/healthz"), seconds, {}));
        const QString route = base + QStringLiteral("/api/v1/artist/scheduled-payouts");
        print("GET /api/v1/artist/scheduled-payouts, random artist, no token used in the last "
              "minute",
              runWrk(route, seconds, {lua, tokens}));
        touchTokens(dir, tokens);
        print("GET /api/v1/artist/scheduled-payouts, random artist, every token used just before",
              runWrk(route, seconds, {lua, tokens}));
        serve.terminate();
        if (!serve.waitForFinished(60'000))
            serve.kill();
    }
    return 0;
}
