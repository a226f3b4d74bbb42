#include "Events.h"
#include "http/HttpServer.h"
#include "intake/InboxApplier.h"
#include "intake/WebhookReceiver.h"
#include "ledger/Ledger.h"
#include "report/StatusReport.h"
#include "util/Clock.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

// The webhook inbox (ARCHITECTURE.md, "Data flow"): journaled raw events are
// applied through intake in batches, resumed after a crash, kept (never
// dropped) across database errors, and shown by `status`.
class TestInbox final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::unique_ptr<Ledger> m_ledger;
    QString m_path;
    int m_n = 0;

    qint64 count(const QString &sql)
    {
        QSqlQuery q(m_ledger->database());
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }
    qint64 entries() { return count(QStringLiteral("SELECT COUNT(*) FROM entries")); }
    qint64 waiting()
    {
        return count(QStringLiteral("SELECT COUNT(*) FROM inbox WHERE applied_at IS NULL"));
    }
    static QByteArray cart(int n)
    {
        Events::Cart c;
        c.eventId = QStringLiteral("evt_%1").arg(n);
        c.session = QStringLiteral("cs_%1").arg(n);
        c.paymentIntent = QStringLiteral("pi_%1").arg(n);
        c.items = {Events::item(QStringLiteral("art_1"), 100 + n, QStringLiteral("trk_1"), {},
                                QStringLiteral("acct_1")),
                   Events::item(QStringLiteral("art_2"), 200, QStringLiteral("trk_2")),
                   Events::item(QStringLiteral("art_3"), 30, {}, QStringLiteral("commission"))};
        return Events::cart(c);
    }
    QList<qint64> journal(const QList<QByteArray> &bodies)
    {
        const Result<QList<qint64>> ids = m_ledger->journal(bodies, QStringLiteral("webhook"));
        if (!ids)
            qFatal("journal failed: %s", qPrintable(ids.error().message));
        return *ids;
    }

