#include "StripeEvent.h"

#include "money/Money.h"

#include <QHash>
#include <QMap>

#include <algorithm>
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

// Unix times EVENTS.md calls plausible: after 2010 (and, checked against
// the engine's clock in engineRejection, at most a day in the future).
constexpr qint64 kEarliestCreated = 1'262'304'000; // 2010-01-01T00:00:00Z
constexpr qint64 kLatestCreated = 253'402'300'799; // 9999-12-31T23:59:59Z
constexpr qint64 kCreatedFutureSlackSecs = 24 * 3600;

// `created` of an object, when present: a plausible Unix time. Absent is
// not an error here; the caller decides.
std::optional<QString> createdProblem(const json &obj, const QString &where, QDateTime *out)
{
    if (!member(obj, "created"))
        return std::nullopt;
    QString why;
    const auto secs = int64Member(obj, "created", &why);
    if (!secs)
        return QStringLiteral("%1 created %2; it must be a Unix time after 2010").arg(where, why);
    if (*secs < kEarliestCreated || *secs > kLatestCreated)
        return QStringLiteral("%1 created %2 is not a plausible Unix time (after 2010, at most a "
                              "day in the future)")
            .arg(where)
            .arg(*secs);
    *out = QDateTime::fromSecsSinceEpoch(*secs, Qt::UTC);
    return std::nullopt;
}

// `livemode` of an object, when present: a boolean.
std::optional<QString> livemodeOf(const json &obj, const QString &where, std::optional<bool> *out)
{
    const json *live = member(obj, "livemode");
    if (!live)
        return std::nullopt;
    if (!live->is_boolean())
        return QStringLiteral("%1 livemode must be true or false").arg(where);
    *out = live->get<bool>();
    return std::nullopt;
}

// An id as the storefront would quote it: for a reason, never for storage.
QString itemIdProblem(const QString &where, const char *field, const QString &id,
                      const QString &problem)
{
    return QStringLiteral("%1: %2 id %3 %4")
        .arg(where, QLatin1StringView(field), printableId(id), problem);
}

// A metadata key that a person would read as a cart_items part: its letters
// and digits, lower-cased, start with "cartitems".
bool looksLikeCartItemsPart(const std::string &key)
{
    std::string folded;
    for (const char ch : key) {
        if (std::isalnum(static_cast<unsigned char>(ch)))
            folded += char(std::tolower(static_cast<unsigned char>(ch)));
        if (folded.size() >= 9)
            break;
    }
    return folded == "cartitems";
}

