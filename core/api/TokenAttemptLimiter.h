#pragma once

#include <QHash>
#include <QHostAddress>
#include <QMutex>

#include <list>

class Clock;
class HttpReply;

// Failed token attempts per client address (ARCHITECTURE.md, Access): a
// token bucket of `attempts` failures that refills in full over `refillMs`
// (10 a minute by default, one more every 6 s). A client whose bucket is
// empty is answered 429 with Retry-After before its token is looked at, so
// guessing costs time whatever the guess; a request whose token is good
// takes nothing from the bucket.
//
// Addresses are keyed as the server sees them: an IPv4-mapped IPv6 address
// is its IPv4 address, and an IPv6 address counts for its /64 (one host is
// usually given a whole /64). At most `maxTracked` addresses are remembered;
// a new one beyond that forgets the one that failed least recently. Time is
// the injected clock's. Thread-safe: the artist API checks tokens on its
// reader threads (ApiReaderPool) against the one budget of the server. A
// check and its failure are two steps, so requests from one address in
// flight at once on different threads may each get one more try than the
// budget leaves (at most one per reader thread).
class TokenAttemptLimiter final
{
public:
    struct Budget
    {
        int attempts = 10;
        qint64 refillMs = 60'000;
        int maxTracked = 10'000;
    };

    explicit TokenAttemptLimiter(const Clock &clock)
        : TokenAttemptLimiter(clock, Budget{})
    {}
    TokenAttemptLimiter(const Clock &clock, Budget budget);

    // 0 when `address` may try a token now; otherwise how long (ms) until
    // it may try again.
    qint64 retryAfterMs(const QHostAddress &address);
    // Answers 429 with Retry-After (whole seconds, rounded up) and returns
    // true when `address` is over its budget; otherwise returns false and
    // sends nothing.
    bool refuse(const QHostAddress &address, HttpReply &reply);
    // A token from `address` was refused: one attempt less.
    void failed(const QHostAddress &address);

    // Addresses remembered now (at most Budget::maxTracked).
    int trackedCount() const
    {
        const QMutexLocker lock(&m_mutex);
        return int(m_byKey.size());
    }
    const Budget &budget() const { return m_budget; }
    // The key an address is counted under (see above).
    static QHostAddress keyFor(const QHostAddress &address);

private:
    struct Bucket
    {
        QHostAddress key;
        // When its debt is paid back, in ms x attempts (see the .cpp).
        qint64 tat = 0;
    };
    using Buckets = std::list<Bucket>; // least recently failed first

    // What the bucket still owes at `nowMs`, in ms x attempts.
    qint64 debt(const Bucket &b, qint64 nowMs) const;
    // retryAfterMs() with m_mutex held.
    qint64 retryAfterMsLocked(const QHostAddress &address);

    const Clock &m_clock;
    Budget m_budget;
    Buckets m_buckets;
    QHash<QHostAddress, Buckets::iterator> m_byKey;
    mutable QMutex m_mutex; // guards m_buckets and m_byKey
};
