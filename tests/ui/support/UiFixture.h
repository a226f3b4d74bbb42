#pragma once

#include "ScriptedPrompter.h"
#include "config/SecretStore.h"
#include "config/Settings.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "service/AdminActions.h"
#include "util/Clock.h"

#include <QLocale>
#include <QTemporaryDir>

#include <memory>

class MainWindow;

// One store for a window test: a temporary ledger and settings file, a
// ManualClock at 2026-01-01 00:00 UTC, intake on the same connection, a
// scripted prompter and the real OS keychain (the test command runs a
// Secret Service), under a service name of this test's own that is emptied
// when the fixture goes, and the window's writes through LocalAdminActions
// on the same ledger. Each test gets a fresh one (make it in init()).
struct UiFixture
{
    QTemporaryDir dir;
    ManualClock clock;
    std::unique_ptr<Ledger> ledger;
    std::unique_ptr<Intake> intake;
    std::unique_ptr<Settings> settings;
    std::unique_ptr<LocalAdminActions> actions;
    ScriptedPrompter prompter;
    KeychainSecretStore secrets;
    int events = 0;

    UiFixture();
    ~UiFixture();
    QString ledgerPath() const { return dir.filePath(QStringLiteral("ledger.sqlite")); }
    QString backupDir() const { return dir.filePath(QStringLiteral("backups")); }

    // A paid cart purchase through intake; returns the new entries' ids.
    QList<qint64> sale(const QList<std::pair<QString, qint64>> &items,
                       const QString &currency = QStringLiteral("gbp"),
                       const QString &account = QStringLiteral("acct_test"));
    void link(const QString &artist, const QString &account = QStringLiteral("acct_test"));

    std::unique_ptr<MainWindow> window(bool admin, int pollMs = 100);
    // What the views read on the GUI thread: the test ledger's reader.
    LedgerReader &reader() const { return ledger->reader(); }

    // The locale the money tests format with, whatever the machine says.
    static void useLocale(const QLocale &locale);
};
