#include "StripeEvent.h"

#include "money/Money.h"

#include <QMap>

#include <limits>
#include <nlohmann/json.hpp>

using nlohmann::json;

namespace {

QString qs(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

const json *member(const json &obj, const char *key)
{
    if (!obj.is_object())
        return nullptr;
    const auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

std::optional<QString> stringMember(const json &obj, const char *key)
{
    const json *v = member(obj, key);
    if (!v || !v->is_string())
        return std::nullopt;
    return qs(v->get_ref<const std::string &>());
}

// A JSON integer that fits in a signed 64-bit value; floats (even 5.0) and
// anything larger are refused, because money is never approximated.
std::optional<qint64> int64Member(const json &obj, const char *key, QString *why)
{
    const json *v = member(obj, key);
    if (!v) {
        *why = QStringLiteral("missing");
        return std::nullopt;
    }
    if (v->is_number_unsigned()) {
        const auto u = v->get<std::uint64_t>();
        if (u > std::uint64_t(std::numeric_limits<qint64>::max())) {
            *why = QStringLiteral("does not fit in 64 bits");
            return std::nullopt;
        }
        return qint64(u);
    }
    if (v->is_number_integer())
        return v->get<std::int64_t>();
    *why = v->is_number_float() ? QStringLiteral("is not an integer (or does not fit in 64 bits)")
                                : QStringLiteral("is not a number");
    return std::nullopt;
}

std::unexpected<EventRejection> reject(const QString &id, const QString &type, QString reason)
{
    return std::unexpected(EventRejection{id, type, std::move(reason)});
}

// Joins cart_items, cart_items_2, cart_items_3 ... in numeric order. A gap in
// the numbering means a part was lost, so the purchase cannot be trusted.
std::optional<std::string> joinedCartItems(const json &metadata, QString *why)
{
    const json *first = member(metadata, "cart_items");
    if (!first) {
        *why = QStringLiteral("metadata.cart_items is missing");
        return std::nullopt;
    }
    QMap<int, const json *> parts;
    parts.insert(1, first);
    for (auto it = metadata.begin(); it != metadata.end(); ++it) {
        const std::string &k = it.key();
        static const std::string prefix = "cart_items_";
        if (k.rfind(prefix, 0) != 0)
            continue;
        bool ok = false;
        const int n = qs(k.substr(prefix.size())).toInt(&ok);
        if (!ok || n < 2) {
            *why = QStringLiteral("metadata key %1 is not a valid cart_items part").arg(qs(k));
            return std::nullopt;
        }
        parts.insert(n, &*it);
    }
    std::string joined;
    int expected = 1;
    for (auto it = parts.cbegin(); it != parts.cend(); ++it, ++expected) {
        if (it.key() != expected) {
            *why = QStringLiteral("metadata.cart_items_%1 is missing (parts must be numbered "
                                  "without gaps)")
                       .arg(expected);
            return std::nullopt;
        }
        if (!it.value()->is_string()) {
            *why = QStringLiteral("metadata cart_items part %1 is not a string").arg(expected);
            return std::nullopt;
        }
        joined += it.value()->get_ref<const std::string &>();
    }
    return joined;
}

std::optional<QList<CartItem>> parseCartItems(const std::string &text, QString *why)
{
    const json items = json::parse(text, nullptr, false);
    if (items.is_discarded()) {
        *why = QStringLiteral("metadata.cart_items is not valid JSON");
        return std::nullopt;
    }
    if (!items.is_array() || items.empty()) {
        *why = QStringLiteral("metadata.cart_items must be a non-empty array");
        return std::nullopt;
    }
    QList<CartItem> out;
    out.reserve(qsizetype(items.size()));
    for (std::size_t i = 0; i < items.size(); ++i) {
        const json &item = items[i];
        const QString where = QStringLiteral("cart item %1").arg(i + 1);
        if (!item.is_object()) {
            *why = where + QStringLiteral(" is not an object");
            return std::nullopt;
        }
        CartItem c;
        const auto artist = stringMember(item, "artist");
        if (!artist || artist->isEmpty()) {
            *why = where + QStringLiteral(": artist is required and must be a non-empty string");
            return std::nullopt;
        }
        c.artist = *artist;
        QString amountWhy;
        const auto amount = int64Member(item, "amount", &amountWhy);
        if (!amount) {
            *why = where + QStringLiteral(": amount ") + amountWhy;
            return std::nullopt;
        }
        if (*amount <= 0) {
            *why = where + QStringLiteral(": amount must be positive");
            return std::nullopt;
        }
        c.amountMinor = *amount;
        if (const json *kind = member(item, "kind")) {
            const auto k = kind->is_string()
                               ? entryKindFromString(qs(kind->get_ref<const std::string &>()))
                               : std::nullopt;
            if (!k) {
                *why = where + QStringLiteral(": kind must be \"sale\" or \"commission\"");
                return std::nullopt;
            }
            c.kind = *k;
        }
        if (const json *track = member(item, "track")) {
            if (!track->is_string()) {
                *why = where + QStringLiteral(": track must be a string");
                return std::nullopt;
            }
            c.track = qs(track->get_ref<const std::string &>());
        }
        if (c.kind == EntryKind::Sale && c.track.isEmpty()) {
            *why = where + QStringLiteral(": track is required for a sale");
            return std::nullopt;
        }
        if (const json *account = member(item, "account")) {
            if (!account->is_string() ||
                !qs(account->get_ref<const std::string &>()).startsWith(u"acct_")) {
                *why =
                    where + QStringLiteral(": account must be a connected account id (acct_...)");
                return std::nullopt;
            }
            c.account = qs(account->get_ref<const std::string &>());
        }
        out.append(std::move(c));
    }
    return out;
}

std::expected<CheckoutSession, QString> parseSession(const json &obj)
{
    if (stringMember(obj, "object").value_or(QString()) != u"checkout.session")
        return std::unexpected(QStringLiteral("data.object is not a Checkout Session"));
    CheckoutSession s;
    s.id = stringMember(obj, "id").value_or(QString());
    if (!s.id.startsWith(u"cs_"))
        return std::unexpected(QStringLiteral("the Checkout Session has no id (cs_...)"));
    s.paymentIntent = stringMember(obj, "payment_intent").value_or(QString());
    s.paymentStatus = stringMember(obj, "payment_status").value_or(QString());
    s.currency = stringMember(obj, "currency").value_or(QString());
    if (s.currency.size() != 3 || s.currency != s.currency.toLower() ||
        !Currency::isKnown(s.currency))
        return std::unexpected(
            QStringLiteral("currency %1 is not a three-letter code with a known minor unit")
                .arg(s.currency.isEmpty() ? QStringLiteral("(none)") : s.currency));
    QString why;
    const auto total = int64Member(obj, "amount_total", &why);
    if (!total)
        return std::unexpected(QStringLiteral("amount_total ") + why);
    s.amountTotal = *total;
    if (const auto created = int64Member(obj, "created", &why))
        s.created = QDateTime::fromSecsSinceEpoch(*created, Qt::UTC);
    if (const json *live = member(obj, "livemode"); live && live->is_boolean())
        s.livemode = live->get<bool>();

    const json *metadata = member(obj, "metadata");
    if (!metadata || !metadata->is_object())
        return std::unexpected(QStringLiteral("metadata is missing"));
    s.purchaseType = stringMember(*metadata, "purchase_type").value_or(QString());
    if (s.purchaseType != u"cart" && s.purchaseType != u"single")
        return std::unexpected(
            QStringLiteral("metadata.purchase_type must be \"cart\" or \"single\""));
    if (s.purchaseType == u"cart") {
        const auto joined = joinedCartItems(*metadata, &why);
        if (!joined)
            return std::unexpected(why);
        auto items = parseCartItems(*joined, &why);
        if (!items)
            return std::unexpected(why);
        qint64 sum = 0;
        for (const CartItem &c : std::as_const(*items)) {
            if (__builtin_add_overflow(sum, c.amountMinor, &sum))
                return std::unexpected(QStringLiteral("the cart item amounts overflow 64 bits"));
        }
        if (sum > s.amountTotal)
            return std::unexpected(QStringLiteral("the cart items add up to %1, more than "
                                                  "amount_total %2")
                                       .arg(sum)
                                       .arg(s.amountTotal));
        if (s.paymentIntent.isEmpty())
            return std::unexpected(
                QStringLiteral("payment_intent is missing; a cart purchase needs it for "
                               "duplicate detection and refunds"));
        s.items = std::move(*items);
    }
    return s;
}

} // namespace

std::expected<StripeEvent, EventRejection> parseStripeEvent(const QByteArray &body)
{
    const json doc = json::parse(body.cbegin(), body.cend(), nullptr, false);
    if (doc.is_discarded())
        return reject({}, {}, QStringLiteral("the body is not valid JSON"));
    if (!doc.is_object())
        return reject({}, {}, QStringLiteral("the body is not a JSON object"));

    StripeEvent ev;
    ev.id = stringMember(doc, "id").value_or(QString());
    ev.type = stringMember(doc, "type").value_or(QString());
    if (!ev.id.startsWith(u"evt_"))
        return reject({}, ev.type, QStringLiteral("the event has no id (evt_...)"));
    if (stringMember(doc, "object").value_or(QStringLiteral("event")) != u"event")
        return reject(ev.id, ev.type, QStringLiteral("the body is not a Stripe event"));
    if (ev.type.isEmpty())
        return reject(ev.id, ev.type, QStringLiteral("the event has no type"));
    QString why;
    if (const auto created = int64Member(doc, "created", &why))
        ev.created = QDateTime::fromSecsSinceEpoch(*created, Qt::UTC);

    using K = StripeEvent::Kind;
    if (ev.type == u"checkout.session.completed")
        ev.kind = K::CheckoutCompleted;
    else if (ev.type == u"checkout.session.async_payment_succeeded")
        ev.kind = K::AsyncPaymentSucceeded;
    else if (ev.type == u"checkout.session.async_payment_failed")
        ev.kind = K::AsyncPaymentFailed;
    else if (ev.type == u"charge.refunded")
        ev.kind = K::ChargeRefunded;
    else
        return ev; // acknowledged and remembered, never read further

    const json *data = member(doc, "data");
    const json *object = data ? member(*data, "object") : nullptr;
    if (!object || !object->is_object())
        return reject(ev.id, ev.type, QStringLiteral("data.object is missing"));

    if (ev.kind == K::ChargeRefunded) {
        ChargeRefund r;
        r.chargeId = stringMember(*object, "id").value_or(QString());
        r.paymentIntent = stringMember(*object, "payment_intent").value_or(QString());
        QString w1, w2;
        const auto amount = int64Member(*object, "amount", &w1);
        const auto refunded = int64Member(*object, "amount_refunded", &w2);
        const json *flag = member(*object, "refunded");
        r.full = (flag && flag->is_boolean() && flag->get<bool>()) ||
                 (amount && refunded && *refunded >= *amount);
        ev.refund = r;
        return ev;
    }

    auto session = parseSession(*object);
    if (!session)
        return reject(ev.id, ev.type, session.error());
    if (!ev.created.isValid())
        ev.created = session->created;
    if (!session->created.isValid())
        session->created = ev.created;
    ev.session = std::move(*session);
    return ev;
}
