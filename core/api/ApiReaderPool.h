#pragma once

#include "api/ArtistApi.h"
#include "http/HttpRequest.h"
#include "http/HttpServer.h"
#include "ledger/LedgerLocation.h"
#include "util/Error.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>

class Clock;
class QThread;
class Ledger;

// Records the uses of good tokens that the reader threads saw, on the
// server's thread, through the server's own connection, once a second in
// one transaction.
// A reader only checks a token (TokenStore::Use::Check): its own write of
// the last use would be a commit that makes every other connection drop
// what it has cached and mapped of the file (SQLite resets a connection's
// cache, and its memory map, when another connection committed), which cost
// more than the reads themselves with two readers. Batched here, the
// readers see another connection's commit at most about once a second, and
// a last use is late by at most a second (TokenStore still writes one at
// most once a minute per token). Uses not yet written are written when the
// recorder goes (serve's stop).
class TokenUseRecorder final : public QObject
{
    Q_OBJECT
public:
    TokenUseRecorder(Ledger &ledger, QObject *parent = nullptr);
    ~TokenUseRecorder() override;
    // From any thread: `secret` was a good token just now.
    void used(const QString &secret);
    // Writes the uses seen so far (the timer does it a second after the
    // first); on this object's thread.
    void flush();

    static constexpr int kFlushMs = 1000;

private:
    Ledger &m_ledger;
    QTimer m_timer;
    QMutex m_mutex;
    QSet<QString> m_pending;         // guarded by m_mutex
    QHash<QString, qint64> m_recent; // written, and when (ms); this thread only
};

// Reader threads for the artist API's GET routes (README, "The artist API
// under load"): each thread has a Ledger of its own, opened from the
// LedgerLocation on that thread (one connection per thread, whatever the
// backend, as AsyncLedgerReader does for a window), so requests from
// several clients are read side by side instead of one after another on
// the server's thread.
//
// run() is called on the server's thread by a route's handler: it copies
// the request (HttpRequest), hands it to the least busy reader, which
// checks the token, reads and builds the JSON into a recorder reply
// (HttpReply::recorder()), and the answer is written to the connection
// back on the server's thread. The server keeps its sockets, limits and
// streams to itself; a reader never touches a socket. A client gone by
// then is not written to, as with any late reply.
class ApiReaderPool final : public QObject
{
    Q_OBJECT
public:
    // What a route does on a reader: answer `reply` from `stores`, the
    // reader's own (its connection's tokens, reader and meta, and the
    // clock). It must use nothing of the server's thread but what is
    // thread-safe (TokenAttemptLimiter is).
    using Work =
        std::function<void(const HttpRequest &, HttpReply &, const ArtistApiStores &stores)>;

    // With `uses`, readers record a good token's use there instead of
    // writing it on their own connection.
    ApiReaderPool(LedgerLocation location, Clock &clock, int threads,
                  TokenUseRecorder *uses = nullptr, QObject *parent = nullptr);
    // Waits for the reads in flight; their answers are not sent.
    ~ApiReaderPool() override;
    ApiReaderPool(const ApiReaderPool &) = delete;
    ApiReaderPool &operator=(const ApiReaderPool &) = delete;

    // Starts the threads and opens every reader's ledger, waiting for them;
    // the first that cannot be opened gives its error (nothing runs then).
    Status open();
    int threadCount() const { return int(m_readers.size()); }
    Clock &clock() const { return m_clock; }

    // On the server's thread (this object's): `work` on the reader with the
    // fewest requests in flight, its answer sent to `reply` here.
    void run(const HttpRequest &request, HttpReply reply, Work work);

    // Requests handed to a reader and not answered yet.
    int inFlight() const;

private:
    class Reader;
    struct Slot
    {
        QThread *thread = nullptr;
        Reader *reader = nullptr;
        int inFlight = 0;
    };

    LedgerLocation m_location;
    Clock &m_clock;
    TokenUseRecorder *m_uses;
    QList<Slot> m_readers;
    bool m_open = false;
};

// The artist API's GET routes (registerArtistApi's four) answered on
// `readers` (opened) instead of the server's thread. `limiter` is shared
// with the server's other routes as in registerArtistApi (ArtistApi.h); one
// of its own on the pool's clock when not given.
void registerArtistApi(HttpServer &server, ApiReaderPool &readers,
                       std::shared_ptr<TokenAttemptLimiter> limiter = {});
