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
    QString title;   // optional, at most kMaxTitleLength characters
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
    bool livemode = false; // the session's, or else the event's, livemode
    QString purchaseType;  // cart or single
    QList<CartItem> items;
};

struct ChargeRefund
{
    QString chargeId;
    QString paymentIntent;
    bool full = false;
};

// account.updated: the connected account after the change (STRIPE.md,
// "Connected accounts").
struct AccountUpdate
{
    QString accountId;           // acct_...
    QString transfersCapability; // capabilities.transfers: active, inactive, pending, or empty
    QString disabledReason;      // requirements.disabled_reason, when Stripe gives one
    bool canReceiveTransfers() const { return transfersCapability == u"active"; }
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
        AccountUpdated,
        Other
    };
    QString id;
    QString type;
    Kind kind = Kind::Other;
    QDateTime created;
    std::optional<bool> livemode; // absent: the body did not say
    std::optional<CheckoutSession> session;
    std::optional<ChargeRefund> refund;
    std::optional<AccountUpdate> account;
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

// The rules of EVENTS.md that depend on the engine rather than on the body:
// the event's livemode must match the engine's key (a live event in
// development, or a test event under a live key, is refused), and its
// `created` must be at most a day after `nowSecs`. Returns the reason for
// the quarantine, or nothing when the event may be applied. Pure.
struct EngineMode
{
    bool live = false; // the engine's Stripe key is a live one (sk_live_, rk_live_)
    qint64 nowSecs = 0;
};
std::optional<QString> engineRejection(const StripeEvent &ev, const EngineMode &mode);

// Whether a Stripe secret or restricted key is a live-mode one.
bool isLiveStripeKey(const QString &key);

// The ids of EVENTS.md ("Validation"): an artist or track id is 1 to 64
// characters of A-Za-z0-9_.-, an account id is acct_ and 1 to 255 characters
// of A-Za-z0-9 (and, for now, _: see accountIdProblem). So no control, NUL,
// bidi or white-space character, and no other spelling of the same id. Each returns why `id` is not
// one (naming the first offending character), or nothing when it is.
std::optional<QString> artistIdProblem(const QString &id);
std::optional<QString> trackIdProblem(const QString &id);
std::optional<QString> accountIdProblem(const QString &id);
// A cart item's title (EVENTS.md): at most kMaxTitleLength characters (code
// points), no control, NUL or bidi-override character. Returns why not, or
// nothing when it is a valid title.
inline constexpr qsizetype kMaxTitleLength = 200;
std::optional<QString> titleProblem(const QString &title);
// An id as a person can read it in a reason: quoted, with control and
// invisible characters as \uXXXX, and cut after 40 characters.
QString printableId(const QString &id);
