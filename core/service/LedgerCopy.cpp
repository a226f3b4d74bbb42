#include "LedgerCopy.h"

#include "ledger/BackupStore.h"
#include "ledger/CopyStore.h"
#include "ledger/Ledger.h"
#include "service/EngineStatus.h"
#include "util/Clock.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QLocale>
#include <QSet>

#include <algorithm>
#include <map>

namespace {

Error refused(const QString &why)
{
    return {Error::Kind::Validation, why};
}

bool sameLedger(const LedgerLocation &a, const LedgerLocation &b)
{
    if (a.backend() != b.backend())
        return false;
    if (a.backend() == LedgerLocation::Backend::Sqlite)
        return QFileInfo(a.filePath()).absoluteFilePath() ==
               QFileInfo(b.filePath()).absoluteFilePath();
    return a.serverUrl().adjusted(QUrl::StripTrailingSlash) ==
           b.serverUrl().adjusted(QUrl::StripTrailingSlash);
}

// Every table's columns on both sides; the batch carries the source's
// names, so the sets must be equal (a copy never invents or drops a value).
Status sameColumns(CopyStore &from, CopyStore &to)
{
    for (const QString &table : LedgerCopy::tables()) {
        const Result<QStringList> a = from.columns(table);
        if (!a)
            return fail(a.error());
        const Result<QStringList> b = to.columns(table);
        if (!b)
            return fail(b.error());
        const QSet<QString> sa(a->begin(), a->end()), sb(b->begin(), b->end());
        if (sa == sb)
            continue;
        QStringList onlySource = (sa - sb).values(), onlyTarget = (sb - sa).values();
        onlySource.sort();
        onlyTarget.sort();
        return fail(refused(
            QStringLiteral("the two ledgers' table %1 differ (only in the source: %2; only in the "
                           "target: %3); both must run the same Payout Desk release")
                .arg(table, onlySource.join(u", "), onlyTarget.join(u", "))));
    }
    return {};
}

using BalanceKey = std::pair<QString, QString>;

Result<std::map<BalanceKey, ArtistBalance>> balancesOf(Ledger &ledger)
{
    Result<QList<ArtistBalance>> all = ledger.reader().balances();
    if (!all)
        return fail(all.error());
    std::map<BalanceKey, ArtistBalance> out;
    for (ArtistBalance &b : *all)
        out[{b.artist, b.currency}] = std::move(b);
    return out;
}

// Per state: the amount and the number of entries, source against copy.
void compareBalances(const std::map<BalanceKey, ArtistBalance> &source,
                     const std::map<BalanceKey, ArtistBalance> &target, LedgerCopyReport &report)
{
    QSet<BalanceKey> keys;
    for (const auto &[k, v] : source)
        keys.insert(k);
    for (const auto &[k, v] : target)
        keys.insert(k);
    QList<BalanceKey> sorted(keys.begin(), keys.end());
    std::sort(sorted.begin(), sorted.end());
    const ArtistBalance none;
    for (const BalanceKey &k : sorted) {
        const auto s = source.find(k), t = target.find(k);
        const ArtistBalance &a = s == source.end() ? none : s->second;
        const ArtistBalance &b = t == target.end() ? none : t->second;
        const qint64 amountsA[] = {a.pendingMinor,  a.sendingMinor, a.paidMinor,
                                   a.heldMinor,     a.voidMinor,    a.reversingMinor,
                                   a.reversedMinor, a.clawbackMinor};
        const qint64 amountsB[] = {b.pendingMinor,  b.sendingMinor, b.paidMinor,
                                   b.heldMinor,     b.voidMinor,    b.reversingMinor,
                                   b.reversedMinor, b.clawbackMinor};
        for (std::size_t i = 0; i < std::size(kAllEntryStates); ++i) {
            const EntryState state = kAllEntryStates[i];
            const qint64 amountA = amountsA[int(state)], amountB = amountsB[int(state)];
            const qint64 countA = a.countByState[int(state)], countB = b.countByState[int(state)];
            if (amountA != amountB || countA != countB)
                report.differences << QStringLiteral("%1 %2 %3: the source holds %4 minor units in "
                                                     "%5 entries, the copy %6 in %7")
                                          .arg(k.first, k.second, stateName(state))
                                          .arg(amountA)
                                          .arg(countA)
                                          .arg(amountB)
                                          .arg(countB);
        }
    }
    report.totalsCompared = sorted.size();
}

} // namespace

const QStringList &LedgerCopy::tables()
{
    static const QStringList kTables = {
        QStringLiteral("meta"),
        QStringLiteral("artists"),
        QStringLiteral("entries"),
        QStringLiteral("sales"),
        QStringLiteral("refunds"),
        QStringLiteral("totals"),
        QStringLiteral("processed_events"),
        QStringLiteral("processed_events_archive"),
        QStringLiteral("quarantine"),
        QStringLiteral("audit_log"),
        QStringLiteral("transfers"),
        QStringLiteral("reversals"),
        QStringLiteral("inbox"),
        QStringLiteral("artist_tokens"),
    };
    return kTables;
}

