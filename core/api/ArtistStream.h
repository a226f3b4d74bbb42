#pragma once

#include "api/ArtistApi.h"
#include "ledger/LedgerTypes.h"
#include "util/Error.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QHash>
#include <QMultiHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <deque>
#include <memory>

class ChangeFeed;
class HttpReply;
class HttpStream;
class QHttpServerRequest;

// GET /api/v1/artist/stream: the caller's artist's money, live, as
// Server-Sent Events (README, API). One hub per server holds every open
// stream.
//
// How a change is found: the hub asks the ledger's ChangeFeed every
// `pollMs` (and at once after a commit of this process's connection,
// ledgerChanged()); when it moved, whoever committed (the engine's thread,
// the webhook applier, another process), each artist with an open stream is
// read again: their totals per state and currency, and their open entries'
// ids, states, attempts and reasons. An artist whose reading differs from
// the last one sent gets a `payouts` event with their new totals; nobody
// else gets anything, and a stream only ever carries its own artist's.
// After a check that took long, the next waits as long again, so many
// streams cannot take more than half of the event loop from the webhook.
//
// Resume points: every event has an id `EPOCH-SEQ`, SEQ growing across all
// artists, EPOCH this hub's (a random one per start of serve). Each artist's
// last `replayEvents` events are kept; a reconnect with Last-Event-ID gets
// the ones after it, then a fresh event if the artist changed while nobody
// watched. An id from another start or another server, one older than what
// is kept, or one this hub cannot read gets a `resync` event (refetch
// everything), then the artist's current event.
//
// The same check asks the ledger whether each stream's token still holds:
// a revoked token's streams get a `revoked` event and are closed within one
// poll of the revoke's commit, from whichever process it came.
class ArtistStreamHub final : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int pollMs = 100;         // how often the change feed is asked
        int heartbeatMs = 15'000; // a comment line on every stream this often
        int retryMs = 3'000;      // the reconnection delay a client is told
        int replayEvents = 32;    // events kept per artist for a resume
        int maxArtists = 100'000; // artists whose last events are kept
    };

    ArtistStreamHub(const ArtistApiStores &stores, ChangeFeed &changes,
                    std::shared_ptr<TokenAttemptLimiter> limiter, Options options,
                    QObject *parent = nullptr);
    ~ArtistStreamHub() override;

    void open(const QHttpServerRequest &request, HttpReply reply);
    // Something committed on this process's connection: look now.
    void ledgerChanged();

    int streamCount() const { return int(m_streams.size()); }
    const QString &epoch() const { return m_epoch; }

    // The route's path.
    static inline const QString kPath = QStringLiteral("/api/v1/artist/stream");

Q_SIGNALS:
    // An event for `artist` went to `streams` open streams.
    void published(const QString &artist, const QString &id, int streams);

private:
    // What an artist's reading is compared by: the event's JSON (totals),
    // and a hash of their open entries' ids, states, attempts and reasons
    // (what the totals do not show, such as a retry between two checks).
    struct Snapshot
    {
        QByteArray data;
        QByteArray entries;
        bool entriesKnown = false;
        bool operator==(const Snapshot &o) const
        {
            return data == o.data && entriesKnown && o.entriesKnown && entries == o.entries;
        }
    };
    struct Event
    {
        qint64 seq = 0;
        QByteArray frame;
    };
    struct ArtistState
    {
        Snapshot last; // of the last event
        std::deque<Event> recent;
        qint64 droppedUpTo = 0; // the newest event no longer kept
    };
    struct StreamInfo
    {
        QPointer<HttpStream> http;
        QString artist;
        QString token; // kept to check it still holds; never logged
    };

    // The event's JSON from the artist's balances.
    static QByteArray totalsData(const QString &artist, const QList<ArtistBalance> &balances);
    Result<QByteArray> entriesHash(const QString &artist) const;
    // Both, read now.
    Result<Snapshot> snapshot(const QString &artist) const;
    // A new event for the artist, kept and sent to all their streams.
    void publish(const QString &artist, const Snapshot &now);
    void poll();
    void check();
    void heartbeat();
    void forget(HttpStream *stream);
    void trimArtists();

    ArtistApiStores m_stores;
    ChangeFeed &m_changes;
    std::shared_ptr<TokenAttemptLimiter> m_limiter;
    Options m_options;
    QString m_epoch;
    qint64 m_seq = 0;
    qint64 m_version = -1;
    bool m_pollSoon = false;
    QDeadlineTimer m_restUntil{0}; // no check before it (see poll())
    QTimer m_poll;
    QTimer m_heartbeat;
    QHash<HttpStream *, StreamInfo> m_streams;
    QMultiHash<QString, HttpStream *> m_byArtist;
    QHash<QString, ArtistState> m_artists;
};

// Registers GET /api/v1/artist/stream on `server`, answered by a hub that is
// a child of it; `limiter` is the artist API's (the same budget of refused
// tokens).
ArtistStreamHub *registerArtistStream(HttpServer &server, const ArtistApiStores &stores,
                                      ChangeFeed &changes,
                                      std::shared_ptr<TokenAttemptLimiter> limiter,
                                      ArtistStreamHub::Options options = {});
