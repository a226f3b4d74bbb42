#include "LedgerSeed.h"
#include "UiFixture.h"
#include "engine/PayoutPolicy.h"
#include "payouts/EntryStatus.h"
#include "payouts/ScheduledEntriesModel.h"

#include <QFile>
#include <QIcon>
#include <QImage>
#include <QSet>
#include <QTest>

#include <cmath>

Q_DECLARE_METATYPE(EntryState)

// Each state an artist can see, with its icon and the tooltip that says
// what it means: pending, processing, retrying (error and next attempt),
// on hold (with the reason).
class TestEntryStatus final : public QObject
{
    Q_OBJECT
    std::unique_ptr<UiFixture> m_f;

    static QImage render(const QIcon &icon, qreal dpr)
    {
        return icon.pixmap(QSize(16, 16), dpr).toImage();
    }

private Q_SLOTS:
    void initTestCase() { UiFixture::useLocale(QLocale(QLocale::English, QLocale::UnitedKingdom)); }
    void init()
    {
        m_f = std::make_unique<UiFixture>();
        m_f->link(QStringLiteral("art_1"));
    }
    void cleanup() { m_f.reset(); }

    void eachStateHasItsIconAndTooltip_data()
    {
        QTest::addColumn<EntryState>("state");
        QTest::addColumn<int>("attempts");
        QTest::addColumn<QString>("lastError");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("icon");
        QTest::addColumn<QStringList>("tooltipHas");

        QTest::newRow("pending") << EntryState::Pending << 0 << QString() << QString() << "Pending"
                                 << ":/icons/status-pending.svg"
                                 << QStringList{QStringLiteral("next payout run")};
        QTest::newRow("pending: waiting for the balance")
            << EntryState::Pending << 0 << QString() << Reason::InsufficientPlatformBalance
            << "Waiting for balance"
            << ":/icons/status-waiting.svg"
            << QStringList{QStringLiteral("the store's Stripe balance cannot cover")};
        QTest::newRow("pending: below the minimum")
            << EntryState::Pending << 0 << QString()
            << PayoutPolicy::belowMinimumReason(Money{1000, QStringLiteral("gbp")})
            << "Below minimum"
            << ":/icons/status-minimum.svg"
            << QStringList{QStringLiteral("below the minimum payout of £10.00")};
        QTest::newRow("processing")
            << EntryState::Sending << 0 << QString() << QString() << "Processing"
            << ":/icons/status-processing.svg" << QStringList{QStringLiteral("on its way")};
        QTest::newRow("retrying") << EntryState::Pending << 2
                                  << QStringLiteral("rate_limit: too many requests") << QString()
                                  << "Retrying"
                                  << ":/icons/status-retrying.svg"
                                  << QStringList{QStringLiteral("attempt 2"),
                                                 QStringLiteral("rate_limit: too many requests"),
                                                 QStringLiteral("Next attempt: 01/01/2026 00:05")};
        QTest::newRow("held: no account")
            << EntryState::Held << 0 << QString() << Reason::NoPayoutAccount << "On hold"
            << ":/icons/status-held.svg"
            << QStringList{QStringLiteral("On hold: no payout account")};
        QTest::newRow("held: account reset")
            << EntryState::Held << 0 << QString() << Reason::AccountReset << "On hold"
            << ":/icons/status-held.svg" << QStringList{QStringLiteral("On hold: account reset")};
        QTest::newRow("held: account not ready")
            << EntryState::Held << 0 << QString() << Reason::PayoutAccountNotReady << "On hold"
            << ":/icons/status-held.svg"
            << QStringList{QStringLiteral("On hold: payout account not ready")};
        QTest::newRow("held: other reason")
            << EntryState::Held << 0 << QString()
            << QStringLiteral("account cannot receive transfers") << "On hold"
            << ":/icons/status-held.svg"
            << QStringList{QStringLiteral("On hold: account cannot receive transfers")};
    }
    void eachStateHasItsIconAndTooltip()
    {
        QFETCH(EntryState, state);
        QFETCH(int, attempts);
        QFETCH(QString, lastError);
        QFETCH(QString, reason);
        QFETCH(QString, label);
        QFETCH(QString, icon);
        QFETCH(QStringList, tooltipHas);

        const qint64 id = m_f->sale({{QStringLiteral("art_1"), 560}}).first();
        LedgerSeed::EntryChange c;
        c.state = state;
        c.attempts = attempts;
        c.lastError = lastError;
        c.reason = reason;
        if (attempts > 0)
            c.nextAttemptAt = m_f->clock.now().addSecs(300);
        if (state == EntryState::Sending)
            c.idempotencyKey = QStringLiteral("idem_1");
        QVERIFY(LedgerSeed::change(*m_f->ledger, id, c));

        ScheduledEntriesModel model(m_f->reader());
        model.setArtist(QStringLiteral("art_1"));
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex status = model.index(0, ScheduledEntriesModel::Status);
        QCOMPARE(status.data().toString(), label);
        const QString tip = status.data(Qt::ToolTipRole).toString();
        for (const QString &part : tooltipHas)
            QVERIFY2(tip.contains(part), qPrintable(tip));

        QVERIFY(QFile::exists(icon));
        const QIcon shown = status.data(Qt::DecorationRole).value<QIcon>();
        QVERIFY(!shown.isNull());
        QCOMPARE(render(shown, 1.0), render(QIcon(icon), 1.0));
        // SVG: drawn at the device pixel ratio, not scaled up from 16 px.
        QCOMPARE(render(shown, 2.0).size(), QSize(32, 32));
        QCOMPARE(render(shown, 2.0), render(QIcon(icon), 2.0));
    }

