// Moving a store: the time `ledger copy` takes to copy the 1,000,000-entry /
// 10,000-artist ledger of README's performance table (LargeLedger.h) into an
// empty database on PostgreSQL, and then to verify both and compare them
// (core/service/LedgerCopy). The server is a throw-away cluster started here
// (tests/ledger/PgTestServer: a unix socket, fsync off). Prints figures;
// asserts nothing.
#include "LargeLedger.h"
#include "PgTestServer.h"
#include "ledger/postgres/PgCopy.h"
#include "service/LedgerCopy.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

#include <cstdio>
#include <optional>

namespace {

QByteArray loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    if (!f.open(QIODevice::ReadOnly))
        return "?";
    return f.readAll().split(' ').mid(0, 3).join(' ');
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    // bench_copy [DIR] [RUNS] [BATCH_ROWS] [copy,insert]: DIR keeps the
    // large ledger between runs (bench_api's folder does as well). Each run
    // copies once per way of writing rows, COPY ... FROM STDIN (what `ledger
    // copy` uses) and multi-row INSERTs, one after the other, so both see
    // the same load.
    std::optional<QTemporaryDir> temporary;
    QString dir = args.value(1);
    if (dir.isEmpty()) {
        temporary.emplace();
        dir = temporary->path();
    }
    const int runs = args.size() > 2 ? args.at(2).toInt() : 2;
    const int batchRows = args.size() > 3 ? args.at(3).toInt() : LedgerCopy::kBatchRows;
    const QStringList ways = args.value(4, QStringLiteral("copy,insert")).split(u',');
    const QString file = QDir(dir).filePath(QStringLiteral("ledger.sqlite"));
    if (!QFile::exists(file)) {
        QElapsedTimer t;
        t.start();
        if (LargeLedger::build(dir) != 0)
            qFatal("cannot build the ledger");
        std::printf("fixture: ledger built in %lld ms\n", static_cast<long long>(t.elapsed()));
    }
    PgTestServer server;
    if (const Status s = server.start(); !s)
        qFatal("cannot start PostgreSQL: %s", qPrintable(s.error().message));
    const LedgerLocation source = LedgerLocation::sqliteFile(file);
    std::printf("ledger copy of %s to PostgreSQL (throw-away cluster, unix socket, fsync off), "
                "batches of %d rows\n",
                qPrintable(file), batchRows);
    int databases = 0;
    for (int run = 1; run <= runs; ++run) {
        for (const QString &way : ways) {
            setPgCopyWrites(way == u"insert" ? PgCopyWrites::Insert : PgCopyWrites::Copy);
            const QString name = QStringLiteral("bench_copy_%1").arg(++databases);
            const Result<QString> url = server.createDatabase(name);
            if (!url)
                qFatal("%s", qPrintable(url.error().message));
            const QByteArray before = loadAverage();
            const Result<LedgerCopyReport> report = LedgerCopy::run(
                source, LedgerLocation::parse(*url).value(), SystemClock::instance(), batchRows);
            if (!report)
                qFatal("copy failed: %s", qPrintable(report.error().message));
            qint64 rows = 0, entries = 0;
            for (const LedgerCopyReport::Table &t : report->tables) {
                rows += t.copied;
                if (t.name == u"entries")
                    entries = t.copied;
            }
            std::printf("run %d, %s: copy %lld ms (%lld rows, %lld entries; %.0f rows/s), verify "
                        "both and compare %lld ms, equal: %s; load average before %s, after %s\n",
                        run, way == u"insert" ? "multi-row INSERT" : "COPY FROM STDIN",
                        static_cast<long long>(report->copyMs), static_cast<long long>(rows),
                        static_cast<long long>(entries),
                        double(rows) * 1000.0 / double(qMax<qint64>(1, report->copyMs)),
                        static_cast<long long>(report->checkMs), report->equal() ? "yes" : "NO",
                        before.constData(), loadAverage().constData());
            // Why not equal: verify's failed checks on each side (the same
            // on both means the copy carried the source's findings over),
            // and the differences between them.
            for (const auto &[side, v] : {std::pair{"source", &report->sourceVerify},
                                          std::pair{"copy", &report->targetVerify}})
                for (const VerifyReport::Check &c : v->checks)
                    if (!c.ok)
                        std::printf("  verify %s: FAIL %s (%lld findings)\n", side,
                                    qPrintable(c.name), static_cast<long long>(c.problems.size()));
            for (const QString &d : report->differences.mid(0, 5))
                std::printf("  differs: %s\n", qPrintable(d));
            std::fflush(stdout);
            server.dropDatabase(name);
        }
    }
    server.stop();
    return 0;
}
