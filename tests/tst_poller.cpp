#include "Events.h"
#include "FakeStripe.h"
#include "intake/EventsPoller.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "report/StatusReport.h"
#include "stripe/StripeClient.h"
#include "util/Clock.h"

#include <QLocale>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

// The Events API poller against the fake Stripe: pages, a restart in the
// middle, and an event that also came by webhook.
class TestPoller final : public QObject
{
    Q_OBJECT
    const QString m_key = QStringLiteral("sk_test_poller");
    QTemporaryDir m_dir;
    std::unique_ptr<FakeStripe> m_fake;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<Intake> m_intake;
    std::unique_ptr<StripeClient> m_client;
    int m_n = 0;
    int m_events = 0;

    QByteArray addSale()
    {
        ++m_events;
        Events::Cart c;
        c.eventId = QStringLiteral("evt_poll%1").arg(m_events, 5, 10, QLatin1Char('0'));
        c.session = QStringLiteral("cs_poll%1").arg(m_events);
        c.paymentIntent = QStringLiteral("pi_poll%1").arg(m_events);
        c.created = QDateTime::currentSecsSinceEpoch() - 3600 + m_events;
        c.items = {Events::item(QStringLiteral("art_1"), 100,
                                QStringLiteral("trk_%1").arg(m_events), {},
                                QStringLiteral("acct_1"))};
        const QByteArray body = Events::cart(c);
        m_fake->addEvent(body);
        return body;
    }
    int poll(int maxPages = -1)
    {
        EventsPoller poller(*m_ledger, *m_intake, *m_client);
        QSignalSpy finished(&poller, &EventsPoller::pollFinished);
        poller.pollNow(maxPages);
        if (!finished.wait(20'000))
            qFatal("poll did not finish");
        if (!finished.first().at(1).toString().isEmpty())
            qFatal("poll failed: %s", qPrintable(finished.first().at(1).toString()));
        return finished.first().first().toInt();
    }
    qint64 entries() { return m_ledger->reader().countEntries({}).value(); }
    // The sales' events (evt_poll00001..) that intake recorded as a
    // duplicate; -1 when one was never processed at all.
    int duplicates()
    {
        int n = 0;
        for (int i = 1; i <= m_events; ++i) {
            const QString outcome =
                m_ledger->intake()
                    .processedOutcome(QStringLiteral("evt_poll%1").arg(i, 5, 10, QLatin1Char('0')))
                    .value();
            if (outcome.isEmpty())
                return -1;
            n += outcome == u"duplicate";
        }
        return n;
    }

private Q_SLOTS:
    void init()
    {
        m_events = 0;
        m_fake = std::make_unique<FakeStripe>();
        QVERIFY(m_fake->listen());
        m_fake->addApiKey(m_key);
        m_ledger = std::make_unique<Ledger>(m_dir.filePath(QStringLiteral("e%1.sqlite").arg(++m_n)),
                                            SystemClock::instance());
        QVERIFY(m_ledger->open());
        m_intake = std::make_unique<Intake>(*m_ledger);
        StripeClient::Config c;
        c.apiBase = m_fake->baseUrl();
        c.secretKey = m_key;
        c.requestsPerSecond = 200;
        m_client = std::make_unique<StripeClient>(c);
    }
    void cleanup()
    {
        m_client.reset();
        m_intake.reset();
        m_ledger.reset();
        m_fake.reset();
    }

    void firstPollTakesEverythingAcrossPages()
    {
        for (int i = 0; i < 250; ++i)
            addSale();
        m_fake->addEvent(
            Events::other(QStringLiteral("evt_zz_other"), QStringLiteral("customer.created")));
        QCOMPARE(poll(), 250); // the filter leaves other types at Stripe
        QCOMPARE(entries(), 250);
        QCOMPARE(m_ledger->meta().value(QStringLiteral("poller.cursor")).value(),
                 QStringLiteral("evt_poll00250"));
        QCOMPARE(poll(), 0); // nothing new
    }

    void restartInTheMiddleLeavesNoGapsAndNoRepeats()
    {
        for (int i = 0; i < 10; ++i)
            addSale();
        QCOMPARE(poll(), 10);
        for (int i = 0; i < 250; ++i)
            addSale();
        // The first poller stops after one page, as if the process ended...
        QCOMPARE(poll(1), 100);
        QCOMPARE(m_ledger->meta().value(QStringLiteral("poller.cursor")).value(),
                 QStringLiteral("evt_poll00110"));
        // ...and a new one picks up exactly where it stopped.
        QCOMPARE(poll(), 150);
        QCOMPARE(entries(), 260);
        QCOMPARE(duplicates(), 0);
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

    void aGapLongerThanStripeKeepsEventsIsReported()
    {
        addSale();
        QCOMPARE(poll(), 1);
        const QDateTime longAgo = QDateTime::currentDateTimeUtc().addDays(-31);
        QVERIFY(m_ledger->meta().setValue(QStringLiteral("poller.last_success"),
                                          longAgo.toString(Qt::ISODateWithMs)));
        StatusReport before = StatusReport::build(*m_ledger).value();
        QVERIFY(before.pollGapTooLong);
        QVERIFY(
            before.toText(QLocale(QStringLiteral("en_GB"))).contains(QStringLiteral("30 days")));

        EventsPoller poller(*m_ledger, *m_intake, *m_client);
        QSignalSpy gap(&poller, &EventsPoller::gapTooLong);
        QSignalSpy finished(&poller, &EventsPoller::pollFinished);
        poller.pollNow();
        QVERIFY(finished.wait(20'000));
        QCOMPARE(gap.size(), 1);
        QVERIFY(!StatusReport::build(*m_ledger).value().pollGapTooLong); // a success closes the gap
    }

    void anAccountBecomingReadyAtStripeReleasesItsHeldMoney()
    {
        addSale(); // art_1, paid to acct_1
        QCOMPARE(poll(), 1);
        // The run found acct_1 still onboarding.
        QCOMPARE(m_ledger->accounts()
                     .moveEntries(QStringLiteral("art_1"), EntryState::Pending, {},
                                  EntryState::Held, QStringLiteral("payout account not ready"))
                     .value(),
                 1);
        m_fake->addAccount(QStringLiteral("acct_1"), false, false);
        m_fake->setAccountTransfersActive(QStringLiteral("acct_1"), true); // account.updated
        QCOMPARE(poll(), 1);
        const ArtistBalance b =
            m_ledger->reader().balances(QStringLiteral("art_1")).value().first();
        QCOMPARE(b.heldMinor, 0);
        QCOMPARE(b.pendingMinor, 100);
    }

    void eventAlsoDeliveredByWebhookIsRecordedOnce()
    {
        const QByteArray body = addSale();
        addSale();
        QVERIFY(m_intake->ingestOne(body, IntakeSource::Webhook)); // the webhook was faster
        QCOMPARE(poll(), 2);
        QCOMPARE(entries(), 2);
    }
};

QTEST_GUILESS_MAIN(TestPoller)
#include "tst_poller.moc"