Result<LedgerCopyReport> LedgerCopy::run(const LedgerLocation &sourceAt,
                                         const LedgerLocation &targetAt, Clock &clock,
                                         int batchRows)
{
    if (sameLedger(sourceAt, targetAt))
        return fail(refused(QStringLiteral("the target %1 is the source ledger itself")
                                .arg(targetAt.displayName())));
    // Opening a SQLite file that is not there would make an empty ledger.
    if (sourceAt.backend() == LedgerLocation::Backend::Sqlite &&
        !QFileInfo::exists(sourceAt.filePath()))
        return fail(refused(QStringLiteral("there is no ledger at %1 to copy (--ledger names "
                                           "another)")
                                .arg(sourceAt.displayName())));
    Ledger source(sourceAt, clock);
    if (Status s = source.open(); !s)
        return fail(
            Error{s.error().kind,
                  QStringLiteral("cannot open the source ledger: %1").arg(s.error().message)});
    // A copy taken while an engine writes would be stale the moment it ends.
    const Result<EngineStatus> engine = EngineStatus::read(source.meta(), clock.now());
    if (!engine)
        return fail(engine.error());
    if (engine->alive())
        return fail(refused(
            QStringLiteral("an engine is running on %1 (its last heartbeat at %2 UTC); stop "
                           "serve first, or the copy would miss what it writes next")
                .arg(sourceAt.displayName(),
                     engine->heartbeat.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))));

    Ledger target(targetAt, clock);
    if (Status s = target.open(); !s)
        return fail(
            Error{s.error().kind,
                  QStringLiteral("cannot open the target ledger: %1").arg(s.error().message)});
    std::unique_ptr<CopyStore> from = createCopyStore(source);
    std::unique_ptr<CopyStore> to = createCopyStore(target);
    if (Status s = sameColumns(*from, *to); !s)
        return fail(s.error());

    LedgerCopyReport report;
    report.source = sourceAt.displayName();
    report.target = targetAt.displayName();
    QHash<QString, qint64> copied;
    QElapsedTimer timer;
    timer.start();
    const Status written = target.write([&]() -> Status {
        // Inside the write that copies: nothing can slip in between the
        // check and the rows.
        for (const QString &table : tables()) {
            const Result<qint64> rows = to->countRows(table);
            if (!rows)
                return fail(rows.error());
            if (*rows > 0)
                return fail(refused(
                    QStringLiteral("the target %1 already holds a ledger (its table %2 has %3 "
                                   "rows); copy only into an empty database")
                        .arg(targetAt.displayName(), table)
                        .arg(*rows)));
        }
        const Status read = from->exportTables(tables(), batchRows, [&](const RowBatch &batch) {
            copied[batch.table] += batch.rows;
            return to->importRows(batch);
        });
        if (!read) {
            to->abandonImport();
            return read;
        }
        return to->finishImport();
    });
    if (!written)
        return fail(written.error());
    report.copyMs = timer.restart();

    // The checks: verify on both, totals per artist, currency and state,
    // and rows per table (the source's now, in case something wrote to it
    // during the copy, and the copy's).
    for (Ledger *l : {&source, &target}) {
        Result<VerifyReport> v = l->reader().verify();
        if (!v)
            return fail(v.error());
        (l == &source ? report.sourceVerify : report.targetVerify) = std::move(*v);
    }
    const auto sourceTotals = balancesOf(source);
    if (!sourceTotals)
        return fail(sourceTotals.error());
    const auto targetTotals = balancesOf(target);
    if (!targetTotals)
        return fail(targetTotals.error());
    compareBalances(*sourceTotals, *targetTotals, report);
    for (const QString &table : tables()) {
        LedgerCopyReport::Table t;
        t.name = table;
        t.copied = copied.value(table);
        const Result<qint64> now = from->countRows(table);
        if (!now)
            return fail(now.error());
        const Result<qint64> there = to->countRows(table);
        if (!there)
            return fail(there.error());
        t.target = *there;
        if (t.target != t.copied)
            report.differences << QStringLiteral("%1: %2 rows copied, the copy holds %3")
                                      .arg(table)
                                      .arg(t.copied)
                                      .arg(t.target);
        if (*now != t.copied)
            report.differences << QStringLiteral("%1: the source holds %2 rows now, %3 when it "
                                                 "was copied (something wrote to it meanwhile)")
                                      .arg(table)
                                      .arg(*now)
                                      .arg(t.copied);
        report.tables << t;
    }
    report.checkMs = timer.elapsed();
    return report;
}

