#pragma once

#include "ledger/LedgerReader.h"
#include "ledger/LedgerTypes.h"
#include "ledger/TokenStore.h"
#include "util/Error.h"

#include <QJsonArray>
#include <QJsonObject>

// The admin's lists as JSON, one shape for `payoutdesk ... --json` and the
// admin API (README, "Admin API"): artists, tokens (never a secret),
// quarantined events, held money and refunds after payout. Times are ISO
// 8601 UTC or null; money is integer minor units with its currency.
namespace AdminJson {

QJsonObject artist(const Artist &a);
QJsonObject token(const ArtistTokenInfo &t);
// `withBody`: the event's raw body too (show), not only its summary (list).
QJsonObject quarantined(const QuarantinedEvent &e, bool withBody);
QJsonObject reversal(const RefundAfterPayout &r);
// Money held, per artist, currency and reason (one artist's when `artist`
// is given), each saying whether a person may release it (`holds release`)
// or only a link does.
Result<QJsonArray> holds(LedgerReader &reader, const QString &artist = {});

} // namespace AdminJson
