#include "RateLimiter.h"

#include <algorithm>

RateLimiter::RateLimiter(int requestsPerSecond, int maxInFlight, QObject *parent)
    : QObject(parent)
    , m_rate(qMax(1, requestsPerSecond))
    , m_maxInFlight(qMax(1, maxInFlight))
{
    m_clock.start();
    m_timer.setSingleShot(true);
    // Coarse timers may fire 5% late, and lateness here is lost throughput.
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &RateLimiter::pump);
}

void RateLimiter::setRequestsPerSecond(int requestsPerSecond)
{
    m_rate = qMax(1, requestsPerSecond);
    pump();
}

void RateLimiter::setMaxInFlight(int maxInFlight)
{
    m_maxInFlight = qMax(1, maxInFlight);
    pump();
}

int RateLimiter::levelAt(qint64 nowNs) const
{
    if (m_level == 0)
        return 0;
    const qint64 steps = (nowNs - m_last429Ns) / (qint64(m_penaltyMs) * 1'000'000);
    return int(qMax<qint64>(0, m_level - steps));
}

int RateLimiter::limitAt(qint64 nowNs) const
{
    return qMax(1, m_rate >> levelAt(nowNs));
}

int RateLimiter::currentLimit() const
{
    return limitAt(nowNs());
}

void RateLimiter::enqueue(Start start)
{
    m_queue.push_back(std::move(start));
    pump();
}

void RateLimiter::markSent(Ticket ticket)
{
    const qint64 now = nowNs();
    for (Stamp &s : m_window) {
        if (s.ticket == ticket) {
            s.atNs = qMax(s.atNs, now);
            return;
        }
    }
    // Its start already left the window, so it waited long: count it anew.
    m_window.append({ticket, now});
}

void RateLimiter::noteExtraStart()
{
    m_window.append({0, nowNs()});
}

void RateLimiter::release(Ticket ticket)
{
    if (m_inFlight.remove(ticket))
        pump();
}

void RateLimiter::noteRateLimited()
{
    const qint64 now = nowNs();
    const int level = levelAt(now);
    m_level = level;
    // Requests already in flight when the first 429 came answer 429 too; one
    // halving per window is the reaction to one overload, not six.
    if (m_lastLoweredNs == 0 || now - m_lastLoweredNs >= windowNs()) {
        if ((m_rate >> level) > 1) {
            m_level = level + 1;
            m_lastLoweredNs = now;
            m_last429Ns = now;
            Q_EMIT limitLowered(limitAt(now));
            return;
        }
    }
    m_last429Ns = now; // keep the current level for another penalty period
}

qint64 RateLimiter::windowReadyAt(qint64 now, int limit)
{
    const qint64 horizon = now - windowNs();
    m_window.removeIf([horizon](const Stamp &s) { return s.atNs <= horizon; });
    if (m_window.size() < limit)
        return now;
    // Enough of the oldest starts must leave the window to make room for one.
    QList<qint64> times;
    times.reserve(m_window.size());
    for (const Stamp &s : std::as_const(m_window))
        times.append(s.atNs);
    const qsizetype mustLeave = m_window.size() - limit; // index of the last one to leave
    std::nth_element(times.begin(), times.begin() + mustLeave, times.end());
    return times.at(mustLeave) + windowNs() + 1;
}

void RateLimiter::pump()
{
    // Start functions may finish synchronously and call release(): loop
    // instead of recursing.
    if (m_pumping) {
        m_pumpAgain = true;
        return;
    }
    m_pumping = true;
    do {
        m_pumpAgain = false;
        while (!m_queue.empty() && m_inFlight.size() < m_maxInFlight) {
            const qint64 now = nowNs();
            const int limit = limitAt(now);
            const qint64 spacingNs = windowNs() / limit;
            // Even spacing (a GCRA schedule) with a little slack so a timer
            // that fires late can catch up; the window check is the hard bound.
            const qint64 readyAt = qMax(windowReadyAt(now, limit), m_tatNs - 2 * spacingNs);
            if (readyAt > now) {
                const qint64 waitMs = (readyAt - now + 999'999) / 1'000'000;
                m_timer.start(int(qMin<qint64>(waitMs, kWindowMs + kMarginMs)));
                break;
            }
            const Ticket ticket = ++m_nextTicket;
            m_window.append({ticket, now});
            m_inFlight.insert(ticket);
            m_tatNs = qMax(m_tatNs, now) + spacingNs;
            Start start = std::move(m_queue.front());
            m_queue.pop_front();
            start(ticket);
        }
    } while (m_pumpAgain);
    m_pumping = false;
}
