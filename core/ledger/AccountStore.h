#pragma once

#include "ledger/LedgerTypes.h"
#include "util/Error.h"

#include <QString>
#include <QStringList>

#include <optional>

// Artists and their connected accounts, and the state moves that follow a
// change of account. The rules (which held money a link releases, what a
// reset holds) live in core/account/AccountRules; this is their storage.
// Each method joins the caller's write when inside one and commits on its
// own otherwise.
class AccountStore
{
public:
    virtual ~AccountStore() = default;

    // nullopt: no such artist; an empty string: known, not linked.
    virtual Result<std::optional<QString>> account(const QString &artist) = 0;
    // The artists linked to `account`, in id order (usually one).
    virtual Result<QStringList> artistsWithAccount(const QString &account) = 0;
    // Creates the artist, or sets its account when it exists; an empty
    // account unlinks.
    virtual Status setAccount(const QString &artist, const QString &account) = 0;
    // Moves the artist's entries in state `from` (and, when `fromReasons` is
    // not empty, with one of those reasons) to state `to` with `reason`
    // (empty: none). Returns how many moved.
    virtual Result<int> moveEntries(const QString &artist, EntryState from,
                                    const QStringList &fromReasons, EntryState to,
                                    const QString &reason) = 0;
};
