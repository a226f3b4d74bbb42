#include "ArtistStream.h"

#include "api/ApiSupport.h"
#include "api/TokenAttemptLimiter.h"
#include "http/HttpServer.h"
#include "http/HttpStream.h"
#include "ledger/ChangeFeed.h"
#include "ledger/LedgerReader.h"
#include "ledger/TokenStore.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

namespace {

// Open entries read per artist to notice changes the totals do not show (a
// retry's attempts, a hold's reason); beyond them only the totals count.
constexpr int kWatchedEntries = 200;
// From this many watched artists on, a check reads every artist's totals in
// one query.
constexpr qsizetype kBulkTotalsFrom = 32;

QByteArray frame(const QByteArray &id, const QByteArray &event, const QByteArray &data)
{
    QByteArray out;
    if (!id.isEmpty())
        out += "id: " + id + '\n';
    return out + "event: " + event + "\ndata: " + data + "\n\n";
}

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

ArtistStreamHub::ArtistStreamHub(const ArtistApiStores &stores, ChangeFeed &changes,
                                 std::shared_ptr<TokenAttemptLimiter> limiter, Options options,
                                 QObject *parent)
    : QObject(parent)
    , m_stores(stores)
    , m_changes(changes)
    , m_limiter(std::move(limiter))
    , m_options(options)
    , m_epoch(QString::number(QRandomGenerator::system()->generate64() >> 1, 36))
{
    m_poll.setInterval(m_options.pollMs);
    connect(&m_poll, &QTimer::timeout, this, &ArtistStreamHub::poll);
    m_heartbeat.setInterval(m_options.heartbeatMs);
    connect(&m_heartbeat, &QTimer::timeout, this, &ArtistStreamHub::heartbeat);
}

ArtistStreamHub::~ArtistStreamHub()
{
    for (auto it = m_streams.cbegin(); it != m_streams.cend(); ++it)
        if (it->http)
            disconnect(it->http, nullptr, this, nullptr);
}

QByteArray ArtistStreamHub::totalsData(const QString &artist, const QList<ArtistBalance> &balances)
{
    QJsonArray totals;
    QJsonArray paid;
    for (const ArtistBalance &b : balances) {
        if (b.artist != artist)
            continue; // never another artist's row, whatever a backend returns
        const qint64 openCount = b.countByState[int(EntryState::Pending)] +
                                 b.countByState[int(EntryState::Sending)] +
                                 b.countByState[int(EntryState::Held)];
        if (openCount > 0 || b.pendingMinor != 0 || b.sendingMinor != 0 || b.heldMinor != 0)
            totals.append(QJsonObject{{QStringLiteral("currency"), b.currency},
                                      {QStringLiteral("pending_minor"), b.pendingMinor},
                                      {QStringLiteral("processing_minor"), b.sendingMinor},
                                      {QStringLiteral("on_hold_minor"), b.heldMinor},
                                      {QStringLiteral("entries"), openCount}});
        const qint64 paidCount = b.countByState[int(EntryState::Paid)];
        if (paidCount > 0 || b.paidMinor != 0)
            paid.append(QJsonObject{{QStringLiteral("currency"), b.currency},
                                    {QStringLiteral("paid_minor"), b.paidMinor},
                                    {QStringLiteral("entries"), paidCount}});
    }
    return json({{QStringLiteral("artist"), artist},
                 {QStringLiteral("totals"), totals},
                 {QStringLiteral("paid"), paid}});
}

Result<QByteArray> ArtistStreamHub::entriesHash(const QString &artist) const
{
    LedgerReader::EntryFilter filter;
    filter.artist = artist;
    filter.states = {EntryState::Pending, EntryState::Sending, EntryState::Held};
    filter.limit = kWatchedEntries;
    const Result<QList<Entry>> entries = m_stores.reader.entries(filter);
    if (!entries)
        return fail(entries.error());
    QCryptographicHash hash(QCryptographicHash::Sha1);
    for (const Entry &e : *entries) {
        if (e.artist != artist)
            continue;
        const QByteArray line = QByteArray::number(e.id) + ':' + stateName(e.state).toLatin1() +
                                ':' + QByteArray::number(e.attempts) + ':' +
                                QByteArray::number(e.updatedAt.toMSecsSinceEpoch()) + ':' +
                                e.reason.toUtf8() + ';';
        hash.addData(line);
    }
    return hash.result();
}

Result<ArtistStreamHub::Snapshot> ArtistStreamHub::snapshot(const QString &artist) const
{
    const Result<QList<ArtistBalance>> balances = m_stores.reader.balances(artist);
    if (!balances)
        return fail(balances.error());
    const Result<QByteArray> entries = entriesHash(artist);
    if (!entries)
        return fail(entries.error());
    return Snapshot{totalsData(artist, *balances), *entries, true};
}

void ArtistStreamHub::publish(const QString &artist, const Snapshot &now)
{
    ArtistState &state = m_artists[artist];
    const qint64 seq = ++m_seq;
    const QByteArray id = m_epoch.toLatin1() + '-' + QByteArray::number(seq);
    Event event{seq, frame(id, QByteArrayLiteral("payouts"), now.data)};
    state.last = now;
    state.recent.push_back(event);
    while (qsizetype(state.recent.size()) > qMax(1, m_options.replayEvents)) {
        state.droppedUpTo = state.recent.front().seq;
        state.recent.pop_front();
    }
    int sent = 0;
    const QList<HttpStream *> streams = m_byArtist.values(artist);
    for (HttpStream *stream : streams)
        sent += stream->write(event.frame) ? 1 : 0;
    Q_EMIT published(artist, QString::fromLatin1(id), sent);
}

void ArtistStreamHub::open(const QHttpServerRequest &request, HttpReply reply)
{
    const std::optional<QString> artist =
        api::authenticate(request, m_stores.tokens, *m_limiter, reply);
    if (!artist)
        return;
    api::Query query(request, {});
    if (!query.problem().isEmpty())
        return api::badRequest(reply, query.problem());

    // The feed's version before the read: a commit after it is seen by the
    // next poll, so nothing falls between the two.
    if (m_streams.isEmpty()) {
        const Result<qint64> version = m_changes.version();
        if (!version)
            return api::readFailed(reply, version.error());
        m_version = *version;
    }
    const Result<Snapshot> now = snapshot(*artist);
    if (!now)
        return api::readFailed(reply, now.error());

    HttpStream *http =
        reply.openStream(QByteArrayLiteral("text/event-stream; charset=utf-8"),
                         {{QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache")},
                          // nginx passes each event on at once instead of buffering them
                          {QByteArrayLiteral("X-Accel-Buffering"), QByteArrayLiteral("no")}});
    if (!http)
        return;

    const auto known = m_artists.constFind(*artist);
    const bool isKnown = known != m_artists.cend() && !known->recent.empty();
    QByteArray out = "retry: " + QByteArray::number(m_options.retryMs) + "\n\n";
    bool current = false; // whether the client has the artist's last event
    const QByteArray lastId = request.value("last-event-id").trimmed();
    if (!lastId.isEmpty()) {
        const qsizetype dash = lastId.lastIndexOf('-');
        bool ok = false;
        const qint64 seq = dash > 0 ? lastId.mid(dash + 1).toLongLong(&ok) : 0;
        const bool ours = ok && seq > 0 && seq <= m_seq && lastId.left(dash) == m_epoch.toLatin1();
        if (!ours || !isKnown || seq < known->droppedUpTo) {
            const QString reason =
                !ours ? QStringLiteral("the last event id is not from this server's current run")
                      : QStringLiteral("the events after the last event id are no longer kept");
            out +=
                frame({}, QByteArrayLiteral("resync"), json({{QStringLiteral("reason"), reason}}));
        } else {
            for (const Event &e : known->recent)
                if (e.seq > seq)
                    out += e.frame;
            current = true;
        }
    }
    http->write(out);

    m_streams.insert(http, StreamInfo{http, *artist, api::bearerToken(request)});
    m_byArtist.insert(*artist, http);
    connect(http, &HttpStream::closed, this, [this, http] { forget(http); });
    connect(http, &QObject::destroyed, this, [this, http] { forget(http); });
    if (!isKnown || !(known->last == *now))
        publish(*artist, *now); // to every stream of the artist, this one too
    else if (!current)
        http->write(known->recent.back().frame);
    trimArtists();
    if (!m_poll.isActive())
        m_poll.start();
    if (!m_heartbeat.isActive())
        m_heartbeat.start();
}

void ArtistStreamHub::ledgerChanged()
{
    if (m_pollSoon || m_streams.isEmpty())
        return;
    m_pollSoon = true;
    QTimer::singleShot(0, this, [this] {
        m_pollSoon = false;
        poll();
    });
}

void ArtistStreamHub::poll()
{
    if (m_streams.isEmpty()) {
        m_poll.stop();
        m_heartbeat.stop();
        return;
    }
    const Result<qint64> version = m_changes.version();
    if (!version) {
        qCWarning(lcApi).noquote()
            << "the stream cannot ask the ledger for changes:" << version.error().message;
        return;
    }
    if (*version == m_version)
        return;
    // After a long check, as long again with the event loop to the rest of
    // serve (the webhook) before the next: at most half of it goes here.
    if (!m_restUntil.hasExpired())
        return;
    m_version = *version;
    QElapsedTimer took;
    took.start();
    check();
    const qint64 ms = took.elapsed();
    m_restUntil.setRemainingTime(ms);
    qCDebug(lcApi).noquote() << QStringLiteral("[API] Stream check: %1 streams, %2 artists, %3 ms")
                                    .arg(m_streams.size())
                                    .arg(m_byArtist.uniqueKeys().size())
                                    .arg(ms);
}

void ArtistStreamHub::check()
{
    // Tokens first: a revoked token's stream gets nothing more. Each token
    // is asked once however many streams it has open.
    QElapsedTimer phase;
    phase.start();
    QHash<QString, bool> holds;
    const QList<HttpStream *> streams = m_streams.keys();
    for (HttpStream *http : streams) {
        const auto it = m_streams.constFind(http);
        if (it == m_streams.cend())
            continue;
        auto held = holds.constFind(it->token);
        if (held == holds.cend()) {
            const Result<std::optional<QString>> artist =
                m_stores.tokens.authenticate(it->token, TokenStore::Use::Check);
            // A read that failed closes nothing: the next check asks again.
            held = holds.insert(it->token, !artist || (*artist && **artist == it->artist));
        }
        if (*held)
            continue;
        qCInfo(lcApi).noquote() << "[API] Closing a stream of" << it->artist
                                << ": its token was revoked";
        const QPointer<HttpStream> guard = it->http;
        if (guard) {
            guard->write(frame(
                {}, QByteArrayLiteral("revoked"),
                json({{QStringLiteral("error"), QStringLiteral("unauthorized")},
                      {QStringLiteral("message"), QStringLiteral("this token was revoked")}})));
            guard->finish();
        }
        forget(http);
    }

    const qint64 tokensMs = phase.restart();
    const QList<QString> artists = m_byArtist.uniqueKeys();
    // Many artists: every artist's totals in one read rather than one read
    // each.
    std::optional<QHash<QString, QList<ArtistBalance>>> totals;
    if (artists.size() >= kBulkTotalsFrom) {
        if (const Result<QList<ArtistBalance>> all = m_stores.reader.balances()) {
            totals.emplace();
            for (const ArtistBalance &b : *all)
                (*totals)[b.artist].append(b);
        }
    }
    const qint64 totalsMs = phase.restart();
    // An artist whose totals moved gets their event at once; their open
    // entries are read after every such event went out, for the next
    // comparison.
    QList<QString> sentFirst;
    for (const QString &artist : artists) {
        Result<QList<ArtistBalance>> balances;
        if (totals)
            balances = totals->value(artist);
        else
            balances = m_stores.reader.balances(artist);
        if (!balances) {
            qCWarning(lcApi).noquote()
                << "the stream cannot read an artist's money:" << balances.error().message;
            continue;
        }
        Snapshot now{totalsData(artist, *balances), {}, false};
        const auto state = m_artists.constFind(artist);
        if (state == m_artists.cend() || state->last.data != now.data) {
            publish(artist, now);
            sentFirst << artist;
            continue;
        }
        const Result<QByteArray> entries = entriesHash(artist);
        if (!entries) {
            qCWarning(lcApi).noquote()
                << "the stream cannot read an artist's money:" << entries.error().message;
            continue;
        }
        now.entries = *entries;
        now.entriesKnown = true;
        if (!(state->last == now))
            publish(artist, now);
    }
    for (const QString &artist : std::as_const(sentFirst)) {
        if (const Result<QByteArray> entries = entriesHash(artist)) {
            Snapshot &last = m_artists[artist].last;
            last.entries = *entries;
            last.entriesKnown = true;
        }
    }
    // A commit since the check began may sit in those entries and not in
    // the totals sent: they stay unknown, and the next check sends the
    // artists an event again rather than miss it.
    if (!sentFirst.isEmpty()) {
        const Result<qint64> version = m_changes.version();
        if (!version || *version != m_version)
            for (const QString &artist : std::as_const(sentFirst))
                m_artists[artist].last.entriesKnown = false;
    }
    qCDebug(lcApi).noquote() << QStringLiteral("[API] Stream check: tokens %1 ms, totals %2 ms, "
                                               "artists %3 ms (%4 sent before their entries)")
                                    .arg(tokensMs)
                                    .arg(totalsMs)
                                    .arg(phase.elapsed())
                                    .arg(sentFirst.size());
}

void ArtistStreamHub::heartbeat()
{
    const QList<HttpStream *> streams = m_streams.keys();
    for (HttpStream *http : streams)
        if (m_streams.contains(http))
            http->write(QByteArrayLiteral(": heartbeat\n\n"));
}

void ArtistStreamHub::forget(HttpStream *stream)
{
    const auto it = m_streams.find(stream);
    if (it == m_streams.end())
        return;
    m_byArtist.remove(it->artist, stream);
    if (it->http)
        disconnect(it->http, nullptr, this, nullptr);
    m_streams.erase(it);
}

void ArtistStreamHub::trimArtists()
{
    // Past the bound, artists nobody watches lose their kept events (a
    // resume of theirs then gets resync).
    for (auto it = m_artists.begin();
         m_artists.size() > m_options.maxArtists && it != m_artists.end();) {
        if (m_byArtist.contains(it.key()))
            ++it;
        else
            it = m_artists.erase(it);
    }
}

ArtistStreamHub *registerArtistStream(HttpServer &server, const ArtistApiStores &stores,
                                      ChangeFeed &changes,
                                      std::shared_ptr<TokenAttemptLimiter> limiter,
                                      ArtistStreamHub::Options options)
{
    auto *hub = new ArtistStreamHub(stores, changes, std::move(limiter), options, &server);
    server.route(QHttpServerRequest::Method::Get, ArtistStreamHub::kPath,
                 [hub](const QHttpServerRequest &request, HttpReply reply) {
                     hub->open(request, std::move(reply));
                 });
    return hub;
}
