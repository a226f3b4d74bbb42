#include "config/SecretStore.h"
#include "config/Settings.h"
#include "settings/SettingsDialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>

// The settings dialog on a machine with no keychain service: this test runs
// with its session bus pointing nowhere (see tests/ui/CMakeLists.txt), so
// the real QtKeychain store fails as it would on such a machine.
class TestNoKeychain final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unavailableKeychainIsSaidPlainly()
    {
        QTemporaryDir dir;
        Settings settings(dir.filePath(QStringLiteral("settings.ini")));
        KeychainSecretStore secrets(QStringLiteral("payoutdesk-uitest-nokeychain"));
        SettingsDialog dialog(settings, secrets, {});
        QVERIFY(!dialog.keychainAvailable());
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("keychainStatus"))
                    ->text()
                    .contains(u"not available"));
        QVERIFY(!dialog.findChild<QLineEdit *>(QStringLiteral("apiKeyEdit"))->isEnabled());
        QVERIFY(!dialog.findChild<QLineEdit *>(QStringLiteral("webhookSecretEdit"))->isEnabled());
    }
};

QTEST_MAIN(TestNoKeychain)
#include "tst_ui_nokeychain.moc"