QJsonObject LedgerCopyReport::toJson() const
{
    QJsonArray rows;
    for (const Table &t : tables)
        rows.append(QJsonObject{{QStringLiteral("table"), t.name},
                                {QStringLiteral("copied"), t.copied},
                                {QStringLiteral("target"), t.target}});
    const auto failed = [](const VerifyReport &v) {
        QJsonArray out;
        for (const VerifyReport::Check &c : v.checks)
            if (!c.ok)
                out.append(QJsonObject{
                    {QStringLiteral("name"), c.name},
                    {QStringLiteral("problems"), QJsonArray::fromStringList(c.problems)}});
        return out;
    };
    return {{QStringLiteral("source"), source},
            {QStringLiteral("target"), target},
            {QStringLiteral("equal"), equal()},
            {QStringLiteral("tables"), rows},
            {QStringLiteral("source_verify_ok"), sourceVerify.ok()},
            {QStringLiteral("target_verify_ok"), targetVerify.ok()},
            {QStringLiteral("source_verify_failed"), failed(sourceVerify)},
            {QStringLiteral("target_verify_failed"), failed(targetVerify)},
            {QStringLiteral("totals_compared"), totalsCompared},
            {QStringLiteral("differences"), QJsonArray::fromStringList(differences)},
            {QStringLiteral("copy_ms"), copyMs},
            {QStringLiteral("check_ms"), checkMs}};
}

QString LedgerCopyReport::toText() const
{
    const QLocale c = QLocale::c();
    QString out = QStringLiteral("Copied %1\n    to %2 in %3 ms, in one transaction.\n")
                      .arg(source, target, c.toString(copyMs));
    out += QStringLiteral("  %1 %2 %3\n")
               .arg(QStringLiteral("table").leftJustified(26),
                    QStringLiteral("copied").rightJustified(11),
                    QStringLiteral("in the copy").rightJustified(12));
    for (const Table &t : tables)
        out += QStringLiteral("  %1 %2 %3\n")
                   .arg(t.name.leftJustified(26), c.toString(t.copied).rightJustified(11),
                        c.toString(t.target).rightJustified(12));
    const auto verdict = [](const char *what, const VerifyReport &v) {
        QString line = QStringLiteral("verify %1: %2\n")
                           .arg(QLatin1StringView(what),
                                v.ok() ? QStringLiteral("ok") : QStringLiteral("FAIL"));
        for (const VerifyReport::Check &check : v.checks)
            if (!check.ok)
                line += QStringLiteral("  FAIL %1: %2\n")
                            .arg(check.name, check.problems.join(QStringLiteral("; ")));
        return line;
    };
    out += verdict("source", sourceVerify);
    out += verdict("copy  ", targetVerify);
    out +=
        QStringLiteral("totals per artist, currency and state (%1 artist-currency rows) and "
                       "rows per table: %2\n")
            .arg(c.toString(totalsCompared),
                 differences.isEmpty() ? QStringLiteral("equal")
                                       : QStringLiteral("%1 differences").arg(differences.size()));
    for (const QString &d : differences)
        out += QStringLiteral("  %1\n").arg(d);
    out += equal() ? QStringLiteral("The copy equals the source. Start serve with --ledger %1 to "
                                    "run on it.\n")
                         .arg(target)
                   : QStringLiteral("The copy does not equal the source: see above before "
                                    "using it.\n");
    return out;
}

Result<QString> LedgerCopy::backup(Ledger &ledger, const QString &file, const QString &backupDir,
                                   const QDateTime &at)
{
    const QString suffix = ledger.backup().fileSuffix();
    QString target = file;
    if (target.isEmpty()) {
        if (!QDir().mkpath(backupDir))
            return fail(
                Error::io(QStringLiteral("cannot create the backup folder %1").arg(backupDir)));
        const QString stem =
            QStringLiteral("ledger-%1").arg(at.toUTC().toString(QStringLiteral("yyyyMMdd-HHmmss")));
        target = unusedBackupPath(backupDir, stem, suffix);
    } else if (QFileInfo::exists(target)) {
        return fail(Error::io(
            QStringLiteral("%1 exists already; a backup never overwrites a file").arg(target)));
    }
    target = QFileInfo(target).absoluteFilePath();
    if (Status s = writeBackupFile(ledger.backup(), target); !s)
        return fail(s.error());
    return target;
}

QString LedgerCopy::restoreHint(LedgerLocation::Backend backend, const QString &path)
{
    if (backend == LedgerLocation::Backend::Sqlite)
        return QStringLiteral("To restore it, stop serve and copy %1 over the ledger file (or "
                              "run with --ledger %1).")
            .arg(path);
    return QStringLiteral("To restore it, create an empty database and run: psql -v "
                          "ON_ERROR_STOP=1 --single-transaction -f %1 "
                          "postgresql://USER@HOST/NEWDB")
        .arg(path);
}
