// sandbox: a local Stripe for developers. The simulator (FakeStripe) on
// 127.0.0.1 with a test key, a funded balance and connected accounts, whose
// events, its own included, go to webhook URLs signed like Stripe's. It
// prints what to give the engine; /_fake/ steers it at run time (see --help).
#include "Cli.h"
#include "Commands.h"
#include "EventDelivery.h"
#include "FakeStripe.h"
#include "FormParams.h"
#include "UnixSignalWatcher.h"
#include "money/Money.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {

const QString kDefaultKey = u"sk_test_sandbox"_s;
const QString kDefaultBalance = u"gbp:100000"_s;
const QStringList kDefaultAccounts = {u"acct_ready1"_s, u"acct_ready2"_s,
                                      u"acct_notready:inactive:nopayouts"_s};

struct Amount
{
    QString currency;
    qint64 minor = 0;
};

// "gbp:100000": a currency code and whole minor units.
std::optional<Amount> parseAmount(const QString &spec)
{
    static const QRegularExpression currency(u"^[a-z]{3}$"_s);
    const qsizetype colon = spec.indexOf(u':');
    if (colon < 0)
        return std::nullopt;
    Amount amount{spec.left(colon).toLower(), 0};
    const auto minor = FormParams::parseInteger(spec.mid(colon + 1));
    if (!currency.match(amount.currency).hasMatch() || !minor || *minor < 0)
        return std::nullopt;
    amount.minor = *minor;
    return amount;
}

// Why a --key cannot be used, or nothing. Never repeats the key itself.
std::optional<QString> refuseKey(const QString &key)
{
    if (key.startsWith(u"sk_live_") || key.startsWith(u"rk_live_"))
        return u"refusing a live key (sk_live_/rk_live_): the sandbox takes test keys only"_s;
    if (key.startsWith(u"pk_"))
        return u"a publishable key (pk_...) cannot authenticate API calls; use sk_test_..."_s;
    static const QRegularExpression testKey(u"^(sk|rk)_test_[A-Za-z0-9_]+$"_s);
    if (!testKey.match(key).hasMatch())
        return u"--key must be a test secret key: sk_test_ or rk_test_ and letters or digits"_s;
    return std::nullopt;
}

struct AccountSpec
{
    QString id;
    bool transfersActive = true;
    bool payoutsEnabled = true;
};

// "acct_x[:inactive][:nopayouts]"; ids as EVENTS.md allows them.
std::optional<AccountSpec> parseAccount(const QString &spec)
{
    static const QRegularExpression id(u"^acct_[A-Za-z0-9]{1,255}$"_s);
    const QStringList parts = spec.split(u':');
    AccountSpec account{parts.first()};
    if (!id.match(account.id).hasMatch())
        return std::nullopt;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        if (parts.at(i) == u"inactive")
            account.transfersActive = false;
        else if (parts.at(i) == u"nopayouts")
            account.payoutsEnabled = false;
        else
            return std::nullopt;
    }
    return account;
}

QString describeAccount(const AccountSpec &account)
{
    QStringList why;
    if (!account.transfersActive)
        why.append(u"transfers inactive"_s);
    if (!account.payoutsEnabled)
        why.append(u"payouts disabled"_s);
    if (why.isEmpty())
        return u"ready"_s;
    return u"not ready ("_s + why.join(u", "_s) + u')';
}

QString helpText()
{
    return u"A local Stripe for developers: a stateful fake of the Stripe v1 API the engine\n"
           "uses (balance, accounts, transfers and reversals, payment intents, events) on\n"
           "127.0.0.1, with idempotency, 429s, latency and fault injection. It writes the\n"
           "events Stripe would (transfer.created, transfer.reversed, account.updated) and\n"
           "delivers every event to --webhook-url, signed, retrying failures.\n"
           "Without options: key sk_test_sandbox, gbp 1000.00 available, accounts\n"
           "acct_ready1, acct_ready2 and acct_notready (transfers inactive).\n"
           "\n"
           "Control routes (no key):\n"
           "  GET  /_fake/state                  balances, accounts, counts, endpoints\n"
           "  GET  /_fake/transfers              every transfer with its idempotency key\n"
           "  POST /_fake/accounts/ACCT          transfers=active|inactive,\n"
           "                                     payouts_enabled=true|false, balance[gbp]=N\n"
           "                                     (creates the account if new)\n"
           "  POST /_fake/events                 body: an event's JSON; stored and delivered\n"
           "  POST /_fake/events/EVT/resend      deliver an event again (duplicates)\n"
           "  POST /_fake/faults                 kind=NAME: the next transfer or reversal\n"
           "                                     POST gets it. Kinds: error_500_before_commit,\n"
           "                                     error_500_after_commit, timeout_before_commit,\n"
           "                                     timeout_after_commit, reset_before_commit,\n"
           "                                     reset_after_commit, rate_limit_429,\n"
           "                                     lock_timeout_429"_s;
}

} // namespace

