#pragma once

#include "config/SecretStore.h"

#include <QHash>

// A SecretStore in memory for the settings dialog's tests; `available`
// false makes every call fail as a keychain without a daemon does.
class MemorySecretStore final : public SecretStore
{
public:
    bool available = true;
    QHash<Secret, QString> values;

    Result<QString> read(Secret secret) override
    {
        if (!available)
            return fail(Error::secret(QStringLiteral("no Secret Service is running")));
        return values.value(secret);
    }
    Status write(Secret secret, const QString &value) override
    {
        if (!available)
            return fail(Error::secret(QStringLiteral("no Secret Service is running")));
        values.insert(secret, value);
        return {};
    }
    Status remove(Secret secret) override
    {
        values.remove(secret);
        return {};
    }
};
