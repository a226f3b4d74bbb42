#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QLatin1StringView>
#include <QStringView>
#include <QVarLengthArray>

// Compact JSON written straight into bytes as it goes, for answers of many
// values on a server's thread (the artist API's pages of entries), where
// building a QJsonObject of every entry and then serializing it costs more
// than reading the entries. Members keep the order they are written in.
// Strings are escaped as RFC 8259 asks; what QJsonDocument parses back is
// what was written (tst_jsonwriter).
class JsonWriter
{
public:
    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    // The next member's name, in an object. Names are ASCII literals.
    JsonWriter &key(QLatin1StringView name);

    JsonWriter &value(qint64 number);
    JsonWriter &value(int number) { return value(qint64(number)); }
    JsonWriter &value(bool flag);
    JsonWriter &value(QStringView text);
    JsonWriter &value(const QString &text) { return value(QStringView(text)); }
    JsonWriter &null();
    // Text, or null for an empty one (the API's "absent").
    JsonWriter &textOrNull(QStringView text) { return text.isEmpty() ? null() : value(text); }
    // An instant as the API writes it (isoUtc), or null for an invalid one.
    JsonWriter &time(const QDateTime &t);

    // The document; the writer is empty afterwards.
    QByteArray take();

private:
    void separate();
    void open(char bracket);
    void close(char bracket);

    QByteArray m_out;
    // Per open container: whether a value was written in it yet.
    QVarLengthArray<bool, 8> m_started;
    bool m_afterKey = false;
};

// `t` in UTC as ISO 8601 to the second ("2026-12-05T19:23:19Z"): the same
// text as t.toUTC().toString(Qt::ISODate), without its time zone machinery.
QString isoUtc(const QDateTime &t);
