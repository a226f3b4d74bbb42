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
    // The artist's window asks for this page on every change; it is the
    // API's hottest answer, so it is written straight into bytes (JsonWriter)
    // and its count comes from the totals it reads anyway.
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
    // Keyset paging: a page starts after the last entry of the one before,
    // so entries paid between two requests shift nothing. One row more than
    // asked says whether another page follows.
    LedgerReader::EntryFilter filter;
    filter.artist = *artist;
    filter.states = {EntryState::Pending, EntryState::Sending, EntryState::Held};
    filter.limit = int(limit) + 1;
    filter.afterCreatedMs = afterCreatedMs;
    filter.afterId = afterId;
    Result<QList<Entry>> entries = m_stores.reader.entries(filter);
    if (!entries)
        return api::readFailed(reply, entries.error());
    const bool more = entries->size() > limit;
    if (more)
        entries->resize(limit);
    // The payout account the artist's money goes to: their own, shown in
    // their window's Account tab as it is on the store's machine.
    const Result<std::optional<Artist>> row = m_stores.reader.artist(*artist);
    if (!row)
        return api::readFailed(reply, row.error());
    // When a waiting entry will be paid: the engine's next run, when the
    // engine runs and the entry is not backing off past it.
    const Result<EngineStatus> engine = EngineStatus::read(m_stores.meta, m_stores.clock.now());
    const QDateTime nextRun = engine ? engine->nextRun : QDateTime();

    JsonWriter json;
    json.beginObject();
    json.key(QLatin1StringView("artist")).value(*artist);
    json.key(QLatin1StringView("payout_account"))
        .textOrNull(*row ? QStringView((*row)->account) : QStringView());
    qint64 total = 0; // open entries in every currency: the paging's total
    json.key(QLatin1StringView("totals")).beginArray();
    for (const ArtistBalance &b : *balances) {
        if (b.artist != *artist)
            continue; // never another artist's row, whatever a backend returns
        const qint64 open = b.countByState[int(EntryState::Pending)] +
                            b.countByState[int(EntryState::Sending)] +
                            b.countByState[int(EntryState::Held)];
        if (open == 0 && b.pendingMinor == 0 && b.sendingMinor == 0 && b.heldMinor == 0)
            continue;
        total += open;
        json.beginObject();
        json.key(QLatin1StringView("currency")).value(b.currency);
        json.key(QLatin1StringView("pending_minor")).value(b.pendingMinor);
        json.key(QLatin1StringView("processing_minor")).value(b.sendingMinor);
        json.key(QLatin1StringView("on_hold_minor")).value(b.heldMinor);
        json.key(QLatin1StringView("entries")).value(open);
        json.endObject();
    }
    json.endArray();
    json.key(QLatin1StringView("entries")).beginArray();
    for (const Entry &e : std::as_const(*entries)) {
        if (e.artist != *artist)
            continue;
        json.beginObject();
        api::writeEntry(json, e);
        const bool waiting = e.state == EntryState::Pending && nextRun.isValid() &&
                             (!e.nextAttemptAt.isValid() || e.nextAttemptAt <= nextRun);
        json.key(QLatin1StringView("expected_run")).time(waiting ? nextRun : QDateTime());
        json.endObject();
    }
    json.endArray();
    json.key(QLatin1StringView("paging")).beginObject();
    json.key(QLatin1StringView("limit")).value(limit);
    json.key(QLatin1StringView("total")).value(total);
    json.key(QLatin1StringView("next_cursor"));
    if (more)
        json.value(
            api::cursorAfter(entries->last().createdAt.toMSecsSinceEpoch(), entries->last().id));
    else
        json.null();
    json.endObject();
    json.endObject();
    reply.send(200, json.take(), QByteArrayLiteral("application/json"));
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
