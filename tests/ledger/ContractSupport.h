#pragma once

// Helpers shared by the contract's files (LedgerContract*.cpp); private to
// the suite.

#include "LedgerContract.h"
#include "ResultChecks.h"

#include <QTest>

#include <optional>
#include <type_traits>

namespace contract {

// The next attempt is `backoffMs` after now, whatever the attempts.
inline Status recordRetry(PayoutStore &store, const ClaimedTransfer &t, const QString &error,
                          qint64 backoffMs)
{
    return store.recordRetry(t, error, QStringLiteral("req_retry"),
                             [backoffMs](int) { return backoffMs; });
}

// Runs a store call inside Ledger::write(), as its owner does (intake and
// cleanup call their stores only inside a write), and hands back its result.
template<typename F> auto inWrite(Ledger &ledger, F call) -> std::invoke_result_t<F>
{
    using R = std::invoke_result_t<F>;
    if constexpr (std::is_same_v<R, Status>) {
        return ledger.write(call);
    } else {
        std::optional<R> out;
        const Status s = ledger.write([&]() -> Status {
            out.emplace(call());
            return *out ? Status() : Status(fail(out->error()));
        });
        if (!s)
            return fail(s.error());
        return std::move(*out);
    }
}

inline LedgerReader::EntryFilter everything()
{
    LedgerReader::EntryFilter f;
    f.limit = 100000;
    return f;
}

inline const QString kLease = QStringLiteral("payout-run");

} // namespace contract
