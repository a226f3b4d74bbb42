#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

// Builders for Stripe event bodies in the EVENTS.md format, shared by the
// tests and the benchmarks. Each returns the exact bytes a sender would post.
namespace Events {

QJsonObject item(const QString &artist, qint64 amount, const QString &track = {},
                 const QString &kind = {}, const QString &account = {});

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
QByteArray refund(const QString &eventId, const QString &paymentIntent, bool full = true);
QByteArray other(const QString &eventId, const QString &type);
QByteArray toBytes(const QJsonObject &o);

} // namespace Events

#include "intake/Intake.h"
#include "ledger/LedgerTypes.h"

#include <QTest>

// Readable QCOMPARE failures for the engine's enums.
namespace QTest {
template<> inline char *toString(const EntryState &s)
{
    return qstrdup(qPrintable(stateName(s)));
}
template<> inline char *toString(const EntryKind &k)
{
    return qstrdup(qPrintable(kindName(k)));
}
template<> inline char *toString(const IntakeOutcome::Kind &k)
{
    return qstrdup(qPrintable(outcomeName(k)));
}
template<> inline char *toString(const Money &m)
{
    return qstrdup(qPrintable(m.toDecimalString() + u' ' + m.currency));
}
} // namespace QTest
