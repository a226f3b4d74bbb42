#pragma once

#include "stripe/StripeClient.h"

#include <QTestEventLoop>

#include <functional>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

// Runs one StripeClient call and waits for its callback in a real event
// loop, left as soon as the callback comes: timers and sockets keep their
// own pace (QTRY_* polls every 10 ms, which would slow every request). A call
// that never answers comes back as a Network error saying so.
inline StripeResponse waitForCall(const std::function<void(StripeClient::Callback)> &start,
                                  int timeoutMs = 20000)
{
    auto out = std::make_shared<std::optional<StripeResponse>>();
    QTestEventLoop loop;
    start([out, &loop](const StripeResponse &r) {
        *out = r;
        loop.exitLoop();
    });
    if (!out->has_value())
        loop.enterLoopMSecs(timeoutMs);
    if (!out->has_value())
        return StripeResponse{
            std::unexpected(StripeError::network(u"test: no callback"_s)), {}, 0, 0, false};
    return **out;
}

// Why a call failed, for QVERIFY2: its message argument is evaluated even
// when the check passes, so it must not touch error() of a success.
inline QByteArray why(const StripeResponse &r)
{
    return r.result.has_value() ? QByteArray() : r.result.error().describe().toUtf8();
}

inline TransferRequest gbpTransfer(qint64 amount, const QString &destination = u"acct_artist1"_s)
{
    TransferRequest t;
    t.amountMinor = amount;
    t.currency = u"gbp"_s;
    t.destination = destination;
    return t;
}
