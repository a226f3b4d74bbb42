#include "Events.h"
#include "FakeStripe.h"
#include "SqliteAccess.h"
#include "engine/PayoutEngine.h"
#include "engine/PayoutPolicy.h"
#include "engine/RunLease.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>
#include <limits>

using Fault = FakeStripe::Fault;

// Payout runs against the stateful fake Stripe over real loopback HTTP:
// every outcome of ARCHITECTURE.md's state machine, and the exactly-once
// rules under lost answers, restarts and concurrent triggers.
// A Stripe account id is acct_ and letters and digits (EVENTS.md).
QString accountOf(QStringView artist)
{
    return QStringLiteral("acct_") + artist.toString().remove(u'_');
}

class TestPayout final : public QObject
{
    Q_OBJECT
    const QString m_key = QStringLiteral("sk_test_payout_engine");
    QTemporaryDir m_dir;
    std::unique_ptr<FakeStripe> m_fake;
    std::unique_ptr<Ledger> m_ledger;
    QString m_path;
    int m_n = 0;
    int m_event = 0;

    PayoutEngine::Config config(const QString &key = {}) const
    {
        PayoutEngine::Config c;
        c.ledger = LedgerLocation::sqliteFile(m_path);
        c.stripeApiBase = m_fake->baseUrl();
        c.stripeSecretKey = key.isEmpty() ? m_key : key;
        c.requestsPerSecond = 200;
        c.timeoutMs = 1500;
        return c;
    }
    // A paid cart: one item per (artist, amount), bought at `created`.
    void sale(const QList<std::pair<QString, qint64>> &items, qint64 created = 1767225600)
    {
        Events::Cart c;
        ++m_event;
        c.eventId = QStringLiteral("evt_p%1").arg(m_event);
        c.session = QStringLiteral("cs_p%1").arg(m_event);
        c.paymentIntent = QStringLiteral("pi_p%1").arg(m_event);
        c.created = created;
        for (const auto &[artist, amount] : items)
            c.items.append(Events::item(artist, amount, QStringLiteral("trk_%1").arg(m_event), {},
                                        accountOf(artist)));
        Intake intake(*m_ledger);
        QVERIFY(intake.ingestOne(Events::cart(c), IntakeSource::Import));
    }
    // The sale of event n (as sale() numbered it) is refunded in full.
    void refund(int n)
    {
        Intake intake(*m_ledger);
        QVERIFY(intake.ingestOne(
            Events::refund(QStringLiteral("evt_r%1").arg(n), QStringLiteral("pi_p%1").arg(n)),
            IntakeSource::Import));
    }
    PayoutRunSummary runOnce(PayoutEngine &engine, const QString &trigger = QStringLiteral("test"))
    {
        QSignalSpy done(&engine, &PayoutEngine::runFinished);
        engine.requestRun(trigger);
        if (!done.wait(30'000))
            qFatal("the payout run did not finish");
        return done.first().first().value<PayoutRunSummary>();
    }
    PayoutRunSummary runOnce()
    {
        PayoutEngine engine(config(), SystemClock::instance());
        return runOnce(engine);
    }
    qint64 count(EntryState state)
    {
        return m_ledger->reader().countEntries({{}, {state}}).value();
    }
    QList<Entry> entries(EntryState state)
    {
        return m_ledger->reader().entries({{}, {state}, std::numeric_limits<int>::max()}).value();
    }
    qint64 count(EntryState state, const std::function<bool(const Entry &)> &also)
    {
        const QList<Entry> e = entries(state);
        return std::count_if(e.begin(), e.end(), also);
    }
    // SQLite-specific: no store reads a sale's charge id back once its
    // entries are paid (dueEntries() shows it on due entries only).
    QString chargeIdOfTheSale()
    {
        QSqlQuery q(sqliteConnection(*m_ledger));
        q.exec(QStringLiteral("SELECT charge_id FROM sales"));
        return q.next() ? q.value(0).toString() : QString();
    }
    // Every transfer Stripe made is in the ledger as paid, once, and the
    // other way round; and verify passes.
    void checkOneToOne()
    {
        QSet<QString> fakeIds;
        for (const FakeStripe::Transfer &t : m_fake->transfers())
            fakeIds.insert(t.id);
        QCOMPARE(fakeIds.size(), m_fake->transfers().size());
        // The ledger's paid transfers, as the entries they paid name them
        // (refunded since or not).
        QSet<QString> ledgerIds;
        for (const EntryState st :
             {EntryState::Paid, EntryState::Reversing, EntryState::Reversed, EntryState::Clawback})
            for (const Entry &e : entries(st))
                ledgerIds.insert(e.transferId);
        QCOMPARE(ledgerIds, fakeIds);
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

private Q_SLOTS:
    void init()
    {
        m_fake = std::make_unique<FakeStripe>();
        QVERIFY(m_fake->listen());
        m_fake->addApiKey(m_key);
        m_fake->setAvailableBalance(QStringLiteral("gbp"), 1'000'000);
        for (const char *a : {"art_1", "art_2", "art_3"})
            m_fake->addAccount(accountOf(QString::fromLatin1(a)));
        m_path = m_dir.filePath(QStringLiteral("p%1.sqlite").arg(++m_n));
        m_event = 0; // each test's sales are numbered from 1 (refund() names them)
        m_ledger = std::make_unique<Ledger>(m_path, SystemClock::instance());
        QVERIFY(m_ledger->open());
    }
    void cleanup()
    {
        m_ledger.reset();
        m_fake.reset();
    }

    void paysOneTransferPerArtistAndCurrency()
    {
        sale({{QStringLiteral("art_1"), 560}, {QStringLiteral("art_2"), 840}});
        sale({{QStringLiteral("art_1"), 100}, {QStringLiteral("art_3"), 70}});
        PayoutEngine engine(config(), SystemClock::instance());
        QSignalSpy steps(&engine, &PayoutEngine::progressChanged);
        const PayoutRunSummary s = runOnce(engine);
        QVERIFY(s.ok());
        QCOMPARE(s.transfersPaid, 3);
        QCOMPARE(s.entriesPaid, 4);
        QCOMPARE(s.paidMinorByCurrency.value(QStringLiteral("gbp")), 1570);
        QCOMPARE(steps.last().at(0).toInt(), 3); // progress reached the total
        QCOMPARE(steps.last().at(1).toInt(), 3);
        QCOMPARE(m_fake->transfers().size(), 3);
        QCOMPARE(m_fake->availableBalance(QStringLiteral("gbp")), 1'000'000 - 1570);
        QCOMPARE(
            count(EntryState::Paid, [](const Entry &e) { return e.transferId.startsWith(u"tr_"); }),
            4);
        // Both of art_1's entries in one transfer of 660.
        QSet<QString> art1Transfers;
        qint64 art1Paid = 0;
        for (const Entry &e : entries(EntryState::Paid)) {
            if (e.artist == u"art_1") {
                art1Transfers.insert(e.transferId);
                art1Paid += e.amount.minor;
            }
        }
        QCOMPARE(art1Transfers.size(), 1);
        QCOMPARE(art1Paid, qint64(660));
        checkOneToOne();
        // Nothing is due any more: a second run pays nothing.
        QCOMPARE(runOnce(engine).transfersAttempted, 0);
        QCOMPARE(m_fake->transfers().size(), 3);
    }

    void transferDescriptionsNameTheTitles()
    {
        Events::Cart c;
        c.items = {
            Events::item(u"art_1"_qs, 560, u"trk_a"_qs, {}, accountOf(u"art_1"), u"Blue Hour"_qs),
            Events::item(u"art_1"_qs, 100, u"trk_b"_qs, {}, accountOf(u"art_1"), u"Late Bloom"_qs),
            Events::item(u"art_2"_qs, 840, u"trk_c"_qs, {}, accountOf(u"art_2"))};
        QVERIFY(Intake(*m_ledger).ingestOne(Events::cart(c), IntakeSource::Import));
        QVERIFY(runOnce().ok());
        QStringList descriptions;
        for (const FakeStripe::Transfer &t : m_fake->transfers())
            descriptions << t.description;
        descriptions.sort();
        QCOMPARE(descriptions,
                 QStringList({u"Payout Desk: 1 entry for art_2"_qs,
                              u"Payout Desk: 2 entries for art_1: Blue Hour, Late Bloom"_qs}));
        // Many long titles: cut to Stripe's limit, saying how many are left out.
        QStringList titles;
        for (int i = 0; i < 30; ++i)
            titles << QStringLiteral("A rather long title for track number %1").arg(i);
        const QString d = transferDescription(u"art_1"_qs, 30, titles);
        QVERIFY(d.size() <= kMaxTransferDescription);
        QVERIFY2(d.startsWith(u"Payout Desk: 30 entries for art_1: A rather long title"),
                 qPrintable(d));
        QVERIFY2(d.endsWith(u" more"), qPrintable(d));
    }

    void lostAnswersNeverPayTwice_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<int>("paidInFirstRun");
        QTest::newRow("500 after commit") << int(Fault::Error500AfterCommit) << 1;
        QTest::newRow("reset after commit") << int(Fault::ResetAfterCommit) << 1;
        QTest::newRow("timeout after commit") << int(Fault::TimeoutAfterCommit) << 1;
        QTest::newRow("500 before commit (stored under the key)")
            << int(Fault::Error500BeforeCommit) << 0;
        QTest::newRow("reset before commit") << int(Fault::ResetBeforeCommit) << 1;
    }
    void lostAnswersNeverPayTwice()
    {
        QFETCH(int, fault);
        QFETCH(int, paidInFirstRun);
        sale({{QStringLiteral("art_1"), 560}});
        m_fake->queueFault(Fault(fault));
        const PayoutRunSummary first = runOnce();
        QVERIFY(first.ok());
        QCOMPARE(first.transfersPaid, paidInFirstRun);
        // Whatever the first run knew, a second run settles it.
        const PayoutRunSummary second = runOnce();
        QVERIFY(second.ok());
        QCOMPARE(m_fake->transfers().size(), 1);
        QCOMPARE(count(EntryState::Paid), 1);
        checkOneToOne();
    }

    void insufficientBalancePaysOldestHoldsNewest()
    {
        m_fake->setAvailableBalance(QStringLiteral("gbp"), 1000);
        sale({{QStringLiteral("art_1"), 500}}, 1767225600); // oldest
        sale({{QStringLiteral("art_2"), 400}}, 1767225700);
        sale({{QStringLiteral("art_3"), 300}}, 1767225800); // newest: 1200 in all
        const PayoutRunSummary s = runOnce();
        QVERIFY(s.ok());
        QCOMPARE(s.transfersPaid, 2);
        QCOMPARE(s.entriesWaitingForBalance, 1);
        // Waiting for the balance is a reason, not an error.
        QCOMPARE(count(EntryState::Pending,
                       [](const Entry &e) {
                           return e.artist == u"art_3" &&
                                  e.reason == u"insufficient platform balance" &&
                                  e.lastError.isEmpty();
                       }),
                 1);
        QCOMPARE(count(EntryState::Paid), 2);
        QCOMPARE(m_fake->availableBalance(QStringLiteral("gbp")), 100); // never overdrawn
        m_fake->setAvailableBalance(QStringLiteral("gbp"), 1000);
        QCOMPARE(runOnce().transfersPaid, 1);
        checkOneToOne();
    }

    void accountWithoutTransfersCapabilityIsHeld()
    {
        m_fake->setAccountTransfersActive(accountOf(u"art_2"), false);
        sale({{QStringLiteral("art_1"), 560}, {QStringLiteral("art_2"), 840}});
        const PayoutRunSummary s = runOnce();
        QCOMPARE(s.transfersPaid, 1);
        QCOMPARE(s.entriesHeld, 1);
        QCOMPARE(count(EntryState::Held,
                       [](const Entry &e) {
                           return e.artist == u"art_2" && e.reason == u"payout account not ready";
                       }),
                 1);
        checkOneToOne();

        // The artist finishes onboarding; no account.updated reaches us. The
        // next run reads the account first and pays the held money at once.
        m_fake->setAccountTransfersActive(accountOf(u"art_2"), true);
        const PayoutRunSummary next = runOnce();
        QCOMPARE(next.transfersPaid, 1);
        QCOMPARE(next.entriesHeld, 0);
        QCOMPARE(count(EntryState::Held), 0);
        QCOMPARE(count(EntryState::Paid, [](const Entry &e) { return e.artist == u"art_2"; }), 1);
        checkOneToOne();
    }

    void aRunLeavesMoneyHeldWhileTheAccountIsStillNotReady()
    {
        m_fake->setAccountTransfersActive(accountOf(u"art_2"), false);
        sale({{QStringLiteral("art_2"), 840}});
        QCOMPARE(runOnce().entriesHeld, 1);
        const PayoutRunSummary next = runOnce();
        QCOMPARE(next.transfersAttempted, 0); // read, still not ready: no transfer tried
        QCOMPARE(count(EntryState::Held), 1);
    }

    void moneyBelowTheMinimumPayoutWaitsUntilItReachesIt()
    {
        PayoutEngine::Config c = config();
        c.minimumPayout = PayoutPolicy::parseMinimums(QStringLiteral("gbp 10.00")).value();
        PayoutEngine engine(c, SystemClock::instance());
        sale({{QStringLiteral("art_1"), 560}, {QStringLiteral("art_2"), 1200}});
        PayoutRunSummary s = runOnce(engine);
        QCOMPARE(s.transfersPaid, 1); // art_2 only
        QCOMPARE(count(EntryState::Pending,
                       [](const Entry &e) {
                           return e.artist == u"art_1" &&
                                  e.reason == u"below the minimum payout of £10.00";
                       }),
                 1);
        // Another sale takes art_1 past the minimum: both entries go together.
        sale({{QStringLiteral("art_1"), 440}});
        s = runOnce(engine);
        QCOMPARE(s.transfersPaid, 1);
        QCOMPARE(s.entriesPaid, 2);
        QCOMPARE(count(EntryState::Pending), 0);
        checkOneToOne();
    }

    void aMinimumPayoutSettingThatDoesNotParseStopsTheRunAndKeepsTheMoney()
    {
        PayoutEngine::Config c = config();
        c.minimumPayoutProblem = PayoutPolicy::parseMinimums(QStringLiteral("gbp ten")).error();
        PayoutEngine engine(c, SystemClock::instance());
        sale({{QStringLiteral("art_1"), 560}});
        const PayoutRunSummary s = runOnce(engine);
        QVERIFY2(s.fatalError.contains(u"engine/minimumPayout"), qPrintable(s.fatalError));
        QVERIFY2(s.fatalError.contains(u"\"ten\""), qPrintable(s.fatalError));
        QCOMPARE(count(EntryState::Pending), 1);
        QVERIFY(m_fake->transfers().isEmpty());
    }

    void unknownDestinationIsHeld()
    {
        sale({{QStringLiteral("art_9"), 560}}); // acct_art9 does not exist at Stripe
        const PayoutRunSummary s = runOnce();
        QCOMPARE(s.entriesHeld, 1);
        QCOMPARE(count(EntryState::Held,
                       [](const Entry &e) { return e.reason == u"payout account not found"; }),
                 1);
    }

    void rateLimitedTransferIsRetriedLater()
    {
        sale({{QStringLiteral("art_1"), 560}});
        for (int i = 0; i < 5; ++i)
            m_fake->queueFault(Fault::RateLimit429);
        const PayoutRunSummary s = runOnce();
        QCOMPARE(s.entriesRetrying, 1);
        QCOMPARE(count(EntryState::Pending,
                       [](const Entry &e) {
                           return e.attempts == 1 && e.nextAttemptAt.isValid() &&
                                  e.nextAttemptAt.toMSecsSinceEpoch() > 0;
                       }),
                 1);
        QCOMPARE(m_fake->transfers().size(), 0);
        // Not due before its backoff: the next run leaves it alone.
        QCOMPARE(runOnce().transfersAttempted, 0);
    }

    void restartWithEntriesInSendingResendsWithTheSameKey()
    {
        sale({{QStringLiteral("art_1"), 560}, {QStringLiteral("art_2"), 840}});
        // A run that crashed right after claiming: keys written, nothing sent.
        QString key;
        {
            PayoutStore &crashed = m_ledger->payouts();
            const QList<ClaimedTransfer> claimed =
                crashed
                    .claim(PayoutPolicy::groupEntries(crashed.dueEntries().value(),
                                                      PayoutPolicy::Grouping::PerArtist))
                    .value();
            QCOMPARE(claimed.size(), 2);
            key = claimed.first().idempotencyKey;
        }
        QCOMPARE(count(EntryState::Sending), 2);
        const PayoutRunSummary s = runOnce();
        QCOMPARE(s.transfersPaid, 2);
        QCOMPARE(m_fake->transfers().size(), 2);
        bool sentWithClaimedKey = false;
        for (const FakeStripe::Transfer &t : m_fake->transfers())
            sentWithClaimedKey |= t.idempotencyKey == key;
        QVERIFY(sentWithClaimedKey);
        checkOneToOne();
    }

    void aRefusalOfAResentAttemptProvesNothing()
    {
        sale({{QStringLiteral("art_1"), 560}});
        QString key;
        {
            // A run that crashed after claiming: its request may have left.
            PayoutStore &crashed = m_ledger->payouts();
            key = crashed
                      .claim(PayoutPolicy::groupEntries(crashed.dueEntries().value(),
                                                        PayoutPolicy::Grouping::PerArtist))
                      .value()
                      .first()
                      .idempotencyKey;
        }
        // Stripe answers a 429 before its idempotency layer: it says nothing
        // about the earlier request, so the entries keep their key.
        for (int i = 0; i < 3; ++i) // every attempt of the client's call
            m_fake->queueFault(Fault::RateLimit429);
        const PayoutRunSummary first = runOnce();
        QCOMPARE(first.entriesRetrying, 0);
        QCOMPARE(first.entriesUnknown, 1);
        QCOMPARE(
            count(EntryState::Sending, [&](const Entry &e) { return e.idempotencyKey == key; }), 1);
        QCOMPARE(runOnce().transfersPaid, 1);
        QCOMPARE(m_fake->transfers().size(), 1);
        QCOMPARE(m_fake->transfers().first().idempotencyKey, key);
        checkOneToOne();
    }

    void triggersDuringARunCoalesceIntoOneFollowUp()
    {
        sale({{QStringLiteral("art_1"), 560}});
        m_fake->setLatencyMs(200);
        PayoutEngine engine(config(), SystemClock::instance());
        QSignalSpy started(&engine, &PayoutEngine::runStarted);
        QSignalSpy finished(&engine, &PayoutEngine::runFinished);
        QSignalSpy running(&engine, &PayoutEngine::runningChanged);
        engine.requestRun(QStringLiteral("first"));
        QVERIFY(engine.isRunning());
        engine.requestRun(QStringLiteral("second"));
        engine.requestRun(QStringLiteral("third"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 20'000);
        QTRY_COMPARE(running.size(), 2); // true once, false once: one continuous busy period
        QVERIFY(!engine.isRunning());
        QCOMPARE(started.size(), 2);
        QCOMPARE(started.at(1).first().toString(), QStringLiteral("third"));
        QCOMPARE(m_fake->transfers().size(), 1);
    }

    void anotherProcessHoldingTheLeaseBlocksTheRun()
    {
        sale({{QStringLiteral("art_1"), 560}});
        RunLease other(*m_ledger, QStringLiteral("otherhost:1:abcd"));
        QVERIFY(other.acquire(60'000).value());
        const PayoutRunSummary s = runOnce();
        QVERIFY(!s.ok());
        QVERIFY(s.fatalError.contains(QStringLiteral("another payout run")));
        QCOMPARE(m_fake->transfers().size(), 0);
        QVERIFY(other.release());
        QCOMPARE(runOnce().transfersPaid, 1);
    }

    void badKeyStopsTheRunAndKeepsTheMoneyPending()
    {
        sale({{QStringLiteral("art_1"), 560}});
        PayoutEngine engine(config(QStringLiteral("sk_test_wrong")), SystemClock::instance());
        const PayoutRunSummary s = runOnce(engine);
        QVERIFY(!s.ok());
        QCOMPARE(count(EntryState::Pending), 1);
        QVERIFY(!s.fatalError.contains(QStringLiteral("sk_test_wrong")));
    }

    // EVENTS.md: a full refund of a sale already paid out takes each
    // artist's share back from the transfer that paid it.
    void aRefundAfterPayoutReversesEachArtistsShare()
    {
        sale({{QStringLiteral("art_1"), 560}, {QStringLiteral("art_2"), 840}});
        sale({{QStringLiteral("art_1"), 100}});
        QCOMPARE(runOnce().transfersPaid, 2);
        refund(1);
        QCOMPARE(count(EntryState::Reversing), 2); // shown at once, before any run

        const PayoutRunSummary s = runOnce();
        QVERIFY(s.ok());
        QCOMPARE(s.reversalsDone, 2);
        QCOMPARE(s.clawbacks, 0);
        QCOMPARE(s.reversedMinorByCurrency.value(QStringLiteral("gbp")), 1400);
        QCOMPARE(m_fake->reversals().size(), 2);
        QMap<QString, qint64> back; // per connected account
        for (const FakeStripe::Reversal &r : m_fake->reversals())
            for (const FakeStripe::Transfer &t : m_fake->transfers())
                if (t.id == r.transfer)
                    back[t.destination] += r.amount;
        QCOMPARE(back.value(accountOf(u"art_1")), 560); // not art_1's second sale
        QCOMPARE(back.value(accountOf(u"art_2")), 840);
        QCOMPARE(m_fake->availableBalance(QStringLiteral("gbp")), 1'000'000 - 100);
        QCOMPARE(count(EntryState::Reversed), 2);
        QCOMPARE(count(EntryState::Paid), 1);
        checkOneToOne();
        // Done once: another run reverses nothing more.
        QCOMPARE(runOnce().reversalsDone, 0);
        QCOMPARE(m_fake->reversals().size(), 2);
    }

    // STRIPE.md: Stripe refuses a reversal the artist's balance cannot
    // cover. The share becomes a clawback, netted against the artist's next
    // payouts: never a transfer below zero, the rest carried.
    void aRefusedReversalIsClawedBackFromTheNextPayouts()
    {
        sale({{QStringLiteral("art_1"), 500}});
        QCOMPARE(runOnce().transfersPaid, 1);
        // The artist paid the money out to their bank meanwhile.
        m_fake->setAccountBalance(accountOf(u"art_1"), QStringLiteral("gbp"), 120);
        refund(1);
        const PayoutRunSummary refused = runOnce();
        QVERIFY(refused.ok());
        QCOMPARE(refused.clawbacks, 1);
        QVERIFY(refused.needsAttention());
        QVERIFY(m_fake->reversals().isEmpty());
        QCOMPARE(count(EntryState::Clawback), 1);
        const QList<Entry> owed = entries(EntryState::Pending);
        QCOMPARE(owed.size(), 1);
        QCOMPARE(owed.first().kind, EntryKind::Clawback);
        QCOMPARE(owed.first().amount, Money(-500, QStringLiteral("gbp")));
        QVERIFY(m_ledger->reader().verify().value().ok());

        // A sale smaller than the clawback: nothing is sent, all of it waits.
        sale({{QStringLiteral("art_1"), 300}});
        const PayoutRunSummary short1 = runOnce();
        QCOMPARE(short1.transfersAttempted, 0);
        QCOMPARE(m_fake->transfers().size(), 1);
        for (const Entry &e : entries(EntryState::Pending))
            QCOMPARE(e.reason, QStringLiteral("netted against a clawback: £2.00 still to recover"));

        // The next sale covers it: one transfer of what is left, 300 + 400 - 500.
        sale({{QStringLiteral("art_1"), 400}});
        const PayoutRunSummary net = runOnce();
        QCOMPARE(net.transfersPaid, 1);
        QCOMPARE(m_fake->transfers().size(), 2);
        QCOMPARE(m_fake->transfers().last().amount, 200);
        QCOMPARE(count(EntryState::Pending), 0);
        QCOMPARE(
            count(EntryState::Paid, [](const Entry &e) { return e.kind == EntryKind::Clawback; }),
            1);
        checkOneToOne();
    }

    void aReversalWhoseAnswerIsLostIsResolvedOnce_data()
    {
        QTest::addColumn<int>("fault");
        QTest::newRow("500 after commit") << int(Fault::Error500AfterCommit);
        QTest::newRow("reset after commit") << int(Fault::ResetAfterCommit);
        QTest::newRow("timeout after commit") << int(Fault::TimeoutAfterCommit);
        QTest::newRow("500 before commit (stored under the key)")
            << int(Fault::Error500BeforeCommit);
        QTest::newRow("timeout before commit") << int(Fault::TimeoutBeforeCommit);
    }
    void aReversalWhoseAnswerIsLostIsResolvedOnce()
    {
        QFETCH(int, fault);
        sale({{QStringLiteral("art_1"), 560}});
        QCOMPARE(runOnce().transfersPaid, 1);
        refund(1);
        m_fake->queueFault(Fault(fault));
        QVERIFY(runOnce().ok());
        // Whatever the first run knew, the next ones settle it, and the
        // share is taken back exactly once.
        QVERIFY(runOnce().ok());
        if (count(EntryState::Reversing) > 0)
            QVERIFY(runOnce().ok()); // a 500 stored under the key: reconciled, then a new key
        QCOMPARE(m_fake->reversals().size(), 1);
        QCOMPARE(m_fake->reversals().first().amount, 560);
        QCOMPARE(count(EntryState::Reversed), 1);
        checkOneToOne();
    }

    void perChargeGroupingUsesSourceTransaction()
    {
        m_fake->setAvailableBalance(QStringLiteral("gbp"), 0); // fresh sales: nothing available yet
        sale({{QStringLiteral("art_1"), 560}, {QStringLiteral("art_2"), 840}});
        m_fake->addPaymentIntent(QStringLiteral("pi_p%1").arg(m_event), QStringLiteral("ch_p1"),
                                 1400, QStringLiteral("gbp"));
        PayoutEngine::Config c = config();
        c.perChargeGrouping = true;
        PayoutEngine engine(c, SystemClock::instance());
        const PayoutRunSummary s = runOnce(engine);
        QCOMPARE(s.transfersPaid, 2);
        for (const FakeStripe::Transfer &t : m_fake->transfers())
            QCOMPARE(t.sourceTransaction, QStringLiteral("ch_p1"));
        QCOMPARE(chargeIdOfTheSale(), QStringLiteral("ch_p1"));
        checkOneToOne();
    }
};

QTEST_GUILESS_MAIN(TestPayout)
#include "tst_payout.moc"
