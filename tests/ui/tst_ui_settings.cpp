#include "UiFixture.h"
#include "settings/SettingsDialog.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>

// Settings: secrets go to the SecretStore and are never shown back whole; a
// missing keychain is said plainly; the other settings are saved typed.
class TestSettingsDialog final : public QObject
{
    Q_OBJECT
    std::unique_ptr<UiFixture> m_f;

    template<class T> static T *find(QWidget &root, const char *name)
    {
        T *w = root.findChild<T *>(QString::fromLatin1(name));
        if (!w)
            qFatal("no %s", name);
        return w;
    }

private Q_SLOTS:
    void init() { m_f = std::make_unique<UiFixture>(); }
    void cleanup() { m_f.reset(); }

    void storedSecretsAreShownMaskedOnly()
    {
        const QString key = QStringLiteral("sk_test_51Habcdefghijklmnop9XyZ");
        QVERIFY(m_f->secrets.write(SecretStore::Secret::StripeApiKey, key));
        SettingsDialog dialog(*m_f->settings, m_f->secrets, {});
        auto *edit = find<QLineEdit>(dialog, "apiKeyEdit");
        QCOMPARE(edit->echoMode(), QLineEdit::Password);
        QVERIFY(edit->text().isEmpty());
        const QString shown = find<QLabel>(dialog, "apiKeyStored")->text();
        QVERIFY(shown.contains(u"9XyZ"));
        QVERIFY(!shown.contains(key.left(12)));
        for (QWidget *w : dialog.findChildren<QWidget *>()) {
            if (auto *l = qobject_cast<QLabel *>(w))
                QVERIFY(!l->text().contains(key));
            if (auto *e = qobject_cast<QLineEdit *>(w))
                QVERIFY(!e->text().contains(key));
        }
        QCOMPARE(find<QLabel>(dialog, "webhookSecretStored")->text(),
                 QStringLiteral("Nothing stored."));
    }

