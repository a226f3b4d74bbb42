// trigger: one signed test event to a webhook URL, built from options, the
// way `stripe trigger` does for Stripe's own events. It prints the event id
// and the receiver's answer.
#include "Cli.h"
#include "Commands.h"
#include "StripeEvents.h"
#include "WebhookSender.h"
#include "money/Money.h"
#include "util/Clock.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QRegularExpression>

#include <cstdio>
#include <optional>

namespace {

const char *const kEvents[] = {"cart-purchase", "single-purchase", "refund", "account-ready",
                               "account-not-ready"};

// ARTIST:TRACK:AMOUNT[:ACCOUNT]; an empty TRACK makes a commission.
std::optional<QJsonObject> parseItem(const QString &spec, const QString &title, QString *why)
{
    static const QRegularExpression id(QStringLiteral("^[A-Za-z0-9_.-]{1,64}$"));
    static const QRegularExpression account(QStringLiteral("^acct_[A-Za-z0-9]{1,255}$"));
    const QStringList parts = spec.split(u':');
    if (parts.size() < 3 || parts.size() > 4) {
        *why = QStringLiteral("--item %1: expected ARTIST:TRACK:AMOUNT[:ACCOUNT]").arg(spec);
        return std::nullopt;
    }
    if (!id.match(parts.at(0)).hasMatch()) {
        *why = QStringLiteral("--item %1: the artist id must be 1 to 64 of A-Z a-z 0-9 _ . -")
                   .arg(spec);
        return std::nullopt;
    }
    if (!parts.at(1).isEmpty() && !id.match(parts.at(1)).hasMatch()) {
        *why = QStringLiteral("--item %1: the track id must be 1 to 64 of A-Z a-z 0-9 _ . -")
                   .arg(spec);
        return std::nullopt;
    }
    bool ok = false;
    const qint64 amount = parts.at(2).toLongLong(&ok);
    if (!ok || amount <= 0) {
        *why = QStringLiteral("--item %1: the amount must be a positive whole number of minor "
                              "units (560 is £5.60)")
                   .arg(spec);
        return std::nullopt;
    }
    const QString acct = parts.value(3);
    if (!acct.isEmpty() && !account.match(acct).hasMatch()) {
        *why = QStringLiteral("--item %1: the account must be acct_ followed by letters and "
                              "digits")
                   .arg(spec);
        return std::nullopt;
    }
    const bool commission = parts.at(1).isEmpty();
    return Events::item(parts.at(0), amount, parts.at(1),
                        commission ? QStringLiteral("commission") : QString(), acct, title);
}

int usage(const QString &message)
{
    std::fprintf(stderr, "payoutdesk trigger: %s\n", qPrintable(message));
    return ExitUsage;
}

} // namespace

