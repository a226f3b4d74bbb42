#pragma once

#include <QAnyStringView>
#include <QByteArray>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>

#include <type_traits>

// Builds the application/x-www-form-urlencoded bodies (and GET query strings)
// Stripe's v1 API reads, with its bracket nesting: `metadata[entry_ids]=1,2`,
// `created[gte]=1700000000`, `expand[]=latest_charge`. Parameters come out in
// the order they were added (metadata sorted by key), so the same request
// always encodes to the same bytes: an idempotent retry must not differ from
// the first attempt by a single byte, or Stripe answers idempotency_error.
class FormBody final
{
public:
    // Scalars. Add each name once: a repeated name is sent twice, and which
    // one Stripe reads is not something to rely on.
    FormBody &add(QAnyStringView key, QAnyStringView value);
    // Integers of any width (amounts are qint64 minor units).
    template<typename T>
    requires std::is_integral_v<T> &&
        (!std::is_same_v<T, bool>)FormBody &add(QAnyStringView key, T value)
    {
        return add(key, QString::number(value));
    }
    FormBody &add(QAnyStringView key, bool value) = delete; // use addBool: Stripe wants "true"
    FormBody &addBool(QAnyStringView key, bool value);
    // Skips empty values: Stripe reads an empty optional parameter as
    // "unset", which is rarely what a caller who had nothing to say meant.
    FormBody &addIfNotEmpty(QAnyStringView key, const QString &value);
    // `name[key]=value` for each entry, sorted by key (QMap order).
    FormBody &addMetadata(const QMap<QString, QString> &metadata,
                          QAnyStringView name = u"metadata");
    // `name[]=value` for each value, in order.
    FormBody &addArray(QAnyStringView name, const QStringList &values);

    bool isEmpty() const { return m_pairs.isEmpty(); }
    const QList<QPair<QString, QString>> &pairs() const { return m_pairs; }
    // The encoded form: UTF-8, every byte outside A-Z a-z 0-9 - . _ ~
    // percent-encoded (space as %20), brackets in names kept literal as
    // Stripe's own libraries send them.
    QByteArray encoded() const;

    static QByteArray encodeName(const QString &name);
    static QByteArray encodeValue(const QString &value);

private:
    QList<QPair<QString, QString>> m_pairs;
};
