#pragma once

#include "util/Error.h"

#include <QString>

#include <memory>

// Where the secrets live: the Stripe secret key, the webhook signing secret,
// the admin token and a PostgreSQL ledger's password. Never in the database, QSettings or a log
// line.
class SecretStore
{
public:
    enum class Secret {
        StripeApiKey,
        WebhookSigningSecret,
        AdminToken,
        ArtistToken,    // the window connected to a store: the artist's personal token
        LedgerPassword, // a PostgreSQL ledger's password (PAYOUTDESK_DB_PASSWORD overrides it)
    };

    virtual ~SecretStore() = default;
    // The secret's value, or an empty string when none is stored.
    virtual Result<QString> read(Secret secret) = 0;
    virtual Status write(Secret secret, const QString &value) = 0;
    virtual Status remove(Secret secret) = 0;

    static QString keyName(Secret secret);
    // For display: the last four characters at most, "••••abcd".
    static QString masked(const QString &secret);
};

// The OS keychain through QtKeychain (the Secret Service on Linux). There is
// no plain-text fallback: when no keychain answers, every call says so.
class KeychainSecretStore final : public SecretStore
{
public:
    explicit KeychainSecretStore(QString service = QStringLiteral("payoutdesk"));
    Result<QString> read(Secret secret) override;
    Status write(Secret secret, const QString &value) override;
    Status remove(Secret secret) override;

    // QtKeychain's isAvailable() is true whenever libsecret loads, even with
    // no daemon running, so availability is judged by a real write, read and
    // delete of a probe entry.
    Status probe();

private:
    QString m_service;
};

// Environment variables override the keychain for headless use:
// STRIPE_API_KEY, STRIPE_WEBHOOK_SECRET, PAYOUTDESK_ADMIN_TOKEN and
// PAYOUTDESK_DB_PASSWORD.
class EnvironmentSecretStore final : public SecretStore
{
public:
    explicit EnvironmentSecretStore(std::unique_ptr<SecretStore> fallback);
    Result<QString> read(Secret secret) override;
    Status write(Secret secret, const QString &value) override;
    Status remove(Secret secret) override;

    static const char *variableName(Secret secret);

private:
    std::unique_ptr<SecretStore> m_fallback;
};
