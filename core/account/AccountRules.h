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

} // namespace AccountRules
