#include "UiFixture.h"
#include "common/LedgerWatcher.h"
#include "common/Translations.h"
#include "payouts/EntryStatus.h"
#include "payouts/ScheduledPayoutsView.h"

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
                 QStringLiteral("1 ausstehend · 0 in Bearbeitung · 0 zurückgehalten"));
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
};

QTEST_MAIN(TestTranslations)
#include "tst_ui_translations.moc"
