#include "StripeEvents.h"

#include <QJsonDocument>
#include <QRandomGenerator>

namespace Events {

QJsonObject item(const QString &artist, qint64 amount, const QString &track, const QString &kind,
                 const QString &account, const QString &title)
{
    QJsonObject o{{QStringLiteral("artist"), artist}, {QStringLiteral("amount"), amount}};
    if (!track.isEmpty())
        o.insert(QStringLiteral("track"), track);
    if (!kind.isEmpty())
        o.insert(QStringLiteral("kind"), kind);
    if (!account.isEmpty())
        o.insert(QStringLiteral("account"), account);
    if (!title.isEmpty())
        o.insert(QStringLiteral("title"), title);
    return o;
}

QString newId(const QString &prefix)
{
    static constexpr char kAlphabet[] =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QString id = prefix + u'_';
    for (int i = 0; i < 24; ++i)
        id += QLatin1Char(kAlphabet[QRandomGenerator::global()->bounded(62)]);
    return id;
}

QByteArray toBytes(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject cartObject(const Cart &c)
{
    qint64 total = c.amountTotal;
    if (total < 0) {
        total = 0;
        for (const QJsonValue &v : c.items)
            total += v.toObject().value(QStringLiteral("amount")).toInteger();
    }
    QJsonObject metadata{{QStringLiteral("purchase_type"), c.purchaseType}};
    const QString items = QString::fromUtf8(QJsonDocument(c.items).toJson(QJsonDocument::Compact));
    if (c.splitAt > 0) {
        for (qsizetype i = 0, part = 1; i < items.size(); i += c.splitAt, ++part) {
            const QString key = part == 1 ? QStringLiteral("cart_items")
                                          : QStringLiteral("cart_items_%1").arg(part);
            metadata.insert(key, items.mid(i, c.splitAt));
        }
    } else if (c.purchaseType == u"cart") {
        metadata.insert(QStringLiteral("cart_items"), items);
    }
    QJsonObject session{
        {QStringLiteral("id"), c.session},
        {QStringLiteral("object"), QStringLiteral("checkout.session")},
        {QStringLiteral("payment_status"), c.paymentStatus},
        {QStringLiteral("currency"), c.currency},
        {QStringLiteral("amount_total"), total},
        {QStringLiteral("created"), c.created},
        {QStringLiteral("livemode"), false},
        {QStringLiteral("mode"), QStringLiteral("payment")},
        {QStringLiteral("metadata"), metadata},
    };
    if (!c.paymentIntent.isEmpty())
        session.insert(QStringLiteral("payment_intent"), c.paymentIntent);
    return QJsonObject{
        {QStringLiteral("id"), c.eventId},
        {QStringLiteral("object"), QStringLiteral("event")},
        {QStringLiteral("type"), c.type},
        {QStringLiteral("created"), c.created},
        {QStringLiteral("livemode"), false},
        {QStringLiteral("data"), QJsonObject{{QStringLiteral("object"), session}}},
    };
}

QByteArray cart(const Cart &c)
{
    return toBytes(cartObject(c));
}

QByteArray refund(const QString &eventId, const QString &paymentIntent, bool full, qint64 created)
{
    const QJsonObject charge{
        {QStringLiteral("id"), QString(QStringLiteral("ch_") + paymentIntent.mid(3))},
        {QStringLiteral("object"), QStringLiteral("charge")},
        {QStringLiteral("amount"), 1000},
        {QStringLiteral("amount_refunded"), full ? 1000 : 400},
        {QStringLiteral("refunded"), full},
        {QStringLiteral("payment_intent"), paymentIntent},
    };
    return toBytes({{QStringLiteral("id"), eventId},
                    {QStringLiteral("object"), QStringLiteral("event")},
                    {QStringLiteral("type"), QStringLiteral("charge.refunded")},
                    {QStringLiteral("created"), created},
                    {QStringLiteral("livemode"), false},
                    {QStringLiteral("data"), QJsonObject{{QStringLiteral("object"), charge}}}});
}

QByteArray accountUpdated(const QString &eventId, const QString &accountId, bool transfersActive,
                          qint64 created)
{
    const QString capability =
        transfersActive ? QStringLiteral("active") : QStringLiteral("inactive");
    const QJsonObject account{
        {QStringLiteral("id"), accountId},
        {QStringLiteral("object"), QStringLiteral("account")},
        {QStringLiteral("charges_enabled"), transfersActive},
        {QStringLiteral("payouts_enabled"), transfersActive},
        {QStringLiteral("capabilities"), QJsonObject{{QStringLiteral("transfers"), capability}}},
        {QStringLiteral("requirements"),
         QJsonObject{{QStringLiteral("currently_due"), QJsonArray()},
                     {QStringLiteral("disabled_reason"),
                      transfersActive ? QJsonValue()
                                      : QJsonValue(QStringLiteral("requirements.past_due"))}}},
    };
    return toBytes({{QStringLiteral("id"), eventId},
                    {QStringLiteral("object"), QStringLiteral("event")},
                    {QStringLiteral("type"), QStringLiteral("account.updated")},
                    {QStringLiteral("created"), created},
                    {QStringLiteral("livemode"), false},
                    {QStringLiteral("account"), accountId},
                    {QStringLiteral("data"), QJsonObject{{QStringLiteral("object"), account}}}});
}

QByteArray other(const QString &eventId, const QString &type)
{
    return toBytes({{QStringLiteral("id"), eventId},
                    {QStringLiteral("object"), QStringLiteral("event")},
                    {QStringLiteral("type"), type},
                    {QStringLiteral("created"), 1767225600},
                    {QStringLiteral("data"),
                     QJsonObject{{QStringLiteral("object"),
                                  QJsonObject{{QStringLiteral("id"), QStringLiteral("x_1")}}}}}});
}

} // namespace Events
