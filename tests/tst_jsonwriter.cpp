// The artist API's streaming JSON: what a client parses back is what was
// written, whatever the text holds, and times read as Qt writes them.
#include "http/JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

class TestJsonWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nestedValuesParseBackAsWritten();
    void anyTextParsesBackUnchanged_data();
    void anyTextParsesBackUnchanged();
    void isoUtcIsQtsIsoDate_data();
    void isoUtcIsQtsIsoDate();
    void isoUtcOfRandomInstantsIsQtsIsoDate();
};

void TestJsonWriter::nestedValuesParseBackAsWritten()
{
    JsonWriter json;
    json.beginObject();
    json.key(QLatin1StringView("artist")).value(QStringLiteral("art_1"));
    json.key(QLatin1StringView("none")).null();
    json.key(QLatin1StringView("empty")).textOrNull(QString());
    json.key(QLatin1StringView("big")).value(std::numeric_limits<qint64>::max());
    json.key(QLatin1StringView("small")).value(qint64(-42));
    json.key(QLatin1StringView("yes")).value(true);
    json.key(QLatin1StringView("list")).beginArray();
    json.value(1).beginObject().key(QLatin1StringView("a")).beginArray().endArray().endObject();
    json.beginArray().endArray().value(QStringLiteral("x"));
    json.endArray();
    json.key(QLatin1StringView("when")).time(QDateTime());
    json.endObject();
    const QByteArray bytes = json.take();

    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject o = doc.object();
    QCOMPARE(o.value(u"artist").toString(), QStringLiteral("art_1"));
    QVERIFY(o.value(u"none").isNull());
    QVERIFY(o.value(u"empty").isNull());
    QCOMPARE(o.value(u"big").toInteger(), std::numeric_limits<qint64>::max());
    QCOMPARE(o.value(u"small").toInteger(), -42);
    QCOMPARE(o.value(u"yes").toBool(), true);
    QVERIFY(o.value(u"when").isNull());
    const QJsonArray list = o.value(u"list").toArray();
    QCOMPARE(list.size(), 4);
    QCOMPARE(list.at(0).toInteger(), 1);
    QCOMPARE(list.at(1).toObject().value(u"a").toArray().size(), 0);
    QCOMPARE(list.at(2).toArray().size(), 0);
    QCOMPARE(list.at(3).toString(), QStringLiteral("x"));
    QCOMPARE(o.size(), 8);
    QVERIFY(json.take().isEmpty()); // taken: the writer starts again
}

void TestJsonWriter::anyTextParsesBackUnchanged_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("quotes and backslashes") << QStringLiteral("Say \"hi\" \\ back\\");
    QTest::newRow("control characters") << QString::fromUtf16(u"a\nb\rc\td\be\ff\x01g\x1fh\x7f");
    QTest::newRow("non-ASCII") << QStringLiteral("Ünïcödé — 東京 🎵");
    QTest::newRow("a NUL inside") << QString(QChar(u'a')) + QChar(0) + QChar(u'b');
    QTest::newRow("html-ish") << QStringLiteral("</script><b>&amp;</b>");
    QTest::newRow("empty") << QString(QLatin1StringView(""));
}

void TestJsonWriter::anyTextParsesBackUnchanged()
{
    QFETCH(QString, text);
    JsonWriter json;
    json.beginArray().value(text).endArray();
    const QJsonArray parsed = QJsonDocument::fromJson(json.take()).array();
    QCOMPARE(parsed.size(), 1);
    QCOMPARE(parsed.at(0).toString(), text);
}

void TestJsonWriter::isoUtcIsQtsIsoDate_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::newRow("epoch") << qint64(0);
    QTest::newRow("a millisecond before the epoch") << qint64(-1);
    QTest::newRow("a second before the epoch") << qint64(-1000);
    QTest::newRow("leap day 2024")
        << QDateTime(QDate(2024, 2, 29), QTime(23, 59, 59, 999), Qt::UTC).toMSecsSinceEpoch();
    QTest::newRow("2000-03-01")
        << QDateTime(QDate(2000, 3, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    QTest::newRow("1900-02-28 (no leap day)")
        << QDateTime(QDate(1900, 2, 28), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
    QTest::newRow("year 1") << QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    QTest::newRow("9999-12-31")
        << QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59), Qt::UTC).toMSecsSinceEpoch();
}

void TestJsonWriter::isoUtcIsQtsIsoDate()
{
    QFETCH(qint64, ms);
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    QCOMPARE(isoUtc(t), t.toString(Qt::ISODate));
    // A time given in another zone is written in UTC.
    const QDateTime there = t.toOffsetFromUtc(5 * 3600 + 1800);
    QCOMPARE(isoUtc(there), t.toString(Qt::ISODate));
}

void TestJsonWriter::isoUtcOfRandomInstantsIsQtsIsoDate()
{
    QRandomGenerator rng(20261205);
    const qint64 span = 400LL * 366 * 86'400'000; // 1770 to 2170
    for (int i = 0; i < 20'000; ++i) {
        const qint64 ms = rng.bounded(2 * span) - span;
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        QCOMPARE(isoUtc(t), t.toString(Qt::ISODate));
    }
    QCOMPARE(isoUtc(QDateTime()), QString());
}

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_jsonwriter.moc"
