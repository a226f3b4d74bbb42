#include "Events.h"
#include "LedgerSeed.h"
#include "SqliteAccess.h"
#include "engine/Cleanup.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <limits>

// Cleanup on data that came in before a rule existed: what it voids, what
// it only reports, and a dry run that changes nothing but says the same.
class TestCleanup final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    ManualClock m_clock;
    std::unique_ptr<Ledger> m_ledger;
    int m_n = 0;

    // SQLite-specific: rows as an older release (without today's intake
    // rules) wrote them: duplicates, amounts of zero, unknown currencies,
    // dated at the epoch. No store writes such a row; that is what cleanup
    // is for.
    void sql(const QString &statement)
    {
        QSqlQuery q(sqliteConnection(*m_ledger));
        if (!q.exec(statement))
            qFatal("%s", qPrintable(statement));
    }
    // A row as an older release wrote it, with its ingested total so that
    // conservation holds.
    void legacyEntry(const QString &artist, qint64 amount, const QString &currency,
                     const QString &pi, const QString &track,
                     const QString &state = QStringLiteral("pending"))
    {
        sql(QStringLiteral("INSERT OR IGNORE INTO artists (id, account, created_at, updated_at) "
                           "VALUES ('%1', 'acct_%1', 0, 0)")
                .arg(artist));
        sql(QStringLiteral(
                "INSERT INTO entries (artist, amount_minor, currency, kind, track, reference, "
                "payment_intent, created_at, state, transfer_id, updated_at) VALUES "
                "('%1', %2, '%3', 'sale', '%4', 'cs_x', '%5', 0, '%6', %7, 0)")
                .arg(artist)
                .arg(amount)
                .arg(currency, track, pi, state,
                     state == u"paid" ? QStringLiteral("'tr_old'") : QStringLiteral("NULL")));
        for (const QString &bucket : {state, QStringLiteral("ingested")})
            sql(QStringLiteral("INSERT INTO totals VALUES ('%1', '%2', '%3', %4, 1) ON CONFLICT DO "
                               "UPDATE SET amount_minor = amount_minor + %4, entries = entries + 1")
                    .arg(artist, currency, bucket)
                    .arg(amount));
    }
    // SQLite-specific: no store reads the archive of processed event ids
    // (processedOutcome() reads only the live ones).
    qint64 archivedEventIds()
    {
        QSqlQuery q(sqliteConnection(*m_ledger));
        if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM processed_events_archive")) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }

    qint64 count(const QList<EntryState> &states = {})
    {
        return m_ledger->reader().countEntries({{}, states}).value();
    }
    QList<Entry> entries()
    {
        return m_ledger->reader().entries({{}, {}, std::numeric_limits<int>::max()}).value();
    }
    Entry entry(qint64 id)
    {
        for (const Entry &e : entries())
            if (e.id == id)
                return e;
        qFatal("no entry %lld", id);
    }
    qint64 withReason(const QString &reason)
    {
        const QList<Entry> all = entries();
        return std::count_if(all.begin(), all.end(),
                             [&](const Entry &e) { return e.reason == reason; });
    }

private Q_SLOTS:
    void init()
    {
        m_ledger = std::make_unique<Ledger>(m_dir.filePath(QStringLiteral("c%1.sqlite").arg(++m_n)),
                                            m_clock);
        QVERIFY(m_ledger->open());
    }

    void duplicatesAndInvalidEntriesAreVoided()
    {
        legacyEntry(QStringLiteral("art_1"), 500, QStringLiteral("gbp"), QStringLiteral("pi_1"),
                    QStringLiteral("trk_1"));
        legacyEntry(QStringLiteral("art_1"), 500, QStringLiteral("gbp"), QStringLiteral("pi_1"),
                    QStringLiteral("trk_1"));
        legacyEntry(QStringLiteral("art_1"), 500, QStringLiteral("gbp"), QStringLiteral("pi_1"),
                    QStringLiteral("trk_1"), QStringLiteral("paid"));
        legacyEntry(QStringLiteral("art_2"), 0, QStringLiteral("gbp"), QStringLiteral("pi_2"),
                    QStringLiteral("trk_2"));
        legacyEntry(QStringLiteral("art_3"), 700, QStringLiteral("xyz"), QStringLiteral("pi_3"),
                    QStringLiteral("trk_3"));
        legacyEntry(QStringLiteral("art_4"), 900, QStringLiteral("gbp"), QStringLiteral("pi_4"),
                    QStringLiteral("trk_4"));
        QVERIFY(m_ledger->reader().verify().value().ok());

        Cleanup cleanup(*m_ledger, 90);
        const Cleanup::Report preview = cleanup.run(true, QStringLiteral("test")).value();
        QCOMPARE(preview.duplicatesVoided, 1);
        QCOMPARE(preview.invalidVoided, 2);
        QCOMPARE(preview.duplicatesAlreadyPaid, 1);
        QCOMPARE(count({EntryState::Void}), 0); // the dry run changed nothing

        const Cleanup::Report applied = cleanup.run(false, QStringLiteral("test")).value();
        QCOMPARE(applied.duplicatesVoided, preview.duplicatesVoided);
        QCOMPARE(applied.invalidVoided, preview.invalidVoided);
        QCOMPARE(applied.changes.size(), preview.changes.size());
        QCOMPARE(entry(2).state, EntryState::Void);
        QCOMPARE(entry(2).reason, Reason::Duplicate);
        QCOMPARE(withReason(QStringLiteral("invalid: non-positive amount")), 1);
        QCOMPARE(withReason(QStringLiteral("invalid: unknown currency xyz")), 1);
        QCOMPARE(entry(1).state, EntryState::Pending); // the first copy stays
        QCOMPARE(entry(6).state, EntryState::Pending); // valid money untouched
        QCOMPARE(count(), 6);                          // nothing deleted
        QVERIFY(m_ledger->reader().verify().value().ok());

        // Applying again finds nothing more.
        const Cleanup::Report again = cleanup.run(false, QStringLiteral("test")).value();
        QCOMPARE(again.duplicatesVoided + again.invalidVoided, 0);
    }

    void sendingEntriesAreNeverVoided()
    {
        legacyEntry(QStringLiteral("art_1"), 500, QStringLiteral("gbp"), QStringLiteral("pi_1"),
                    QStringLiteral("trk_1"));
        legacyEntry(QStringLiteral("art_1"), 500, QStringLiteral("gbp"), QStringLiteral("pi_1"),
                    QStringLiteral("trk_1"));
        QVERIFY(LedgerSeed::claim(*m_ledger, {2})); // its transfer request left
        m_clock.advanceSecs(7200);
        const Cleanup::Report r = Cleanup(*m_ledger, 90).run(false, QStringLiteral("test")).value();
        QCOMPARE(r.duplicatesVoided, 0);
        QCOMPARE(r.stuckSending, 1);
        QCOMPARE(count({EntryState::Sending}), 1);
    }

    void staleEventIdsAndQuarantineAreArchived()
    {
        Intake intake(*m_ledger);
        Events::Cart c;
        c.items = {Events::item(QStringLiteral("art_1"), 100, QStringLiteral("trk_1"), {},
                                QStringLiteral("acct_1"))};
        QVERIFY(intake.ingest({Events::cart(c), "{bad"}, IntakeSource::Import));
        m_clock.advanceSecs(91LL * 24 * 3600);
        const Cleanup::Report r = Cleanup(*m_ledger, 90).run(false, QStringLiteral("test")).value();
        QCOMPARE(r.eventIdsArchived, 1);
        QCOMPARE(r.quarantineArchived, 1);
        QCOMPARE(m_ledger->reader().quarantine().value().size(), 0);
        QCOMPARE(m_ledger->reader().quarantine(QStringLiteral("archived")).value().size(), 1);
        QCOMPARE(archivedEventIds(), 1);
        QCOMPARE(count({EntryState::Pending}), 1); // money untouched
    }
};

QTEST_GUILESS_MAIN(TestCleanup)
#include "tst_cleanup.moc"
