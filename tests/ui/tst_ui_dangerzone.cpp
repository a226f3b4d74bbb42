#include "LedgerSeed.h"
#include "UiFixture.h"
#include "account/AccountReset.h"
#include "danger/DangerZone.h"

#include <QDir>
#include <QFrame>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

#include <algorithm>
#include <limits>

// The danger zone: collapsed at start, and Reset Account's two dialogs,
// where Cancel at either step changes nothing and confirming unlinks the
// account, keeps the money on hold and writes the backup first.
class TestDangerZone final : public QObject
{
    Q_OBJECT
    std::unique_ptr<UiFixture> m_f;
    std::unique_ptr<DangerZone> m_zone;

    // SQLite-specific: no store reads the audit log.
    qint64 scalar(const QString &sql) { return LedgerSeed::scalar(*m_f->ledger, sql).value(); }

    // Everything a reset could touch, to show that a cancelled one did not.
    QString snapshot()
    {
        const auto b = m_f->reader().balances(QStringLiteral("art_1")).value();
        return QStringLiteral("%1|%2|%3|%4|%5|%6")
            .arg(m_f->reader().artist(QStringLiteral("art_1")).value()->account)
            .arg(b.at(0).pendingMinor)
            .arg(b.at(0).heldMinor)
            .arg(b.at(0).sendingMinor)
            .arg(scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log")))
            .arg(QDir(m_f->backupDir()).entryList(QDir::Files).size());
    }

    QToolButton *toggle()
    {
        return m_zone->findChild<QToolButton *>(QStringLiteral("dangerToggle"));
    }
    QFrame *content() { return m_zone->findChild<QFrame *>(QStringLiteral("dangerContent")); }
    QPushButton *resetButton()
    {
        return m_zone->findChild<QPushButton *>(QStringLiteral("resetAccountButton"));
    }

private Q_SLOTS:
    void init()
    {
        m_f = std::make_unique<UiFixture>();
        m_f->link(QStringLiteral("art_1"), QStringLiteral("acct_1"));
        const QList<qint64> ids = m_f->sale({{QStringLiteral("art_1"), 560},
                                             {QStringLiteral("art_1"), 840},
                                             {QStringLiteral("art_1"), 70}},
                                            QStringLiteral("gbp"), QString());
        QVERIFY(LedgerSeed::claim(*m_f->ledger, {ids[2]})); // a transfer on its way
        m_zone = std::make_unique<DangerZone>(m_f->reader(), *m_f->actions, m_f->prompter);
        m_zone->setArtist(QStringLiteral("art_1"));
        m_zone->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_zone.get()));
    }
    void cleanup()
    {
        m_zone.reset();
        m_f.reset();
    }

    void collapsedAtStart()
    {
        QVERIFY(toggle());
        QVERIFY(content());
        QVERIFY(!m_zone->isExpanded());
        QVERIFY(!toggle()->isChecked());
        QCOMPARE(toggle()->arrowType(), Qt::RightArrow);
        QVERIFY(!content()->isVisible());
        QVERIFY(!resetButton()->isVisible());
    }

    void expandsOnClickAndCollapsesAgain()
    {
        QSignalSpy expanded(m_zone.get(), &DangerZone::expandedChanged);
        QTest::mouseClick(toggle(), Qt::LeftButton);
        QVERIFY(content()->isVisible());
        QVERIFY(resetButton()->isVisible());
        QCOMPARE(toggle()->arrowType(), Qt::DownArrow);
        QCOMPARE(expanded.count(), 1);
        QCOMPARE(expanded.at(0).at(0).toBool(), true);
        QTest::mouseClick(toggle(), Qt::LeftButton);
        QVERIFY(!content()->isVisible());
        QCOMPARE(toggle()->arrowType(), Qt::RightArrow);
    }

    void expandsFromTheKeyboard()
    {
        toggle()->setFocus();
        QTest::keyClick(toggle(), Qt::Key_Space);
        QVERIFY(content()->isVisible());
    }

    void cancelAtTheFirstDialogChangesNothing()
    {
        const QString before = snapshot();
        m_f->prompter.confirmAnswers.enqueue(false);
        m_f->prompter.typedAnswers.enqueue(QStringLiteral("RESET")); // never reached
        m_zone->setExpanded(true);
        QTest::mouseClick(resetButton(), Qt::LeftButton);
        QCOMPARE(m_f->prompter.asked.size(), 1);
        QVERIFY(m_f->prompter.asked.first().startsWith(u"confirm: "));
        QVERIFY(!m_zone->isResetting());
        QCOMPARE(snapshot(), before);
    }

    void cancelAtTheTypedDialogChangesNothing_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::newRow("cancelled") << QString();
        QTest::newRow("lower case") << QStringLiteral("reset");
        QTest::newRow("leading space") << QStringLiteral(" RESET");
        QTest::newRow("trailing space") << QStringLiteral("RESET ");
        QTest::newRow("wrong word") << QStringLiteral("RESTE");
    }
    void cancelAtTheTypedDialogChangesNothing()
    {
        QFETCH(QString, typed);
        const QString before = snapshot();
        m_f->prompter.confirmAnswers.enqueue(true);
        if (!typed.isEmpty())
            m_f->prompter.typedAnswers.enqueue(typed);
        m_zone->setExpanded(true);
        QTest::mouseClick(resetButton(), Qt::LeftButton);
        QCOMPARE(m_f->prompter.asked.size(), 2);
        QCOMPARE(m_f->prompter.typedWords, QStringList{QStringLiteral("RESET")});
        QVERIFY(!m_zone->isResetting());
        QCOMPARE(snapshot(), before);
    }

    void confirmingUnlinksHoldsTheMoneyAndWritesTheBackup()
    {
        m_f->prompter.confirmAnswers.enqueue(true);
        m_f->prompter.typedAnswers.enqueue(QStringLiteral("RESET"));
        QSignalSpy finished(m_zone.get(), &DangerZone::resetFinished);
        m_zone->setExpanded(true);
        QTest::mouseClick(resetButton(), Qt::LeftButton);
        QVERIFY(finished.wait(10'000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);

        QCOMPARE(m_f->reader().artist(QStringLiteral("art_1")).value()->account, QString());
        const ArtistBalance b = m_f->reader().balances(QStringLiteral("art_1")).value().at(0);
        QCOMPARE(b.pendingMinor, 0);
        QCOMPARE(b.heldMinor, 560 + 840); // on hold, not gone
        QCOMPARE(b.sendingMinor, 70);     // its outcome is unknown: left alone
        const QList<Entry> held =
            m_f->reader()
                .entries({{}, {EntryState::Held}, std::numeric_limits<int>::max()})
                .value();
        QCOMPARE(std::count_if(held.begin(), held.end(),
                               [](const Entry &e) { return e.reason == Reason::AccountReset; }),
                 2);
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                       "'account.reset' AND actor = 'artist'")),
                 1);
        const QStringList backups = QDir(m_f->backupDir()).entryList(QDir::Files);
        QCOMPARE(backups.size(), 1);
        // The backup is the ledger as it was before the reset.
        Ledger copy(QDir(m_f->backupDir()).filePath(backups.first()), m_f->clock);
        QVERIFY(copy.open());
        QCOMPARE(copy.reader().artist(QStringLiteral("art_1")).value()->account,
                 QStringLiteral("acct_1"));
        QCOMPARE(m_f->prompter.informed.size(), 1);
        QVERIFY(m_f->prompter.informed.first().contains(backups.first()));
        QVERIFY(m_f->reader().verify().value().ok());
    }

    void aFailedBackupChangesNothing()
    {
        // A file where the backup folder should be: the backup cannot be written.
        QFile blocker(m_f->backupDir());
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const QString before = snapshot().section(u'|', 0, 4);
        m_f->prompter.confirmAnswers.enqueue(true);
        m_f->prompter.typedAnswers.enqueue(QStringLiteral("RESET"));
        QSignalSpy finished(m_zone.get(), &DangerZone::resetFinished);
        m_zone->requestReset();
        QVERIFY(finished.wait(10'000));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QCOMPARE(snapshot().section(u'|', 0, 4), before);
        QCOMPARE(m_f->prompter.warned.size(), 1);
    }

    void noArtistNoReset()
    {
        m_zone->setArtist(QString());
        m_zone->setExpanded(true);
        QVERIFY(!resetButton()->isEnabled());
    }
};

QTEST_MAIN(TestDangerZone)
#include "tst_ui_dangerzone.moc"
