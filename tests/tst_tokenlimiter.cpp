#include "api/TokenAttemptLimiter.h"
#include "util/Clock.h"

#include <QHostAddress>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QTest>

// The budget of refused tokens per client address (api/TokenAttemptLimiter)
// on its own; tst_api checks it through the routes.
class TestTokenLimiter final : public QObject
{
    Q_OBJECT
    ManualClock m_clock;

private Q_SLOTS:
    void countsPerAddressFoldingMappedAndOneSlash64()
    {
        TokenAttemptLimiter limiter(m_clock, {3, 30'000, 100});
        const QHostAddress v4(QStringLiteral("10.0.0.1"));
        const QHostAddress mapped(QStringLiteral("::ffff:10.0.0.1"));
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(limiter.retryAfterMs(mapped), 0);
            limiter.failed(mapped);
        }
        QCOMPARE(limiter.retryAfterMs(v4), 10'000);
        QCOMPARE(limiter.retryAfterMs(mapped), 10'000);
        QCOMPARE(limiter.retryAfterMs(QHostAddress(QStringLiteral("10.0.0.2"))), 0);

        const QHostAddress host1(QStringLiteral("2001:db8:1:2::1"));
        const QHostAddress host2(QStringLiteral("2001:db8:1:2:ffff:0:0:9"));
        const QHostAddress otherNet(QStringLiteral("2001:db8:1:3::1"));
        for (int i = 0; i < 3; ++i)
            limiter.failed(i % 2 ? host1 : host2);
        QVERIFY(limiter.retryAfterMs(host1) > 0);
        QVERIFY(limiter.retryAfterMs(host2) > 0);
        QCOMPARE(limiter.retryAfterMs(otherNet), 0);
        QCOMPARE(limiter.trackedCount(), 2);

        // Paid back in full, an address is forgotten.
        m_clock.advanceMs(30'000);
        QCOMPARE(limiter.retryAfterMs(v4), 0);
        QCOMPARE(limiter.retryAfterMs(host1), 0);
        QCOMPARE(limiter.trackedCount(), 0);
    }

    void memoryIsBoundedWhateverTheNumberOfAddresses()
    {
        // Each address's lockout is logged once: 20,000 lines, not wanted here.
        QLoggingCategory::setFilterRules(QStringLiteral("payoutdesk.api.warning=false"));
        const auto restore = qScopeGuard([] { QLoggingCategory::setFilterRules({}); });
        constexpr int kMax = 100;
        TokenAttemptLimiter limiter(m_clock, {2, 60'000, kMax});
        constexpr int kAddresses = 20'000;
        const auto address = [](int i) { return QHostAddress(quint32(0x0a000000 + i)); };
        for (int i = 0; i < kAddresses; ++i) {
            limiter.failed(address(i));
            limiter.failed(address(i));
            QVERIFY(limiter.trackedCount() <= kMax);
        }
        QCOMPARE(limiter.trackedCount(), kMax);
        // The newest are remembered; the oldest were let go first.
        for (int i = kAddresses - kMax; i < kAddresses; ++i)
            QVERIFY(limiter.retryAfterMs(address(i)) > 0);
        QCOMPARE(limiter.retryAfterMs(address(0)), 0);
        // A refusal moves an address to the back: it outlives newer ones.
        const int kept = kAddresses - kMax;
        limiter.failed(address(kept));
        for (int i = 0; i < kMax - 1; ++i)
            limiter.failed(QHostAddress(quint32(0x0b000000 + i)));
        QVERIFY(limiter.retryAfterMs(address(kept)) > 0);
        QCOMPARE(limiter.retryAfterMs(address(kept + 1)), 0);
    }
};

QTEST_GUILESS_MAIN(TestTokenLimiter)
#include "tst_tokenlimiter.moc"
