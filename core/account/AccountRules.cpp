#include "AccountRules.h"

#include "ledger/Ledger.h"

namespace AccountRules {

QStringList reasonsReleasedByLink()
{
    return {Reason::NoPayoutAccount, Reason::AccountReset};
}

Result<int> link(Ledger &ledger, const QString &artist, const QString &account,
                 const QString &actor, const QString &note)
{
    if (Status s = ledger.accounts().setAccount(artist, account); !s)
        return fail(s.error());
    const Result<int> released = ledger.accounts().moveEntries(
        artist, EntryState::Held, reasonsReleasedByLink(), EntryState::Pending, {});
    if (!released)
        return fail(released.error());
    QString detail = QStringLiteral("account %1; %2 held entries released to pending")
                         .arg(account)
                         .arg(*released);
    if (!note.isEmpty())
        detail += QStringLiteral(" (%1)").arg(note);
    if (Status s =
            ledger.auditLog().append(actor, QStringLiteral("artist.linked"), artist, 0, detail);
        !s)
        return fail(s.error());
    return *released;
}

Result<int> linkArtist(Ledger &ledger, const QString &artist, const QString &account,
                       const QString &actor)
{
    int released = 0;
    const Status s = ledger.write([&]() -> Status {
        const Result<int> n = link(ledger, artist, account, actor);
        if (!n)
            return fail(n.error());
        released = *n;
        return {};
    });
    if (!s)
        return fail(s.error());
    return released;
}

} // namespace AccountRules