int runTrigger(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Send one signed test event to a webhook URL, signed with the configured webhook "
        "signing secret (STRIPE_WEBHOOK_SECRET or the keychain).\n"
        "Events: cart-purchase, single-purchase, refund, account-ready ACCOUNT, "
        "account-not-ready ACCOUNT."));
    p.addPositionalArgument(QStringLiteral("event"), QStringLiteral("The event to send."));
    p.addOption({QStringLiteral("item"),
                 QStringLiteral("A cart item ARTIST:TRACK:AMOUNT[:ACCOUNT] in minor units "
                                "(repeatable; an empty TRACK is a commission)."),
                 QStringLiteral("ITEM")});
    p.addOption({QStringLiteral("title"),
                 QStringLiteral("The title of the item given at the same place (repeatable)."),
                 QStringLiteral("TITLE")});
    p.addOption({QStringLiteral("currency"), QStringLiteral("The currency (default gbp)."),
                 QStringLiteral("CODE"), QStringLiteral("gbp")});
    p.addOption({QStringLiteral("payment-intent"),
                 QStringLiteral("The purchase's payment intent (required for refund; new "
                                "otherwise)."),
                 QStringLiteral("pi_...")});
    p.addOption({QStringLiteral("url"),
                 QStringLiteral("The webhook URL (default: this machine's receiver, "
                                "http://127.0.0.1:PORT/webhook with the configured port)."),
                 QStringLiteral("URL")});
    int code = ExitOk;
    if (!parseSubcommand(p, ctx, &code))
        return code;

    const QStringList args = p.positionalArguments();
    if (args.isEmpty())
        return usage(QStringLiteral("which event? One of cart-purchase, single-purchase, "
                                    "refund, account-ready, account-not-ready"));
    const QString event = args.first();
    bool known = false;
    for (const char *name : kEvents)
        known = known || event == QLatin1StringView(name);
    if (!known)
        return usage(QStringLiteral("unknown event %1; one of cart-purchase, single-purchase, "
                                    "refund, account-ready, account-not-ready")
                         .arg(event));
    const bool accountEvent = event.startsWith(u"account-");
    if (args.size() != (accountEvent ? 2 : 1))
        return usage(accountEvent ? QStringLiteral("%1 takes one account id (acct_...)").arg(event)
                                  : QStringLiteral("%1 takes no other argument").arg(event));

    const QString currency = p.value(QStringLiteral("currency")).toLower();
    if (!Currency::isKnown(currency))
        return usage(
            QStringLiteral("--currency %1 is not a currency the engine knows").arg(currency));
    QUrl url(p.value(QStringLiteral("url")));
    if (!p.isSet(QStringLiteral("url"))) {
        url = QUrl(QStringLiteral("http://127.0.0.1/webhook"));
        url.setPort(ctx.settings->integer(Settings::Key::WebhookPort));
    }
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") ||
        url.host().isEmpty())
        return usage(QStringLiteral("--url must be an http(s) URL"));

    // Build the whole event before anything is sent: bad input sends nothing.
    const qint64 now = ctx.clock->nowSecs();
    const QString eventId = Events::newId(QStringLiteral("evt"));
    QByteArray body;
    const QStringList items = p.values(QStringLiteral("item"));
    const QStringList titles = p.values(QStringLiteral("title"));
    if (event == u"cart-purchase" || event == u"single-purchase") {
        if (items.isEmpty())
            return usage(
                QStringLiteral("%1 needs at least one --item ARTIST:TRACK:AMOUNT").arg(event));
        if (event == u"single-purchase" && items.size() != 1)
            return usage(QStringLiteral("single-purchase takes exactly one --item"));
        if (titles.size() > items.size())
            return usage(QStringLiteral("more --title than --item"));
        Events::Cart cart;
        cart.eventId = eventId;
        cart.session = Events::newId(QStringLiteral("cs_test"));
        cart.paymentIntent = p.isSet(QStringLiteral("payment-intent"))
                                 ? p.value(QStringLiteral("payment-intent"))
                                 : Events::newId(QStringLiteral("pi"));
        cart.currency = currency;
        cart.created = now;
        cart.splitAt = 500; // Stripe's limit for one metadata value
        if (event == u"single-purchase") {
            cart.purchaseType = QStringLiteral("single");
            cart.splitAt = 0;
        }
        for (qsizetype i = 0; i < items.size(); ++i) {
            QString why;
            const std::optional<QJsonObject> item = parseItem(items.at(i), titles.value(i), &why);
            if (!item)
                return usage(why);
            cart.items.append(*item);
        }
        if (event == u"single-purchase") {
            // An instant split: the metadata names the purchase type only.
            cart.amountTotal =
                cart.items.first().toObject().value(QStringLiteral("amount")).toInteger();
            cart.items = {};
        }
        body = Events::cart(cart);
    } else if (event == u"refund") {
        const QString pi = p.value(QStringLiteral("payment-intent"));
        if (!pi.startsWith(u"pi_"))
            return usage(QStringLiteral("refund needs --payment-intent pi_..."));
        body = Events::refund(eventId, pi, true, now);
    } else {
        const QString account = args.at(1);
        if (!QRegularExpression(QStringLiteral("^acct_[A-Za-z0-9]{1,255}$"))
                 .match(account)
                 .hasMatch())
            return usage(
                QStringLiteral("%1 is not a connected account id (acct_...)").arg(account));
        body = Events::accountUpdated(eventId, account, event == u"account-ready", now);
    }

    const Result<QString> secret = ctx.secrets->read(SecretStore::Secret::WebhookSigningSecret);
    if (!secret) {
        std::fprintf(stderr, "payoutdesk trigger: %s\n", qPrintable(secret.error().message));
        return ExitFailure;
    }
    if (secret->isEmpty()) {
        std::fprintf(stderr, "payoutdesk trigger: no webhook signing secret. Set "
                             "STRIPE_WEBHOOK_SECRET (as printed by `payoutdesk sandbox`) or "
                             "store it in the window's settings.\n");
        return ExitFailure;
    }

    WebhookSender sender(url, secret->toUtf8(), *ctx.clock);
    WebhookSender::Delivery delivery;
    QEventLoop loop;
    sender.send(body, [&](const WebhookSender::Delivery &d) {
        delivery = d;
        loop.quit();
    });
    loop.exec();
    std::printf("%s -> %s\n", qPrintable(eventId), qPrintable(delivery.describe()));
    if (delivery.ok())
        return ExitOk;
    std::fprintf(stderr, "payoutdesk trigger: %s did not accept the event (%s)\n",
                 qPrintable(url.toString()), qPrintable(delivery.describe()));
    return ExitFailure;
}
