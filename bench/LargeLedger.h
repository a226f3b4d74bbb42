#pragma once

// The large ledger of README's performance table: 1,000,000 entries (333,334
// cart purchases of three items) for 10,000 artists, about eleven weeks of
// sales, built through intake as `payoutdesk import` does, then a third paid
// in weekly transfers, a few retrying and a few held, as an engine leaves
// them. Shared by bench_window and bench_api.
#include "Events.h"
#include "SqliteAccess.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QtConcurrent/QtConcurrentRun>

#include <cstdio>

namespace LargeLedger {

inline constexpr qint64 kEvents = 333'334; // three entries each: 1,000,002 entries
inline constexpr int kArtists = 10'000;
inline constexpr int kBatch = 5000;

inline QByteArray cartEvent(qint64 n, int artists, const QString &prefix = QStringLiteral("b"))
{
    Events::Cart c;
    c.eventId = QStringLiteral("evt_%1%2").arg(prefix).arg(n);
    c.session = QStringLiteral("cs_%1%2").arg(prefix).arg(n);
    c.paymentIntent = QStringLiteral("pi_%1%2").arg(prefix).arg(n);
    c.created = 1767225600 + n * 20; // about eleven weeks of sales
    const auto artist = [&](qint64 k) { return QStringLiteral("art_%1").arg(k % artists); };
    c.items = {Events::item(artist(n * 3), 560, QStringLiteral("trk_%1").arg(n % 97), {},
                            QStringLiteral("acct_%1").arg((n * 3) % artists)),
               Events::item(artist(n * 3 + 1), 840, QStringLiteral("trk_%1").arg(n % 89)),
               Events::item(artist(n * 3 + 2), 70, {}, QStringLiteral("commission"))};
    if (n % 7 == 0)
        c.currency = QStringLiteral("eur");
    return Events::cart(c);
}

inline QList<QByteArray> events(qint64 from, qint64 count,
                                const QString &prefix = QStringLiteral("b"))
{
    QList<QByteArray> out;
    out.reserve(count);
    for (qint64 i = from; i < from + count; ++i)
        out.append(cartEvent(i, kArtists, prefix));
    return out;
}

inline int build(const QString &dir)
{
    QDir().mkpath(dir);
    Ledger ledger(QDir(dir).filePath(QStringLiteral("ledger.sqlite")), SystemClock::instance());
    if (!ledger.open())
        return 1;
    Intake intake(ledger);
    QElapsedTimer t;
    t.start();
    // As `payoutdesk import` does, in batches of 5000: the next batch is
    // generated and validated on other threads while this one is written.
    const auto parseBatch = [](qint64 from) {
        return Intake::parse(events(from, qMin<qint64>(kBatch, kEvents - from)));
    };
    QFuture<QList<ParsedEvent>> next = QtConcurrent::run(parseBatch, qint64(0));
    for (qint64 i = 0; i < kEvents; i += kBatch) {
        const QList<ParsedEvent> parsed = next.result();
        if (i + kBatch < kEvents)
            next = QtConcurrent::run(parseBatch, i + kBatch);
        if (!intake.ingestParsed(parsed, IntakeSource::Import))
            qFatal("import failed");
    }
    std::fflush(stdout);
    std::printf("build: %lld cart events ingested in %lld ms\n", static_cast<long long>(kEvents),
                static_cast<long long>(t.elapsed()));

    // The later life of the money, as an engine leaves it: a third paid in
    // weekly transfers per artist, a few retrying after an error, a few held.
    t.restart();
    const Status s = ledger.write([&]() -> Status {
        QSqlQuery q(sqliteConnection(ledger));
        const char *sql[] = {
            "UPDATE entries SET state = 'paid', "
            "transfer_id = 'tr_' || artist || '_' || currency || '_' || (created_at / 604800000), "
            "idempotency_key = 'bench-' || artist || '-' || currency || '-' || (created_at / "
            "604800000), updated_at = created_at + 3600000 "
            "WHERE state = 'pending' AND id % 3 = 0",
            "UPDATE entries SET attempts = 2, last_error = 'rate_limit: too many requests', "
            "next_attempt_at = created_at + 7200000 WHERE state = 'pending' AND id % 50 = 1",
            "UPDATE entries SET state = 'held', reason = 'account cannot receive transfers' "
            "WHERE state = 'pending' AND id % 97 = 5"};
        for (const char *one : sql)
            if (!q.exec(QString::fromLatin1(one)))
                return fail(Error::database(q.lastError().text()));
        return {};
    });
    if (!s)
        qFatal("%s", qPrintable(s.error().message));
    const auto counts = ledger.reader().stateCounts().value();
    std::printf("build: states set in %lld ms: %lld pending, %lld paid, %lld held\n",
                static_cast<long long>(t.elapsed()),
                static_cast<long long>(counts.value(EntryState::Pending)),
                static_cast<long long>(counts.value(EntryState::Paid)),
                static_cast<long long>(counts.value(EntryState::Held)));
    std::fflush(stdout);
    return 0;
}

} // namespace LargeLedger
