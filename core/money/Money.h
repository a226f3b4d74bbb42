#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

class QLocale;

// ISO 4217 facts the engine needs: which codes it knows and how many minor
// digits each has. Codes are kept lower case, as Stripe sends them.
namespace Currency {
// Minor-unit exponent of a known currency (2 for gbp, 0 for jpy, 3 for kwd),
// or nullopt for a code the engine does not know.
std::optional<int> minorDigits(const QString &code);
bool isKnown(const QString &code);
// Every code the engine knows, sorted.
QStringList knownCodes();
// The symbol used when formatting ("£" for gbp); the upper-case code otherwise.
QString symbol(const QString &code);
} // namespace Currency

// An amount of money: 64-bit integer minor units plus a currency. There is no
// floating point anywhere on this type's path, formatting included.
struct Money
{
    qint64 minor = 0;
    QString currency; // lower case ISO 4217, e.g. "gbp"

    Money() = default;
    Money(qint64 m, QString c)
        : minor(m)
        , currency(std::move(c))
    {}

    // "£1,234.56" in en_GB, "1.234,56 €" in de_DE, "¥1,235" for jpy.
    QString format(const QLocale &locale) const;
    // Plain decimal with the currency's digits and no grouping: "1234.56".
    QString toDecimalString() const;
    // The inverse of toDecimalString() for amounts of zero or more: "10",
    // "10.5" and "10.50" are 1050 in gbp; nullopt for an unknown currency,
    // more decimals than the currency has, a sign, grouping, or an amount
    // beyond 64 bits. Integer arithmetic only.
    static std::optional<Money> fromDecimalString(QStringView text, const QString &currency);

    // Checked arithmetic: nullopt when the currencies differ or the result
    // would not fit in 64 bits. A sum that would overflow is refused, never
    // wrapped (ARCHITECTURE.md, conservation of money).
    std::optional<Money> plus(const Money &other) const;
    std::optional<Money> minus(const Money &other) const;
    // The checked total of `amounts`, all in `currency` (zero for none):
    // nullopt on any other currency or on overflow.
    static std::optional<Money> sum(const QString &currency, const QList<Money> &amounts);

    friend bool operator==(const Money &, const Money &) = default;
};

Q_DECLARE_METATYPE(Money)
