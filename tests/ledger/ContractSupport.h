#pragma once

// Helpers shared by the contract's files (LedgerContract*.cpp); private to
// the suite.

#include "LedgerContract.h"

#include <QTest>

#include <optional>
#include <type_traits>

namespace contract {

template<typename T> QByteArray why(const std::expected<T, Error> &r)
{
    return r ? QByteArray() : r.error().message.toUtf8();
}

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

// Fails the test with the error's message when a Result or Status holds one.
#define PD_OK(expr)                                                                                \
    do {                                                                                           \
        const auto &pdResult = (expr);                                                             \
        QVERIFY2(pdResult.has_value(), contract::why(pdResult).constData());                       \
    } while (false)
