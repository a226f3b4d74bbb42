// sandbox: the Stripe simulator on 127.0.0.1, for developers testing the
// engine or a storefront locally. Configure it from the command line;
// inspect and steer it at run time through /_fake/ (see --help).
#include "Cli.h"
#include "Commands.h"
#include "FakeStripe.h"
#include "UnixSignalWatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {

bool parsePair(const QString &text, QString *name, qint64 *amount)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    bool ok = false;
    *amount = text.mid(colon + 1).toLongLong(&ok);
    *name = text.left(colon).toLower();
    return ok && *amount >= 0;
}

} // namespace

int runSandbox(CliContext &ctx)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"A stateful fake of Stripe's v1 API on 127.0.0.1.\n"
        "Control routes (no auth): GET /_fake/transfers, GET /_fake/state,\n"
        "POST /_fake/events (body: event JSON), POST /_fake/faults (body: "
        "kind=reset_after_commit;\n"
        "kinds: error_500_before_commit, error_500_after_commit, timeout_before_commit,\n"
        "timeout_after_commit, reset_before_commit, reset_after_commit, rate_limit_429,\n"
        "lock_timeout_429)."_s);
    const QCommandLineOption portOption(u"port"_s, u"Port to listen on (default 12111)."_s, u"N"_s,
                                        u"12111"_s);
    const QCommandLineOption keyOption(
        u"key"_s, u"Accepted secret key (repeatable; default sk_test_fake)."_s, u"sk_test_..."_s);
    const QCommandLineOption balanceOption(
        u"balance"_s, u"Available balance in minor units, e.g. gbp:100000 (repeatable)."_s,
        u"cur:amount"_s);
    const QCommandLineOption pendingOption(
        u"pending"_s, u"Pending balance in minor units, e.g. gbp:5000 (repeatable)."_s,
        u"cur:amount"_s);
    const QCommandLineOption accountOption(
        u"account"_s,
        u"Connected account, optionally :inactive (no transfers capability) or :nopayouts "
        "(repeatable)."_s,
        u"acct_x[:inactive]"_s);
    const QCommandLineOption paymentIntentOption(
        u"payment-intent"_s, u"Payment intent with its charge, e.g. pi_1:ch_1:5000:gbp."_s,
        u"pi:ch:amount:cur"_s);
    const QCommandLineOption latencyOption(u"latency-ms"_s, u"Delay every answer."_s, u"ms"_s,
                                           u"0"_s);
    const QCommandLineOption rateOption(u"rate-limit"_s, u"Requests per second (0 = none)."_s,
                                        u"n"_s, u"0"_s);
    const QCommandLineOption faultRateOption(
        u"fault-rate"_s, u"Probability of a random fault on POST /v1/transfers, e.g. 0.2."_s,
        u"p"_s, u"0"_s);
    const QCommandLineOption seedOption(u"seed"_s, u"Seed for random faults."_s, u"n"_s, u"1"_s);
    const QCommandLineOption verboseOption(u"verbose"_s,
                                           u"Log every request, not only injected faults."_s);
    parser.addOptions({portOption, keyOption, balanceOption, pendingOption, accountOption,
                       paymentIntentOption, latencyOption, rateOption, faultRateOption, seedOption,
                       verboseOption});
    int code = ExitOk;
    if (!parseSubcommand(parser, ctx, &code))
        return code;
    QLoggingCategory::setFilterRules(parser.isSet(verboseOption) ? u"fakestripe.*=true"_s
                                                                 : u"fakestripe.info=true"_s);

    QTextStream err(stderr);
    const auto fail = [&err](const QString &message) {
        err << "payoutdesk sandbox: " << message << Qt::endl;
        return int(ExitUsage);
    };

    FakeStripe fake;
    QStringList keys = parser.values(keyOption);
    if (keys.isEmpty())
        keys.append(u"sk_test_fake"_s);
    for (const QString &key : std::as_const(keys))
        fake.addApiKey(key);
    for (const QString &spec : parser.values(balanceOption)) {
        QString currency;
        qint64 amount = 0;
        if (!parsePair(spec, &currency, &amount))
            return fail(u"bad --balance "_s + spec);
        fake.setAvailableBalance(currency, amount);
    }
    for (const QString &spec : parser.values(pendingOption)) {
        QString currency;
        qint64 amount = 0;
        if (!parsePair(spec, &currency, &amount))
            return fail(u"bad --pending "_s + spec);
        fake.setPendingBalance(currency, amount);
    }
    for (const QString &spec : parser.values(accountOption)) {
        const QStringList parts = spec.split(u':');
        fake.addAccount(parts.first(), !parts.contains(u"inactive"_s),
                        !parts.contains(u"nopayouts"_s));
    }
    for (const QString &spec : parser.values(paymentIntentOption)) {
        const QStringList parts = spec.split(u':');
        bool ok = false;
        const qint64 amount = parts.size() == 4 ? parts.at(2).toLongLong(&ok) : 0;
        if (!ok || amount <= 0)
            return fail(u"bad --payment-intent "_s + spec);
        fake.addPaymentIntent(parts.at(0), parts.at(1), amount, parts.at(3));
    }
    fake.setLatencyMs(parser.value(latencyOption).toInt());
    fake.setRateLimit(parser.value(rateOption).toInt());
    const double faultRate = parser.value(faultRateOption).toDouble();
    if (faultRate > 0.0) {
        using F = FakeStripe::Fault;
        fake.setRandomFaults(faultRate,
                             {F::Error500BeforeCommit, F::Error500AfterCommit,
                              F::TimeoutBeforeCommit, F::TimeoutAfterCommit, F::ResetBeforeCommit,
                              F::ResetAfterCommit, F::RateLimit429, F::LockTimeout429},
                             parser.value(seedOption).toUInt());
    }

    bool portOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    if (!portOk || port > 65535)
        return fail(u"bad --port"_s);
    if (!fake.listen(quint16(port))) {
        err << "payoutdesk sandbox: cannot listen on 127.0.0.1:" << port << " (in use?)"
            << Qt::endl;
        return ExitFailure;
    }

    UnixSignalWatcher signalWatcher;

    QTextStream out(stdout);
    out << fake.baseUrl().toString() << Qt::endl;
    out << "keys: " << keys.join(u", "_s) << Qt::endl;
    const int rc = QCoreApplication::exec();
    out << "payoutdesk sandbox: " << fake.transfers().size() << " transfers, "
        << fake.requestCount() << " requests" << Qt::endl;
    return rc;
}
