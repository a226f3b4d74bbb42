// Intake and status figures for README's performance table.
//
//   bench_intake import [EVENTS [ROWS [LEDGER]]]
//                                         in-process bulk import, events/s, beside its floor:
//                                         the same rows by plain SQL in the sqlite3 shell,
//                                         ROWS rows an INSERT (default 1000; 1: a row each;
//                                         0: no floor); into LEDGER (a new, empty ledger's
//                                         location, e.g. postgresql://...) without a floor
//   bench_intake status [ENTRIES ARTISTS [LEDGER]]
//                                         `payoutdesk status` wall time on a big ledger, built
//                                         in a temporary SQLite file or in LEDGER (empty)
//   bench_intake commits [N GROUP]        the webhook writer alone: durable commits of GROUP events
//   bench_intake sign N FILE SECRET [FROM] N signed webhook requests for wrk (scripts/bench.sh),
//                                         events FROM .. FROM + N - 1
//   bench_intake lag LEDGER               the inbox after a run: events waiting, and distinct
//                                         events processed
#include "Events.h"
#include "ImportFloor.h"
#include "SqliteAccess.h"
#include "intake/Intake.h"
#include "intake/WebhookJournal.h"
#include "intake/WebhookSignature.h"
#include "ledger/Ledger.h"
#include "report/StatusReport.h"
#include "util/Clock.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QMap>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <sys/resource.h>
#include <tuple>

