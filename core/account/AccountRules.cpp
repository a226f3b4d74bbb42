#include "AccountRules.h"

#include "engine/PayoutPolicy.h"
#include "ledger/Ledger.h"
#include "ledger/LedgerReader.h"

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

Result<int> unlinkArtist(Ledger &ledger, const QString &artist, const QString &actor)
{
    const Result<std::optional<QString>> known = ledger.accounts().account(artist);
    if (!known)
        return fail(known.error());
    if (!*known)
        return fail(Error{Error::Kind::Validation,
                          QStringLiteral("there is no artist %1 in the ledger").arg(artist)});
    int held = 0;
    const Status s = ledger.write([&]() -> Status {
        const Result<std::optional<QString>> account = ledger.accounts().account(artist);
        if (!account)
            return fail(account.error());
        const QString previous = account->value_or(QString());
        if (previous.isEmpty())
            return {};
        if (Status st = ledger.accounts().setAccount(artist, {}); !st)
            return st;
        const Result<int> moved = ledger.accounts().moveEntries(
            artist, EntryState::Pending, {}, EntryState::Held, Reason::NoPayoutAccount);
        if (!moved)
            return fail(moved.error());
        held = *moved;
        return ledger.auditLog().append(
            actor, QStringLiteral("artist.unlinked"), artist, 0,
            QStringLiteral("account %1 unlinked; %2 pending entries held (%3)")
                .arg(previous)
                .arg(held)
                .arg(Reason::NoPayoutAccount));
    });
    if (!s)
        return fail(s.error());
    return held;
}

QStringList reasonsReleasedByReadyAccount()
{
    return {Reason::PayoutAccountNotReady};
}

Result<int> accountReady(Ledger &ledger, const QString &account, const QString &actor,
                         const QString &note)
{
    int total = 0;
    const Status s = ledger.write([&]() -> Status {
        const Result<QStringList> artists = ledger.accounts().artistsWithAccount(account);
        if (!artists)
            return fail(artists.error());
        for (const QString &artist : *artists) {
            const Result<int> moved = ledger.accounts().moveEntries(
                artist, EntryState::Held, reasonsReleasedByReadyAccount(), EntryState::Pending, {});
            if (!moved)
                return fail(moved.error());
            if (*moved == 0)
                continue;
            total += *moved;
            if (Status a = ledger.auditLog().append(
                    actor, QStringLiteral("holds.released"), artist, 0,
                    QStringLiteral("%1 held entries released to pending: account %2 can receive "
                                   "transfers (%3)")
                        .arg(*moved)
                        .arg(account, note));
                !a)
                return a;
        }
        return {};
    });
    if (!s)
        return fail(s.error());
    return total;
}

bool personMayRelease(const QString &reason, bool artistLinked)
{
    return artistLinked || !reasonsReleasedByLink().contains(reason);
}

Result<HoldRelease> releaseHeld(Ledger &ledger, const QString &artist, const QString &reason,
                                const QString &actor)
{
    const auto refuse = [](const QString &why) {
        return fail(Error{Error::Kind::Validation, why});
    };
    // Decided before the write, so that a refusal changes nothing and is not
    // a rolled-back write; the move itself takes held entries only, so money
    // that left `held` meanwhile is never touched.
    const Result<std::optional<QString>> account = ledger.accounts().account(artist);
    if (!account)
        return fail(account.error());
    if (!*account)
        return refuse(QStringLiteral("there is no artist %1 in the ledger").arg(artist));
    const bool linked = !(*account)->isEmpty();
    const Result<QList<HeldTotal>> held = ledger.reader().heldTotals(artist);
    if (!held)
        return fail(held.error());
    QStringList heldReasons;
    for (const HeldTotal &h : *held)
        if (!heldReasons.contains(h.reason))
            heldReasons.append(h.reason);
    if (heldReasons.isEmpty())
        return refuse(QStringLiteral("%1 has no held money").arg(artist));
    if (!reason.isEmpty() && !heldReasons.contains(reason))
        return refuse(QStringLiteral("%1 has no money held with reason \"%2\" (held: %3)")
                          .arg(artist, reason, heldReasons.join(QStringLiteral(", "))));
    HoldRelease out;
    for (const QString &r : reason.isEmpty() ? heldReasons : QStringList{reason})
        if (personMayRelease(r, linked))
            out.reasons.append(r);
    if (out.reasons.isEmpty())
        return refuse(
            QStringLiteral("money held for \"%1\" is released by linking a payout "
                           "account (artists link %2 acct_...)")
                .arg(reason.isEmpty() ? heldReasons.join(QStringLiteral("\", \"")) : reason,
                     artist));
    const Status s = ledger.write([&]() -> Status {
        const Result<int> moved = ledger.accounts().moveEntries(
            artist, EntryState::Held, out.reasons, EntryState::Pending, {});
        if (!moved)
            return fail(moved.error());
        out.released = *moved;
        return ledger.auditLog().append(
            actor, QStringLiteral("holds.released"), artist, 0,
            QStringLiteral("%1 held entries released to pending (held for: %2)")
                .arg(out.released)
                .arg(out.reasons.join(QStringLiteral(", "))));
    });
    if (!s)
        return fail(s.error());
    return out;
}

} // namespace AccountRules
