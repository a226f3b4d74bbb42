#include "Money.h"

#include <QHash>
#include <QLocale>

namespace {

struct CurrencyInfo
{
    int digits;
    const char16_t *symbol;
};

// Stripe's supported currencies with their minor units. Zero-decimal and
// three-decimal currencies are listed in Stripe's "Zero-decimal currencies"
// documentation; everything else Stripe accepts has two digits.
const QHash<QString, CurrencyInfo> &table()
{
    static const QHash<QString, CurrencyInfo> t = [] {
        QHash<QString, CurrencyInfo> h;
        const char *twoDigit[] = {
            "aed", "afn", "all", "amd", "ang", "aoa", "ars", "aud", "awg", "azn", "bam", "bbd",
            "bdt", "bgn", "bmd", "bnd", "bob", "brl", "bsd", "bwp", "byn", "bzd", "cad", "cdf",
            "chf", "cny", "cop", "crc", "cve", "czk", "dkk", "dop", "dzd", "egp", "etb", "eur",
            "fjd", "fkp", "gbp", "gel", "gip", "gmd", "gtq", "gyd", "hkd", "hnl", "htg", "huf",
            "idr", "ils", "inr", "isk", "jmd", "kes", "kgs", "khr", "kyd", "kzt", "lak", "lbp",
            "lkr", "lrd", "lsl", "mad", "mdl", "mkd", "mmk", "mnt", "mop", "mur", "mvr", "mwk",
            "mxn", "myr", "mzn", "nad", "ngn", "nio", "nok", "npr", "nzd", "pab", "pen", "pgk",
            "php", "pkr", "pln", "qar", "ron", "rsd", "rub", "sar", "sbd", "scr", "sek", "sgd",
            "shp", "sle", "sos", "srd", "std", "szl", "thb", "tjs", "top", "try", "ttd", "twd",
            "tzs", "uah", "usd", "uyu", "uzs", "wst", "xcd", "yer", "zar", "zmw"};
        for (const char *c : twoDigit)
            h.insert(QString::fromLatin1(c), {2, nullptr});
        const char *zeroDigit[] = {"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga",
                                   "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"};
        for (const char *c : zeroDigit)
            h.insert(QString::fromLatin1(c), {0, nullptr});
        const char *threeDigit[] = {"bhd", "jod", "kwd", "omr", "tnd"};
        for (const char *c : threeDigit)
            h.insert(QString::fromLatin1(c), {3, nullptr});
        h[QStringLiteral("gbp")].symbol = u"£";
        h[QStringLiteral("eur")].symbol = u"€";
        h[QStringLiteral("usd")].symbol = u"$";
        h[QStringLiteral("jpy")].symbol = u"¥";
        h[QStringLiteral("inr")].symbol = u"₹";
        h[QStringLiteral("krw")].symbol = u"₩";
        return h;
    }();
    return t;
}

qint64 pow10(int digits)
{
    qint64 p = 1;
    for (int i = 0; i < digits; ++i)
        p *= 10;
    return p;
}

} // namespace

namespace Currency {

std::optional<int> minorDigits(const QString &code)
{
    const auto it = table().constFind(code);
    if (it == table().constEnd())
        return std::nullopt;
    return it->digits;
}

bool isKnown(const QString &code)
{
    return table().contains(code);
}

QStringList knownCodes()
{
    QStringList codes = table().keys();
    codes.sort();
    return codes;
}

QString symbol(const QString &code)
{
    const auto it = table().constFind(code);
    if (it != table().constEnd() && it->symbol)
        return QString::fromUtf16(it->symbol);
    return code.toUpper();
}

} // namespace Currency

QString Money::toDecimalString() const
{
    const int digits = Currency::minorDigits(currency).value_or(2);
    // Work on the magnitude as unsigned so that INT64_MIN formats correctly.
    const bool negative = minor < 0;
    const quint64 magnitude = negative ? quint64(0) - quint64(minor) : quint64(minor);
    const quint64 unit = quint64(pow10(digits));
    QString s = QString::number(magnitude / unit);
    if (digits > 0)
        s += u'.' + QString::number(magnitude % unit).rightJustified(digits, u'0');
    return negative ? u'-' + s : s;
}

std::optional<Money> Money::fromDecimalString(QStringView text, const QString &currency)
{
    const std::optional<int> digits = Currency::minorDigits(currency);
    if (!digits || text.isEmpty())
        return std::nullopt;
    const qsizetype dot = text.indexOf(u'.');
    const QStringView whole = dot < 0 ? text : text.left(dot);
    const QStringView fraction = dot < 0 ? QStringView() : text.mid(dot + 1);
    if (whole.isEmpty() || (dot >= 0 && fraction.isEmpty()) || fraction.size() > *digits)
        return std::nullopt;
    qint64 minor = 0;
    const auto push = [&minor](QChar c) {
        if (c < u'0' || c > u'9')
            return false;
        return !qMulOverflow(minor, qint64(10), &minor) &&
               !qAddOverflow(minor, qint64(c.unicode() - u'0'), &minor);
    };
    for (const QChar c : whole)
        if (!push(c))
            return std::nullopt;
    for (int i = 0; i < *digits; ++i)
        if (!push(i < fraction.size() ? fraction.at(i) : u'0'))
            return std::nullopt;
    return Money(minor, currency);
}

QString Money::format(const QLocale &locale) const
{
    const int digits = Currency::minorDigits(currency).value_or(2);
    const bool negative = minor < 0;
    const quint64 magnitude = negative ? quint64(0) - quint64(minor) : quint64(minor);
    const quint64 unit = quint64(pow10(digits));

    // Integer arithmetic only: the locale groups the major part, and the
    // minor part is appended after the locale's decimal separator.
    QString number = locale.toString(magnitude / unit);
    if (digits > 0)
        number +=
            locale.decimalPoint() + QString::number(magnitude % unit).rightJustified(digits, u'0');

    // Let the locale place the symbol (before or after, with or without a
    // space) by formatting a zero and substituting our number for it. The C
    // locale (LANG=C) has no convention of its own and would put it after:
    // there, the symbol leads, as most readers of these amounts expect.
    if (locale.language() == QLocale::C) {
        const QString plain = Currency::symbol(currency) + number;
        return negative ? locale.negativeSign() + plain : plain;
    }
    QString pattern = locale.toCurrencyString(qlonglong(0), Currency::symbol(currency));
    const QString zero = locale.toString(0);
    const qsizetype at = pattern.lastIndexOf(zero);
    if (at < 0)
        pattern = Currency::symbol(currency) + number;
    else
        pattern.replace(at, zero.size(), number);
    return negative ? locale.negativeSign() + pattern : pattern;
}

std::optional<Money> Money::plus(const Money &other) const
{
    qint64 result = 0;
    if (other.currency != currency || __builtin_add_overflow(minor, other.minor, &result))
        return std::nullopt;
    return Money(result, currency);
}

std::optional<Money> Money::minus(const Money &other) const
{
    qint64 result = 0;
    if (other.currency != currency || __builtin_sub_overflow(minor, other.minor, &result))
        return std::nullopt;
    return Money(result, currency);
}

std::optional<Money> Money::sum(const QString &currency, const QList<Money> &amounts)
{
    std::optional<Money> total = Money(0, currency);
    for (const Money &m : amounts) {
        total = total->plus(m);
        if (!total)
            return std::nullopt;
    }
    return total;
}