    // Every entry's "why not paid yet, and when" line, as the table shows
    // it in its last column: the run's time, the next attempt, or what the
    // artist or the store must do.
    void eachStateSaysWhyAndWhen_data()
    {
        QTest::addColumn<EntryState>("state");
        QTest::addColumn<int>("attempts");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("why");

        QTest::newRow("pending") << EntryState::Pending << 0 << QString()
                                 << u"Paid in the next payout run, at 00:30."_qs;
        QTest::newRow("waiting for balance")
            << EntryState::Pending << 0 << Reason::InsufficientPlatformBalance
            << u"The store's balance is too low right now; tried again in the next payout run, "
               "at 00:30. Nothing for you to do."_qs;
        QTest::newRow("below minimum")
            << EntryState::Pending << 0
            << PayoutPolicy::belowMinimumReason(Money{1000, QStringLiteral("gbp")})
            << u"Your total is below the store's minimum payout of £10.00; paid once it reaches "
               "it."_qs;
        QTest::newRow("retrying") << EntryState::Pending << 2 << QString()
                                  << u"Stripe answered with an error; tried again at 00:05 "
                                     "(attempt 3)."_qs;
        QTest::newRow("processing") << EntryState::Sending << 0 << QString()
                                    << u"On its way: Stripe is confirming the transfer."_qs;
        QTest::newRow("held: no account")
            << EntryState::Held << 0 << Reason::NoPayoutAccount
            << u"On hold (no payout account): paid once the store links your payout account."_qs;
        QTest::newRow("held: not ready")
            << EntryState::Held << 0 << Reason::PayoutAccountNotReady
            << u"On hold (payout account not ready): paid once your Stripe account can receive "
               "transfers."_qs;
        QTest::newRow("held: account reset")
            << EntryState::Held << 0 << Reason::AccountReset
            << u"On hold: paid once a payout account is linked again."_qs;
        QTest::newRow("held: other") << EntryState::Held << 0 << u"manual review"_qs
                                     << u"On hold (manual review): the store must release it."_qs;
    }
    void eachStateSaysWhyAndWhen()
    {
        QFETCH(EntryState, state);
        QFETCH(int, attempts);
        QFETCH(QString, reason);
        QFETCH(QString, why);

        const qint64 id = m_f->sale({{QStringLiteral("art_1"), 560}}).first();
        LedgerSeed::EntryChange c;
        c.state = state;
        c.attempts = attempts;
        c.reason = reason;
        if (attempts > 0) {
            c.nextAttemptAt = m_f->clock.now().addSecs(300);
            c.lastError = QStringLiteral("rate_limit");
        }
        if (state == EntryState::Sending)
            c.idempotencyKey = QStringLiteral("idem_1");
        QVERIFY(LedgerSeed::change(*m_f->ledger, id, c));

        ScheduledEntriesModel model(m_f->reader());
        model.setLocale(QLocale(QLocale::English, QLocale::UnitedKingdom));
        model.setNextRun(m_f->clock.now().addSecs(1800), m_f->clock.now());
        model.setArtist(QStringLiteral("art_1"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, ScheduledEntriesModel::Why).data().toString(), why);
        // The column is elided in a narrow window: the tooltip has it whole.
        QCOMPARE(model.index(0, ScheduledEntriesModel::Why).data(Qt::ToolTipRole).toString(), why);
    }

    void withoutAnEngineTheRowSaysNoRunIsScheduled()
    {
        m_f->sale({{QStringLiteral("art_1"), 560}});
        ScheduledEntriesModel model(m_f->reader());
        model.setNextRun(QDateTime(), m_f->clock.now());
        model.setArtist(QStringLiteral("art_1"));
        const QString why = model.index(0, ScheduledEntriesModel::Why).data().toString();
        QVERIFY2(why.contains(u"none is scheduled yet"), qPrintable(why));
    }