int runSandbox(CliContext &ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(helpText());
    const QCommandLineOption portOption(
        u"port"_s, u"Port on 127.0.0.1 (default 12111; 0 picks a free one)."_s, u"N"_s, u"12111"_s);
    const QCommandLineOption keyOption(
        u"key"_s, u"Accepted test secret key (repeatable; default sk_test_sandbox)."_s,
        u"sk_test_..."_s);
    const QCommandLineOption balanceOption(
        u"balance"_s, u"Available balance in minor units (repeatable; default gbp:100000)."_s,
        u"cur:amount"_s);
    const QCommandLineOption pendingOption(
        u"pending"_s, u"Pending balance in minor units, e.g. gbp:5000 (repeatable)."_s,
        u"cur:amount"_s);
    const QCommandLineOption accountOption(
        u"account"_s,
        u"Connected account, optionally :inactive (no transfers capability) and/or :nopayouts "
        "(repeatable; replaces the default accounts)."_s,
        u"acct_x[:inactive][:nopayouts]"_s);
    const QCommandLineOption paymentIntentOption(
        u"payment-intent"_s,
        u"Succeeded payment intent and its charge, e.g. pi_1:ch_1:5000:gbp (repeatable)."_s,
        u"pi:ch:amount:cur"_s);
    const QCommandLineOption latencyOption(u"latency-ms"_s, u"Delay every API answer."_s, u"ms"_s,
                                           u"0"_s);
    const QCommandLineOption rateOption(
        u"rate-limit"_s, u"API requests per second; more get 429 (0 = none)."_s, u"n"_s, u"0"_s);
    const QCommandLineOption faultRateOption(
        u"fault-rate"_s,
        u"Probability (0 to 1) of a random fault on each transfer or reversal POST."_s, u"p"_s,
        u"0"_s);
    const QCommandLineOption faultKindOption(
        u"fault-kind"_s, u"Fault kind --fault-rate draws from (repeatable; default all)."_s,
        u"kind"_s);
    const QCommandLineOption seedOption(u"seed"_s, u"Seed for random faults."_s, u"n"_s, u"1"_s);
    const QCommandLineOption webhookUrlOption(
        u"webhook-url"_s,
        u"Deliver every event to this URL, signed (repeatable), e.g. "
        "http://127.0.0.1:4242/webhook for serve."_s,
        u"url"_s);
    const QCommandLineOption webhookSecretOption(
        u"webhook-secret"_s, u"Signing secret for deliveries (default: a fresh one)."_s,
        u"whsec_..."_s);
    const QCommandLineOption verboseOption(u"verbose"_s,
                                           u"Log every request, not only injected faults."_s);
    parser.addOptions({portOption, keyOption, balanceOption, pendingOption, accountOption,
                       paymentIntentOption, latencyOption, rateOption, faultRateOption,
                       faultKindOption, seedOption, webhookUrlOption, webhookSecretOption,
                       verboseOption});
    int code = ExitOk;
    if (!parseSubcommand(parser, ctx, &code))
        return code;
    QLoggingCategory::setFilterRules(parser.isSet(verboseOption)
                                         ? u"fakestripe.debug=true\nfakestripe.info=true"_s
                                         : u"fakestripe.info=true"_s);

    QTextStream err(stderr);
    const auto usage = [&err](const QString &message) {
        err << "payoutdesk sandbox: " << message << Qt::endl;
        return int(ExitUsage);
    };
    const auto whole = [&parser](const QCommandLineOption &option, qint64 max) {
        const auto n = FormParams::parseInteger(parser.value(option));
        return n && *n >= 0 && *n <= max ? std::optional<qint64>(*n) : std::nullopt;
    };

    FakeStripe fake;
    QStringList keys = parser.values(keyOption);
    if (keys.isEmpty())
        keys.append(kDefaultKey);
    for (const QString &key : std::as_const(keys)) {
        if (const auto why = refuseKey(key))
            return usage(*why);
        fake.addApiKey(key);
    }

    QList<Amount> available;
    const QStringList balanceSpecs =
        parser.isSet(balanceOption) ? parser.values(balanceOption) : QStringList{kDefaultBalance};
    for (const QString &spec : balanceSpecs) {
        const auto amount = parseAmount(spec);
        if (!amount)
            return usage(u"bad --balance "_s + spec + u": want cur:minor, e.g. gbp:100000"_s);
        fake.setAvailableBalance(amount->currency, amount->minor);
        available.append(*amount);
    }
    QList<Amount> pending;
    for (const QString &spec : parser.values(pendingOption)) {
        const auto amount = parseAmount(spec);
        if (!amount)
            return usage(u"bad --pending "_s + spec + u": want cur:minor, e.g. gbp:5000"_s);
        fake.setPendingBalance(amount->currency, amount->minor);
        pending.append(*amount);
    }
    QList<AccountSpec> accounts;
    const QStringList accountSpecs =
        parser.isSet(accountOption) ? parser.values(accountOption) : kDefaultAccounts;
    for (const QString &spec : accountSpecs) {
        const auto account = parseAccount(spec);
        if (!account)
            return usage(u"bad --account "_s + spec +
                         u": want acct_ and letters or digits, then :inactive or :nopayouts"_s);
        fake.addAccount(account->id, account->transfersActive, account->payoutsEnabled);
        accounts.append(*account);
    }
    for (const QString &spec : parser.values(paymentIntentOption)) {
        const QStringList parts = spec.split(u':');
        const auto amount =
            parts.size() == 4 ? FormParams::parseInteger(parts.at(2)) : std::nullopt;
        if (!amount || *amount <= 0 || !parts.at(0).startsWith(u"pi_") ||
            !parts.at(1).startsWith(u"ch_") || parts.at(3).size() != 3)
            return usage(u"bad --payment-intent "_s + spec + u": want pi_x:ch_x:amount:cur"_s);
        fake.addPaymentIntent(parts.at(0), parts.at(1), *amount, parts.at(3));
    }

    const auto latency = whole(latencyOption, 600'000);
    if (!latency)
        return usage(u"bad --latency-ms: want whole milliseconds, 0 to 600000"_s);
    fake.setLatencyMs(int(*latency));
    const auto rate = whole(rateOption, 1'000'000);
    if (!rate)
        return usage(u"bad --rate-limit: want a whole number of requests per second"_s);
    fake.setRateLimit(int(*rate));
    bool rateOk = false;
    const double faultRate = parser.value(faultRateOption).toDouble(&rateOk);
    if (!rateOk || faultRate < 0.0 || faultRate > 1.0)
        return usage(u"bad --fault-rate: want a probability from 0 to 1, e.g. 0.2"_s);
    const auto seed = whole(seedOption, 0xffffffff);
    if (!seed)
        return usage(u"bad --seed: want a whole number"_s);
    using F = FakeStripe::Fault;
    QList<F> kinds = {F::Error500BeforeCommit, F::Error500AfterCommit, F::TimeoutBeforeCommit,
                      F::TimeoutAfterCommit,   F::ResetBeforeCommit,   F::ResetAfterCommit,
                      F::RateLimit429,         F::LockTimeout429};
    if (parser.isSet(faultKindOption)) {
        kinds.clear();
        for (const QString &name : parser.values(faultKindOption)) {
            const auto kind = FakeStripe::faultFromName(name);
            if (!kind || *kind == F::None)
                return usage(u"bad --fault-kind "_s + name + u" (see --help for the kinds)"_s);
            kinds.append(*kind);
        }
    }
    if (faultRate > 0.0)
        fake.setRandomFaults(faultRate, kinds, quint32(*seed));

    const QByteArray secret = parser.isSet(webhookSecretOption)
                                  ? parser.value(webhookSecretOption).toUtf8()
                                  : EventDelivery::newSigningSecret();
    static const QRegularExpression secretShape(u"^whsec_[A-Za-z0-9_+/=-]+$"_s);
    if (!secretShape.match(QString::fromUtf8(secret)).hasMatch())
        return usage(u"bad --webhook-secret: want whsec_ followed by letters or digits"_s);
    QList<QUrl> webhookUrls;
    for (const QString &text : parser.values(webhookUrlOption)) {
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") ||
            url.host().isEmpty())
            return usage(u"bad --webhook-url "_s + text + u": want an http(s) URL"_s);
        webhookUrls.append(url);
    }

    const auto port = whole(portOption, 65535);
    if (!port)
        return usage(u"bad --port: want 0 to 65535"_s);
    if (!fake.listen(quint16(*port))) {
        err << "payoutdesk sandbox: cannot listen on 127.0.0.1:" << *port << " (in use?)"
            << Qt::endl;
        return ExitFailure;
    }

    QTextStream out(stdout);
    for (const QUrl &url : std::as_const(webhookUrls))
        fake.addWebhookEndpoint(url, secret);
    if (EventDelivery *delivery = fake.eventDelivery()) {
        QObject::connect(delivery, &EventDelivery::attempted, &fake,
                         [&out](const EventDelivery::Attempt &attempt) {
                             out << "webhook " << attempt.describe() << Qt::endl;
                         });
    }
    QObject::connect(&fake, &FakeStripe::eventAdded, &fake, [&out](const QJsonObject &event) {
        out << "event   " << event.value(u"id").toString() << ' ' << event.value(u"type").toString()
            << Qt::endl;
    });

    const QString base = fake.baseUrl().toString();
    const auto amounts = [](const QList<Amount> &list, const char *what) {
        QStringList parts;
        for (const Amount &a : list)
            parts.append(a.currency + u' ' + Money(a.minor, a.currency).toDecimalString() + u' ' +
                         QLatin1StringView(what));
        return parts;
    };
    out << "Stripe sandbox on " << base << '\n';
    const QString keyText = keys.join(u", "_s);
    const qsizetype width = qMax(keyText.size(), secret.size());
    out << "  secret key:      " << keyText.leftJustified(width) << "  (STRIPE_API_KEY)\n";
    out << "  signing secret:  " << QString::fromUtf8(secret).leftJustified(width)
        << "  (STRIPE_WEBHOOK_SECRET)\n";
    if (webhookUrls.isEmpty()) {
        out << "  delivering to:   nobody (--webhook-url http://127.0.0.1:4242/webhook "
               "delivers to serve)\n";
    }
    for (qsizetype i = 0; i < webhookUrls.size(); ++i)
        out << (i == 0 ? "  delivering to:   " : "                   ")
            << webhookUrls.at(i).toString() << '\n';
    const QStringList funds = amounts(available, "available") + amounts(pending, "pending");
    out << "  balance:         " << (funds.isEmpty() ? u"none"_s : funds.join(u", "_s)) << '\n';
    for (qsizetype i = 0; i < accounts.size(); ++i)
        out << (i == 0 ? "  accounts:        " : "                   ")
            << accounts.at(i).id.leftJustified(16) << ' ' << describeAccount(accounts.at(i))
            << '\n';
    out << "Use it:  STRIPE_API_KEY=" << keys.first()
        << " STRIPE_WEBHOOK_SECRET=" << QString::fromUtf8(secret)
        << " payoutdesk --stripe-api-base " << base << " serve\n";
    out << "Steer it: curl -X POST " << base
        << "/_fake/accounts/ACCT -d transfers=active (more in --help)" << Qt::endl;

    UnixSignalWatcher signalWatcher;
    const int rc = QCoreApplication::exec();
    out << "payoutdesk sandbox: " << fake.transfers().size() << " transfers, "
        << fake.reversals().size() << " reversals, " << fake.events().size() << " events, "
        << fake.requestCount() << " requests" << Qt::endl;
    return rc;
}
