#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <initializer_list>
#include <optional>

// Decodes application/x-www-form-urlencoded bodies and query strings the way
// Stripe reads them: '+' is a space, percent escapes are UTF-8, and nesting is
// spelled with brackets (`metadata[k]=v`, `expand[]=x`, `types[0]=a`). The
// fake keeps the flat decoded pairs and answers questions about them, rather
// than building a tree, because Stripe's v1 parameters are at most one level
// deep for everything the fake serves.
class FormParams final
{
public:
    static FormParams parse(const QByteArray &encoded);

    bool contains(const QString &key) const;
    // The last value sent for an exact key (`amount`, `created[gt]`).
    QString value(const QString &key) const;
    // Values of an array parameter, in the order sent: `name[]=a&name[]=b` or
    // the indexed form `name[0]=a&name[1]=b` that stripe-node and stripe-php send.
    QStringList list(const QString &name) const;
    // Sub-keys of a hash parameter: `metadata[a]=1` gives {a: 1}. Keys nested
    // deeper than one level (`metadata[a][b]`) are reported by badNesting().
    QMap<QString, QString> hash(const QString &name) const;
    // True when `name[...]` has a second bracket level or an unclosed bracket.
    bool badNesting(const QString &name) const;
    // The parameter names without brackets, each once, in order of first use.
    QStringList baseNames() const;
    // An order-independent rendering used to decide whether a repeat of an
    // idempotent request has "the same parameters" as the first.
    QByteArray fingerprint() const;

    // The first parameter name not in `allowed`: Stripe rejects parameters it
    // does not know, and so does the fake, to catch a misspelling early.
    std::optional<QString> unknownName(std::initializer_list<QStringView> allowed) const;
    // Stripe integers: an optional minus sign and digits, no "1.0" or " 1".
    static std::optional<qint64> parseInteger(const QString &text);

    const QList<QPair<QString, QString>> &pairs() const { return m_pairs; }

private:
    static QString decodeComponent(QByteArray part);
    static QString baseName(const QString &key);

    QList<QPair<QString, QString>> m_pairs;
};
