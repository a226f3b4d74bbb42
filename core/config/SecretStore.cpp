#include "SecretStore.h"

#include "util/Logging.h"

#include <QDateTime>
#include <QEventLoop>
#include <QTimer>
#include <qt6keychain/keychain.h>

QString SecretStore::keyName(Secret secret)
{
    switch (secret) {
    case Secret::StripeApiKey:
        return QStringLiteral("stripe-secret-key");
    case Secret::WebhookSigningSecret:
        return QStringLiteral("stripe-webhook-signing-secret");
    case Secret::AdminToken:
        return QStringLiteral("admin-token");
    case Secret::ArtistToken:
        return QStringLiteral("artist-token");
    case Secret::LedgerPassword:
        return QStringLiteral("ledger-password");
    }
    return {};
}

QString SecretStore::masked(const QString &secret)
{
    if (secret.isEmpty())
        return {};
    return QStringLiteral("••••") + secret.right(qMin<qsizetype>(4, secret.size() / 4));
}

namespace {

// QtKeychain jobs are asynchronous D-Bus calls. The engine asks for a secret
// at start-up or on an explicit user action, so it waits for the job in a
// local event loop, bounded by a timeout so a hung keychain cannot hang us.
// `variable` names the environment variable that can stand in for this
// secret on a machine without a keychain (null: a probe, about all secrets).
Status runJob(QKeychain::Job &job, const char *what, const char *variable = nullptr)
{
    job.setAutoDelete(false);
    QEventLoop loop;
    bool finished = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(15'000, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
    if (!finished)
        return fail(Error::secret(
            QStringLiteral("the OS keychain did not answer (%1)").arg(QString::fromLatin1(what))));
    if (job.error() == QKeychain::NoError || job.error() == QKeychain::EntryNotFound)
        return {};
    QString hint;
    if (job.error() == QKeychain::NoBackendAvailable || job.error() == QKeychain::OtherError)
        hint = QStringLiteral(" Is a Secret Service (gnome-keyring, KWallet) running and "
                              "unlocked? Headless use can set %1 instead.")
                   .arg(variable ? QStringLiteral("the environment variable %1")
                                       .arg(QString::fromLatin1(variable))
                                 : QStringLiteral("the environment variables STRIPE_API_KEY and "
                                                  "STRIPE_WEBHOOK_SECRET"));
    return fail(Error::secret(QStringLiteral("the OS keychain refused to %1: %2.%3")
                                  .arg(QString::fromLatin1(what), job.errorString(), hint)));
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QString service)
    : m_service(std::move(service))
{}

Result<QString> KeychainSecretStore::read(Secret secret)
{
    QKeychain::ReadPasswordJob job(m_service);
    job.setKey(keyName(secret));
    if (Status s = runJob(job, "read a secret", EnvironmentSecretStore::variableName(secret)); !s)
        return fail(s.error());
    return job.error() == QKeychain::EntryNotFound ? QString() : job.textData();
}

Status KeychainSecretStore::write(Secret secret, const QString &value)
{
    QKeychain::WritePasswordJob job(m_service);
    job.setKey(keyName(secret));
    job.setTextData(value);
    return runJob(job, "store a secret", EnvironmentSecretStore::variableName(secret));
}

Status KeychainSecretStore::remove(Secret secret)
{
    QKeychain::DeletePasswordJob job(m_service);
    job.setKey(keyName(secret));
    return runJob(job, "delete a secret", EnvironmentSecretStore::variableName(secret));
}

Status KeychainSecretStore::probe()
{
    const QString key = QStringLiteral("availability-probe");
    const QString value = QStringLiteral("probe-%1").arg(QDateTime::currentMSecsSinceEpoch());
    {
        QKeychain::WritePasswordJob job(m_service);
        job.setKey(key);
        job.setTextData(value);
        if (Status s = runJob(job, "store a probe entry"); !s)
            return s;
    }
    QString readBack;
    {
        QKeychain::ReadPasswordJob job(m_service);
        job.setKey(key);
        if (Status s = runJob(job, "read a probe entry"); !s)
            return s;
        readBack = job.textData();
    }
    QKeychain::DeletePasswordJob del(m_service);
    del.setKey(key);
    (void)runJob(del, "delete a probe entry");
    if (readBack != value)
        return fail(
            Error::secret(QStringLiteral("the OS keychain did not return what was stored")));
    return {};
}

EnvironmentSecretStore::EnvironmentSecretStore(std::unique_ptr<SecretStore> fallback)
    : m_fallback(std::move(fallback))
{}

const char *EnvironmentSecretStore::variableName(Secret secret)
{
    switch (secret) {
    case Secret::StripeApiKey:
        return "STRIPE_API_KEY";
    case Secret::WebhookSigningSecret:
        return "STRIPE_WEBHOOK_SECRET";
    case Secret::AdminToken:
        return "PAYOUTDESK_ADMIN_TOKEN";
    case Secret::ArtistToken:
        return "PAYOUTDESK_ARTIST_TOKEN";
    case Secret::LedgerPassword:
        return "PAYOUTDESK_DB_PASSWORD";
    }
    return "";
}

Result<QString> EnvironmentSecretStore::read(Secret secret)
{
    const QString fromEnv = qEnvironmentVariable(variableName(secret));
    if (!fromEnv.isEmpty())
        return fromEnv;
    if (!m_fallback)
        return QString();
    return m_fallback->read(secret);
}

Status EnvironmentSecretStore::write(Secret secret, const QString &value)
{
    if (!m_fallback)
        return fail(Error::secret(QStringLiteral("no keychain to store the secret in")));
    return m_fallback->write(secret, value);
}

Status EnvironmentSecretStore::remove(Secret secret)
{
    if (!m_fallback)
        return {};
    return m_fallback->remove(secret);
}
