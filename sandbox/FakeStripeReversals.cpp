// Transfer reversals: POST and GET /v1/transfers/{id}/reversals and GET
// /v1/transfers/{id}/reversals/{trr}. A reversal moves money back from the
// connected account's balance to the platform's; like Stripe for a
// transfer_group transfer, the fake refuses one that balance cannot cover,
// and it refuses to reverse more than is left of the transfer.
#include "FakeStripe.h"

#include "FormParams.h"
#include "ListQuery.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

std::optional<FakeStripe::Reply> FakeStripe::validateReversal(const FormParams &params) const
{
    const auto invalid = [](const QString &code, const QString &message, const QString &param) {
        return error(400, u"invalid_request_error"_s, code, message, param);
    };
    if (const auto name = params.unknownName(
            {u"amount", u"description", u"expand", u"metadata", u"refund_application_fee"})) {
        return invalid(u"parameter_unknown"_s, u"Received unknown parameter: "_s + *name, *name);
    }
    if (params.contains(u"amount"_s)) {
        const QString text = params.value(u"amount"_s);
        const auto amount = FormParams::parseInteger(text);
        if (!amount)
            return invalid(u"parameter_invalid_integer"_s, u"Invalid integer: "_s + text,
                           u"amount"_s);
        if (*amount < 1)
            return invalid(u"parameter_invalid_integer"_s,
                           u"This value must be greater than or equal to 1."_s, u"amount"_s);
    }
    if (params.contains(u"refund_application_fee"_s)) {
        const QString flag = params.value(u"refund_application_fee"_s);
        if (flag != u"true" && flag != u"false")
            return invalid({}, u"Invalid boolean: "_s + flag, u"refund_application_fee"_s);
    }
    return validateMetadata(params);
}

FakeStripe::Reply FakeStripe::createReversal(const QString &transferId, const FormParams &params,
                                             const QString &idempotencyKey)
{
    const QString invalidRequest = u"invalid_request_error"_s;
    const auto found = m_transferIndex.constFind(transferId);
    if (found == m_transferIndex.constEnd()) {
        return error(404, invalidRequest, u"resource_missing"_s,
                     u"No such transfer: '"_s + transferId + u"'"_s, u"id"_s);
    }
    Transfer &transfer = m_transfers[*found];
    const qint64 remaining = transfer.amount - transfer.amountReversed;
    if (remaining <= 0) {
        return error(400, invalidRequest, {},
                     u"Transfer "_s + transferId + u" has already been fully reversed."_s);
    }
    // No amount: everything not yet reversed.
    const qint64 amount =
        params.contains(u"amount"_s) ? params.value(u"amount"_s).toLongLong() : remaining;
    if (amount > remaining) {
        return error(400, invalidRequest, {},
                     u"Amount requested to reverse ("_s + QString::number(amount) +
                         u") is greater than the amount remaining on transfer "_s + transferId +
                         u" ("_s + QString::number(remaining) + u")."_s,
                     u"amount"_s);
    }
    Account &account = m_accounts[transfer.destination];
    const qint64 held = account.balance.value(transfer.currency, 0);
    if (amount > held) {
        return error(400, invalidRequest, u"balance_insufficient"_s,
                     u"The destination account "_s + transfer.destination +
                         u" does not have enough available balance ("_s + QString::number(held) +
                         u" "_s + transfer.currency + u") to cover this reversal of "_s +
                         QString::number(amount) + u"."_s);
    }

    const QJsonObject before = transferJson(transfer);
    account.balance.insert(transfer.currency, held - amount);
    m_available[transfer.currency] += amount;

    Reversal reversal;
    reversal.id = newId(u"trr_"_s);
    reversal.transfer = transferId;
    reversal.amount = amount;
    reversal.currency = transfer.currency;
    reversal.description = params.value(u"description"_s);
    reversal.metadata = metadataOf(params);
    reversal.created = now();
    reversal.idempotencyKey = idempotencyKey;
    m_reversalIndex.insert(reversal.id, m_reversals.size());
    transfer.reversals.append(m_reversals.size());
    m_reversals.append(reversal);
    transfer.amountReversed += amount;

    // Stripe sends transfer.reversed for partial reversals too; the
    // transfer's `reversed` turns true only once nothing is left.
    const QJsonObject after = transferJson(transfer);
    QJsonObject previous{{u"amount_reversed"_s, before.value(u"amount_reversed")}};
    if (after.value(u"reversed") != before.value(u"reversed"))
        previous.insert(u"reversed"_s, before.value(u"reversed"));
    writeEvent(u"transfer.reversed"_s, after, previous);

    Reply reply;
    reply.json = reversalJson(reversal);
    Q_EMIT transferReversed(reversal);
    return reply;
}

FakeStripe::Reply FakeStripe::listReversals(const QString &transferId,
                                            const FormParams &query) const
{
    const auto invalid = [](const ParamError &e) {
        return error(400, u"invalid_request_error"_s, e.code, e.message, e.param);
    };
    const auto found = m_transferIndex.constFind(transferId);
    if (found == m_transferIndex.constEnd()) {
        return error(404, u"invalid_request_error"_s, u"resource_missing"_s,
                     u"No such transfer: '"_s + transferId + u"'"_s, u"id"_s);
    }
    if (const auto name =
            query.unknownName({u"ending_before", u"expand", u"limit", u"starting_after"})) {
        return invalid({u"parameter_unknown"_s, u"Received unknown parameter: "_s + *name, *name});
    }
    ListQuery list;
    if (const auto bad = ListQuery::parse(query, m_reversalIndex, u"transfer_reversal"_s, &list))
        return invalid(*bad);
    const ListQuery::Page page = list.paginate(m_transfers.at(*found).reversals);
    QJsonArray data;
    for (const qsizetype i : page.items)
        data.append(reversalJson(m_reversals.at(i)));
    Reply reply;
    reply.json =
        ListQuery::listJson(data, page.hasMore, u"/v1/transfers/"_s + transferId + u"/reversals"_s);
    return reply;
}

FakeStripe::Reply FakeStripe::reversal(const QString &transferId, const QString &reversalId) const
{
    const auto found = m_reversalIndex.constFind(reversalId);
    if (found == m_reversalIndex.constEnd() || m_reversals.at(*found).transfer != transferId) {
        return error(404, u"invalid_request_error"_s, u"resource_missing"_s,
                     u"No such transfer_reversal: '"_s + reversalId + u"'"_s, u"id"_s);
    }
    Reply reply;
    reply.json = reversalJson(m_reversals.at(*found));
    return reply;
}

QJsonObject FakeStripe::reversalJson(const Reversal &reversal) const
{
    QJsonObject metadata;
    for (auto it = reversal.metadata.cbegin(); it != reversal.metadata.cend(); ++it)
        metadata.insert(it.key(), it.value());
    const QString suffix = reversal.id.mid(4);
    QJsonObject json;
    json.insert(u"id"_s, reversal.id);
    json.insert(u"object"_s, u"transfer_reversal"_s);
    json.insert(u"amount"_s, reversal.amount);
    json.insert(u"balance_transaction"_s, QString(u"txn_"_s + suffix));
    json.insert(u"created"_s, reversal.created);
    json.insert(u"currency"_s, reversal.currency);
    json.insert(u"destination_payment_refund"_s, QString(u"pyr_"_s + suffix));
    json.insert(u"metadata"_s, metadata);
    json.insert(u"source_refund"_s, QJsonValue(QJsonValue::Null));
    json.insert(u"transfer"_s, reversal.transfer);
    return json;
}
