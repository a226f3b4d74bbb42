#pragma once

#include <QString>

class SecretStore;

// Whether this computer may act as the store's admin in the window
// (ARCHITECTURE.md, Access): it holds the admin credential, the Stripe
// secret key or the admin token, in the keychain or the environment
// (STRIPE_API_KEY, PAYOUTDESK_ADMIN_TOKEN). Without it the window has no
// admin view and no admin action at all; `payoutdesk --admin` says why, in
// the one sentence of `why`, and opens the artist view.
struct AdminAccess
{
    bool granted = false;
    QString why; // when not granted: why, for the person who asked

    static AdminAccess check(SecretStore &secrets);
};
