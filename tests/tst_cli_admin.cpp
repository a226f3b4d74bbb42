#include "CliRunner.h"
#include "Events.h"
#include "LedgerSeed.h"
#include "SqliteAccess.h"

#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

// The admin's headless commands as a user runs them: payoutdesk-cli on a
// real SQLite ledger seeded through the stores, exit codes and output.
class TestCliAdmin final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    CliRunner m_cli;
    int m_n = 0;
    QString m_data;
    ManualClock m_clock;

    QString ledgerPath() const { return m_data + QStringLiteral("/ledger.sqlite"); }
    CliRun run(const QStringList &args) const { return m_cli.run(m_data, args); }

    // A ledger of this test's store, opened in this process.
    std::unique_ptr<Ledger> open()
    {
        QDir().mkpath(m_data);
        auto ledger = std::make_unique<Ledger>(ledgerPath(), m_clock);
        if (Status s = ledger->open(); !s)
            qFatal("cannot open the test ledger: %s", qPrintable(s.error().message));
        return ledger;
    }
    // art_1 (acct_1): two pending entries; art_2 (no account): one held.
    QList<qint64> seedSales()
    {
        std::unique_ptr<Ledger> ledger = open();
        Intake intake(*ledger);
        QList<qint64> ids =
            LedgerSeed::sale(intake, *ledger, QStringLiteral("evt_1"),
                             {{QStringLiteral("art_1"), 500}, {QStringLiteral("art_1"), 300}},
                             QStringLiteral("gbp"), 1767225600, QStringLiteral("acct_1"))
                .value();
        ids += LedgerSeed::sale(intake, *ledger, QStringLiteral("evt_2"),
                                {{QStringLiteral("art_2"), 840}})
                   .value();
        return ids;
    }
    Entry entry(qint64 id)
    {
        std::unique_ptr<Ledger> ledger = open();
        const QList<Entry> entries = ledger->reader().entries({}).value();
        for (const Entry &e : entries)
            if (e.id == id)
                return e;
        qFatal("no entry %lld", id);
    }
    static LedgerSeed::EntryChange held(const QString &reason)
    {
        LedgerSeed::EntryChange c;
        c.state = EntryState::Held;
        c.reason = reason;
        return c;
    }
    QList<AuditRow> audit(const QString &artist = {})
    {
        LedgerReader::AuditFilter f;
        f.artist = artist;
        return open()->reader().auditRows(f).value();
    }
    qint64 quarantine(const QString &eventId, const QByteArray &body)
    {
        return LedgerSeed::quarantine(*open(), eventId, body).value();
    }
    static QByteArray cart(const QString &eventId)
    {
        Events::Cart c;
        c.eventId = eventId;
        c.session = QStringLiteral("cs_") + eventId;
        c.paymentIntent = QStringLiteral("pi_") + eventId;
        c.items = {Events::item(QStringLiteral("art_9"), 250, QStringLiteral("trk_1"), {},
                                QStringLiteral("acct_9"))};
        return Events::cart(c);
    }
    static QJsonArray jsonArray(const QByteArray &out)
    {
        return QJsonDocument::fromJson(out).array();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(QFile::exists(m_cli.bin()), "PAYOUTDESK_BIN must be set"); }
    void init() { m_data = m_dir.filePath(QStringLiteral("store%1").arg(++m_n)); }

    void quarantineListAndShowTheRefusedEvents()
    {
        const qint64 id = quarantine(QStringLiteral("evt_bad"), "{\"id\":\"evt_bad\"}");
        CliRun r =
            run({QStringLiteral("quarantine"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonArray rows = jsonArray(r.out);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0)[u"id"].toInteger(), id);
        QCOMPARE(rows.at(0)[u"event_id"].toString(), QStringLiteral("evt_bad"));
        QCOMPARE(rows.at(0)[u"reason"].toString(), QStringLiteral("metadata.items is missing"));

        r = run({QStringLiteral("quarantine"), QStringLiteral("list")});
        QVERIFY2(r.out.contains("evt_bad") && r.out.contains("metadata.items is missing"),
                 r.out.constData());

        r = run({QStringLiteral("quarantine"), QStringLiteral("show"), QString::number(id)});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("reason: metadata.items is missing"), r.out.constData());
        QVERIFY2(r.out.contains("\"id\": \"evt_bad\""), r.out.constData()); // the body, indented
        r = run({QStringLiteral("quarantine"), QStringLiteral("show"), QString::number(id),
                 QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(r.out).object()[u"body"].toString(),
                 QStringLiteral("{\"id\":\"evt_bad\"}"));
    }

    void quarantineDismissClosesTheRowWithAnAuditRow()
    {
        const qint64 id = quarantine(QStringLiteral("evt_bad"), "{}");
        CliRun r =
            run({QStringLiteral("quarantine"), QStringLiteral("dismiss"), QString::number(id)});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("Dismissed quarantined event"), r.out.constData());
        QCOMPARE(open()->reader().countQuarantined().value(), 0);
        QCOMPARE(audit().last().action, QStringLiteral("quarantine.dismissed"));

        r = run({QStringLiteral("quarantine"), QStringLiteral("dismiss"), QString::number(id)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("no open quarantined event"), r.err.constData());
    }

    void quarantineReplayRecordsAnEventThatIsValidNow()
    {
        const qint64 good = quarantine(QStringLiteral("evt_ok"), cart(QStringLiteral("evt_ok")));
        CliRun r =
            run({QStringLiteral("quarantine"), QStringLiteral("replay"), QString::number(good)});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("recorded"), r.out.constData());
        QCOMPARE(open()->reader().countEntries({QStringLiteral("art_9"), {}}).value(), 1);
        QCOMPARE(audit().last().action, QStringLiteral("quarantine.replayed"));

        const qint64 bad = quarantine(QStringLiteral("evt_bad"), "{oops");
        r = run({QStringLiteral("quarantine"), QStringLiteral("replay"), QString::number(bad)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("still invalid"), r.err.constData());
        QCOMPARE(open()->reader().countQuarantined().value(), 1); // still open, unchanged
    }

    void quarantineUsageErrors()
    {
        QCOMPARE(run({QStringLiteral("quarantine")}).code, 2);
        const CliRun r =
            run({QStringLiteral("quarantine"), QStringLiteral("show"), QStringLiteral("x")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("not a quarantine id"), r.err.constData());
    }

    // Issue 13: a refund of money already paid is no longer silent.
    void aRefundAfterPayoutShowsInStatusAndReversalsList()
    {
        const QList<qint64> ids = seedSales();
        {
            std::unique_ptr<Ledger> ledger = open();
            QVERIFY(LedgerSeed::pay(*ledger, {ids.at(0), ids.at(1)}, QStringLiteral("tr_1"),
                                    m_clock.now()));
            Intake intake(*ledger);
            const QString pi = entry(ids.at(0)).paymentIntent;
            QVERIFY(intake.ingestOne(Events::refund(QStringLiteral("evt_r"), pi),
                                     IntakeSource::Import));
        }
        CliRun r = run({QStringLiteral("status")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("Refunded after payout: art_1 £8.00 in 2 entries: a transfer "
                                "reversal takes it back in the next payout run"),
                 r.out.constData());
        r = run({QStringLiteral("status"), QStringLiteral("--json")});
        const QJsonArray refunded =
            QJsonDocument::fromJson(r.out).object()[u"refunded_after_payout"].toArray();
        QCOMPARE(refunded.size(), 1);
        QCOMPARE(refunded.at(0)[u"state"].toString(), QStringLiteral("reversing"));
        QCOMPARE(refunded.at(0)[u"amount_minor"].toInteger(), 800);

        r = run({QStringLiteral("reversals"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonArray rows = jsonArray(r.out);
        QCOMPARE(rows.size(), 2);
        for (const QJsonValue &row : rows) {
            QCOMPARE(row[u"state"].toString(), QStringLiteral("reversing"));
            QCOMPARE(row[u"transfer_id"].toString(), QStringLiteral("tr_1"));
        }
        r = run({QStringLiteral("reversals"), QStringLiteral("list")});
        QVERIFY(r.out.contains("reversal due in the next payout run"));
        r = run({QStringLiteral("reversals"), QStringLiteral("list"), QStringLiteral("--artist"),
                 QStringLiteral("art_2")});
        QVERIFY(r.out.contains("No money paid out has been refunded."));
        QCOMPARE(run({QStringLiteral("reversals")}).code, 2);
    }

    void holdsListSaysWhatAPersonMayRelease()
    {
        const QList<qint64> ids = seedSales();
        QVERIFY(LedgerSeed::change(*open(), ids.at(0),
                                   held(QStringLiteral("payout account not ready"))));
        const CliRun r =
            run({QStringLiteral("holds"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonArray rows = jsonArray(r.out);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0)[u"artist"].toString(), QStringLiteral("art_1"));
        QCOMPARE(rows.at(0)[u"amount_minor"].toInteger(), 500);
        QCOMPARE(rows.at(0)[u"releasable"].toBool(), true);
        QCOMPARE(rows.at(1)[u"reason"].toString(), QStringLiteral("no payout account"));
        QCOMPARE(rows.at(1)[u"releasable"].toBool(), false); // a link releases it
        QVERIFY(run({QStringLiteral("holds"), QStringLiteral("list")}).out.contains("5.00 GBP"));
    }

    void holdsReleaseMovesHeldMoneyBackToPendingAndNeverSending()
    {
        const QList<qint64> ids = seedSales();
        {
            std::unique_ptr<Ledger> ledger = open();
            QVERIFY(LedgerSeed::change(*ledger, ids.at(0),
                                       held(QStringLiteral("payout account not ready"))));
            QVERIFY(LedgerSeed::claim(*ledger, {ids.at(1)})); // sending
        }
        CliRun r = run({QStringLiteral("holds"), QStringLiteral("release"), QStringLiteral("art_1"),
                        QStringLiteral("--reason"), QStringLiteral("no such reason")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("held: payout account not ready"), r.err.constData());

        r = run({QStringLiteral("holds"), QStringLiteral("release"), QStringLiteral("art_1")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("Released 1 held entries of art_1"), r.out.constData());
        QCOMPARE(entry(ids.at(0)).state, EntryState::Pending);
        QCOMPARE(entry(ids.at(1)).state, EntryState::Sending);
        const AuditRow row = audit(QStringLiteral("art_1")).last();
        QCOMPARE(row.action, QStringLiteral("holds.released"));
        QCOMPARE(row.actor, QStringLiteral("cli"));

        // Money held for lack of an account waits for a link.
        r = run({QStringLiteral("holds"), QStringLiteral("release"), QStringLiteral("art_2")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("artists link art_2"), r.err.constData());
        QCOMPARE(entry(ids.at(2)).state, EntryState::Held);
    }

    void auditFiltersByArtistAndTime()
    {
        {
            std::unique_ptr<Ledger> ledger = open();
            QVERIFY(ledger->write([&] {
                return ledger->auditLog().append(QStringLiteral("admin"), QStringLiteral("a.one"),
                                                 QStringLiteral("art_1"), 0,
                                                 QStringLiteral("first"));
            }));
            m_clock.set(QDateTime(QDate(2026, 2, 1), QTime(12, 0), Qt::UTC));
            QVERIFY(ledger->write([&] {
                return ledger->auditLog().append(QStringLiteral("cli"), QStringLiteral("a.two"),
                                                 QStringLiteral("art_2"), 7,
                                                 QStringLiteral("second"));
            }));
        }
        CliRun r = run({QStringLiteral("audit"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QCOMPARE(jsonArray(r.out).size(), 2);
        r = run({QStringLiteral("audit"), QStringLiteral("--artist"), QStringLiteral("art_2"),
                 QStringLiteral("--json")});
        const QJsonArray two = jsonArray(r.out);
        QCOMPARE(two.size(), 1);
        QCOMPARE(two.at(0)[u"action"].toString(), QStringLiteral("a.two"));
        QCOMPARE(two.at(0)[u"entry_id"].toInteger(), 7);
        QCOMPARE(two.at(0)[u"at"].toString(), QStringLiteral("2026-02-01T12:00:00Z"));
        r = run({QStringLiteral("audit"), QStringLiteral("--since"), QStringLiteral("2026-01-15")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("a.two") && !r.out.contains("a.one"), r.out.constData());
        r = run({QStringLiteral("audit"), QStringLiteral("--since"), QStringLiteral("soon")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--since soon"), r.err.constData());
    }

    void artistsUnlinkHoldsPendingMoney()
    {
        const QList<qint64> ids = seedSales();
        CliRun r =
            run({QStringLiteral("artists"), QStringLiteral("unlink"), QStringLiteral("art_1")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("Unlinked art_1 from acct_1; 2 pending entries are held"),
                 r.out.constData());
        QCOMPARE(entry(ids.at(0)).state, EntryState::Held);
        QCOMPARE(entry(ids.at(0)).reason, QStringLiteral("no payout account"));
        QCOMPARE(audit(QStringLiteral("art_1")).last().action, QStringLiteral("artist.unlinked"));
        r = run({QStringLiteral("artists"), QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY(jsonArray(r.out).at(0)[u"account"].isNull());
        QCOMPARE(run({QStringLiteral("artists"), QStringLiteral("unlink"), QStringLiteral("art_x")})
                     .code,
                 1);
    }

    void artistsResetWantsTheWordThenBacksUpAndHolds()
    {
        const QList<qint64> ids = seedSales();
        const QString backups = m_data + QStringLiteral("/backups");
        CliRun r =
            run({QStringLiteral("artists"), QStringLiteral("reset"), QStringLiteral("art_1")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--confirm RESET"), r.err.constData());
        r = run({QStringLiteral("artists"), QStringLiteral("reset"), QStringLiteral("art_1"),
                 QStringLiteral("--confirm"), QStringLiteral("reset")});
        QCOMPARE(r.code, 2);
        QCOMPARE(entry(ids.at(0)).state, EntryState::Pending);
        QVERIFY(!QDir(backups).exists());
        QCOMPARE(run({QStringLiteral("artists"), QStringLiteral("reset"), QStringLiteral("art_x"),
                      QStringLiteral("--confirm"), QStringLiteral("RESET")})
                     .code,
                 1);
        QVERIFY(!QDir(backups).exists()); // an unknown artist leaves no backup

        r = run({QStringLiteral("artists"), QStringLiteral("reset"), QStringLiteral("art_1"),
                 QStringLiteral("--confirm"), QStringLiteral("RESET")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("account acct_1 unlinked; 2 pending entries held"),
                 r.out.constData());
        QCOMPARE(QDir(backups).entryList(QDir::Files).size(), 1);
        QCOMPARE(entry(ids.at(1)).reason, QStringLiteral("account reset"));
        QCOMPARE(audit(QStringLiteral("art_1")).last().action, QStringLiteral("account.reset"));
    }

    void artistsTokenIssueListRevoke()
    {
        seedSales();
        // Issued once: the token on stdout, alone on its line; never again.
        CliRun r =
            run({QStringLiteral("artists"), QStringLiteral("token"), QStringLiteral("issue"),
                 QStringLiteral("art_1"), QStringLiteral("--label"), QStringLiteral("laptop")});
        QCOMPARE(r.code, 0);
        const QString token = QString::fromUtf8(r.out).trimmed();
        QVERIFY2(ArtistToken::looksValid(token), r.out.constData());
        QVERIFY(r.err.contains("not shown again"));
        QCOMPARE(open()->tokens().authenticate(token).value(),
                 std::optional<QString>(QStringLiteral("art_1")));

        r = run({QStringLiteral("artists"), QStringLiteral("token"), QStringLiteral("issue"),
                 QStringLiteral("art_2"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonObject second = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(second[u"artist"].toString(), u"art_2");
        QVERIFY(ArtistToken::looksValid(second[u"token"].toString()));

        // An unknown artist gets no token.
        r = run({QStringLiteral("artists"), QStringLiteral("token"), QStringLiteral("issue"),
                 QStringLiteral("art_typo")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("there is no artist art_typo"));

        // The list never shows a token, only what tells them apart.
        r = run({QStringLiteral("artists"), QStringLiteral("token"), QStringLiteral("list"),
                 QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        QVERIFY(!r.out.contains(token.toUtf8()));
        QJsonArray rows = jsonArray(r.out);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0][u"artist"].toString(), u"art_1");
        QCOMPARE(rows[0][u"label"].toString(), u"laptop");
        QVERIFY(!rows[0][u"last_used_at"].isNull()); // used above
        QVERIFY(rows[1][u"last_used_at"].isNull());
        const qint64 id = rows[0][u"id"].toInteger();
        r = run({QStringLiteral("artists"), QStringLiteral("token"), QStringLiteral("list"),
                 QStringLiteral("art_2")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("art_2") && !r.out.contains("art_1"));

        r = run({QStringLiteral("artists"), QStringLiteral("token"), QStringLiteral("revoke"),
                 QString::number(id)});
        QCOMPARE(r.code, 0);
        QVERIFY(!open()->tokens().authenticate(token).value());
        r = run({QStringLiteral("artists"), QStringLiteral("token"), QStringLiteral("revoke"),
                 QString::number(id)});
        QCOMPARE(r.code, 1); // revoked before
        r = run({QStringLiteral("artists"), QStringLiteral("token"), QStringLiteral("revoke"),
                 QStringLiteral("x")});
        QCOMPARE(r.code, 2);
        rows = jsonArray(run({QStringLiteral("artists"), QStringLiteral("token"),
                              QStringLiteral("list"), QStringLiteral("--json")})
                             .out);
        QVERIFY(!rows[0][u"revoked_at"].isNull());

        // Issue and revoke leave audit rows, without the token.
        QStringList actions;
        for (const AuditRow &a : audit()) {
            actions << a.action;
            QVERIFY(!a.detail.contains(token));
        }
        QCOMPARE(actions.count(QStringLiteral("token.issued")), 2);
        QCOMPARE(actions.count(QStringLiteral("token.revoked")), 1);
    }

    void verifyReportsEachCheckOnAFileWithCorruptedPages()
    {
        seedSales();
        QFile f(ledgerPath());
        QVERIFY(f.open(QIODevice::ReadWrite));
        const qint64 pages = f.size() / 4096;
        QVERIFY(pages > 4);
        QByteArray garbage(4096 - 100, '\xA5');
        for (qint64 page = 1; page < pages; ++page) { // all but the header page
            QVERIFY(f.seek(page * 4096 + 100));
            f.write(garbage);
        }
        f.close();
        CliRun r = run({QStringLiteral("verify")});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.out.contains("FAIL  sqlite integrity"), r.out.constData());
        QVERIFY2(r.out.contains("FAIL  conservation of money"), r.out.constData());
        QVERIFY2(r.out.contains("The ledger has problems"), r.out.constData());
        r = run({QStringLiteral("verify"), QStringLiteral("--json")});
        QCOMPARE(r.code, 3);
        QCOMPARE(QJsonDocument::fromJson(r.out).object()[u"ok"].toBool(), false);
        r = run({QStringLiteral("status")});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("damaged"), r.err.constData());
    }

    void verifyReportsEachCheckOnATruncatedFile()
    {
        seedSales();
        QFile f(ledgerPath());
        QVERIFY(f.resize(f.size() / 2));
        CliRun r = run({QStringLiteral("verify")});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.out.contains("FAIL  "), r.out.constData());
        QVERIFY2(r.out.count("FAIL  ") >= 2, r.out.constData()); // every check, not the first
        r = run({QStringLiteral("status")});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("damaged"), r.err.constData());
    }

    void statusOnAServerItCannotReachSaysSoNotDamaged()
    {
        // Nothing listens on port 1 of the loopback: refused at once.
        const CliRun r = run({QStringLiteral("--ledger"),
                              QStringLiteral("postgresql://payout@127.0.0.1:1/payouts"),
                              QStringLiteral("status")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("cannot connect"), r.err.constData());
        QVERIFY2(r.err.contains("127.0.0.1"), r.err.constData());
        QVERIFY2(!r.err.contains("damaged"), r.err.constData());
    }

    void verifyFindsAnAmountThatIsNotAnInteger()
    {
        const QList<qint64> ids = seedSales();
        {
            std::unique_ptr<Ledger> ledger = open();
            QSqlQuery q(sqliteConnection(*ledger));
            QVERIFY(q.exec(QStringLiteral("UPDATE entries SET amount_minor = 500.5 WHERE id = %1")
                               .arg(ids.at(0))));
        }
        const CliRun r = run({QStringLiteral("verify")});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.out.contains("FAIL  amounts are integers"), r.out.constData());
        QVERIFY2(
            r.out.contains(QStringLiteral("entry %1 has amount 500.5").arg(ids.at(0)).toUtf8()),
            r.out.constData());
    }

    void headlessLogLinesCarryAnIsoTime()
    {
        const CliRun r = run({QStringLiteral("status")}); // a new ledger logs its migration
        QCOMPARE(r.code, 0);
        const QRegularExpression line(
            QStringLiteral(
                "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) "
                "payoutdesk\\.ledger: ledger schema migrated"),
            QRegularExpression::MultilineOption);
        QVERIFY2(line.match(QString::fromUtf8(r.err)).hasMatch(), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliAdmin)
#include "tst_cli_admin.moc"