    void savingWritesSecretsAndSettings()
    {
        SettingsDialog dialog(*m_f->settings, m_f->secrets, {QStringLiteral("art_1")});
        dialog.show();
        QTest::keyClicks(find<QLineEdit>(dialog, "apiKeyEdit"), QStringLiteral("sk_test_new1234"));
        QTest::keyClicks(find<QLineEdit>(dialog, "webhookSecretEdit"), QStringLiteral("whsec_abc"));
        find<QLineEdit>(dialog, "artistEdit")->setText(QStringLiteral("art_1"));
        find<QComboBox>(dialog, "modeCombo")->setCurrentIndex(2);
        find<QSpinBox>(dialog, "fastDelaySpin")->setValue(45);
        find<QSpinBox>(dialog, "webhookPortSpin")->setValue(5000);
        find<QLineEdit>(dialog, "apiBaseEdit")->setText(QStringLiteral("http://127.0.0.1:12111"));
        QTest::mouseClick(find<QPushButton>(dialog, "saveSettingsButton"), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(m_f->secrets.read(SecretStore::Secret::StripeApiKey).value(),
                 QStringLiteral("sk_test_new1234"));
        QCOMPARE(m_f->secrets.read(SecretStore::Secret::WebhookSigningSecret).value(),
                 QStringLiteral("whsec_abc"));
        QCOMPARE(m_f->settings->string(Settings::Key::ArtistId), QStringLiteral("art_1"));
        QCOMPARE(m_f->settings->string(Settings::Key::Mode), QStringLiteral("production"));
        QCOMPARE(m_f->settings->integer(Settings::Key::FastPayoutDelaySecs), 45);
        QCOMPARE(m_f->settings->integer(Settings::Key::WebhookPort), 5000);
        QCOMPARE(m_f->settings->string(Settings::Key::StripeApiBase),
                 QStringLiteral("http://127.0.0.1:12111"));
    }

    // A PostgreSQL ledger: where it is, a setting; its password, a secret
    // in the keychain, never in the settings file nor shown back. A URL
    // holding the password is refused, and the refusal does not repeat it.
    void theLedgerPasswordGoesToTheKeychainNeverTheSettingsFile()
    {
        const QString password = QStringLiteral("pg-horse-battery-staple");
        const QString url =
            QStringLiteral("postgresql://payout@db.example:5432/payouts?sslmode=verify-full");
        {
            SettingsDialog dialog(*m_f->settings, m_f->secrets, {});
            dialog.show();
            auto *location = find<QLineEdit>(dialog, "ledgerLocationEdit");
            location->setText(
                QStringLiteral("postgresql://payout:%1@db.example/payouts").arg(password));
            auto *edit = find<QLineEdit>(dialog, "ledgerPasswordEdit");
            QCOMPARE(edit->echoMode(), QLineEdit::Password);
            QTest::keyClicks(edit, password);
            QTest::mouseClick(find<QPushButton>(dialog, "saveSettingsButton"), Qt::LeftButton);
            QVERIFY(dialog.isVisible());
            const QString refusal = find<QLabel>(dialog, "settingsError")->text();
            QVERIFY2(refusal.contains(QStringLiteral("holds a password")), qPrintable(refusal));
            QVERIFY(!refusal.contains(password));
            QCOMPARE(m_f->secrets.read(SecretStore::Secret::LedgerPassword).value(), QString());

            location->setText(url);
            QTest::mouseClick(find<QPushButton>(dialog, "saveSettingsButton"), Qt::LeftButton);
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }
        QCOMPARE(m_f->secrets.read(SecretStore::Secret::LedgerPassword).value(), password);
        QCOMPARE(m_f->settings->string(Settings::Key::LedgerLocation), url);
        m_f->settings->sync();
        QFile file(m_f->settings->fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QVERIFY(written.contains("db.example"));
        QVERIFY(!written.contains(password.toUtf8()));

        SettingsDialog again(*m_f->settings, m_f->secrets, {});
        QCOMPARE(find<QLabel>(again, "ledgerPasswordStored")->text(), QStringLiteral("Stored."));
        for (QLineEdit *e : again.findChildren<QLineEdit *>())
            QVERIFY(!e->text().contains(password));
        QVERIFY(m_f->secrets.remove(SecretStore::Secret::LedgerPassword));
    }

    void emptySecretFieldsKeepWhatIsStored()
    {
        QVERIFY(
            m_f->secrets.write(SecretStore::Secret::StripeApiKey, QStringLiteral("sk_test_keep")));
        SettingsDialog dialog(*m_f->settings, m_f->secrets, {});
        dialog.show();
        QTest::mouseClick(find<QPushButton>(dialog, "saveSettingsButton"), Qt::LeftButton);
        QCOMPARE(m_f->secrets.read(SecretStore::Secret::StripeApiKey).value(),
                 QStringLiteral("sk_test_keep"));
    }

    void malformedValuesAreRefused_data()
    {
        QTest::addColumn<QString>("apiKey");
        QTest::addColumn<QString>("apiBase");
        QTest::newRow("publishable key")
            << QStringLiteral("pk_test_123") << QStringLiteral("https://api.stripe.com");
        QTest::newRow("not a URL") << QString() << QStringLiteral("stripe");
        QTest::newRow("ftp URL") << QString() << QStringLiteral("ftp://api.stripe.com");
    }
    void malformedValuesAreRefused()
    {
        QFETCH(QString, apiKey);
        QFETCH(QString, apiBase);
        SettingsDialog dialog(*m_f->settings, m_f->secrets, {});
        dialog.show();
        QTest::keyClicks(find<QLineEdit>(dialog, "apiKeyEdit"), apiKey);
        find<QLineEdit>(dialog, "apiBaseEdit")->setText(apiBase);
        QTest::mouseClick(find<QPushButton>(dialog, "saveSettingsButton"), Qt::LeftButton);
        QVERIFY(dialog.isVisible());
        QVERIFY(!find<QLabel>(dialog, "settingsError")->text().isEmpty());
        QCOMPARE(m_f->secrets.read(SecretStore::Secret::StripeApiKey).value(), QString());
        QCOMPARE(m_f->settings->string(Settings::Key::StripeApiBase),
                 QStringLiteral("https://api.stripe.com"));
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_ui_settings.moc"
