#pragma once

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <deque>
#include <functional>

// Paces requests to Stripe on the client's side, so a payout run never earns
// a 429 by itself: no sliding one-second window ever holds more than N request
// starts (Stripe and the fake count exactly that), starts are spread evenly
// rather than in bursts, and at most maxInFlight requests run at once. A 429
// still happens when something else shares the key; then the limiter halves
// its rate for a while and recovers step by step.
//
// Event driven: a request waits in a queue and its start function is called
// from the event loop (or at once when allowed); nothing sleeps or blocks.
// Lives on one thread, like the client that owns it.
class RateLimiter final : public QObject
{
    Q_OBJECT

public:
    using Ticket = quint64;
    using Start = std::function<void(Ticket)>;

    // The window the limiter keeps is one second plus this margin: a request
    // counted here at t reaches the server a little later, and two requests a
    // second apart here must not land inside one second there.
    static constexpr int kWindowMs = 1000;
    static constexpr int kMarginMs = 50;

    explicit RateLimiter(int requestsPerSecond = 25, int maxInFlight = 8,
                         QObject *parent = nullptr);

    void setRequestsPerSecond(int requestsPerSecond);
    int requestsPerSecond() const { return m_rate; }
    void setMaxInFlight(int maxInFlight);
    int maxInFlight() const { return m_maxInFlight; }
    // How long one halving lasts before the rate doubles again.
    void setPenaltyMs(int ms) { m_penaltyMs = qMax(1, ms); }
    // The limit in force now: requestsPerSecond() halved per recent 429 step.
    int currentLimit() const;

    int inFlight() const { return int(m_inFlight.size()); }
    int queued() const { return int(m_queue.size()); }

    // Queues a request. `start` is called, with a ticket to release later,
    // once pacing and the in-flight bound allow; possibly inside this call.
    void enqueue(Start start);
    // The request went on the wire only now (it waited inside the network
    // library): its start counts from now, which keeps later starts honest.
    void markSent(Ticket ticket);
    // The network library resent a request by itself: one more start, now.
    void noteExtraStart();
    // The request finished, whatever its outcome: frees its in-flight slot.
    void release(Ticket ticket);
    // The server answered 429: halve the rate (at most once per window).
    void noteRateLimited();

Q_SIGNALS:
    // The limit went down after a 429 (up again is not signalled).
    void limitLowered(int limit);

private:
    struct Stamp
    {
        Ticket ticket;
        qint64 atNs;
    };

    void pump();
    qint64 nowNs() const { return m_clock.nsecsElapsed(); }
    qint64 windowNs() const { return qint64(kWindowMs + kMarginMs) * 1'000'000; }
    int levelAt(qint64 nowNs) const;
    int limitAt(qint64 nowNs) const;
    // The earliest time another start fits in the window, given `limit`.
    qint64 windowReadyAt(qint64 nowNs, int limit);

    int m_rate = 25;
    int m_maxInFlight = 8;
    int m_penaltyMs = 3000;
    QElapsedTimer m_clock;
    QTimer m_timer;
    std::deque<Start> m_queue;
    QList<Stamp> m_window; // starts within the window, unsorted (markSent moves them)
    QSet<Ticket> m_inFlight;
    Ticket m_nextTicket = 0;
    qint64 m_tatNs = 0; // theoretical time of the next start (even spacing)
    // 429 back-off: m_level halvings, each undone m_penaltyMs after the last
    // 429 (so the rate doubles back one step at a time).
    int m_level = 0;
    qint64 m_last429Ns = 0;
    qint64 m_lastLoweredNs = 0;
    bool m_pumping = false;
    bool m_pumpAgain = false;
};
