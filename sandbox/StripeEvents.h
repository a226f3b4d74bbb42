#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

// Builders for Stripe event bodies in the EVENTS.md format, shared by the
// simulated storefront, `payoutdesk trigger`, the tests and the benchmarks.
// Each returns the exact bytes a sender would post.
namespace Events {

QJsonObject item(const QString &artist, qint64 amount, const QString &track = {},
                 const QString &kind = {}, const QString &account = {}, const QString &title = {});

// A fresh id with Stripe's prefix and 24 random letters and digits, e.g.
// newId("evt") -> "evt_1Qh3...".
QString newId(const QString &prefix);

struct Cart
{
    QString eventId = QStringLiteral("evt_1");
    QString type = QStringLiteral("checkout.session.completed");
    QString session = QStringLiteral("cs_test_1");
    QString paymentIntent = QStringLiteral("pi_1");
    QString paymentStatus = QStringLiteral("paid");
    QString currency = QStringLiteral("gbp");
    QString purchaseType = QStringLiteral("cart");
    qint64 amountTotal = -1; // -1: the sum of the items
    QJsonArray items;
    int splitAt = 0; // > 0: cart_items split into parts of this many characters
    qint64 created = 1767225600;
};

QJsonObject cartObject(const Cart &cart);
QByteArray cart(const Cart &cart);
// charge.refunded for the payment intent's charge (amount 1000, refunded in
// full or 400 of it).
QByteArray refund(const QString &eventId, const QString &paymentIntent, bool full = true,
                  qint64 created = 1767225700);
// account.updated for a connected account (STRIPE.md, "Connected accounts"):
// capabilities.transfers "active" or "inactive".
QByteArray accountUpdated(const QString &eventId, const QString &accountId, bool transfersActive,
                          qint64 created = 1767225700);
QByteArray other(const QString &eventId, const QString &type);
QByteArray toBytes(const QJsonObject &o);

} // namespace Events
