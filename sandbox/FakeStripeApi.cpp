// The resources of the fake: what each Stripe GET answers, and transfers.
// Reversals, events and the /_fake/ control routes have files of their own;
// transport, auth, faults and idempotency live in FakeStripe.cpp.
#include "FakeStripe.h"

#include "FormParams.h"
#include "ListQuery.h"
#include "LoopbackHttpServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <initializer_list>

using namespace Qt::StringLiterals;

namespace {

ParamError unknownParameter(const QString &name)
{
    return {u"parameter_unknown"_s, u"Received unknown parameter: "_s + name, name};
}

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

FakeStripe::Reply FakeStripe::route(const QByteArray &method, const QString &path,
                                    const QByteArray &query) const
{
    const FormParams params = FormParams::parse(query);
    const QStringList segments = path.split(u'/', Qt::SkipEmptyParts);
    const auto unrecognized = [&] {
        return error(404, u"invalid_request_error"_s, {},
                     u"Unrecognized request URL ("_s + QString::fromLatin1(method) + u": "_s +
                         path + u")."_s);
    };
    if (method != "GET" || segments.size() < 2 || segments.size() > 5 || segments.first() != u"v1")
        return unrecognized();
    const QString &resource = segments.at(1);
    if (segments.size() == 2) {
        if (resource == u"balance")
            return balance();
        if (resource == u"transfers")
            return listTransfers(params);
        if (resource == u"events")
            return listEvents(params);
        return unrecognized();
    }

    const QString &id = segments.at(2);
    if (segments.size() > 3) {
        if (resource != u"transfers" || segments.at(3) != u"reversals")
            return unrecognized();
        return segments.size() == 4 ? listReversals(id, params) : reversal(id, segments.at(4));
    }
    const auto missing = [&](const QString &noun) {
        return error(404, u"invalid_request_error"_s, u"resource_missing"_s,
                     u"No such "_s + noun + u": '"_s + id + u"'"_s, u"id"_s);
    };
    Reply reply;
    if (resource == u"transfers") {
        const auto it = m_transferIndex.constFind(id);
        if (it == m_transferIndex.constEnd())
            return missing(u"transfer"_s);
        reply.json = transferJson(m_transfers.at(*it));
    } else if (resource == u"events") {
        const auto it = m_eventIndex.constFind(id);
        if (it == m_eventIndex.constEnd())
            return missing(u"event"_s);
        reply.json = renderEvent(m_events.at(*it));
    } else if (resource == u"accounts") {
        const auto it = m_accounts.constFind(id);
        if (it == m_accounts.constEnd())
            return missing(u"account"_s);
        reply.json = accountJson(id, *it);
    } else if (resource == u"payment_intents") {
        const auto it = m_paymentIntents.constFind(id);
        if (it == m_paymentIntents.constEnd())
            return missing(u"payment_intent"_s);
        reply.json.insert(u"id"_s, id);
        reply.json.insert(u"object"_s, u"payment_intent"_s);
        reply.json.insert(u"amount"_s, it->amount);
        reply.json.insert(u"amount_received"_s, it->amount);
        reply.json.insert(u"currency"_s, it->currency);
        reply.json.insert(u"latest_charge"_s, it->chargeId);
        reply.json.insert(u"status"_s, u"succeeded"_s);
        reply.json.insert(u"created"_s, it->created);
        reply.json.insert(u"livemode"_s, false);
    } else {
        return unrecognized();
    }
    return reply;
}

FakeStripe::Reply FakeStripe::balance() const
{
    // Stripe lists every currency the account holds in both arrays.
    QStringList currencies = m_available.keys();
    for (const QString &currency : m_pending.keys()) {
        if (!currencies.contains(currency))
            currencies.append(currency);
    }
    std::sort(currencies.begin(), currencies.end());
    const auto funds = [&currencies](const QMap<QString, qint64> &amounts) {
        QJsonArray entries;
        for (const QString &currency : std::as_const(currencies)) {
            const qint64 amount = amounts.value(currency, 0);
            QJsonObject sourceTypes;
            sourceTypes.insert(u"card"_s, amount);
            QJsonObject entry;
            entry.insert(u"amount"_s, amount);
            entry.insert(u"currency"_s, currency);
            entry.insert(u"source_types"_s, sourceTypes);
            entries.append(entry);
        }
        return entries;
    };
    Reply reply;
    reply.json.insert(u"object"_s, u"balance"_s);
    reply.json.insert(u"livemode"_s, false);
    reply.json.insert(u"available"_s, funds(m_available));
    reply.json.insert(u"pending"_s, funds(m_pending));
    return reply;
}

std::optional<FakeStripe::Reply> FakeStripe::validateTransfer(const FormParams &params) const
{
    const auto invalid = [](const QString &code, const QString &message, const QString &param) {
        return error(400, u"invalid_request_error"_s, code, message, param);
    };
    if (const auto name = params.unknownName({u"amount", u"currency", u"destination",
                                              u"description", u"metadata", u"transfer_group",
                                              u"source_transaction", u"source_type", u"expand"})) {
        return invalid(u"parameter_unknown"_s, u"Received unknown parameter: "_s + *name, *name);
    }
    for (const QString &required : {u"amount"_s, u"currency"_s, u"destination"_s}) {
        if (params.value(required).isEmpty())
            return invalid(u"parameter_missing"_s,
                           u"Missing required param: "_s + required + u"."_s, required);
    }
    const QString amountText = params.value(u"amount"_s);
    const auto amount = FormParams::parseInteger(amountText);
    if (!amount)
        return invalid(u"parameter_invalid_integer"_s, u"Invalid integer: "_s + amountText,
                       u"amount"_s);
    if (*amount < 1)
        return invalid(u"parameter_invalid_integer"_s,
                       u"This value must be greater than or equal to 1."_s, u"amount"_s);
    static const QRegularExpression currencyCode(u"^[a-z]{3}$"_s);
    const QString currency = params.value(u"currency"_s);
    if (!currencyCode.match(currency).hasMatch()) {
        return invalid({},
                       u"Invalid currency: "_s + currency +
                           u". Currencies are three-letter ISO codes in lower case."_s,
                       u"currency"_s);
    }

    return validateMetadata(params);
}

std::optional<FakeStripe::Reply> FakeStripe::validateMetadata(const FormParams &params)
{
    const auto invalid = [](const QString &code, const QString &message, const QString &param) {
        return error(400, u"invalid_request_error"_s, code, message, param);
    };
    // Metadata: a flat hash of strings, at most 50 keys, keys up to 40
    // characters, values up to 500 (counted in characters, not bytes).
    if (params.badNesting(u"metadata"_s) || !params.value(u"metadata"_s).isEmpty()) {
        return invalid({},
                       u"Invalid metadata: metadata must be a hash of string keys and values."_s,
                       u"metadata"_s);
    }
    const QMap<QString, QString> metadata = params.hash(u"metadata"_s);
    if (metadata.size() > 50) {
        return invalid({},
                       u"Invalid metadata: You can specify up to 50 keys, with key names up to "
                       "40 characters long and values up to 500 characters long."_s,
                       u"metadata"_s);
    }
    for (auto it = metadata.cbegin(); it != metadata.cend(); ++it) {
        if (it.key().toUcs4().size() > 40) {
            return invalid({},
                           u"Metadata keys can have up to 40 characters, but you passed in a key "
                           "that is "_s +
                               QString::number(it.key().toUcs4().size()) + u" characters: "_s +
                               it.key(),
                           u"metadata"_s);
        }
        if (it.value().toUcs4().size() > 500) {
            return invalid({},
                           u"Metadata values can have up to 500 characters, but you passed in a "
                           "value that is "_s +
                               QString::number(it.value().toUcs4().size()) + u" characters."_s,
                           u"metadata["_s + it.key() + u"]"_s);
        }
    }
    return std::nullopt;
}

QMap<QString, QString> FakeStripe::metadataOf(const FormParams &params)
{
    QMap<QString, QString> metadata;
    const QMap<QString, QString> sent = params.hash(u"metadata"_s);
    for (auto it = sent.cbegin(); it != sent.cend(); ++it) {
        if (!it.value().isEmpty()) // an empty value means "unset" on Stripe
            metadata.insert(it.key(), it.value());
    }
    return metadata;
}

FakeStripe::Reply FakeStripe::createTransfer(const FormParams &params,
                                             const QString &idempotencyKey)
{
    const qint64 amount = params.value(u"amount"_s).toLongLong();
    const QString currency = params.value(u"currency"_s);
    const QString destination = params.value(u"destination"_s);
    const QString source = params.value(u"source_transaction"_s);
    const QString invalidRequest = u"invalid_request_error"_s;

    const auto account = m_accounts.constFind(destination);
    if (account == m_accounts.constEnd()) {
        return error(400, invalidRequest, u"resource_missing"_s,
                     u"No such destination: '"_s + destination + u"'"_s, u"destination"_s);
    }
    if (!account->transfersActive) {
        return error(400, invalidRequest, u"insufficient_capabilities_for_transfer"_s,
                     u"Your destination account needs to have at least one of the following "
                     "capabilities enabled: transfers, crypto_transfers, legacy_payments"_s,
                     u"destination"_s);
    }
    if (!source.isEmpty()) {
        // A transfer tied to a charge draws on that charge, not on the
        // available balance, and may not exceed what is left of it.
        const auto charge = m_charges.find(source);
        if (charge == m_charges.end()) {
            return error(400, invalidRequest, u"resource_missing"_s,
                         u"No such charge: '"_s + source + u"'"_s, u"source_transaction"_s);
        }
        if (charge->currency != currency) {
            return error(400, invalidRequest, {},
                         u"The currency of source_transaction ("_s + charge->currency +
                             u") must match the transfer currency ("_s + currency + u")."_s,
                         u"currency"_s);
        }
        const qint64 remaining = charge->amount - charge->transferred;
        if (amount > remaining) {
            return error(400, invalidRequest, {},
                         u"The transfer amount ("_s + QString::number(amount) +
                             u") exceeds what is left of source_transaction "_s + source + u" ("_s +
                             QString::number(remaining) + u")."_s,
                         u"amount"_s);
        }
        charge->transferred += amount;
    } else {
        const qint64 available = m_available.value(currency, 0);
        if (amount > available) {
            return error(400, invalidRequest, u"balance_insufficient"_s,
                         u"You have insufficient available funds in your Stripe account. Try "
                         "adding funds directly to your available balance by creating Charges "
                         "using the 4000000000000077 test card."_s);
        }
        m_available.insert(currency, available - amount);
    }

    Transfer transfer;
    transfer.id = newId(u"tr_"_s);
    transfer.amount = amount;
    transfer.currency = currency;
    transfer.destination = destination;
    transfer.transferGroup = params.value(u"transfer_group"_s);
    transfer.sourceTransaction = source;
    transfer.description = params.value(u"description"_s);
    transfer.metadata = metadataOf(params);
    transfer.created = now();
    transfer.idempotencyKey = idempotencyKey;
    m_transferIndex.insert(transfer.id, m_transfers.size());
    m_transfers.append(transfer);
    // The money lands in the artist's own balance, where a reversal finds it.
    m_accounts[destination].balance[currency] += amount;

    Reply reply;
    reply.json = transferJson(transfer);
    writeEvent(u"transfer.created"_s, reply.json, {}, {});
    Q_EMIT transferCreated(transfer);
    return reply;
}

QJsonObject FakeStripe::transferJson(const Transfer &transfer) const
{
    QJsonObject metadata;
    for (auto it = transfer.metadata.cbegin(); it != transfer.metadata.cend(); ++it)
        metadata.insert(it.key(), it.value());
    const QString suffix = transfer.id.mid(3);
    // Stripe embeds the ten most recent reversals, newest first.
    QJsonArray recent;
    for (qsizetype i = transfer.reversals.size() - 1; i >= 0 && i >= transfer.reversals.size() - 10;
         --i)
        recent.append(reversalJson(m_reversals.at(transfer.reversals.at(i))));
    QJsonObject reversals =
        ListQuery::listJson(recent, transfer.reversals.size() > 10,
                            u"/v1/transfers/"_s + transfer.id + u"/reversals"_s);
    reversals.insert(u"total_count"_s, qint64(transfer.reversals.size()));

    QJsonObject json;
    json.insert(u"id"_s, transfer.id);
    json.insert(u"object"_s, u"transfer"_s);
    json.insert(u"amount"_s, transfer.amount);
    json.insert(u"amount_reversed"_s, transfer.amountReversed);
    json.insert(u"balance_transaction"_s, QString(u"txn_"_s + suffix));
    json.insert(u"created"_s, transfer.created);
    json.insert(u"currency"_s, transfer.currency);
    json.insert(u"description"_s, orNull(transfer.description));
    json.insert(u"destination"_s, transfer.destination);
    json.insert(u"destination_payment"_s, QString(u"py_"_s + suffix));
    json.insert(u"livemode"_s, false);
    json.insert(u"metadata"_s, metadata);
    json.insert(u"reversals"_s, reversals);
    json.insert(u"reversed"_s, transfer.amountReversed >= transfer.amount);
    json.insert(u"source_transaction"_s, orNull(transfer.sourceTransaction));
    json.insert(u"source_type"_s, u"card"_s);
    json.insert(u"transfer_group"_s, orNull(transfer.transferGroup));
    return json;
}

QJsonObject FakeStripe::accountJson(const QString &accountId, const Account &account) const
{
    // An account that cannot receive transfers says why, as Stripe's
    // requirements hash does for an onboarding left unfinished.
    QJsonArray due;
    if (!account.transfersActive)
        due.append(u"individual.verification.document"_s);
    if (!account.payoutsEnabled)
        due.append(u"external_account"_s);
    QJsonObject requirements;
    requirements.insert(u"currently_due"_s, due);
    requirements.insert(u"eventually_due"_s, due);
    requirements.insert(u"past_due"_s, due);
    requirements.insert(u"disabled_reason"_s, due.isEmpty()
                                                  ? QJsonValue(QJsonValue::Null)
                                                  : QJsonValue(u"requirements.past_due"_s));

    QJsonObject json;
    json.insert(u"id"_s, accountId);
    json.insert(u"object"_s, u"account"_s);
    json.insert(u"type"_s, u"express"_s);
    json.insert(
        u"capabilities"_s,
        QJsonObject{{u"transfers"_s, account.transfersActive ? u"active"_s : u"inactive"_s}});
    json.insert(u"charges_enabled"_s, account.transfersActive);
    json.insert(u"payouts_enabled"_s, account.payoutsEnabled);
    json.insert(u"details_submitted"_s, true);
    json.insert(u"requirements"_s, requirements);
    json.insert(u"livemode"_s, false);
    return json;
}

FakeStripe::Reply FakeStripe::listTransfers(const FormParams &query) const
{
    const auto invalid = [](const ParamError &e) {
        return error(400, u"invalid_request_error"_s, e.code, e.message, e.param);
    };

    if (const auto name =
            query.unknownName({u"created", u"destination", u"ending_before", u"expand", u"limit",
                               u"starting_after", u"transfer_group"})) {
        return invalid(unknownParameter(*name));
    }
    ListQuery list;
    if (const auto bad = ListQuery::parse(query, m_transferIndex, u"transfer"_s, &list))
        return invalid(*bad);
    const QString destination = query.value(u"destination"_s);
    const QString group = query.value(u"transfer_group"_s);

    QList<qsizetype> matching;
    for (qsizetype i = 0; i < m_transfers.size(); ++i) {
        const Transfer &t = m_transfers.at(i);
        if ((destination.isEmpty() || t.destination == destination) &&
            (group.isEmpty() || t.transferGroup == group) && list.createdMatches(t.created)) {
            matching.append(i);
        }
    }
    const ListQuery::Page page = list.paginate(matching);
    QJsonArray data;
    for (const qsizetype i : page.items)
        data.append(transferJson(m_transfers.at(i)));
    Reply reply;
    reply.json = ListQuery::listJson(data, page.hasMore, u"/v1/transfers"_s);
    return reply;
}
