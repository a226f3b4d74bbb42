#include "TokenAttemptLimiter.h"

#include "api/ApiSupport.h"
#include "http/HttpServer.h"
#include "util/Clock.h"

#include <QJsonObject>

#include <cstring>

// The bucket is kept as a debt in units of ms x attempts (integers, no
// rounding drift): each failure adds refillMs, time pays back `attempts`
// per ms, and a try is allowed while the debt leaves room for one more
// failure. A bucket with no debt is forgotten.

TokenAttemptLimiter::TokenAttemptLimiter(const Clock &clock, Budget budget)
    : m_clock(clock)
    , m_budget(budget)
{
    m_budget.attempts = qMax(1, m_budget.attempts);
    m_budget.refillMs = qMax<qint64>(1, m_budget.refillMs);
    m_budget.maxTracked = qMax(1, m_budget.maxTracked);
}

QHostAddress TokenAttemptLimiter::keyFor(const QHostAddress &address)
{
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return address;
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    if (mapped)
        return QHostAddress(v4);
    Q_IPV6ADDR bytes = address.toIPv6Address();
    std::memset(&bytes[8], 0, 8); // the interface half: one /64 is one client
    return QHostAddress(bytes);
}

qint64 TokenAttemptLimiter::debt(const Bucket &b, qint64 nowMs) const
{
    const qint64 now = nowMs * m_budget.attempts;
    return qMax<qint64>(0, b.tat - now);
}

qint64 TokenAttemptLimiter::retryAfterMs(const QHostAddress &address)
{
    const QMutexLocker lock(&m_mutex);
    return retryAfterMsLocked(address);
}

qint64 TokenAttemptLimiter::retryAfterMsLocked(const QHostAddress &address)
{
    const auto it = m_byKey.constFind(keyFor(address));
    if (it == m_byKey.cend())
        return 0;
    const qint64 d = debt(**it, m_clock.nowMs());
    if (d == 0) {
        m_buckets.erase(*it);
        m_byKey.erase(it);
        return 0;
    }
    const qint64 room = (m_budget.attempts - 1) * m_budget.refillMs;
    if (d <= room)
        return 0;
    return (d - room + m_budget.attempts - 1) / m_budget.attempts;
}

bool TokenAttemptLimiter::refuse(const QHostAddress &address, HttpReply &reply)
{
    const qint64 waitMs = retryAfterMs(address);
    if (waitMs == 0)
        return false;
    const qint64 secs = (waitMs + 999) / 1000;
    reply.sendJson(
        429,
        {{QStringLiteral("error"), QStringLiteral("too_many_requests")},
         {QStringLiteral("message"),
          QStringLiteral("too many refused tokens from this address; try again in %1 s").arg(secs)},
         {QStringLiteral("retry_after_secs"), secs}},
        {{QByteArrayLiteral("Retry-After"), QByteArray::number(secs)}});
    return true;
}

void TokenAttemptLimiter::failed(const QHostAddress &address)
{
    const QHostAddress key = keyFor(address);
    const qint64 nowMs = m_clock.nowMs();
    QMutexLocker lock(&m_mutex);
    auto it = m_byKey.find(key);
    if (it == m_byKey.end()) {
        if (m_byKey.size() >= m_budget.maxTracked) {
            m_byKey.remove(m_buckets.front().key);
            m_buckets.pop_front();
        }
        m_buckets.push_back(Bucket{key, 0});
        it = m_byKey.insert(key, std::prev(m_buckets.end()));
    } else {
        m_buckets.splice(m_buckets.end(), m_buckets, *it);
    }
    Bucket &b = **it;
    b.tat = nowMs * m_budget.attempts + debt(b, nowMs) + m_budget.refillMs;
    const qint64 waitMs = retryAfterMsLocked(address);
    lock.unlock();
    if (waitMs > 0)
        qCWarning(lcApi).noquote() << "[API] Too many refused tokens from" << key.toString()
                                   << "- answering it 429 for" << (waitMs + 999) / 1000 << "s";
}
