// The events list: events posted to the fake and those it writes itself for
// what happens to it, as Stripe does (transfer.created, transfer.reversed,
// account.updated), GET /v1/events, and their delivery to webhook endpoints.
#include "FakeStripe.h"

#include "EventDelivery.h"
#include "FormParams.h"
#include "ListQuery.h"
#include "stripe/StripeApi.h"
#include "util/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Stripe's event type filter: '*' matches any run of characters.
bool typeMatches(const QString &pattern, const QString &type)
{
    if (!pattern.contains(u'*'))
        return pattern == type;
    const QStringList parts = pattern.split(u'*');
    if (!type.startsWith(parts.first()))
        return false;
    qsizetype pos = parts.first().size();
    for (qsizetype i = 1; i + 1 < parts.size(); ++i) {
        pos = type.indexOf(parts.at(i), pos);
        if (pos < 0)
            return false;
        pos += parts.at(i).size();
    }
    return type.size() - pos >= parts.last().size() && type.endsWith(parts.last());
}

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

QString FakeStripe::addEvent(const QByteArray &eventJson)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(eventJson, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return {};
    return storeEvent(doc.object());
}

QString FakeStripe::storeEvent(QJsonObject event)
{
    QString id = event.value(u"id").toString();
    if (id.isEmpty()) {
        id = newId(u"evt_"_s);
        event.insert(u"id"_s, id);
    }
    if (m_eventIndex.contains(id))
        return id; // Stripe never has two events with one id; keep the first
    if (!event.contains(u"object"))
        event.insert(u"object"_s, u"event"_s);
    if (!event.value(u"created").isDouble())
        event.insert(u"created"_s, now());
    m_eventIndex.insert(id, m_events.size());
    m_events.append(event);
    Q_EMIT eventAdded(event);
    if (m_delivery)
        m_delivery->deliver(QJsonDocument(event).toJson(QJsonDocument::Compact));
    return id;
}

void FakeStripe::writeEvent(const QString &type, const QJsonObject &object,
                            const QJsonObject &previousAttributes, const QString &account)
{
    QJsonObject data{{u"object"_s, object}};
    if (!previousAttributes.isEmpty())
        data.insert(u"previous_attributes"_s, previousAttributes);
    // A change made through the control API has no API request behind it,
    // like a change a person makes in Stripe's dashboard.
    const QJsonObject request{{u"id"_s, orNull(m_request.id)},
                              {u"idempotency_key"_s, orNull(m_request.idempotencyKey)}};
    QJsonObject event;
    event.insert(u"id"_s, newId(u"evt_"_s));
    event.insert(u"object"_s, u"event"_s);
    if (!account.isEmpty())
        event.insert(u"account"_s, account); // a Connect event names its account
    event.insert(u"api_version"_s, QString::fromLatin1(kStripeApiVersion));
    event.insert(u"created"_s, now());
    event.insert(u"data"_s, data);
    event.insert(u"livemode"_s, false);
    event.insert(u"pending_webhooks"_s,
                 m_delivery ? qint64(m_delivery->endpoints().size()) : qint64(0));
    event.insert(u"request"_s, request);
    event.insert(u"type"_s, type);
    storeEvent(event);
}

void FakeStripe::accountChanged(const QString &accountId, const QJsonObject &previousAttributes)
{
    writeEvent(u"account.updated"_s, accountJson(accountId, m_accounts.value(accountId)),
               previousAttributes, accountId);
}

void FakeStripe::addWebhookEndpoint(const QUrl &url, const QByteArray &signingSecret)
{
    if (!m_delivery)
        m_delivery = new EventDelivery(SystemClock::instance(), this);
    m_delivery->addEndpoint(url, signingSecret);
}

bool FakeStripe::resendEvent(const QString &eventId)
{
    const auto it = m_eventIndex.constFind(eventId);
    if (it == m_eventIndex.constEnd() || !m_delivery || m_delivery->endpoints().isEmpty())
        return false;
    m_delivery->deliver(QJsonDocument(m_events.at(*it)).toJson(QJsonDocument::Compact));
    return true;
}

QJsonObject FakeStripe::renderEvent(const QJsonObject &event) const
{
    // pending_webhooks counts the endpoints still without a 2xx for it.
    if (!m_delivery)
        return event;
    QJsonObject rendered = event;
    rendered.insert(u"pending_webhooks"_s,
                    m_delivery->pendingWebhooks(event.value(u"id").toString()));
    return rendered;
}

FakeStripe::Reply FakeStripe::listEvents(const FormParams &query) const
{
    const auto invalid = [](const ParamError &e) {
        return error(400, u"invalid_request_error"_s, e.code, e.message, e.param);
    };

    if (const auto name =
            query.unknownName({u"created", u"delivery_success", u"ending_before", u"expand",
                               u"limit", u"starting_after", u"type", u"types"})) {
        return invalid({u"parameter_unknown"_s, u"Received unknown parameter: "_s + *name, *name});
    }
    const QString type = query.value(u"type"_s);
    const QStringList types = query.list(u"types"_s);
    if (!type.isEmpty() && !types.isEmpty())
        return invalid({{}, u"You may pass either `type` or `types`, but not both."_s, u"types"_s});
    if (types.size() > 20)
        return invalid({{}, u"You may pass at most 20 event types in `types`."_s, u"types"_s});
    std::optional<bool> deliverySuccess;
    if (query.contains(u"delivery_success"_s)) {
        const QString flag = query.value(u"delivery_success"_s);
        if (flag != u"true" && flag != u"false")
            return invalid({{}, u"Invalid boolean: "_s + flag, u"delivery_success"_s});
        deliverySuccess = flag == u"true";
    }
    ListQuery list;
    if (const auto bad = ListQuery::parse(query, m_eventIndex, u"event"_s, &list))
        return invalid(*bad);

    // delivery_success=true: every endpoint took the event (none pending);
    // false: some endpoint has not, still retrying or given up.
    QList<qsizetype> matching;
    for (qsizetype i = 0; i < m_events.size(); ++i) {
        const QJsonObject &event = m_events.at(i);
        const QString eventType = event.value(u"type").toString();
        const bool typeOk = types.isEmpty()
                                ? (type.isEmpty() || typeMatches(type, eventType))
                                : std::any_of(types.cbegin(), types.cend(), [&](const QString &t) {
                                      return typeMatches(t, eventType);
                                  });
        const bool delivered =
            !m_delivery || m_delivery->pendingWebhooks(event.value(u"id").toString()) == 0;
        if (typeOk && (!deliverySuccess || *deliverySuccess == delivered) &&
            list.createdMatches(event.value(u"created").toInteger()))
            matching.append(i);
    }
    const ListQuery::Page page = list.paginate(matching);
    QJsonArray data;
    for (const qsizetype i : page.items)
        data.append(renderEvent(m_events.at(i)));
    Reply reply;
    reply.json = ListQuery::listJson(data, page.hasMore, u"/v1/events"_s);
    return reply;
}
