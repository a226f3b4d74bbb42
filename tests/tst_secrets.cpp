#include "config/SecretStore.h"

#include <QCoreApplication>
#include <QTest>

// Secrets against a real Secret Service (gnome-keyring under
// dbus-run-session in the test command), and the environment overrides.
class TestSecrets final : public QObject
{
    Q_OBJECT
    const QString m_service =
        QStringLiteral("payoutdesk-test-%1").arg(QCoreApplication::applicationPid());

private Q_SLOTS:
    void keychainRoundTrip()
    {
        KeychainSecretStore store(m_service);
        const Status probe = store.probe();
        if (!probe) {
            if (qEnvironmentVariableIntValue("PAYOUTDESK_REQUIRE_KEYCHAIN"))
                QFAIL(qPrintable(probe.error().message));
            QSKIP("no Secret Service on this session bus; the README test command starts one");
        }
        using S = SecretStore::Secret;
        QVERIFY(store.write(S::StripeApiKey, QStringLiteral("sk_test_roundtrip_1234")));
        QCOMPARE(store.read(S::StripeApiKey).value(), QStringLiteral("sk_test_roundtrip_1234"));
        QVERIFY(store.write(S::StripeApiKey, QStringLiteral("sk_test_replaced_5678")));
        QCOMPARE(store.read(S::StripeApiKey).value(), QStringLiteral("sk_test_replaced_5678"));
        QCOMPARE(store.read(S::WebhookSigningSecret).value(), QString()); // never stored
        QVERIFY(store.remove(S::StripeApiKey));
        QCOMPARE(store.read(S::StripeApiKey).value(), QString());
    }

    void environmentOverridesTheKeychain()
    {
        qputenv("STRIPE_WEBHOOK_SECRET", "whsec_from_env");
        EnvironmentSecretStore store(nullptr);
        QCOMPARE(store.read(SecretStore::Secret::WebhookSigningSecret).value(),
                 QStringLiteral("whsec_from_env"));
        QCOMPARE(store.read(SecretStore::Secret::StripeApiKey).value(), QString());
        QVERIFY(!store.write(SecretStore::Secret::StripeApiKey, QStringLiteral("sk_test_x")));
        qunsetenv("STRIPE_WEBHOOK_SECRET");
    }

    void maskedShowsAtMostTheLastFour()
    {
        QCOMPARE(SecretStore::masked(QStringLiteral("sk_test_abcdefgh1234")),
                 QStringLiteral("••••1234"));
        QCOMPARE(SecretStore::masked(QStringLiteral("abc")), QStringLiteral("••••"));
        QCOMPARE(SecretStore::masked(QString()), QString());
    }
};

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