namespace {

// CPU time in ms: of this thread, of the whole process, of waited-for children.
double cpuMs(clockid_t clock)
{
    timespec ts{};
    clock_gettime(clock, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double childrenCpuMs()
{
    rusage ru{};
    getrusage(RUSAGE_CHILDREN, &ru);
    const auto ms = [](const timeval &tv) { return double(tv.tv_sec) * 1e3 + tv.tv_usec / 1e3; };
    return ms(ru.ru_utime) + ms(ru.ru_stime);
}

QByteArray cartEvent(qint64 n, int artists)
{
    Events::Cart c;
    c.eventId = QStringLiteral("evt_b%1").arg(n);
    c.session = QStringLiteral("cs_b%1").arg(n);
    c.paymentIntent = QStringLiteral("pi_b%1").arg(n);
    c.created = 1767225600 + n;
    const auto artist = [&](qint64 k) { return QStringLiteral("art_%1").arg(k % artists); };
    c.items = {Events::item(artist(n * 3), 560, QStringLiteral("trk_%1").arg(n % 97), {},
                            QStringLiteral("acct_%1").arg((n * 3) % artists)),
               Events::item(artist(n * 3 + 1), 840, QStringLiteral("trk_%1").arg(n % 89)),
               Events::item(artist(n * 3 + 2), 70, {}, QStringLiteral("commission"))};
    return Events::cart(c);
}

// Fills a ledger through the real intake path, as `payoutdesk import` does:
// 20,000 events a transaction, validated on other threads ahead of the writer.
struct FillCpu
{
    double writerMs = 0;  // the writing thread
    double processMs = 0; // every thread: the writer and validation
};

double fill(Ledger &ledger, qint64 events, int artists, qint64 *elapsedMs, FillCpu *cpu = nullptr)
{
    Intake intake(ledger);
    QList<QByteArray> all;
    all.reserve(events);
    for (qint64 i = 0; i < events; ++i)
        all.append(cartEvent(i, artists));
    const double thread0 = cpuMs(CLOCK_THREAD_CPUTIME_ID);
    const double process0 = cpuMs(CLOCK_PROCESS_CPUTIME_ID);
    QElapsedTimer t;
    t.start();
    if (!intake.ingestInBatches(all, IntakeSource::Import, 20000, {}))
        qFatal("import failed");
    *elapsedMs = t.elapsed();
    if (cpu)
        *cpu = {cpuMs(CLOCK_THREAD_CPUTIME_ID) - thread0,
                cpuMs(CLOCK_PROCESS_CPUTIME_ID) - process0};
    return events * 1000.0 / double(std::max<qint64>(1, *elapsedMs));
}

int benchImport(qint64 events, qsizetype rowsPerStatement, const QString &location)
{
    constexpr qint64 kBatch = 20000; // as fill() and `payoutdesk import`
    QTemporaryDir dir;
    const QString oursPath =
        location.isEmpty() ? dir.filePath(QStringLiteral("bench.sqlite")) : location;
    qint64 ms = 0;
    FillCpu cpu;
    {
        Ledger ledger(oursPath, SystemClock::instance());
        if (!ledger.open())
            return 1;
        const double rate = fill(ledger, events, 10'000, &ms, &cpu);
        std::printf("import: %lld cart events (3 items each) in %lld ms: %.0f events/s, %.0f "
                    "entries/s; CPU %.0f ms writer, %.0f ms in all\n",
                    static_cast<long long>(events), static_cast<long long>(ms), rate, rate * 3,
                    cpu.writerMs, cpu.processMs);
        std::fflush(stdout);
        if (!ledger.reader().verify().value().ok())
            return 1;
    }

    if (rowsPerStatement <= 0 || !location.isEmpty()) // no floor: the import alone
        return 0;

    // The floor, in the same run: a fresh ledger made by our own code...
    const QString floorPath = dir.filePath(QStringLiteral("floor.sqlite"));
    {
        Ledger ledger(floorPath, SystemClock::instance());
        if (!ledger.open())
            return 1;
    }
    qint64 auditAbove = 0;
    QMap<QString, qint64> before;
    {
        Floor fresh(floorPath);
        auditAbove = fresh.maxAuditId();
        before = fresh.counts();
    }
    // ...and the SQL that writes our rows into it (not timed).
    const QString sqlPath = dir.filePath(QStringLiteral("floor.sql"));
    QMap<QString, qint64> ours;
    {
        Floor read(oursPath);
        ours = read.counts();
        QFile f(sqlPath);
        if (!f.open(QIODevice::WriteOnly) ||
            f.write(read.sql(events, kBatch, auditAbove, rowsPerStatement)) < 0)
            return 1;
    }
    QStringList written;
    for (auto it = ours.cbegin(); it != ours.cend(); ++it) {
        if (*it != before.value(it.key()))
            written << QStringLiteral("%1 %2").arg(it.key()).arg(*it - before.value(it.key()));
    }
    std::printf("import: rows written: %s\n", qPrintable(written.join(QStringLiteral(", "))));
    std::fflush(stdout);

    QProcess shell;
    shell.setStandardInputFile(sqlPath);
    const double children0 = childrenCpuMs();
    QElapsedTimer t;
    t.start();
    shell.start(QStringLiteral("sqlite3"), {QStringLiteral("-bail"), floorPath});
    if (!shell.waitForFinished(-1) || shell.exitCode() != 0)
        qFatal("sqlite3 failed: %s", shell.readAllStandardError().constData());
    const qint64 floorMs = t.elapsed();
    const double floorCpu = childrenCpuMs() - children0;

    Floor floor(floorPath), again(oursPath);
    if (const QMap<QString, qint64> got = floor.counts(); got != ours) {
        for (auto it = ours.cbegin(); it != ours.cend(); ++it)
            std::fprintf(stderr, "%s: ours %lld, floor %lld\n", qPrintable(it.key()),
                         static_cast<long long>(*it), static_cast<long long>(got.value(it.key())));
        qFatal("floor: the sqlite3 shell wrote other row counts than our import");
    }
    for (const auto &[table, order] : {std::pair{"totals", "1, 2, 3"}, std::pair{"entries", "id"},
                                       std::pair{"sales", "1"}, std::pair{"processed_events", "1"},
                                       std::pair{"artists", "1"}, std::pair{"audit_log", "id"}}) {
        if (floor.checksum(table, order) != again.checksum(table, order))
            qFatal("floor: table %s differs from our import's", table);
    }
    std::printf("import: floor, the same rows by plain SQL in the sqlite3 shell (%lld events a "
                "transaction, %lld rows an INSERT): %lld ms; CPU %.0f ms\n",
                static_cast<long long>(kBatch), static_cast<long long>(rowsPerStatement),
                static_cast<long long>(floorMs), floorCpu);
    std::printf("import: ratio floor/ours = %.2f (goal 0.7); by CPU time, floor/our writer = "
                "%.2f, floor/our whole process = %.2f\n",
                double(floorMs) / double(std::max<qint64>(1, ms)), floorCpu / cpu.writerMs,
                floorCpu / cpu.processMs);
    return 0;
}

// Webhook-shaped writing without HTTP: N events committed GROUP at a time,
// each commit durable, as a receiver writing the ledger directly would under
// 8 connections; then the same groups in the webhook journal, as it does.
int benchCommits(qint64 events, int group)
{
    QTemporaryDir dir;
    Ledger ledger(dir.filePath(QStringLiteral("bench.sqlite")), SystemClock::instance());
    if (!ledger.open())
        return 1;
    qint64 ms = 0;
    fill(ledger, 100'000, 10'000, &ms); // a ledger that is not empty
    QList<QByteArray> bodies;
    for (qint64 i = 0; i < events; ++i)
        bodies.append(cartEvent(100'000 + i, 10'000));
    const QList<ParsedEvent> parsed = Intake::parse(bodies);
    Intake intake(ledger);
    int cur = 0;
    int high = 0;
    sqlite3_db_status(sqliteHandle(ledger), SQLITE_DBSTATUS_CACHE_WRITE, &cur, &high, 1);
    QElapsedTimer t;
    t.start();
    for (qint64 i = 0; i < events; i += group) {
        if (!intake.ingestParsed(parsed.mid(i, group), IntakeSource::Webhook))
            qFatal("commit failed");
    }
    const qint64 ns = t.nsecsElapsed();
    sqlite3_db_status(sqliteHandle(ledger), SQLITE_DBSTATUS_CACHE_WRITE, &cur, &high, 0);
    const qint64 commits = (events + group - 1) / group;
    std::printf("commits: %lld events, %d a commit: %.0f events/s, %.0f us a commit, %.1f pages "
                "written a commit\n",
                static_cast<long long>(events), group, events * 1e9 / double(ns),
                double(ns) / 1e3 / double(commits), double(cur) / double(commits));

    // What the receiver does instead: the same groups appended to the
    // webhook journal, one write and one fdatasync each.
    auto journal = WebhookJournal::Writer::open(dir.filePath(QStringLiteral("journal")));
    if (!journal)
        qFatal("journal: %s", qPrintable(journal.error().message));
    t.restart();
    for (qint64 i = 0; i < events; i += group)
        if (!(*journal)->append(bodies.mid(i, group), 0))
            qFatal("journal write failed");
    const qint64 jns = t.nsecsElapsed();
    std::printf("journal: %lld events, %d a write: %.0f events/s, %.0f us a write\n",
                static_cast<long long>(events), group, events * 1e9 / double(jns),
                double(jns) / 1e3 / double(commits));
    return 0;
}

qint64 timeStatus(const QString &dataDir, const QStringList &extra)
{
    QProcess p;
    QElapsedTimer t;
    t.start();
    // Global options (--ledger) before the command, its options after.
    const qsizetype command = extra.indexOf(QStringLiteral("--artist"));
    // $PAYOUTDESK_BIN when set (bench.sh postgres times payoutdesk-cli, as a
    // server runs it), else the payoutdesk this benchmark was built with.
    p.start(qEnvironmentVariable("PAYOUTDESK_BIN", QStringLiteral(PAYOUTDESK_BIN)),
            QStringList{QStringLiteral("--data-dir"), dataDir} + extra.mid(0, command) +
                QStringList{QStringLiteral("status"), QStringLiteral("--json")} +
                (command < 0 ? QStringList() : extra.mid(command)));
    p.waitForFinished(-1);
    const qint64 ms = t.elapsed();
    if (p.exitCode() != 0)
        qFatal("status failed: %s", p.readAllStandardError().constData());
    return ms;
}

int benchStatus(qint64 entries, int artists, const QString &location)
{
    QTemporaryDir dir;
    {
        Ledger ledger(location.isEmpty() ? dir.filePath(QStringLiteral("ledger.sqlite")) : location,
                      SystemClock::instance());
        if (!ledger.open())
            return 1;
        qint64 ms = 0;
        fill(ledger, entries / 3, artists, &ms);
        std::printf("status: ledger of %lld entries for %d artists built in %lld ms\n",
                    static_cast<long long>(entries / 3 * 3), artists, static_cast<long long>(ms));
    }
    const QStringList where =
        location.isEmpty() ? QStringList() : QStringList{QStringLiteral("--ledger"), location};
    const auto median = [&](const QStringList &extra) {
        QList<qint64> runs;
        timeStatus(dir.path(), where + extra); // warm the page cache once
        for (int i = 0; i < 7; ++i)
            runs << timeStatus(dir.path(), where + extra);
        std::sort(runs.begin(), runs.end());
        return runs.at(runs.size() / 2);
    };
    std::printf(
        "status: one artist, whole command: %lld ms (median of 7)\n",
        static_cast<long long>(median({QStringLiteral("--artist"), QStringLiteral("art_42")})));
    std::printf("status: all artists, whole command: %lld ms (median of 7)\n",
                static_cast<long long>(median({})));
    return 0;
}

// One request per line: "<Stripe-Signature>\t<body>", each a distinct event.
int sign(qint64 from, qint64 n, const QString &path, const QByteArray &secret)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return 1;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    for (qint64 i = from; i < from + n; ++i) {
        const QByteArray body = cartEvent(i, 10'000);
        f.write(WebhookSignature::sign(body, secret, now) + '\t' + body + '\n');
    }
    return 0;
}

// The inbox after `serve` took a load and stopped: what still waits (a
// clean stop leaves nothing) and how many distinct events were processed.
// The lag from journal to applied is serve's own summary line at its stop.
int lag(const QString &path)
{
    Ledger ledger(path, SystemClock::instance());
    if (!ledger.open())
        return 1;
    const LedgerLocation location = LedgerLocation::sqliteFile(path);
    const Result<StatusReport> status =
        StatusReport::build(ledger, {}, WebhookJournal::dirFor(location, {}));
    if (!status)
        return 1;
    QSqlQuery q(sqliteConnection(ledger)); // SQLite-specific: no store counts these
    qint64 processed = 0;
    if (q.exec(QStringLiteral("SELECT COUNT(*) FROM processed_events")) && q.next())
        processed = q.value(0).toLongLong();
    std::printf("inbox: %lld waiting after the run, %lld distinct events processed\n",
                static_cast<long long>(status->inboxBacklog), static_cast<long long>(processed));
    return status->inboxBacklog == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList a = app.arguments();
    const QString what = a.value(1, QStringLiteral("import"));
    if (what == u"import")
        return benchImport(a.value(2, QStringLiteral("100000")).toLongLong(),
                           a.value(3, QStringLiteral("1000")).toLongLong(), a.value(4));
    if (what == u"parse") {
        QList<QByteArray> all;
        for (qint64 i = 0; i < 100000; ++i)
            all.append(cartEvent(i, 10'000));
        QElapsedTimer t;
        t.start();
        qint64 items = 0;
        for (const QByteArray &b : std::as_const(all))
            items += parseStripeEvent(b)->session->items.size();
        std::printf("parse: 100000 events (%lld items) in %lld ms\n", static_cast<long long>(items),
                    static_cast<long long>(t.elapsed()));
        return 0;
    }
    if (what == u"commits")
        return benchCommits(a.value(2, QStringLiteral("20000")).toLongLong(),
                            a.value(3, QStringLiteral("8")).toInt());
    if (what == u"status")
        return benchStatus(a.value(2, QStringLiteral("1000000")).toLongLong(),
                           a.value(3, QStringLiteral("10000")).toInt(), a.value(4));
    if (what == u"lag" && a.size() == 3)
        return lag(a.at(2));
    if (what == u"sign" && (a.size() == 5 || a.size() == 6))
        return sign(a.value(5, QStringLiteral("0")).toLongLong(), a.at(2).toLongLong(), a.at(3),
                    a.at(4).toUtf8());
    std::fprintf(
        stderr,
        "usage: bench_intake import [N [ROWS [LEDGER]]] | commits [N GROUP] | status [ENTRIES "
        "ARTISTS [LEDGER]] | sign N FILE SECRET [FROM] | lag LEDGER\n");
    return 2;
}