    // Chips: colour AND icon AND words. Each status has its own words and
    // icon, and its colours keep their contrast in light and dark palettes.
    void chipsHaveWordsIconsAndReadableColours()
    {
        QSet<QString> labels;
        for (DisplayStatus s :
             {DisplayStatus::Pending, DisplayStatus::Processing, DisplayStatus::Retrying,
              DisplayStatus::WaitingForBalance, DisplayStatus::OnHold, DisplayStatus::BelowMinimum,
              DisplayStatus::Clawback}) {
            const QString label = EntryStatus::label(s);
            QVERIFY(!label.isEmpty());
            QVERIFY2(!labels.contains(label), qPrintable(label));
            labels.insert(label);
            QVERIFY2(QFile::exists(EntryStatus::iconPath(s)), qPrintable(label));
        }
        const auto luminance = [](const QColor &c) {
            const auto lin = [](qreal v) {
                return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
            };
            return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF());
        };
        for (bool dark : {false, true}) {
            for (ChipTone tone : {ChipTone::Neutral, ChipTone::Info, ChipTone::Progress,
                                  ChipTone::Warning, ChipTone::Danger, ChipTone::Success}) {
                const auto [bg, fg] = EntryStatus::chipColors(tone, dark);
                const qreal a = luminance(bg), b = luminance(fg);
                const qreal contrast = (qMax(a, b) + 0.05) / (qMin(a, b) + 0.05);
                QVERIFY2(contrast >= 4.5, qPrintable(QStringLiteral("tone %1 dark %2: %3")
                                                         .arg(int(tone))
                                                         .arg(dark)
                                                         .arg(contrast)));
            }
        }
    }

    // A refund after payout: its three states and the recovery entry each
    // have their own chip and words (ARCHITECTURE.md: reversal, clawback).
    void refundsAfterPayoutShowTheirOwnChips()
    {
        Entry e;
        e.amount = Money{500, QStringLiteral("gbp")};
        e.transferId = QStringLiteral("tr_1");
        e.state = EntryState::Reversing;
        e.reason = Reason::RefundedAfterPayout;
        QCOMPARE(EntryStatus::chip(e).status, DisplayStatus::Reversing);
        e.state = EntryState::Reversed;
        QCOMPARE(EntryStatus::chip(e).status, DisplayStatus::Reversed);
        e.state = EntryState::Clawback;
        QCOMPARE(EntryStatus::chip(e).status, DisplayStatus::Clawback);
        QVERIFY(EntryStatus::toolTip(e, QLocale()).contains(u"could not take it back"));

        Entry owed;
        owed.kind = EntryKind::Clawback;
        owed.amount = Money{-500, QStringLiteral("gbp")};
        QCOMPARE(EntryStatus::chip(owed).status, DisplayStatus::Clawback);
        QCOMPARE(EntryStatus::sourceText(EntryKind::Clawback), u"Clawback"_qs);
        QVERIFY(EntryStatus::toolTip(owed, QLocale()).contains(u"taken from your next payouts"));
        owed.state = EntryState::Paid;
        owed.transferId = QStringLiteral("tr_9");
        QVERIFY(EntryStatus::toolTip(owed, QLocale()).contains(u"recovered from transfer tr_9"));

        // A sale kept back to cover a clawback says how much is still owed.
        Entry kept;
        kept.amount = Money{300, QStringLiteral("gbp")};
        kept.reason = QStringLiteral("netted against a clawback: £2.00 still to recover");
        QVERIFY(EntryStatus::toolTip(kept, QLocale()).contains(u"£2.00 still to recover"));
    }

    // A state this build does not know at all still shows something sensible.
    void anUnknownStateShowsItsName()
    {
        Entry e;
        e.state = EntryState(42);
        e.reason = QStringLiteral("something new");
        const StatusChip chip = EntryStatus::chip(e);
        QCOMPARE(chip.status, DisplayStatus::Other);
        QVERIFY(!chip.label.isEmpty());
        QVERIFY(QFile::exists(chip.iconPath));
        QVERIFY(EntryStatus::toolTip(e, QLocale()).contains(u"something new"));
        QCOMPARE(EntryStatus::whyNotPaid(e, QLocale(), QDateTime()), u"something new"_qs);
    }

    void statesLookDifferent()
    {
        QList<QImage> seen;
        for (DisplayStatus s :
             {DisplayStatus::Pending, DisplayStatus::Processing, DisplayStatus::Retrying,
              DisplayStatus::WaitingForBalance, DisplayStatus::OnHold, DisplayStatus::BelowMinimum,
              DisplayStatus::Clawback, DisplayStatus::Paid, DisplayStatus::Void,
              DisplayStatus::Other}) {
            const QImage image = render(EntryStatus::icon(s), 1.0);
            QVERIFY(!image.isNull());
            QVERIFY(!seen.contains(image));
            seen << image;
        }
    }

    void retryWithoutAKnownTimeSaysNextRun()
    {
        Entry e;
        e.state = EntryState::Pending;
        e.attempts = 1;
        e.lastError = QStringLiteral("api_connection_error");
        const QString tip = EntryStatus::toolTip(e, QLocale());
        QVERIFY(tip.contains(u"api_connection_error"));
        QVERIFY(tip.contains(u"in the next payout run"));
    }
};

QTEST_MAIN(TestEntryStatus)
#include "tst_ui_entrystatus.moc"
