#include "Events.h"
#include "http/HttpServer.h"
#include "intake/InboxApplier.h"
#include "intake/WebhookJournal.h"
#include "intake/WebhookReceiver.h"
#include "ledger/Ledger.h"
#include "report/StatusReport.h"
#include "service/EngineHost.h"
#include "util/Clock.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// The webhook inbox (ARCHITECTURE.md, "Data flow"): journaled raw events are
// applied through intake in batches, resumed after a crash, and shown by
// `status`. What the inbox store itself keeps is the ledger contract's
// (tests/ledger); the applier under database errors, injected with a SQLite
// trigger, is in tests/ledger/tst_ledger_sqlite.cpp.
class TestInbox final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::unique_ptr<Ledger> m_ledger;
    QString m_path;
    int m_n = 0;

    qint64 entries()
    {
        LedgerReader::EntryFilter all;
        all.limit = 100000;
        return m_ledger->reader().countEntries(all).value_or(-1);
    }
    qint64 waiting()
    {
        const Result<InboxBacklog> b = m_ledger->inbox().backlog();
        return b ? b->waiting : -1;
    }
    static QByteArray cart(int n) { return Events::numberedCart(n); }
    QList<qint64> journal(const QList<QByteArray> &bodies)
    {
        const Result<QList<qint64>> ids =
            m_ledger->inbox().journal(bodies, QStringLiteral("webhook"));
        if (!ids)
            qFatal("journal failed: %s", qPrintable(ids.error().message));
        return *ids;
    }

    QString journalDir() const { return WebhookJournal::dirFor(m_ledger->location(), {}); }
    std::unique_ptr<WebhookReceiver> receiverOn(HttpServer &server)
    {
        return std::make_unique<WebhookReceiver>(server, m_ledger->location(), journalDir(),
                                                 QByteArray("whsec_inbox_test"), m_clock);
    }

