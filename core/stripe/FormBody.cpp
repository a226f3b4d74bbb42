#include "FormBody.h"

#include <QUrl>

FormBody &FormBody::add(QAnyStringView key, QAnyStringView value)
{
    m_pairs.append({key.toString(), value.toString()});
    return *this;
}

FormBody &FormBody::addBool(QAnyStringView key, bool value)
{
    m_pairs.append({key.toString(), value ? QStringLiteral("true") : QStringLiteral("false")});
    return *this;
}

FormBody &FormBody::addIfNotEmpty(QAnyStringView key, const QString &value)
{
    if (!value.isEmpty())
        add(key, value);
    return *this;
}

FormBody &FormBody::addMetadata(const QMap<QString, QString> &metadata, QAnyStringView name)
{
    const QString prefix = name.toString();
    for (auto it = metadata.cbegin(); it != metadata.cend(); ++it)
        m_pairs.append({prefix + u'[' + it.key() + u']', it.value()});
    return *this;
}

FormBody &FormBody::addArray(QAnyStringView name, const QStringList &values)
{
    const QString key = name.toString() + u"[]";
    for (const QString &value : values)
        m_pairs.append({key, value});
    return *this;
}

QByteArray FormBody::encoded() const
{
    QByteArray out;
    for (const auto &[key, value] : m_pairs) {
        if (!out.isEmpty())
            out += '&';
        out += encodeName(key);
        out += '=';
        out += encodeValue(value);
    }
    return out;
}

QByteArray FormBody::encodeName(const QString &name)
{
    // Brackets stay literal (stripe-node un-escapes them too); a bracket
    // inside a metadata key would be ambiguous either way, and Stripe's
    // metadata keys cannot hold one.
    return QUrl::toPercentEncoding(name, QByteArrayLiteral("[]"));
}

QByteArray FormBody::encodeValue(const QString &value)
{
    return QUrl::toPercentEncoding(value);
}
