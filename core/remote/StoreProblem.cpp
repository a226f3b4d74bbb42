#include "StoreProblem.h"

#include <QCoreApplication>

namespace {
QString shown(const QUrl &url)
{
    return url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
}
} // namespace

QString StoreProblem::noUrl()
{
    return tr("Enter the store's address, as the store gave it to you.");
}

QString StoreProblem::badUrl(const QString &text)
{
    return tr("\"%1\" is not a web address; enter it as the store gave it to you, e.g. "
              "https://payouts.example.com.")
        .arg(text);
}

QString StoreProblem::plainHttp()
{
    return tr("A store on another machine needs an https:// address, so that your token never "
              "travels unencrypted.");
}

QString StoreProblem::unreachable(const QUrl &url)
{
    return tr("Nothing answers at %1; check the address, or the store may be down.")
        .arg(shown(url));
}

QString StoreProblem::notAStore(const QUrl &url)
{
    return tr("%1 answers, but it is not a Payout Desk store; check the address.").arg(shown(url));
}

QString StoreProblem::storeFailing()
{
    return tr("The store cannot answer just now; trying again.");
}

QString StoreProblem::tokenRefused()
{
    return tr("This token was revoked or is wrong; ask the store for a new one.");
}

QString StoreProblem::tooManyTries(int seconds)
{
    return tr("The store refused too many wrong tokens from this computer; trying again in %n "
              "seconds.",
              nullptr, seconds);
}

QString StoreProblem::untrusted()
{
    return tr("The store's certificate is not trusted by this computer; trust it only if the "
              "store confirms its fingerprint.");
}

QString StoreProblem::expired()
{
    return tr("The store's certificate has expired or is not valid yet; the store has to renew "
              "it.");
}

QString StoreProblem::otherHost(const QUrl &url)
{
    return tr("The store's certificate is not for %1; check the address, or trust the "
              "certificate only if the store confirms its fingerprint.")
        .arg(url.host());
}
