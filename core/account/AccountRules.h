#pragma once

#include "util/Error.h"

#include <QString>
#include <QStringList>

class Ledger;

// What linking a payout account means for an artist's money, written once
// for every door it comes through (the admin view, `artists link`, a cart
// item naming the account, an account.updated event): the artist is linked,
// and money held only for lack of an account (or since the account was
// reset) becomes payable again.
namespace AccountRules {

// The held reasons a link releases.
QStringList reasonsReleasedByLink();

// Links inside the caller's write and appends the audit row; `note`, when
// given, says where the link came from. Returns how many held entries went
// back to pending.
Result<int> link(Ledger &ledger, const QString &artist, const QString &account,
                 const QString &actor, const QString &note = {});

// link() in a write of its own (creating the artist if needed).
Result<int> linkArtist(Ledger &ledger, const QString &artist, const QString &account,
                       const QString &actor);

// Unlinks the artist's payout account in a write of its own: their pending
// money is held with Reason::NoPayoutAccount (what the next run would do),
// money in sending is left alone (only a resend with its key settles it),
// and an audit row is appended. Returns how many entries were held; an
// artist with no account is left as is (0). Unlike a reset, nothing is
// backed up.
Result<int> unlinkArtist(Ledger &ledger, const QString &artist, const QString &actor);

// The held reasons an account that can now receive transfers releases.
QStringList reasonsReleasedByReadyAccount();

// The connected account `account` can receive transfers (an account.updated
// event, or the account as read from Stripe before a run): money of every
// artist linked to it that was held only because the account was not ready
// goes back to pending, with an audit row per artist naming `note`. Joins the
// caller's write, or writes on its own. Returns how many entries moved.
Result<int> accountReady(Ledger &ledger, const QString &account, const QString &actor,
                         const QString &note);

// Whether a person may release money held with `reason` (`holds release`):
// any reason, except that money held only for lack of an account
// (reasonsReleasedByLink) waits for a link while the artist has none.
bool personMayRelease(const QString &reason, bool artistLinked);

struct HoldRelease
{
    int released = 0;
    QStringList reasons; // the held reasons released
};

// Moves the artist's held entries (with `reason`, or every reason a person
// may release when empty) back to pending, with an audit row, in one write.
// Entries in any other state, sending above all, are never touched. Fails,
// changing nothing, for an unknown artist, when nothing is held with that
// reason, or when the reason waits for a link.
Result<HoldRelease> releaseHeld(Ledger &ledger, const QString &artist, const QString &reason,
                                const QString &actor);

} // namespace AccountRules