private Q_SLOTS:
    void init()
    {
        m_path = m_dir.filePath(QStringLiteral("i%1.sqlite").arg(++m_n));
        m_ledger = std::make_unique<Ledger>(m_path, m_clock);
        QVERIFY(m_ledger->open());
    }
    void cleanup() { m_ledger.reset(); }

    void journalKeepsTheRawBodyAndNoSignature()
    {
        const QByteArray body = cart(1);
        const QList<qint64> ids = journal({body, cart(2)});
        QCOMPARE(ids.size(), 2);
        QVERIFY(ids.at(1) > ids.at(0));
        QSqlQuery q(m_ledger->database());
        QVERIFY(
            q.exec(QStringLiteral("SELECT body, received_at, applied_at FROM inbox ORDER BY id")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toByteArray(), body); // byte for byte, as signed
        QCOMPARE(q.value(1).toLongLong(), m_clock.nowMs());
        QVERIFY(q.value(2).isNull());
        QVERIFY(q.exec(QStringLiteral("SELECT name FROM pragma_table_info('inbox')")));
        while (q.next())
            QVERIFY(!q.value(0).toString().contains(u"signature"));
        QCOMPARE(entries(), 0); // journaled, not applied
    }

    void appliesInOrderInOneTransactionAndMarksTheRows()
    {
        journal({cart(1), cart(2), cart(3)});
        InboxApplier applier(*m_ledger);
        QSignalSpy purchases(&applier, &InboxApplier::cartPurchaseRecorded);
        QSignalSpy applied(&applier, &InboxApplier::applied);
        m_clock.advanceMs(250);
        QCOMPARE(applier.applyDue().value(), 3);
        QCOMPARE(applied.size(), 1); // one transaction
        QCOMPARE(applied.first().at(0).toInt(), 3);
        QCOMPARE(purchases.size(), 3); // the scheduler's fast payout follows
        QCOMPARE(entries(), 9);
        QCOMPARE(waiting(), 0);
        QCOMPARE(count(QStringLiteral("SELECT MIN(applied_at - received_at) FROM inbox")), 250);
        QCOMPARE(applier.applyDue().value(), 0); // nothing left
        QVERIFY(m_ledger->verify().value().ok());
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
        WebhookReceiver receiver(server, m_path, "whsec_inbox_test", m_clock);
        QSignalSpy purchases(&receiver, &WebhookReceiver::cartPurchaseRecorded);
        QVERIFY(receiver.start());
        QCOMPARE(waiting(), 0);
        QCOMPARE(entries(), 6);
        QTRY_COMPARE(purchases.size(), 2); // announced on this thread
        receiver.stop();
        QVERIFY(m_ledger->verify().value().ok());
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
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM processed_events")), 1);
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
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM quarantine WHERE source = 'webhook'")),
                 2);
        QCOMPARE(entries(), 6); // the good events around it are applied
        QCOMPARE(waiting(), 0); // quarantined is applied: it stays quarantined
        QCOMPARE(applier.applyDue().value(), 0);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM quarantine")), 2);
    }

    void databaseErrorLeavesTheRowForRetry()
    {
        journal(
            {cart(1), Events::other(QStringLiteral("evt_other"), QStringLiteral("invoice.paid"))});
        // The entries table refuses writes, as a full disk or a broken
        // index would.
        QSqlQuery q(m_ledger->database());
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON entries "
                                      "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")));
        InboxApplier applier(*m_ledger);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("write rolled back")));
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("Could not apply inbox row 1")));
        QCOMPARE(applier.applyDue().value(), 2);
        // The batch failed; each row alone: the other event went in, the
        // cart waits, its attempt and error counted, for a retry later.
        QCOMPARE(waiting(), 1);
        QCOMPARE(entries(), 0);
        QCOMPARE(applier.failedCount(), 1);
        QSqlQuery row(m_ledger->database());
        QVERIFY(row.exec(QStringLiteral("SELECT id, attempts, last_error, next_attempt_at FROM "
                                        "inbox WHERE applied_at IS NULL")));
        QVERIFY(row.next());
        QCOMPARE(row.value(0).toLongLong(), 1);
        QCOMPARE(row.value(1).toInt(), 1);
        QVERIFY(row.value(2).toString().contains(u"disk on fire"));
        QCOMPARE(row.value(3).toLongLong(), m_clock.nowMs() + InboxApplier::backoffMs(0));
        QCOMPARE(applier.nextRetryMs(), m_clock.nowMs() + InboxApplier::backoffMs(0));
        const StatusReport status = StatusReport::build(*m_ledger).value();
        QCOMPARE(status.inboxBacklog, 1);
        QCOMPARE(status.inboxRetrying, 1);

        QCOMPARE(applier.applyDue().value(), 0); // not due yet
        QVERIFY(q.exec(QStringLiteral("DROP TRIGGER refuse")));
        m_clock.advanceMs(InboxApplier::backoffMs(0));
        QCOMPARE(applier.applyDue().value(), 1);
        QCOMPARE(waiting(), 0);
        QCOMPARE(entries(), 3);
        QCOMPARE(applier.nextRetryMs(), -1);
        QVERIFY(m_ledger->verify().value().ok());
    }

    void drainTriesEveryRowOnceEvenWhileFailing()
    {
        journal({cart(1), cart(2)});
        QSqlQuery q(m_ledger->database());
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON entries "
                                      "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")));
        InboxApplier applier(*m_ledger);
        // The batch, then each row alone: three roll-backs, two rows kept.
        for (int i = 0; i < 3; ++i)
            QTest::ignoreMessage(QtWarningMsg,
                                 QRegularExpression(QStringLiteral("write rolled back")));
        for (int i = 0; i < 2; ++i)
            QTest::ignoreMessage(QtWarningMsg,
                                 QRegularExpression(QStringLiteral("Could not apply inbox row")));
        QCOMPARE(applier.drain(), 0); // ends, rows kept
        QCOMPARE(waiting(), 2);
        QVERIFY(q.exec(QStringLiteral("DROP TRIGGER refuse")));
        // A drain ignores backoffs: a clean shutdown applies what it can.
        QCOMPARE(applier.drain(), 2);
        QCOMPARE(waiting(), 0);
        QCOMPARE(entries(), 6);
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
};

QTEST_GUILESS_MAIN(TestInbox)
#include "tst_inbox.moc"
