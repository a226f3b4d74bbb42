// FormBody: the x-www-form-urlencoded bodies and query strings sent to Stripe.
#include "stripe/FormBody.h"

#include <QTest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

class TestStripeFormBody final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodesOnePair_data();
    void encodesOnePair();
    void integersAreExact();
    void booleansAreWords();
    void metadataIsNestedAndSorted();
    void arraysKeepTheirOrder();
    void orderIsStableAndRepeatable();
    void emptyOptionalsAreSkipped();
    void decodesBackToTheSamePairs();
};

void TestStripeFormBody::encodesOnePair_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("plain") << u"amount"_s << u"560"_s << "amount=560"_ba;
    QTest::newRow("nested hash") << u"metadata[entry_ids]"_s << u"1,2"_s
                                 << "metadata[entry_ids]=1%2C2"_ba;
    QTest::newRow("range filter") << u"created[gte]"_s << u"1700000000"_s
                                  << "created[gte]=1700000000"_ba;
    QTest::newRow("array") << u"expand[]"_s << u"latest_charge"_s << "expand[]=latest_charge"_ba;
    QTest::newRow("space") << u"description"_s << u"Payout for May"_s
                           << "description=Payout%20for%20May"_ba;
    QTest::newRow("reserved characters") << u"description"_s << u"a&b=c+d%e#f?g/h;i"_s
                                         << "description=a%26b%3Dc%2Bd%25e%23f%3Fg%2Fh%3Bi"_ba;
    QTest::newRow("brackets in a value")
        << u"description"_s << u"[x]"_s << "description=%5Bx%5D"_ba;
    QTest::newRow("unreserved kept") << u"k"_s << u"AZaz09-._~"_s << "k=AZaz09-._~"_ba;
    QTest::newRow("utf-8") << u"description"_s << u"Caf\u00e9 \U0001F3B5"_s
                           << "description=Caf%C3%A9%20%F0%9F%8E%B5"_ba;
    QTest::newRow("utf-8 key") << u"metadata[k\u00fcnstler]"_s << u"x"_s
                               << "metadata[k%C3%BCnstler]=x"_ba;
    QTest::newRow("newline") << u"description"_s << u"a\nb"_s << "description=a%0Ab"_ba;
    QTest::newRow("empty value") << u"metadata[old]"_s << QString() << "metadata[old]="_ba;
    QTest::newRow("ampersand in key") << u"metadata[a&b]"_s << u"1"_s << "metadata[a%26b]=1"_ba;
}

void TestStripeFormBody::encodesOnePair()
{
    QFETCH(QString, key);
    QFETCH(QString, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(FormBody().add(key, value).encoded(), expected);
}

void TestStripeFormBody::integersAreExact()
{
    // 2^53 + 1 has no exact double: money must never pass through one.
    FormBody body;
    body.add("amount", qint64(9'007'199'254'740'993)).add("delta", -5).add("limit", 100);
    QCOMPARE(body.encoded(), "amount=9007199254740993&delta=-5&limit=100"_ba);
}

void TestStripeFormBody::booleansAreWords()
{
    FormBody body;
    body.addBool("a", true).addBool("b", false);
    QCOMPARE(body.encoded(), "a=true&b=false"_ba);
}

void TestStripeFormBody::metadataIsNestedAndSorted()
{
    const QMap<QString, QString> metadata{{u"run_id"_s, u"r 7"_s}, {u"entry_ids"_s, u"e1,e2"_s}};
    FormBody body;
    body.add("amount", 560).addMetadata(metadata);
    QCOMPARE(body.encoded(), "amount=560&metadata[entry_ids]=e1%2Ce2&metadata[run_id]=r%207"_ba);
    QCOMPARE(FormBody().addMetadata({{u"a"_s, u"1"_s}}, u"extra").encoded(), "extra[a]=1"_ba);
}

void TestStripeFormBody::arraysKeepTheirOrder()
{
    FormBody body;
    body.addArray("types", {u"payment_intent.succeeded"_s, u"checkout.session.completed"_s});
    QCOMPARE(body.encoded(),
             "types[]=payment_intent.succeeded&types[]=checkout.session.completed"_ba);
    QVERIFY(FormBody().addArray("expand", {}).isEmpty());
}

void TestStripeFormBody::orderIsStableAndRepeatable()
{
    // An idempotent retry must send the same bytes: insertion order, twice.
    auto build = [] {
        FormBody body;
        body.add("zeta", u"1"_s)
            .add("alpha", u"2"_s)
            .addMetadata({{u"b"_s, u"x"_s}, {u"a"_s, u"y"_s}});
        return body.encoded();
    };
    QCOMPARE(build(), "zeta=1&alpha=2&metadata[a]=y&metadata[b]=x"_ba);
    QCOMPARE(build(), build());
}

void TestStripeFormBody::emptyOptionalsAreSkipped()
{
    FormBody body;
    body.addIfNotEmpty(u"transfer_group"_s, QString()).addIfNotEmpty(u"description"_s, u"d"_s);
    QCOMPARE(body.encoded(), "description=d"_ba);
    QVERIFY(FormBody().encoded().isEmpty());
}

void TestStripeFormBody::decodesBackToTheSamePairs()
{
    // Whatever goes in comes out of a standard decoder unchanged, so Stripe
    // reads exactly what the engine meant (a '+' stays a plus sign).
    FormBody body;
    body.add("description", u"1 + 1 = 2 & caf\u00e9 100%"_s)
        .add("metadata[note]", u"line1\r\nline2\ttab"_s)
        .add("metadata[\u00e9]", u"\u65e5\u672c"_s);
    const QUrlQuery decoded(QString::fromLatin1(body.encoded()));
    const auto items = decoded.queryItems(QUrl::FullyDecoded);
    QCOMPARE(items.size(), body.pairs().size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        QCOMPARE(items.at(i).first, body.pairs().at(i).first);
        QCOMPARE(items.at(i).second, body.pairs().at(i).second);
    }
}

QTEST_GUILESS_MAIN(TestStripeFormBody)
#include "tst_stripeformbody.moc"
