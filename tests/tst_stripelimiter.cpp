// RateLimiter: pacing, the in-flight bound and the 429 back-off, on the
// event loop with real time. Waits are QTRY_* on state; nothing sleeps.
#include "stripe/RateLimiter.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

class TestStripeRateLimiter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noSlidingSecondHoldsMoreThanTheLimit();
    void boundsRequestsInFlight();
    void halvesOnA429AndRecovers();
    void manyTogether429sHalveOnce();
    void resendsCountAgainstTheWindow();
    void startsInQueueOrder();
};

void TestStripeRateLimiter::noSlidingSecondHoldsMoreThanTheLimit()
{
    constexpr int limit = 20;
    constexpr int count = 50;
    RateLimiter limiter(limit, 100);
    QElapsedTimer clock;
    clock.start();
    QList<qint64> starts;
    for (int i = 0; i < count; ++i) {
        limiter.enqueue([&](RateLimiter::Ticket ticket) {
            starts.append(clock.nsecsElapsed());
            limiter.release(ticket);
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(starts.size(), qsizetype(count), 10000);

    // Every start opens a window of one second: it and the starts in the
    // following second may number at most `limit`.
    for (qsizetype i = 0; i < starts.size(); ++i) {
        const auto end =
            std::upper_bound(starts.cbegin(), starts.cend(), starts.at(i) + 1'000'000'000LL - 1);
        QVERIFY2(end - (starts.cbegin() + i) <= limit, qPrintable(QString::number(i)));
    }
    // 50 starts, at most 20 per second: starts 0, 20 and 40 are >= 1 s apart.
    QVERIFY(starts.last() - starts.first() >= 2'000'000'000LL);
}

void TestStripeRateLimiter::boundsRequestsInFlight()
{
    RateLimiter limiter(1000, 3);
    QList<RateLimiter::Ticket> running;
    for (int i = 0; i < 10; ++i)
        limiter.enqueue([&](RateLimiter::Ticket ticket) { running.append(ticket); });
    QTRY_COMPARE(running.size(), qsizetype(3));
    QCOMPARE(limiter.inFlight(), 3);
    QCOMPARE(limiter.queued(), 7);

    limiter.release(running.takeFirst());
    QTRY_COMPARE(running.size(), qsizetype(3));
    QCOMPARE(limiter.queued(), 6);
    limiter.release(running.first()); // releasing twice frees one slot only
    limiter.release(running.takeFirst());
    QTRY_COMPARE(running.size(), qsizetype(3));
    QCOMPARE(limiter.inFlight(), 3);
    QCOMPARE(limiter.queued(), 5);
}

void TestStripeRateLimiter::halvesOnA429AndRecovers()
{
    RateLimiter limiter(20, 8);
    limiter.setPenaltyMs(300);
    QSignalSpy lowered(&limiter, &RateLimiter::limitLowered);
    QCOMPARE(limiter.currentLimit(), 20);
    limiter.noteRateLimited();
    QCOMPARE(limiter.currentLimit(), 10);
    QCOMPARE(lowered.size(), 1);
    QCOMPARE(lowered.first().first().toInt(), 10);
    QTRY_COMPARE(limiter.currentLimit(), 20);
}

void TestStripeRateLimiter::manyTogether429sHalveOnce()
{
    // Requests in flight when the server began refusing all come back 429;
    // that is one overload, not six.
    RateLimiter limiter(40, 8);
    for (int i = 0; i < 6; ++i)
        limiter.noteRateLimited();
    QCOMPARE(limiter.currentLimit(), 20);
    RateLimiter floor(1, 1);
    floor.noteRateLimited();
    QCOMPARE(floor.currentLimit(), 1); // never below one a second
}

void TestStripeRateLimiter::resendsCountAgainstTheWindow()
{
    // Two requests QNAM resent on its own fill a limit of two: the next
    // start must wait for them to leave the window.
    RateLimiter limiter(2, 8);
    limiter.noteExtraStart();
    limiter.noteExtraStart();
    bool started = false;
    QElapsedTimer clock;
    clock.start();
    limiter.enqueue([&](RateLimiter::Ticket) { started = true; });
    QVERIFY(!started);
    QCOMPARE(limiter.queued(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(started, 5000);
    QVERIFY(clock.elapsed() >= RateLimiter::kWindowMs);
}

void TestStripeRateLimiter::startsInQueueOrder()
{
    RateLimiter limiter(1000, 1);
    QList<int> order;
    for (int i = 0; i < 5; ++i) {
        limiter.enqueue([&, i](RateLimiter::Ticket ticket) {
            order.append(i);
            limiter.release(ticket); // synchronous release must not recurse or reorder
        });
    }
    QTRY_COMPARE(order.size(), qsizetype(5));
    QCOMPARE(order, (QList<int>{0, 1, 2, 3, 4}));
}

QTEST_GUILESS_MAIN(TestStripeRateLimiter)
#include "tst_stripelimiter.moc"