private Q_SLOTS:
    void init()
    {
        m_path = m_dir.filePath(QStringLiteral("i%1.sqlite").arg(++m_n));
        m_ledger = std::make_unique<Ledger>(m_path, m_clock);
        QVERIFY(m_ledger->open());
    }
    void cleanup() { m_ledger.reset(); }

    void appliesInOrderInOneTransactionAndMarksTheRows()
    {
        journal({cart(1), cart(2), cart(3)});
        InboxApplier applier(*m_ledger);
        QSignalSpy purchases(&applier, &InboxApplier::cartPurchaseRecorded);
        QSignalSpy applied(&applier, &InboxApplier::applied);
        QCOMPARE(applier.applyDue().value(), 3);
        QCOMPARE(applied.size(), 1); // one transaction
        QCOMPARE(applied.first().at(0).toInt(), 3);
        QCOMPARE(purchases.size(), 3); // the scheduler's fast payout follows
        QCOMPARE(entries(), 9);
        QCOMPARE(waiting(), 0);
        QCOMPARE(applier.applyDue().value(), 0); // nothing left
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

    void crashBetweenJournalAndApplyLosesNothing()
    {
        // A receiver journaled and answered 2xx, then the process died
        // before its applier ran: only the inbox rows are on disk.
        journal({cart(1), cart(2)});
        m_ledger->close();

        // The next start: the receiver's applier resumes before the first
        // request is taken.
        m_ledger = std::make_unique<Ledger>(m_path, m_clock);
        QVERIFY(m_ledger->open());
        QCOMPARE(waiting(), 2);
        HttpServer server;
        const std::unique_ptr<WebhookReceiver> made = receiverOn(server);
        WebhookReceiver &receiver = *made;
        QSignalSpy purchases(&receiver, &WebhookReceiver::cartPurchaseRecorded);
        QVERIFY(receiver.start());
        QCOMPARE(waiting(), 0);
        QCOMPARE(entries(), 6);
        QTRY_COMPARE(purchases.size(), 2); // announced on this thread
        receiver.stop();
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

    void applyingTwiceChangesNothing()
    {
        // A crash after the apply commit but before anything else is the
        // same as no crash; a row journaled twice (a redelivery) is a
        // duplicate the second time.
        journal({cart(1), cart(1)});
        InboxApplier applier(*m_ledger);
        QCOMPARE(applier.applyDue().value(), 2);
        QCOMPARE(entries(), 3);
        QCOMPARE(m_ledger->intake().processedOutcome(QStringLiteral("evt_1")).value().isEmpty(),
                 false);
        QCOMPARE(waiting(), 0);
    }

    void poisonEventIsJournaledThenQuarantined()
    {
        const QByteArray poison =
            "{\"id\":\"evt_bad\",\"object\":\"event\",\"type\":\"checkout.session.completed\"}";
        journal({cart(1), poison, "not json at all", cart(2)});
        InboxApplier applier(*m_ledger);
        QSignalSpy quarantined(&applier, &InboxApplier::eventQuarantined);
        QCOMPARE(applier.applyDue().value(), 4);
        QCOMPARE(quarantined.size(), 2);
        const QList<QuarantinedEvent> kept = m_ledger->reader().quarantine().value();
        QCOMPARE(kept.size(), 2);
        for (const QuarantinedEvent &q : kept)
            QCOMPARE(q.source, QStringLiteral("webhook"));
        QCOMPARE(entries(), 6); // the good events around it are applied
        QCOMPARE(waiting(), 0); // quarantined is applied: it stays quarantined
        QCOMPARE(applier.applyDue().value(), 0);
        QCOMPARE(m_ledger->reader().countQuarantined().value(), 2);
    }

    void statusShowsTheBacklogAndItsOldestAge()
    {
        StatusReport empty = StatusReport::build(*m_ledger).value();
        QCOMPARE(empty.inboxBacklog, 0);
        QCOMPARE(empty.toJson()[u"inbox"].toObject()[u"oldest_age_secs"].toInteger(), 0);
        QVERIFY(empty.toText(QLocale(QStringLiteral("en_GB"))).contains(u"Webhook inbox: empty"));

        journal({cart(1)});
        m_clock.advanceSecs(30);
        journal({cart(2), cart(3)});
        m_clock.advanceSecs(12);
        const StatusReport r = StatusReport::build(*m_ledger).value();
        const QJsonObject inbox = r.toJson()[u"inbox"].toObject();
        QCOMPARE(inbox[u"backlog"].toInteger(), 3);
        QCOMPARE(inbox[u"oldest_age_secs"].toInteger(), 42);
        QVERIFY2(
            r.toText(QLocale(QStringLiteral("en_GB")))
                .contains(u"Webhook inbox: 3 events waiting to be applied, the oldest 42 s old"),
            qPrintable(r.toText(QLocale(QStringLiteral("en_GB")))));
    }
    void crashAfterTheJournalWriteLosesNothing()
    {
        // A receiver wrote two requests to the journal and answered them
        // 2xx, then the process died before its applier ran.
        QString id;
        {
            auto writer = WebhookJournal::Writer::open(journalDir()).value();
            QCOMPARE(writer->append({cart(1), cart(2)}, m_clock.nowMs()).value(), 1);
            id = writer->id();
        }
        HttpServer server;
        const std::unique_ptr<WebhookReceiver> receiver = receiverOn(server);
        QSignalSpy purchases(receiver.get(), &WebhookReceiver::cartPurchaseRecorded);
        QVERIFY(receiver->start()); // applies before the first request
        QCOMPARE(entries(), 6);
        QCOMPARE(m_ledger->meta().value(WebhookJournal::appliedKey(id)).value(), u"2");
        QTRY_COMPARE(purchases.size(), 2);
        receiver->stop();

        // Started again, nothing is applied twice.
        const std::unique_ptr<WebhookReceiver> again = receiverOn(server);
        QVERIFY(again->start());
        QCOMPARE(entries(), 6);
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

    void theJournalMarkCommitsWithTheEffects()
    {
        auto writer = WebhookJournal::Writer::open(journalDir()).value();
        QVERIFY(writer->append({cart(1), cart(2), cart(3)}, m_clock.nowMs()));
        WebhookJournal::Reader reader(journalDir());
        InboxApplier applier(*m_ledger);
        QSignalSpy applied(&applier, &InboxApplier::applied);
        QCOMPARE(applier.applyJournal(reader, writer->id(), writer->lastSeq(), 2).value(), 2);
        QCOMPARE(applied.size(), 1); // one transaction
        QCOMPARE(entries(), 6);
        QCOMPARE(m_ledger->meta().value(WebhookJournal::appliedKey(writer->id())).value(), u"2");
        // Another applier (a restart) reads the mark from the ledger.
        InboxApplier next(*m_ledger);
        WebhookJournal::Reader fresh(journalDir());
        QCOMPARE(next.applyJournal(fresh, writer->id(), writer->lastSeq()).value(), 1);
        QCOMPARE(next.applyJournal(fresh, writer->id(), writer->lastSeq()).value(), 0);
        QCOMPARE(entries(), 9);
    }

    void applyingEngineWithoutReceiverAppliesTheJournal()
    {
        // The admin's window (no webhook secret) starts after serve crashed:
        // it applies what serve journaled, when no other process writes it.
        {
            auto writer = WebhookJournal::Writer::open(journalDir()).value();
            QVERIFY(writer->append({cart(4)}, m_clock.nowMs()));
        }
        EngineHost::Config config;
        config.engine.ledger = m_ledger->location();
        EngineHost host(config, *m_ledger, m_clock);
        QVERIFY(host.start(nullptr));
        QCOMPARE(entries(), 3);
        host.stop();
    }

    void statusCountsTheJournalInTheBacklog()
    {
        auto writer = WebhookJournal::Writer::open(journalDir()).value();
        QVERIFY(writer->append({cart(1), cart(2)}, m_clock.nowMs()));
        m_clock.advanceSecs(20);
        journal({cart(3)}); // one waiting in the inbox table too
        m_clock.advanceSecs(5);
        const StatusReport r = StatusReport::build(*m_ledger, {}, journalDir()).value();
        QCOMPARE(r.inboxBacklog, 3);
        QCOMPARE(r.inboxOldestAgeSecs, 25);
    }
};

QTEST_GUILESS_MAIN(TestInbox)
#include "tst_inbox.moc"
