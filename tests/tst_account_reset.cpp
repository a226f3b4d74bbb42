#include "Events.h"
#include "LedgerSeed.h"
#include "account/AccountReset.h"
#include "account/AccountRules.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <limits>
#include <optional>

// The reset's core logic: backup first, then one write that unlinks the
// account and holds the pending money without deleting any of it.
class TestAccountReset final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<Intake> m_intake;
    QList<qint64> m_art1; // pending, pending, sending, paid; then art_2's pending
    int m_n = 0;

    QString backupDir() const { return m_dir.filePath(QStringLiteral("backups-%1").arg(m_n)); }
    // SQLite-specific: no store reads the audit log.
    qint64 scalar(const QString &sql) { return LedgerSeed::scalar(*m_ledger, sql).value(); }
    QList<Entry> entries(const QString &artist = {}, const QList<EntryState> &states = {})
    {
        return m_ledger->reader()
            .entries({artist, states, std::numeric_limits<int>::max()})
            .value();
    }
    EntryState stateOf(qint64 id)
    {
        for (const Entry &e : entries())
            if (e.id == id)
                return e.state;
        qFatal("no entry %lld", id);
    }

private Q_SLOTS:
    void init()
    {
        ++m_n;
        m_ledger = std::make_unique<Ledger>(
            m_dir.filePath(QStringLiteral("ledger-%1.sqlite").arg(m_n)), m_clock);
        QVERIFY(m_ledger->open());
        m_intake = std::make_unique<Intake>(*m_ledger);
        QVERIFY(AccountRules::linkArtist(*m_ledger, QStringLiteral("art_1"),
                                         QStringLiteral("acct_1"), QStringLiteral("test")));
        QVERIFY(AccountRules::linkArtist(*m_ledger, QStringLiteral("art_2"),
                                         QStringLiteral("acct_2"), QStringLiteral("test")));
        const auto a = LedgerSeed::sale(*m_intake, *m_ledger, QStringLiteral("evt_1"),
                                        {{QStringLiteral("art_1"), 560},
                                         {QStringLiteral("art_1"), 840},
                                         {QStringLiteral("art_1"), 70},
                                         {QStringLiteral("art_1"), 300},
                                         {QStringLiteral("art_2"), 999}});
        QVERIFY(a);
        m_art1 = *a;
        QVERIFY(LedgerSeed::claim(*m_ledger, {m_art1[2]})); // a transfer on its way
        QVERIFY(LedgerSeed::pay(*m_ledger, {m_art1[3]}, QStringLiteral("tr_1"), m_clock.now()));
    }

    void resetHoldsPendingKeepsSendingAndPaid()
    {
        const Result<AccountResetOutcome> r = AccountReset::run(
            *m_ledger, backupDir(), QStringLiteral("art_1"), QStringLiteral("artist"));
        QVERIFY2(r, r ? "" : qPrintable(r.error().message));
        QCOMPARE(r->previousAccount, QStringLiteral("acct_1"));
        QCOMPARE(r->entriesHeld, 2);
        QCOMPARE(r->entriesSending, 1);

        QCOMPARE(m_ledger->reader().artist(QStringLiteral("art_1")).value()->account, QString());
        // Known, not linked.
        QCOMPARE(m_ledger->accounts().account(QStringLiteral("art_1")).value(),
                 std::optional<QString>(QString()));
        const QList<Entry> held = entries(QStringLiteral("art_1"), {EntryState::Held});
        QCOMPARE(std::count_if(held.begin(), held.end(),
                               [](const Entry &e) { return e.reason == Reason::AccountReset; }),
                 2);
        QCOMPARE(stateOf(m_art1[2]), EntryState::Sending);
        QCOMPARE(stateOf(m_art1[3]), EntryState::Paid);
        // Another artist is untouched.
        QCOMPARE(m_ledger->reader().artist(QStringLiteral("art_2")).value()->account,
                 QStringLiteral("acct_2"));
        QCOMPARE(entries(QStringLiteral("art_2"), {EntryState::Pending}).size(), 1);

        // No money left the ledger: every entry is still there, and the
        // totals moved from pending to held.
        QCOMPARE(m_ledger->reader().countEntries({}).value(), 5);
        const QList<ArtistBalance> b = m_ledger->reader().balances(QStringLiteral("art_1")).value();
        QCOMPARE(b.size(), 1);
        QCOMPARE(b[0].pendingMinor, 0);
        QCOMPARE(b[0].heldMinor, 560 + 840);
        QCOMPARE(b[0].sendingMinor, 70);
        QCOMPARE(b[0].paidMinor, 300);
        QVERIFY(m_ledger->reader().verify().value().ok());

        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                       "'account.reset' AND artist = 'art_1'")),
                 1);
    }

    void backupIsWrittenFirstAndHoldsTheOldState()
    {
        const Result<AccountResetOutcome> r = AccountReset::run(
            *m_ledger, backupDir(), QStringLiteral("art_1"), QStringLiteral("artist"));
        QVERIFY(r);
        QVERIFY(QFileInfo::exists(r->backupPath));
        QCOMPARE(QFileInfo(r->backupPath).absolutePath(), QDir(backupDir()).absolutePath());
        QVERIFY(
            QFileInfo(r->backupPath).fileName().startsWith(u"ledger-20260101T000000Z-reset-art_1"));
        QCOMPARE(QDir(backupDir()).entryList(QDir::Files).size(), 1); // no partial file left

        Ledger copy(r->backupPath, m_clock);
        QVERIFY(copy.open());
        QCOMPARE(copy.reader().artist(QStringLiteral("art_1")).value()->account,
                 QStringLiteral("acct_1"));
        QCOMPARE(copy.reader().balances(QStringLiteral("art_1")).value().at(0).pendingMinor,
                 560 + 840);
        QCOMPARE(LedgerSeed::scalar(copy, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE "
                                                         "action = 'account.reset'"))
                     .value(),
                 0);
    }

    void twoResetsInOneSecondKeepBothBackups()
    {
        const auto first = AccountReset::backup(m_ledger->location(), backupDir(),
                                                QStringLiteral("art_1"), m_clock.now());
        const auto second = AccountReset::backup(m_ledger->location(), backupDir(),
                                                 QStringLiteral("art_1"), m_clock.now());
        QVERIFY(first && second);
        QVERIFY(*first != *second);
        QCOMPARE(QDir(backupDir()).entryList(QDir::Files).size(), 2);
    }

    void linkingAgainReleasesTheHeldMoney()
    {
        QVERIFY(AccountReset::run(*m_ledger, backupDir(), QStringLiteral("art_1"),
                                  QStringLiteral("artist")));
        const Result<int> released =
            AccountRules::linkArtist(*m_ledger, QStringLiteral("art_1"), QStringLiteral("acct_new"),
                                     QStringLiteral("artist"));
        QCOMPARE(released.value(), 2);
        QCOMPARE(m_ledger->reader().balances(QStringLiteral("art_1")).value().at(0).pendingMinor,
                 560 + 840);
    }

    void linkingReleasesEntriesHeldForLackOfAccount()
    {
        Intake intake(*m_ledger);
        Events::Cart c;
        c.eventId = QStringLiteral("evt_9");
        c.session = QStringLiteral("cs_test_9");
        c.paymentIntent = QStringLiteral("pi_9");
        c.items = {Events::item(QStringLiteral("art_9"), 250, QStringLiteral("trk_1"))};
        QCOMPARE(intake.ingestOne(Events::cart(c), IntakeSource::Import).value().kind,
                 IntakeOutcome::Kind::Recorded);
        Ledger &l = *m_ledger;
        QCOMPARE(l.reader().balances(QStringLiteral("art_9")).value().first().heldMinor, 250);
        LedgerReader::EntryFilter filter;
        filter.artist = QStringLiteral("art_9");
        const QList<Entry> held = l.reader().entries(filter).value();
        QCOMPARE(held.first().reason, Reason::NoPayoutAccount);

        QCOMPARE(AccountRules::linkArtist(l, QStringLiteral("art_9"), QStringLiteral("acct_9"),
                                          QStringLiteral("test"))
                     .value(),
                 1);
        const ArtistBalance b = l.reader().balances(QStringLiteral("art_9")).value().first();
        QCOMPARE(b.pendingMinor, 250);
        QCOMPARE(b.heldMinor, 0);
        QCOMPARE(l.reader().artist(QStringLiteral("art_9")).value()->account,
                 QStringLiteral("acct_9"));
        QVERIFY(l.reader().verify().value().ok());
    }

    void unknownArtistChangesNothing()
    {
        const qint64 auditRows = scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log"));
        const auto r = AccountReset::apply(*m_ledger, QStringLiteral("art_nobody"),
                                           QStringLiteral("artist"), QString());
        QVERIFY(!r);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log")), auditRows);
    }

    void cleanup()
    {
        m_intake.reset();
        m_ledger.reset();
    }
};

QTEST_GUILESS_MAIN(TestAccountReset)
#include "tst_account_reset.moc"
