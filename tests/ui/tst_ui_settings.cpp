#include "UiFixture.h"
#include "settings/SettingsDialog.h"

#include <QComboBox>
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
