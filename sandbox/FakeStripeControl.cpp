// The control API under /_fake/: not Stripe, no key, no limits, no latency.
// It lets a developer or a test look at the fake's state and steer it: post
// events, queue faults, change a connected account (which writes the
// account.updated event Stripe would), and resend an event's webhooks.
#include "FakeStripe.h"

#include "EventDelivery.h"
#include "FormParams.h"
#include "ListQuery.h"
#include "LoopbackHttpServer.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

QJsonObject balanceJson(const QMap<QString, qint64> &amounts)
{
    QJsonObject json;
    for (auto it = amounts.cbegin(); it != amounts.cend(); ++it)
        json.insert(it.key(), it.value());
    return json;
}

} // namespace

FakeStripe::Reply FakeStripe::control(const HttpExchange &exchange)
{
    const QString &path = exchange.path;
    const QStringList segments = path.split(u'/', Qt::SkipEmptyParts); // "_fake", ...
    const bool post = exchange.method == "POST";
    const bool get = exchange.method == "GET";
    const auto invalid = [](const QString &message, const QString &param = {}) {
        return error(400, u"invalid_request_error"_s, {}, message, param);
    };

    if (get && path == u"/_fake/transfers") {
        // Oldest first, with the key each was made under, for eyeballing runs.
        QJsonArray data;
        for (const Transfer &transfer : std::as_const(m_transfers)) {
            QJsonObject json = transferJson(transfer);
            json.insert(u"idempotency_key"_s, transfer.idempotencyKey.isEmpty()
                                                  ? QJsonValue(QJsonValue::Null)
                                                  : QJsonValue(transfer.idempotencyKey));
            data.append(json);
        }
        Reply reply;
        reply.json = ListQuery::listJson(data, false, u"/_fake/transfers"_s);
        return reply;
    }
    if (post && path == u"/_fake/events") {
        const QString id = addEvent(exchange.body);
        if (id.isEmpty())
            return invalid(u"The body must be a JSON object."_s);
        Reply reply;
        reply.json.insert(u"id"_s, id);
        return reply;
    }
    if (post && segments.size() == 4 && segments.at(1) == u"events" &&
        segments.at(3) == u"resend") {
        const QString &id = segments.at(2);
        if (!m_eventIndex.contains(id)) {
            return error(404, u"invalid_request_error"_s, u"resource_missing"_s,
                         u"No such event: '"_s + id + u"'"_s, u"id"_s);
        }
        if (!resendEvent(id))
            return invalid(u"No webhook endpoint to resend to: start with --webhook-url."_s);
        Reply reply;
        reply.json.insert(u"id"_s, id);
        reply.json.insert(u"endpoints"_s, qint64(m_delivery->endpoints().size()));
        return reply;
    }
    if (post && path == u"/_fake/faults") {
        const QString name = FormParams::parse(exchange.body).value(u"kind"_s);
        const auto fault = faultFromName(name);
        if (!fault)
            return invalid(u"Unknown fault kind: "_s + name, u"kind"_s);
        queueFault(*fault);
        Reply reply;
        reply.json.insert(u"queued"_s, faultName(*fault));
        return reply;
    }
    if (post && segments.size() == 3 && segments.at(1) == u"accounts")
        return controlAccount(segments.at(2), FormParams::parse(exchange.body));
    if (get && path == u"/_fake/state")
        return state();
    return error(404, u"invalid_request_error"_s, {}, u"Unknown control route: "_s + path);
}

FakeStripe::Reply FakeStripe::controlAccount(const QString &accountId, const FormParams &params)
{
    // transfers=active|inactive, payouts_enabled=true|false,
    // balance[cur]=minor; an unknown account is created (ready, unless the
    // parameters say otherwise) without an event, as onboarding starts.
    const auto invalid = [](const QString &message, const QString &param) {
        return error(400, u"invalid_request_error"_s, {}, message, param);
    };
    if (!accountId.startsWith(u"acct_") || accountId.size() < 6)
        return invalid(u"Account ids start with acct_: "_s + accountId, u"id"_s);
    if (const auto name = params.unknownName({u"transfers", u"payouts_enabled", u"balance"}))
        return invalid(u"Received unknown parameter: "_s + *name, *name);
    std::optional<bool> transfers;
    if (params.contains(u"transfers"_s)) {
        const QString value = params.value(u"transfers"_s);
        if (value != u"active" && value != u"inactive")
            return invalid(u"transfers must be active or inactive, not "_s + value, u"transfers"_s);
        transfers = value == u"active";
    }
    std::optional<bool> payouts;
    if (params.contains(u"payouts_enabled"_s)) {
        const QString value = params.value(u"payouts_enabled"_s);
        if (value != u"true" && value != u"false")
            return invalid(u"payouts_enabled must be true or false, not "_s + value,
                           u"payouts_enabled"_s);
        payouts = value == u"true";
    }
    QMap<QString, qint64> balances;
    const QMap<QString, QString> sent = params.hash(u"balance"_s);
    for (auto it = sent.cbegin(); it != sent.cend(); ++it) {
        const auto amount = FormParams::parseInteger(it.value());
        if (!amount || *amount < 0 || it.key().size() != 3) {
            return invalid(u"balance[cur] must be a currency and a whole number of minor "
                           "units, e.g. balance[gbp]=0"_s,
                           u"balance["_s + it.key() + u"]"_s);
        }
        balances.insert(it.key().toLower(), *amount);
    }

    if (!m_accounts.contains(accountId))
        addAccount(accountId, transfers.value_or(true), payouts.value_or(true));
    if (transfers)
        setAccountTransfersActive(accountId, *transfers);
    if (payouts)
        setAccountPayoutsEnabled(accountId, *payouts);
    for (auto it = balances.cbegin(); it != balances.cend(); ++it)
        setAccountBalance(accountId, it.key(), it.value());

    const Account &account = m_accounts[accountId];
    Reply reply;
    reply.json = accountJson(accountId, account);
    reply.json.insert(u"balance"_s, balanceJson(account.balance));
    return reply;
}

FakeStripe::Reply FakeStripe::state() const
{
    QJsonObject accounts;
    for (auto it = m_accounts.cbegin(); it != m_accounts.cend(); ++it) {
        QJsonObject account;
        account.insert(u"transfers"_s, it->transfersActive ? u"active"_s : u"inactive"_s);
        account.insert(u"payouts_enabled"_s, it->payoutsEnabled);
        account.insert(u"balance"_s, balanceJson(it->balance));
        accounts.insert(it.key(), account);
    }
    Reply reply;
    reply.json.insert(u"available"_s, balanceJson(m_available));
    reply.json.insert(u"pending"_s, balanceJson(m_pending));
    reply.json.insert(u"accounts"_s, accounts);
    reply.json.insert(u"transfers"_s, qint64(m_transfers.size()));
    reply.json.insert(u"reversals"_s, qint64(m_reversals.size()));
    reply.json.insert(u"events"_s, qint64(m_events.size()));
    reply.json.insert(u"requests"_s, m_requestCount);
    reply.json.insert(u"rate_limited"_s, m_rateLimitedCount);
    reply.json.insert(u"faults"_s, m_faultCount);
    QJsonArray endpoints;
    if (m_delivery) {
        for (const QUrl &url : m_delivery->endpoints())
            endpoints.append(url.toString());
    }
    reply.json.insert(u"webhook_endpoints"_s, endpoints);
    reply.json.insert(u"deliveries_in_flight"_s, m_delivery ? m_delivery->inFlight() : 0);
    return reply;
}
