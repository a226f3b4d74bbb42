#pragma once

#include "ledger/LedgerTypes.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <expected>
#include <optional>

// One item of a cart purchase, as EVENTS.md defines it.
struct CartItem
{
    QString artist;
    qint64 amountMinor = 0;
    QString track;
    EntryKind kind = EntryKind::Sale;
    QString account; // acct_..., optional
};

// The fields of a Checkout Session that Payout Desk reads.
struct CheckoutSession
{
    QString id;            // cs_...
    QString paymentIntent; // pi_...
    QString paymentStatus; // paid, unpaid, no_payment_required
    QString currency;      // lower case
    qint64 amountTotal = 0;
    QDateTime created;
    bool livemode = false;
    QString purchaseType; // cart or single
    QList<CartItem> items;
};

struct ChargeRefund
{
    QString chargeId;
    QString paymentIntent;
    bool full = false;
};

// A Stripe event after validation. Only the types Payout Desk consumes carry
// a payload; everything else is Kind::Other.
struct StripeEvent
{
    enum class Kind {
        CheckoutCompleted,
        AsyncPaymentSucceeded,
        AsyncPaymentFailed,
        ChargeRefunded,
        Other
    };
    QString id;
    QString type;
    Kind kind = Kind::Other;
    QDateTime created;
    std::optional<CheckoutSession> session;
    std::optional<ChargeRefund> refund;
};

// Why an event was refused. eventId and type are filled in when the body got
// far enough to have them, so a redelivery of the same bad event is known.
struct EventRejection
{
    QString eventId;
    QString type;
    QString reason;
};

// Parses and validates one event body against EVENTS.md. Pure: no I/O, no
// ledger, and no exception escapes (nlohmann/json is used without throwing).
std::expected<StripeEvent, EventRejection> parseStripeEvent(const QByteArray &body);
