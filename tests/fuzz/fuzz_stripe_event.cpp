// libFuzzer harness for parseStripeEvent: any body either becomes an event
// that satisfies every rule of EVENTS.md the parser promises, or a rejection
// with a reason a person can read. Never a crash, never both, never neither.
//
// Run by scripts/fuzz.sh on tests/fuzz/corpus/stripe_event.
#include "intake/StripeEvent.h"
#include "money/Money.h"

#include <QByteArray>
#include <QHash>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace {

[[noreturn]] void fail(const char *property, const QByteArray &body, const QString &detail = {})
{
    std::fprintf(stderr, "PROPERTY BROKEN: %s\n  detail: %s\n  body: %s\n", property,
                 detail.toUtf8().constData(), body.left(2000).constData());
    std::abort();
}

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            fail(#cond, body);                                                                     \
    } while (false)

StripeEvent::Kind kindOfType(const QString &type)
{
    using K = StripeEvent::Kind;
    if (type == u"checkout.session.completed")
        return K::CheckoutCompleted;
    if (type == u"checkout.session.async_payment_succeeded")
        return K::AsyncPaymentSucceeded;
    if (type == u"checkout.session.async_payment_failed")
        return K::AsyncPaymentFailed;
    if (type == u"charge.refunded")
        return K::ChargeRefunded;
    if (type == u"account.updated")
        return K::AccountUpdated;
    return K::Other;
}

bool plausibleCreated(const QDateTime &t)
{
    // EVENTS.md: after 2010; the parser's upper bound is the end of year 9999.
    return t.isValid() && t.toSecsSinceEpoch() >= 1'262'304'000 &&
           t.toSecsSinceEpoch() <= 253'402'300'799;
}

void checkSession(const QByteArray &body, const StripeEvent &ev)
{
    CHECK(ev.session.has_value());
    CHECK(!ev.refund && !ev.account);
    const CheckoutSession &s = *ev.session;
    CHECK(s.id.startsWith(u"cs_"));
    CHECK(s.currency.size() == 3 && s.currency == s.currency.toLower());
    CHECK(Currency::isKnown(s.currency));
    CHECK(plausibleCreated(s.created));
    CHECK(ev.livemode && s.livemode == *ev.livemode);
    if (ev.kind == StripeEvent::Kind::CheckoutCompleted)
        CHECK(s.paymentStatus == u"paid" || s.paymentStatus == u"unpaid");
    CHECK(s.purchaseType == u"cart" || s.purchaseType == u"single");
    if (s.purchaseType == u"single") {
        CHECK(s.items.isEmpty()); // an instant split: nothing owed
        return;
    }
    // A cart: money owed to valid ids, positive amounts, no more than was paid.
    CHECK(!s.items.isEmpty());
    CHECK(!s.paymentIntent.isEmpty());
    qint64 sum = 0;
    QHash<QString, qint64> amountOfKey;
    for (const CartItem &c : s.items) {
        if (const auto problem = artistIdProblem(c.artist))
            fail("cart item artist id is valid", body, *problem);
        CHECK(c.amountMinor > 0);
        CHECK(!__builtin_add_overflow(sum, c.amountMinor, &sum));
        if (c.kind == EntryKind::Sale)
            CHECK(!c.track.isEmpty());
        if (!c.track.isEmpty())
            CHECK(!trackIdProblem(c.track));
        if (!c.account.isEmpty())
            CHECK(!accountIdProblem(c.account));
        // The same (artist, track, kind) twice must agree on the amount.
        const QString key = c.artist + u'\x1f' + c.track + u'\x1f' + kindName(c.kind);
        const auto it = amountOfKey.constFind(key);
        CHECK(it == amountOfKey.cend() || *it == c.amountMinor);
        amountOfKey.insert(key, c.amountMinor);
    }
    CHECK(sum <= s.amountTotal);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto parsed = parseStripeEvent(body);

    if (!parsed) {
        // Refused: always with a reason, and with the id only when it is one.
        CHECK(!parsed.error().reason.trimmed().isEmpty());
        CHECK(parsed.error().eventId.isEmpty() || parsed.error().eventId.startsWith(u"evt_"));
    } else {
        const StripeEvent &ev = *parsed;
        CHECK(ev.id.startsWith(u"evt_"));
        CHECK(!ev.type.isEmpty());
        CHECK(ev.kind == kindOfType(ev.type));
        using K = StripeEvent::Kind;
        switch (ev.kind) {
        case K::Other:
            // Acknowledged, never read further: no payload.
            CHECK(!ev.session && !ev.refund && !ev.account);
            CHECK(!ev.created.isValid() || plausibleCreated(ev.created));
            break;
        case K::CheckoutCompleted:
        case K::AsyncPaymentSucceeded:
        case K::AsyncPaymentFailed:
            CHECK(plausibleCreated(ev.created));
            checkSession(body, ev);
            break;
        case K::ChargeRefunded:
            CHECK(ev.refund && !ev.session && !ev.account);
            CHECK(ev.livemode.has_value());
            break;
        case K::AccountUpdated:
            CHECK(ev.account && !ev.session && !ev.refund);
            CHECK(ev.livemode.has_value());
            CHECK(!accountIdProblem(ev.account->accountId));
            break;
        }
        // The engine-dependent rules take any event, in either mode, at any
        // clock, without overflow (UBSan halts on one).
        for (const bool live : {false, true}) {
            for (const qint64 now :
                 {qint64(0), qint64(1'767'225'600), std::numeric_limits<qint64>::max(),
                  std::numeric_limits<qint64>::min()}) {
                const auto why = engineRejection(ev, EngineMode{live, now});
                CHECK(!why || !why->isEmpty());
                if (ev.kind != K::Other && ev.livemode && *ev.livemode != live)
                    CHECK(why.has_value()); // live money never in test mode, and back
            }
        }
    }

    // Pure: the same body gives the same answer.
    const auto again = parseStripeEvent(body);
    CHECK(again.has_value() == parsed.has_value());
    if (!again)
        CHECK(again.error().reason == parsed.error().reason);
    return 0;
}
