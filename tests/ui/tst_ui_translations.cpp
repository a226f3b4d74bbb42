#include "UiFixture.h"
#include "common/LedgerWatcher.h"
#include "common/RunSummaryText.h"
#include "common/Translations.h"
#include "payouts/EntryStatus.h"
#include "payouts/ProcessingInfoWidget.h"
#include "payouts/ScheduledPayoutsView.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QTest>

// The embedded catalogues: German for every string, English for its plural
// forms, both loaded by locale as the application loads them.
class TestTranslations final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { UiFixture::useLocale(QLocale(QLocale::English, QLocale::UnitedKingdom)); }

    void germanCatalogueIsUsed()
    {
        UiFixture::useLocale(QLocale(QLocale::German, QLocale::Germany));
        QCOMPARE(EntryStatus::label(DisplayStatus::Pending), QStringLiteral("Ausstehend"));
        QCOMPARE(EntryStatus::sourceText(EntryKind::Sale), QStringLiteral("Warenkorbverkauf"));

        UiFixture f;
        f.link(QStringLiteral("art_1"));
        f.sale({{QStringLiteral("art_1"), 123456}}, QStringLiteral("eur"));
        LedgerWatcher watcher(f.ledger->changes(), f.ledger.get());
        ScheduledPayoutsView view(f.reader(), watcher, *f.settings, f.clock);
        view.setArtist(QStringLiteral("art_1"));
        QCOMPARE(view.findChild<QLabel *>(QStringLiteral("totalPending"))->text(),
                 QStringLiteral("1.234,56\u00A0€"));
        QCOMPARE(view.findChild<QLabel *>(QStringLiteral("entryCounts"))->text(),
                 QStringLiteral("1\u00A0ausstehend"));
        QCOMPARE(view.findChild<QPushButton *>(QStringLiteral("refreshButton"))->text(),
                 QStringLiteral("Ak&tualisieren"));
    }

    void englishPluralForms()
    {
        UiFixture::useLocale(QLocale(QLocale::English, QLocale::UnitedStates));
        QCOMPARE(QCoreApplication::translate("HistoryModel", "%n entries", nullptr, 1),
                 QStringLiteral("1 entry"));
        QCOMPARE(QCoreApplication::translate("HistoryModel", "%n entries", nullptr, 2),
                 QStringLiteral("2 entries"));
        QCOMPARE(
            QCoreApplication::translate("ProcessingInfoWidget", "every %n minute(s)", nullptr, 1),
            QStringLiteral("every minute"));
    }

    // A locale without a catalogue (a C locale, French) reads English, with
    // English plurals: a statement says "1 sale", not "1 sale(s)".
    void aLocaleWithoutACatalogueGetsEnglishPlurals()
    {
        QVERIFY(!installTranslations(QLocale(QLocale::French, QLocale::France)));
        QCOMPARE(QCoreApplication::translate("StatementPdf", "%n sale(s)", nullptr, 1),
                 QStringLiteral("1 sale"));
        QCOMPARE(QCoreApplication::translate("StatementPdf", "%n sale(s)", nullptr, 2),
                 QStringLiteral("2 sales"));
    }

    // Every count the window shows reads right for 0, 1 and 2, in English
    // and German: no "(s)", no "1 entries".
    void countsArePlurals_data()
    {
        QTest::addColumn<QLocale>("locale");
        QTest::addColumn<int>("n");
        QTest::addColumn<QString>("development");
        QTest::addColumn<QString>("runTitle");
        QTest::addColumn<QString>("runBody");
        const QLocale en(QLocale::English, QLocale::UnitedKingdom);
        const QLocale de(QLocale::German, QLocale::Germany);
        QTest::newRow("en 0") << en << 0 << u"Development: a payout runs 0 seconds after"_qs
                              << u"Payout run finished: nothing could be paid yet"_qs
                              << u"0 of 2 transfers paid, 0 entries."_qs;
        QTest::newRow("en 1") << en << 1 << u"Development: a payout runs 1 second after"_qs
                              << u"Payout run paid 1 transfer"_qs
                              << u"1 of 2 transfers paid, 1 entry."_qs;
        QTest::newRow("en 2") << en << 2 << u"Development: a payout runs 2 seconds after"_qs
                              << u"Payout run paid 2 transfers"_qs
                              << u"2 of 2 transfers paid, 2 entries."_qs;
        QTest::newRow("de 0") << de << 0 << u"Entwicklung: 0 Sekunden nach"_qs
                              << u"Auszahlungslauf beendet: noch nichts auszahlbar"_qs
                              << u"0 von 2 Überweisungen ausgezahlt, 0 Posten."_qs;
        QTest::newRow("de 1") << de << 1 << u"Entwicklung: 1 Sekunde nach"_qs
                              << u"Auszahlungslauf: 1 Überweisung ausgezahlt"_qs
                              << u"1 von 2 Überweisungen ausgezahlt, 1 Posten."_qs;
        QTest::newRow("de 2") << de << 2 << u"Entwicklung: 2 Sekunden nach"_qs
                              << u"Auszahlungslauf: 2 Überweisungen ausgezahlt"_qs
                              << u"2 von 2 Überweisungen ausgezahlt, 2 Posten."_qs;
    }
    void countsArePlurals()
    {
        QFETCH(QLocale, locale);
        QFETCH(int, n);
        QFETCH(QString, development);
        QFETCH(QString, runTitle);
        QFETCH(QString, runBody);
        UiFixture::useLocale(locale);

        UiFixture f;
        f.settings->set(Settings::Key::Mode, QStringLiteral("development"));
        f.settings->set(Settings::Key::FastPayoutDelaySecs, n);
        ProcessingInfoWidget info(*f.settings, f.clock);
        const QString explanation =
            info.findChild<QLabel *>(QStringLiteral("modeExplanation"))->text();
        QVERIFY2(explanation.startsWith(development), qPrintable(explanation));

        PayoutRunSummary run;
        run.transfersAttempted = 2;
        run.transfersPaid = n;
        run.entriesPaid = n;
        QCOMPARE(RunSummaryText::title(run), runTitle);
        QCOMPARE(RunSummaryText::body(run, locale).section(u'\n', 0, 0), runBody);
    }

    // Qt's own catalogue (qtbase_de) is loaded with ours: standard buttons
    // follow the locale too.
    void standardButtonsFollowTheLocale()
    {
        UiFixture::useLocale(QLocale(QLocale::German, QLocale::Germany));
        QDialogButtonBox box(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
        QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Abbrechen"));
        QCOMPARE(box.button(QDialogButtonBox::Save)->text(), QStringLiteral("Speichern"));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_ui_translations.moc"
