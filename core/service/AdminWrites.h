#pragma once

#include "ledger/TokenStore.h"
#include "util/Error.h"

#include <QString>

class Ledger;

// The admin's writes that are one store call and its audit row, in one
// transaction, whoever asks (`payoutdesk artists token ...`, `quarantine
// dismiss`, the admin API). `actor` names who asked in the audit row ("cli",
// "api"). The others live where their rules are: AccountRules (link,
// unlink, release), AccountReset, Cleanup, Intake (replay).
namespace AdminWrites {

// A new token for a known artist: the secret is in the answer and nowhere
// else; the audit row names the token's number and label, never the secret.
// A Validation error for an unknown artist.
Result<IssuedArtistToken> issueToken(Ledger &ledger, const QString &artist, const QString &label,
                                     const QString &actor);
// True when the token was live and is revoked now (refused from the next
// request on); false, with nothing written, when there is no live token `id`.
Result<bool> revokeToken(Ledger &ledger, qint64 id, const QString &actor);
// True when the open quarantined event `id` is dismissed now (it will not be
// replayed); false, with nothing written, when there is no open one. The
// person's reason, if given, goes to the audit row.
Result<bool> dismissQuarantined(Ledger &ledger, qint64 id, const QString &actor,
                                const QString &reason = {});

} // namespace AdminWrites
