#include "FormParams.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

FormParams FormParams::parse(const QByteArray &encoded)
{
    FormParams params;
    const QList<QByteArray> parts = encoded.split('&');
    for (const QByteArray &part : parts) {
        if (part.isEmpty())
            continue;
        const qsizetype eq = part.indexOf('=');
        const QByteArray rawKey = eq < 0 ? part : part.left(eq);
        const QByteArray rawValue = eq < 0 ? QByteArray() : part.mid(eq + 1);
        const QString key = decodeComponent(rawKey);
        if (key.isEmpty())
            continue;
        params.m_pairs.append({key, decodeComponent(rawValue)});
    }
    return params;
}

QString FormParams::decodeComponent(QByteArray part)
{
    // '+' must become a space before percent-decoding, so that an encoded
    // plus (%2B) survives as a literal '+'.
    part.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(part));
}

QString FormParams::baseName(const QString &key)
{
    const qsizetype bracket = key.indexOf(u'[');
    return bracket < 0 ? key : key.left(bracket);
}

bool FormParams::contains(const QString &key) const
{
    return std::any_of(m_pairs.cbegin(), m_pairs.cend(),
                       [&key](const auto &pair) { return pair.first == key; });
}

QString FormParams::value(const QString &key) const
{
    for (auto it = m_pairs.crbegin(); it != m_pairs.crend(); ++it) {
        if (it->first == key)
            return it->second;
    }
    return {};
}

QStringList FormParams::list(const QString &name) const
{
    QStringList values;
    const QString prefix = name + u'[';
    for (const auto &[key, value] : m_pairs) {
        if (!key.startsWith(prefix) || !key.endsWith(u']'))
            continue;
        const QString index = key.mid(prefix.size(), key.size() - prefix.size() - 1);
        const bool indexed =
            std::all_of(index.cbegin(), index.cend(), [](QChar c) { return c.isDigit(); });
        if (indexed)
            values.append(value);
    }
    return values;
}

QMap<QString, QString> FormParams::hash(const QString &name) const
{
    QMap<QString, QString> map;
    const QString prefix = name + u'[';
    for (const auto &[key, value] : m_pairs) {
        if (!key.startsWith(prefix) || !key.endsWith(u']'))
            continue;
        const QString sub = key.mid(prefix.size(), key.size() - prefix.size() - 1);
        if (!sub.isEmpty() && !sub.contains(u'[') && !sub.contains(u']'))
            map.insert(sub, value);
    }
    return map;
}

bool FormParams::badNesting(const QString &name) const
{
    const QString prefix = name + u'[';
    for (const auto &pair : m_pairs) {
        const QString &key = pair.first;
        if (!key.startsWith(prefix))
            continue;
        const QString rest = key.mid(prefix.size());
        // Exactly one closing bracket, at the very end.
        if (rest.count(u']') != 1 || !rest.endsWith(u']') || rest.contains(u'['))
            return true;
    }
    return false;
}

QStringList FormParams::baseNames() const
{
    QStringList names;
    QSet<QString> seen;
    for (const auto &pair : m_pairs) {
        const QString base = baseName(pair.first);
        if (!seen.contains(base)) {
            seen.insert(base);
            names.append(base);
        }
    }
    return names;
}

std::optional<QString> FormParams::unknownName(std::initializer_list<QStringView> allowed) const
{
    for (const QString &name : baseNames()) {
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
            return name;
    }
    return std::nullopt;
}

std::optional<qint64> FormParams::parseInteger(const QString &text)
{
    static const QRegularExpression digits(QStringLiteral("^-?[0-9]{1,19}$"));
    if (!digits.match(text).hasMatch())
        return std::nullopt;
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

QByteArray FormParams::fingerprint() const
{
    // Sort by key but keep the order of repeated keys (array elements), which
    // is meaningful, by using a stable sort.
    QList<QPair<QString, QString>> sorted = m_pairs;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    QByteArray out;
    for (const auto &[key, value] : sorted) {
        out += key.toUtf8().toPercentEncoding();
        out += '=';
        out += value.toUtf8().toPercentEncoding();
        out += '&';
    }
    return out;
}
