#include "AdminAccess.h"

#include "config/SecretStore.h"

#include <QCoreApplication>

AdminAccess AdminAccess::check(SecretStore &secrets)
{
    QString unreadable;
    for (const SecretStore::Secret s :
         {SecretStore::Secret::StripeApiKey, SecretStore::Secret::AdminToken}) {
        const Result<QString> value = secrets.read(s);
        if (value && !value->isEmpty())
            return {true, {}};
        if (!value)
            unreadable = value.error().message;
    }
    if (!unreadable.isEmpty())
        return {false, QCoreApplication::translate("AdminAccess",
                                                   "There is no admin view: the keychain could "
                                                   "not be read (%1), so the artist view opens "
                                                   "instead.")
                           .arg(unreadable)};
    return {false, QCoreApplication::translate(
                       "AdminAccess",
                       "There is no admin view: this computer has neither the Stripe secret key "
                       "nor the admin token (in the keychain, or STRIPE_API_KEY or "
                       "PAYOUTDESK_ADMIN_TOKEN), so the artist view opens instead.")};
}
