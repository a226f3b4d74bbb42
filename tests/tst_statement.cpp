#include "CliRunner.h"
#include "Events.h"
#include "LedgerSeed.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "ledger/LedgerReader.h"
#include "report/Statement.h"
#include "util/Clock.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

// An artist's statement (README, "Statements") against a real SQLite
// ledger: sales through intake, payouts and a refund after payout through
// the ledger's stores as the engine writes them (one reversed, one clawed
// back and netted into the next transfer), then the statement of each month
// checked against the ledger's own totals, and the `statement` command of
// both programs.
class TestStatement final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    ManualClock m_clock{QDateTime(QDate(2026, 10, 20), QTime(12, 0), Qt::UTC)};
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<Intake> m_intake;
    CliRunner m_cli;
    CliRunner m_windowCli{qEnvironmentVariable("PAYOUTDESK_WINDOW_BIN")};
    qint64 m_recovery = 0;

    QString dataDir() const { return m_dir.filePath(QStringLiteral("store")); }
    static QDateTime at(int month, int day)
    {
        return QDateTime(QDate(2026, month, day), QTime(12, 0), Qt::UTC);
    }
    // One paid cart for art_1 (linked to acct_1) bought at `when`.
    QList<qint64> sale(const QString &n, const QDateTime &when, const QJsonArray &items)
    {
        Events::Cart c;
        c.eventId = QStringLiteral("evt_") + n;
        c.session = QStringLiteral("cs_") + n;
        c.paymentIntent = QStringLiteral("pi_") + n;
        c.created = when.toSecsSinceEpoch();
        c.items = items;
        m_clock.set(when);
        const Result<IntakeOutcome> o = m_intake->ingestOne(Events::cart(c), IntakeSource::Webhook);
        if (!o || o->kind != IntakeOutcome::Kind::Recorded)
            qFatal("sale %s not recorded", qPrintable(n));
        QList<qint64> ids;
        const QList<Entry> all = m_ledger->reader().entries({}).value();
        for (const Entry &e : all)
            if (e.reference == c.session)
                ids << e.id;
        return ids;
    }
    static QJsonObject item(qint64 amount, const QString &track, const QString &title = {})
    {
        return Events::item(QStringLiteral("art_1"), amount, track, {}, QStringLiteral("acct_1"),
                            title);
    }
    void pay(const QList<qint64> &ids, const QString &transferId, const QDateTime &when)
    {
        m_clock.set(when);
        const Result<ClaimedTransfer> t = LedgerSeed::claim(*m_ledger, ids);
        if (!t || !m_ledger->payouts().recordPaid(*t, transferId, QStringLiteral("req_x")))
            qFatal("cannot pay %s", qPrintable(transferId));
    }
    Statement statement(const QDate &from, const QDate &to)
    {
        const Result<Statement> s =
            Statements::compute(m_ledger->reader(), QStringLiteral("art_1"), from, to);
        if (!s)
            qFatal("statement: %s", qPrintable(s.error().message));
        return *s;
    }
    Statement month(int m)
    {
        const auto r =
            Statements::monthRange(u"2026-" + QString::number(m).rightJustified(2, u'0'));
        return statement(r->first, r->second);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QDir().mkpath(dataDir()));
        m_ledger = std::make_unique<Ledger>(dataDir() + QStringLiteral("/ledger.sqlite"), m_clock);
        QVERIFY(m_ledger->open());
        m_intake = std::make_unique<Intake>(*m_ledger);
        // October: two sales, one with a title.
        const QList<qint64> a = sale(QStringLiteral("a"), at(10, 20),
                                     {item(1000, QStringLiteral("trk_1"), u"Blue Hour"_qs),
                                      item(500, QStringLiteral("trk_2"))});
        // November: paid on the 2nd, more sales, the October sale refunded
        // on the 10th (one share reversed, one refused: a clawback), and the
        // rest paid on the 20th with the clawback netted in.
        pay(a, QStringLiteral("tr_1"), at(11, 2));
        QList<qint64> nov = sale(QStringLiteral("b"), at(11, 5),
                                 {item(300, QStringLiteral("trk_3"), u"Late Bloom"_qs)});
        m_clock.set(at(11, 10));
        QVERIFY(m_intake->ingestOne(Events::refund(QStringLiteral("evt_r"), QStringLiteral("pi_a"),
                                                   true, at(11, 10).toSecsSinceEpoch()),
                                    IntakeSource::Webhook));
        const QList<ClaimedReversal> r = m_ledger->payouts().claimReversals().value();
        QCOMPARE(r.size(), 2);
        QVERIFY(m_ledger->payouts().recordReversed(r[0], QStringLiteral("trr_1"), {}));
        const Result<qint64> recovery =
            m_ledger->payouts().recordClawback(r[1], QStringLiteral("balance too low"), {});
        QVERIFY(recovery);
        m_recovery = *recovery;
        nov << sale(QStringLiteral("c"), at(11, 15),
                    {item(900, QStringLiteral("trk_3"), u"Late Bloom"_qs)});
        pay(nov << m_recovery, QStringLiteral("tr_2"), at(11, 20));
        // December: one sale, not paid yet, and one refunded before payout.
        sale(QStringLiteral("d"), at(12, 3), {item(400, QStringLiteral("trk_4"))});
        sale(QStringLiteral("e"), at(12, 4), {item(250, QStringLiteral("trk_5"))});
        m_clock.set(at(12, 6));
        QVERIFY(m_intake->ingestOne(Events::refund(QStringLiteral("evt_r2"), QStringLiteral("pi_e"),
                                                   true, at(12, 6).toSecsSinceEpoch()),
                                    IntakeSource::Webhook));
        m_clock.set(at(12, 10));
        QVERIFY(m_ledger->reader().verify().value().ok());
    }
    void cleanupTestCase()
    {
        m_intake.reset();
        m_ledger.reset();
    }

    void monthsAddUpAndChain()
    {
        const Statement oct = month(10), nov = month(11), dec = month(12);
        QCOMPARE(oct.accounts.size(), 1);
        const Statement::Account &o = oct.accounts.first();
        QCOMPARE(o.currency, QStringLiteral("gbp"));
        QCOMPARE(o.openingMinor, 0);
        QCOMPARE(o.earnedMinor, 1500);
        QCOMPARE(o.reversedMinor, 0);
        QCOMPARE(o.paidMinor, 0);
        QCOMPARE(o.closingMinor, 1500);
        // Per track, with its title.
        QCOMPARE(o.earned.size(), 2);
        QCOMPARE(o.earned[0].title, QStringLiteral("Blue Hour"));
        QCOMPARE(o.earned[0].minor, 1000);

        const Statement::Account &n = nov.accounts.first();
        QCOMPARE(n.openingMinor, o.closingMinor); // the months chain
        QCOMPARE(n.earnedMinor, 1200);
        QCOMPARE(n.earned.size(), 1); // Late Bloom twice, one line
        QCOMPARE(n.earned[0].entries, 2);
        // The refund after payout: both shares reversed on the 10th, one
        // taken back (a negative payment), one clawed back from tr_2.
        QCOMPARE(n.reversedMinor, 1500);
        QCOMPARE(n.reversed.size(), 2);
        QCOMPARE(n.reversed[0].state, EntryState::Reversed);
        QCOMPARE(n.reversed[1].state, EntryState::Clawback);
        QCOMPARE(n.paid.size(), 3);
        QCOMPARE(n.paid[0].transferId, QStringLiteral("tr_1"));
        QCOMPARE(n.paid[0].minor, 1500);
        QCOMPARE(n.paid[0].at, at(11, 2)); // the payment's own day, not the refund's
        QVERIFY(n.paid[1].returned);
        QCOMPARE(n.paid[1].minor, -1000);
        QCOMPARE(n.paid[2].transferId, QStringLiteral("tr_2"));
        QCOMPARE(n.paid[2].minor, 700); // 300 + 900 - 500 recovered
        QCOMPARE(n.paidMinor, 1200);
        QCOMPARE(n.closingMinor, n.openingMinor + n.earnedMinor - n.reversedMinor - n.paidMinor);
        QCOMPARE(n.closingMinor, 0);

        const Statement::Account &d = dec.accounts.first();
        QCOMPARE(d.openingMinor, n.closingMinor);
        QCOMPARE(d.earnedMinor, 650);
        QCOMPARE(d.reversedMinor, 250); // refunded before it was paid
        QCOMPARE(d.reversed.first().state, EntryState::Void);
        QCOMPARE(d.reversed.first().at, at(12, 6));
        QCOMPARE(d.closingMinor, 400);
    }

    void totalsEqualTheLedgers()
    {
        // A range over everything: what the ledger says is earned, taken
        // back, paid by Stripe and still owed.
        const Statement all = statement(QDate(2026, 1, 1), QDate(2026, 12, 31));
        const Statement::Account &a = all.accounts.first();
        const ArtistBalance b =
            m_ledger->reader().balances(QStringLiteral("art_1")).value().first();
        QCOMPARE(a.openingMinor, 0);
        QCOMPARE(a.earnedMinor, 1500 + 1200 + 650);
        QCOMPARE(a.reversedMinor, b.reversedMinor + b.clawbackMinor + b.voidMinor);
        qint64 transfers = 0;
        const QList<PaidTransfer> paid = m_ledger->reader().paidTransfers(u"art_1"_qs).value();
        for (const PaidTransfer &t : paid)
            transfers += t.amount.minor;
        QCOMPARE(a.paidMinor, transfers - b.reversedMinor);
        QCOMPARE(a.closingMinor, b.pendingMinor + b.heldMinor + b.sendingMinor - b.reversingMinor);
        // A range splits where it is told: the two halves of November chain.
        const Statement first = statement(QDate(2026, 11, 1), QDate(2026, 11, 12));
        const Statement second = statement(QDate(2026, 11, 13), QDate(2026, 11, 30));
        QCOMPARE(second.accounts.first().openingMinor, first.accounts.first().closingMinor);
        QCOMPARE(second.accounts.first().closingMinor, month(11).accounts.first().closingMinor);
    }

    void csvHasOneLinePerPartWithExactAmounts()
    {
        const QByteArray csv = Statements::toCsv(month(11));
        QVERIFY(csv.startsWith("section,date,currency,amount,track,title,"));
        QVERIFY(csv.contains("opening,2026-11-01,GBP,15.00,"));
        QVERIFY(csv.contains("earned,,GBP,12.00,trk_3,Late Bloom,Cart Sale,2,"));
        QVERIFY(csv.contains("returned,2026-11-10T12:00:00Z,GBP,-10.00,"));
        QVERIFY(csv.contains("closing,2026-11-30,GBP,0.00,"));
        QVERIFY(csv.endsWith("\r\n"));
    }

    void commandPrintsAndWrites()
    {
        const QString csvPath = m_dir.filePath(QStringLiteral("nov.csv"));
        CliRun r = m_cli.run(dataDir(), {u"statement"_qs, u"--artist"_qs, u"art_1"_qs,
                                         u"--month"_qs, u"2026-11"_qs, u"--json"_qs});
        QCOMPARE(r.code, 0);
        const QJsonObject gbp =
            QJsonDocument::fromJson(r.out).object()[u"accounts"].toArray().first().toObject();
        QCOMPARE(gbp[u"opening_minor"].toInteger(), 1500);
        QCOMPARE(gbp[u"closing_minor"].toInteger(), 0);
        r = m_cli.run(dataDir(), {u"statement"_qs, u"--artist"_qs, u"art_1"_qs, u"--from"_qs,
                                  u"2026-12-01"_qs, u"--to"_qs, u"2026-12-31"_qs});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("Closing balance"), r.out.constData());
        QVERIFY2(r.out.contains("trk_5  refunded before payout"), r.out.constData());
        r = m_cli.run(dataDir(), {u"statement"_qs, u"--artist"_qs, u"art_1"_qs, u"--month"_qs,
                                  u"2026-11"_qs, u"--csv"_qs, csvPath});
        QCOMPARE(r.code, 0);
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll(), Statements::toCsv(month(11)));
    }

    void commandRefusesBadInput()
    {
        CliRun r = m_cli.run(dataDir(), {u"statement"_qs, u"--artist"_qs, u"art_1"_qs,
                                         u"--month"_qs, u"2026-13"_qs});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--month 2026-13 is not a month"), r.err.constData());
        r = m_cli.run(dataDir(), {u"statement"_qs, u"--month"_qs, u"2026-11"_qs});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--artist"));
        r = m_cli.run(dataDir(), {u"statement"_qs, u"--artist"_qs, u"art_1"_qs, u"--from"_qs,
                                  u"2026-12-31"_qs, u"--to"_qs, u"2026-12-01"_qs});
        QCOMPARE(r.code, 2);
        r = m_cli.run(dataDir(), {u"statement"_qs, u"--artist"_qs, u"art_nobody"_qs, u"--month"_qs,
                                  u"2026-11"_qs});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("no artist art_nobody"), r.err.constData());
    }

    void pdfNeedsTheDesktopProgram()
    {
        const QString pdf = m_dir.filePath(QStringLiteral("nov.pdf"));
        // payoutdesk-cli links no GUI library: a clear refusal, nothing written.
        CliRun r = m_cli.run(dataDir(), {u"statement"_qs, u"--artist"_qs, u"art_1"_qs,
                                         u"--month"_qs, u"2026-11"_qs, u"--pdf"_qs, pdf});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("needs the desktop program payoutdesk"), r.err.constData());
        QVERIFY(!QFile::exists(pdf));
        // payoutdesk writes it, with no display.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
            env.remove(QString::fromLatin1(name));
        r = m_windowCli.run(dataDir(),
                            {u"statement"_qs, u"--artist"_qs, u"art_1"_qs, u"--month"_qs,
                             u"2026-11"_qs, u"--pdf"_qs, pdf},
                            env);
        QVERIFY2(r.code == 0, r.err.constData());
        QFile file(pdf);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY(bytes.size() > 1000);
    }
};

QTEST_GUILESS_MAIN(TestStatement)
#include "tst_statement.moc"