// N of a key spelled exactly cart_items_N, N = 2, 3, ... in canonical
// decimal (no sign, no leading zero, no space); 0 for any other spelling.
int canonicalPartNumber(const std::string &key)
{
    static const std::string prefix = "cart_items_";
    if (key.size() <= prefix.size() || key.compare(0, prefix.size(), prefix) != 0)
        return 0;
    const std::string digits = key.substr(prefix.size());
    if (digits.size() > 4 || digits.front() == '0')
        return 0;
    int n = 0;
    for (const char ch : digits) {
        if (ch < '0' || ch > '9')
            return 0;
        n = n * 10 + (ch - '0');
    }
    return n >= 2 ? n : 0;
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
        if (k == "cart_items" || !looksLikeCartItemsPart(k))
            continue;
        // Only the exact spelling counts: cart_items_02 or "cart_items_2 "
        // would otherwise replace part 2, so they are refused, not guessed.
        const int n = canonicalPartNumber(k);
        if (n == 0) {
            *why = QStringLiteral("metadata key %1 is not a valid cart_items part: parts are "
                                  "named exactly cart_items, cart_items_2, cart_items_3, ...")
                       .arg(printableId(qs(k)));
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
    QHash<QString, qsizetype> firstOfKey;
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
        if (const auto problem = artistIdProblem(*artist)) {
            *why = itemIdProblem(where, "artist", *artist, *problem);
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
            // A clawback is the engine's own entry, never a sale's.
            if (!k || *k == EntryKind::Clawback) {
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
            if (const auto problem = trackIdProblem(c.track); problem && !c.track.isEmpty()) {
                *why = itemIdProblem(where, "track", c.track, *problem);
                return std::nullopt;
            }
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
            if (const auto problem = accountIdProblem(c.account)) {
                *why = itemIdProblem(where, "account", c.account, *problem);
                return std::nullopt;
            }
        }
        if (const json *title = member(item, "title")) {
            if (!title->is_string()) {
                *why = where + QStringLiteral(": title must be a string");
                return std::nullopt;
            }
            c.title = qs(title->get_ref<const std::string &>());
            if (const auto problem = titleProblem(c.title)) {
                *why = where + QStringLiteral(": title ") + *problem;
                return std::nullopt;
            }
        }
        // The same (artist, track, kind) twice in one cart is a duplicate
        // (skipped) when the amounts agree, and a conflict when they do not.
        const QString key = c.artist + u'\x1f' + c.track + u'\x1f' + kindName(c.kind);
        if (const auto earlier = firstOfKey.constFind(key); earlier != firstOfKey.cend()) {
            const CartItem &e = out.at(*earlier);
            if (e.amountMinor != c.amountMinor) {
                *why = QStringLiteral("conflicting duplicate: cart items %1 and %2 are the same "
                                      "artist %3, track %4 and kind %5 with different amounts "
                                      "(%6 and %7)")
                           .arg(*earlier + 1)
                           .arg(i + 1)
                           .arg(printableId(c.artist), printableId(c.track), kindName(c.kind))
                           .arg(e.amountMinor)
                           .arg(c.amountMinor);
                return std::nullopt;
            }
        } else {
            firstOfKey.insert(key, out.size());
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
    if (const auto problem =
            createdProblem(obj, QStringLiteral("the Checkout Session's"), &s.created))
        return std::unexpected(*problem);

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

    using K = StripeEvent::Kind;
    if (ev.type == u"checkout.session.completed")
        ev.kind = K::CheckoutCompleted;
    else if (ev.type == u"checkout.session.async_payment_succeeded")
        ev.kind = K::AsyncPaymentSucceeded;
    else if (ev.type == u"checkout.session.async_payment_failed")
        ev.kind = K::AsyncPaymentFailed;
    else if (ev.type == u"charge.refunded")
        ev.kind = K::ChargeRefunded;
    else if (ev.type == u"account.updated")
        ev.kind = K::AccountUpdated;
    else {
        // Acknowledged and remembered, never read further.
        QString why;
        if (const auto created = int64Member(doc, "created", &why);
            created && *created >= kEarliestCreated && *created <= kLatestCreated)
            ev.created = QDateTime::fromSecsSinceEpoch(*created, Qt::UTC);
        return ev;
    }

    if (const auto problem = createdProblem(doc, QStringLiteral("the event's"), &ev.created))
        return reject(ev.id, ev.type, *problem);
    if (const auto problem = livemodeOf(doc, QStringLiteral("the event's"), &ev.livemode))
        return reject(ev.id, ev.type, *problem);

    const json *data = member(doc, "data");
    const json *object = data ? member(*data, "object") : nullptr;
    if (!object || !object->is_object())
        return reject(ev.id, ev.type, QStringLiteral("data.object is missing"));

    if (ev.kind == K::AccountUpdated) {
        AccountUpdate a;
        a.accountId = stringMember(*object, "id").value_or(QString());
        if (const auto problem = accountIdProblem(a.accountId))
            return reject(
                ev.id, ev.type,
                QStringLiteral("data.object.id is not a connected account: %1").arg(*problem));
        if (const json *caps = member(*object, "capabilities"); caps && caps->is_object())
            a.transfersCapability = stringMember(*caps, "transfers").value_or(QString());
        if (const json *req = member(*object, "requirements"); req && req->is_object())
            a.disabledReason = stringMember(*req, "disabled_reason").value_or(QString());
        ev.account = a;
        if (!ev.livemode)
            return reject(ev.id, ev.type,
                          QStringLiteral("livemode is missing: a live event cannot be told "
                                         "from a test one"));
        return ev;
    }

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
        if (!ev.livemode)
            return reject(ev.id, ev.type,
                          QStringLiteral("livemode is missing: a live event cannot be told "
                                         "from a test one"));
        return ev;
    }

    auto session = parseSession(*object);
    if (!session)
        return reject(ev.id, ev.type, session.error());
    if (ev.kind == K::CheckoutCompleted && session->paymentStatus != u"paid" &&
        session->paymentStatus != u"unpaid")
        return reject(ev.id, ev.type,
                      QStringLiteral("payment_status is %1: a completed Checkout Session must "
                                     "be \"paid\" or \"unpaid\"")
                          .arg(session->paymentStatus.isEmpty()
                                   ? QStringLiteral("missing")
                                   : printableId(session->paymentStatus)));
    std::optional<bool> sessionLive;
    if (const auto problem =
            livemodeOf(*object, QStringLiteral("the Checkout Session's"), &sessionLive))
        return reject(ev.id, ev.type, *problem);
    if (sessionLive && ev.livemode && *sessionLive != *ev.livemode)
        return reject(
            ev.id, ev.type,
            QStringLiteral("livemode disagrees: the event says %1, its Checkout "
                           "Session %2")
                .arg(*ev.livemode ? u"true" : u"false", *sessionLive ? u"true" : u"false"));
    if (!ev.livemode)
        ev.livemode = sessionLive;
    if (!ev.livemode)
        return reject(ev.id, ev.type,
                      QStringLiteral("livemode is missing: a live event cannot be told from a "
                                     "test one"));
    session->livemode = *ev.livemode;
    if (!ev.created.isValid())
        ev.created = session->created;
    if (!session->created.isValid())
        session->created = ev.created;
    if (!session->created.isValid())
        return reject(ev.id, ev.type,
                      QStringLiteral("created is missing: neither the event nor its Checkout "
                                     "Session says when it happened"));
    ev.session = std::move(*session);
    return ev;
}

std::optional<QString> engineRejection(const StripeEvent &ev, const EngineMode &mode)
{
    if (ev.kind == StripeEvent::Kind::Other)
        return std::nullopt;
    if (ev.livemode && *ev.livemode != mode.live)
        return *ev.livemode
                   ? QStringLiteral("livemode mismatch: a live-mode event (livemode true) while "
                                    "the engine runs with a test key; live money is never "
                                    "recorded by a development or test engine")
                   : QStringLiteral("livemode mismatch: a test-mode event (livemode false) while "
                                    "the engine runs with a live key; test purchases are never "
                                    "recorded as real money owed");
    qint64 latest = 0;
    if (__builtin_add_overflow(mode.nowSecs, kCreatedFutureSlackSecs, &latest))
        latest = std::numeric_limits<qint64>::max();
    for (const QDateTime &created : {ev.created, ev.session ? ev.session->created : QDateTime()}) {
        if (created.isValid() && created.toSecsSinceEpoch() > latest)
            return QStringLiteral("created %1 is more than a day in the future (the engine's "
                                  "clock says %2); not a plausible Unix time")
                .arg(created.toString(Qt::ISODate),
                     QDateTime::fromSecsSinceEpoch(mode.nowSecs, Qt::UTC).toString(Qt::ISODate));
    }
    return std::nullopt;
}

bool isLiveStripeKey(const QString &key)
{
    return key.startsWith(u"sk_live_") || key.startsWith(u"rk_live_");
}
