#include "ArtistPayoutsController.h"

#include "api/ApiReaderPool.h"
#include "api/ApiSupport.h"
#include "ledger/LedgerReader.h"
#include "ledger/MetaStore.h"
#include "ledger/TokenStore.h"
#include "report/PaidHistory.h"
#include "service/EngineStatus.h"
#include "util/Clock.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QMap>

#include <algorithm>

namespace {

const api::IntParam kLimit{"limit", 1, ArtistPayoutsController::kMaxLimit,
                           ArtistPayoutsController::kDefaultLimit};
const api::IntParam kWeeks{"weeks", 1, ArtistPayoutsController::kMaxWeeks,
                           ArtistPayoutsController::kDefaultWeeks};

// At most this many paid entries are read for the history and the weekly
// sums; an artist past it sees the newest transfers up to it.
constexpr qint64 kPaidCap = 100'000;

QJsonObject paging(qint64 limit, qint64 offset, qint64 total)
{
    const qint64 next = offset + limit;
    return {{QStringLiteral("limit"), limit},
            {QStringLiteral("total"), total},
            {QStringLiteral("next_cursor"),
             next < total ? QJsonValue(api::cursorFor(next)) : QJsonValue()}};
}

QJsonObject perCurrency(const QMap<QString, qint64> &m)
{
    QJsonObject o;
    for (auto it = m.cbegin(); it != m.cend(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QDate mondayOf(const QDate &d)
{
    return d.addDays(1 - d.dayOfWeek());
}

} // namespace

void ArtistPayoutsController::scheduledPayouts(const HttpRequest &request, HttpReply reply) const
{
    const std::optional<QString> artist =
        api::authenticate(request, m_stores.tokens, *m_limiter, reply, m_stores.uses);
    if (!artist)
        return;
    api::Query query(request, {QStringLiteral("limit"), QStringLiteral("cursor")});
    const qint64 limit = query.integer(kLimit);
    const auto [afterCreatedMs, afterId] = query.cursorKey();
    if (!query.problem().isEmpty())
        return api::badRequest(reply, query.problem());

    const Result<QList<ArtistBalance>> balances = m_stores.reader.balances(*artist);
    if (!balances)
        return api::readFailed(reply, balances.error());
    QJsonArray totals;
    for (const ArtistBalance &b : *balances) {
        if (b.artist != *artist)
            continue; // never another artist's row, whatever a backend returns
        const qint64 open = b.countByState[int(EntryState::Pending)] +
                            b.countByState[int(EntryState::Sending)] +
                            b.countByState[int(EntryState::Held)];
        if (open == 0 && b.pendingMinor == 0 && b.sendingMinor == 0 && b.heldMinor == 0)
            continue;
        totals.append(QJsonObject{{QStringLiteral("currency"), b.currency},
                                  {QStringLiteral("pending_minor"), b.pendingMinor},
                                  {QStringLiteral("processing_minor"), b.sendingMinor},
                                  {QStringLiteral("on_hold_minor"), b.heldMinor},
                                  {QStringLiteral("entries"), open}});
    }

    LedgerReader::EntryFilter filter;
    filter.artist = *artist;
    filter.states = {EntryState::Pending, EntryState::Sending, EntryState::Held};
    const Result<qint64> total = m_stores.reader.countEntries(filter);
    if (!total)
        return api::readFailed(reply, total.error());
    // Keyset paging: a page starts after the last entry of the one before,
    // so entries paid between two requests shift nothing. One row more than
    // asked says whether another page follows.
    filter.limit = int(limit) + 1;
    filter.afterCreatedMs = afterCreatedMs;
    filter.afterId = afterId;
    Result<QList<Entry>> entries = m_stores.reader.entries(filter);
    if (!entries)
        return api::readFailed(reply, entries.error());
    const bool more = entries->size() > limit;
    if (more)
        entries->resize(limit);

    // When a waiting entry will be paid: the engine's next run, when the
    // engine runs and the entry is not backing off past it.
    const QDateTime now = m_stores.clock.now();
    const Result<EngineStatus> engine = EngineStatus::read(m_stores.meta, now);
    const QDateTime nextRun = engine ? engine->nextRun : QDateTime();
    QJsonArray out;
    for (const Entry &e : *entries) {
        if (e.artist != *artist)
            continue;
        QJsonObject o = api::entryJson(e);
        QDateTime expected;
        if (e.state == EntryState::Pending && nextRun.isValid() &&
            (!e.nextAttemptAt.isValid() || e.nextAttemptAt <= nextRun))
            expected = nextRun;
        o.insert(QStringLiteral("expected_run"), api::time(expected));
        out.append(o);
    }
    const QJsonValue next =
        more ? QJsonValue(api::cursorAfter(entries->last().createdAt.toMSecsSinceEpoch(),
                                           entries->last().id))
             : QJsonValue();
    // The payout account the artist's money goes to: their own, shown in
    // their window's Account tab as it is on the store's machine.
    const Result<std::optional<Artist>> row = m_stores.reader.artist(*artist);
    if (!row)
        return api::readFailed(reply, row.error());
    const QJsonValue account =
        *row && !(*row)->account.isEmpty() ? QJsonValue((*row)->account) : QJsonValue();
    reply.sendJson(
        200, {{QStringLiteral("artist"), *artist},
              {QStringLiteral("payout_account"), account},
              {QStringLiteral("totals"), totals},
              {QStringLiteral("entries"), out},
              {QStringLiteral("paging"), QJsonObject{{QStringLiteral("limit"), limit},
                                                     {QStringLiteral("total"), *total},
                                                     {QStringLiteral("next_cursor"), next}}}});
}

void ArtistPayoutsController::history(const HttpRequest &request, HttpReply reply) const
{
    const std::optional<QString> artist =
        api::authenticate(request, m_stores.tokens, *m_limiter, reply, m_stores.uses);
    if (!artist)
        return;
    api::Query query(request, {QStringLiteral("limit"), QStringLiteral("cursor")});
    const qint64 limit = query.integer(kLimit);
    const qint64 offset = query.cursorOffset();
    if (!query.problem().isEmpty())
        return api::badRequest(reply, query.problem());

    const Result<QList<Entry>> paid = PaidHistory::load(m_stores.reader, *artist, kPaidCap);
    if (!paid)
        return api::readFailed(reply, paid.error());
    const QList<TransferGroup> transfers = PaidHistory::groupByTransfer(*paid);
    QJsonArray out;
    for (qint64 i = offset; i < qMin<qint64>(offset + limit, transfers.size()); ++i) {
        const TransferGroup &t = transfers.at(i);
        QJsonArray entries;
        for (const Entry &e : t.entries)
            if (e.artist == *artist)
                entries.append(api::entryJson(e));
        out.append(QJsonObject{{QStringLiteral("transfer_id"),
                                t.transferId.isEmpty() ? QJsonValue() : QJsonValue(t.transferId)},
                               {QStringLiteral("paid_at"), api::time(t.paidAt)},
                               {QStringLiteral("amount_minor"), perCurrency(t.minorByCurrency)},
                               {QStringLiteral("entries"), entries}});
    }
    reply.sendJson(200, {{QStringLiteral("artist"), *artist},
                         {QStringLiteral("transfers"), out},
                         {QStringLiteral("paging"), paging(limit, offset, transfers.size())}});
}

void ArtistPayoutsController::weekly(const HttpRequest &request, HttpReply reply) const
{
    const std::optional<QString> artist =
        api::authenticate(request, m_stores.tokens, *m_limiter, reply, m_stores.uses);
    if (!artist)
        return;
    api::Query query(request, {QStringLiteral("weeks")});
    const qint64 count = query.integer(kWeeks);
    if (!query.problem().isEmpty())
        return api::badRequest(reply, query.problem());

    const Result<QList<Entry>> paid = PaidHistory::load(m_stores.reader, *artist, kPaidCap);
    if (!paid)
        return api::readFailed(reply, paid.error());
    // Weeks start on Monday, in UTC: the server's answer must not depend on
    // where it runs; a window may regroup by its own time zone.
    const QDate last = mondayOf(m_stores.clock.now().toUTC().date());
    const QDate first = last.addDays(-7 * (count - 1));
    QList<QMap<QString, qint64>> sums(count);
    for (const Entry &e : *paid) {
        if (e.artist != *artist)
            continue;
        const qint64 index = first.daysTo(mondayOf(e.updatedAt.toUTC().date())) / 7;
        if (index >= 0 && index < count)
            sums[index][e.amount.currency] += e.amount.minor;
    }
    QJsonArray weeks;
    for (qint64 i = 0; i < count; ++i)
        weeks.append(
            QJsonObject{{QStringLiteral("week_start"), first.addDays(7 * i).toString(Qt::ISODate)},
                        {QStringLiteral("paid_minor"), perCurrency(sums.at(i))}});
    reply.sendJson(200, {{QStringLiteral("artist"), *artist}, {QStringLiteral("weeks"), weeks}});
}

void EngineController::engine(const HttpRequest &request, HttpReply reply) const
{
    if (!api::authenticate(request, m_stores.tokens, *m_limiter, reply, m_stores.uses))
        return;
    api::Query query(request, {});
    if (!query.problem().isEmpty())
        return api::badRequest(reply, query.problem());
    const Result<EngineStatus> s = EngineStatus::read(m_stores.meta, m_stores.clock.now());
    if (!s)
        return api::readFailed(reply, s.error());
    QJsonValue lastRun;
    if (!s->lastRun.isEmpty()) {
        // When and how it went; the store-wide counts and amounts are the
        // admin's.
        QJsonObject o;
        for (const char *key : {"trigger", "started_at", "finished_at", "ok"}) {
            const QString k = QString::fromLatin1(key);
            o.insert(k, s->lastRun.value(k));
        }
        lastRun = o;
    }
    reply.sendJson(200, {{QStringLiteral("mode"), s->mode.isEmpty() ? QJsonValue() : s->mode},
                         {QStringLiteral("state"), EngineStatus::stateName(s->state)},
                         {QStringLiteral("alive"), s->alive()},
                         {QStringLiteral("heartbeat"), api::time(s->heartbeat)},
                         {QStringLiteral("next_run"), api::time(s->nextRun)},
                         {QStringLiteral("last_run"), lastRun}});
}

void registerArtistApi(HttpServer &server, const ArtistApiStores &stores,
                       std::shared_ptr<TokenAttemptLimiter> limiter)
{
    if (!limiter)
        limiter = std::make_shared<TokenAttemptLimiter>(stores.clock);
    const ArtistPayoutsController payouts(stores, limiter);
    const EngineController engine(stores, limiter);
    const auto get = QHttpServerRequest::Method::Get;
    server.route(get, QStringLiteral("/api/v1/artist/scheduled-payouts"),
                 [payouts](const QHttpServerRequest &r, HttpReply reply) {
                     payouts.scheduledPayouts(r, std::move(reply));
                 });
    server.route(get, QStringLiteral("/api/v1/artist/history"),
                 [payouts](const QHttpServerRequest &r, HttpReply reply) {
                     payouts.history(r, std::move(reply));
                 });
    server.route(get, QStringLiteral("/api/v1/artist/history/weekly"),
                 [payouts](const QHttpServerRequest &r, HttpReply reply) {
                     payouts.weekly(r, std::move(reply));
                 });
    server.route(get, QStringLiteral("/api/v1/engine"),
                 [engine](const QHttpServerRequest &r, HttpReply reply) {
                     engine.engine(r, std::move(reply));
                 });
}

namespace {

// A GET route whose controller runs on one of `readers`, with that
// reader's stores.
template<class Controller>
void routeOnReaders(HttpServer &server, ApiReaderPool &readers, const QString &path,
                    const std::shared_ptr<TokenAttemptLimiter> &limiter,
                    void (Controller::*method)(const HttpRequest &, HttpReply) const)
{
    server.route(QHttpServerRequest::Method::Get, path,
                 [&readers, limiter, method](const QHttpServerRequest &r, HttpReply reply) {
                     readers.run(r, std::move(reply),
                                 [limiter, method](const HttpRequest &request, HttpReply &answer,
                                                   const ArtistApiStores &stores) {
                                     (Controller(stores, limiter).*method)(request, answer);
                                 });
                 });
}

} // namespace

void registerArtistApi(HttpServer &server, ApiReaderPool &readers,
                       std::shared_ptr<TokenAttemptLimiter> limiter)
{
    if (!limiter)
        limiter = std::make_shared<TokenAttemptLimiter>(readers.clock());
    routeOnReaders(server, readers, QStringLiteral("/api/v1/artist/scheduled-payouts"), limiter,
                   &ArtistPayoutsController::scheduledPayouts);
    routeOnReaders(server, readers, QStringLiteral("/api/v1/artist/history"), limiter,
                   &ArtistPayoutsController::history);
    routeOnReaders(server, readers, QStringLiteral("/api/v1/artist/history/weekly"), limiter,
                   &ArtistPayoutsController::weekly);
    routeOnReaders(server, readers, QStringLiteral("/api/v1/engine"), limiter,
                   &EngineController::engine);
}
