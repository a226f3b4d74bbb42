#include "MoneyText.h"

#include "money/Money.h"

#include <QLocale>
#include <QStringList>

static QStringList totalsParts(const QMap<QString, qint64> &minorByCurrency, const QLocale &locale,
                               bool skipZero)
{
    QStringList parts;
    for (auto it = minorByCurrency.cbegin(); it != minorByCurrency.cend(); ++it)
        if (!skipZero || it.value() != 0)
            parts << Money{it.value(), it.key()}.format(locale);
    return parts;
}

QString formatTotals(const QMap<QString, qint64> &minorByCurrency, const QLocale &locale,
                     bool skipZero)
{
    return totalsParts(minorByCurrency, locale, skipZero).join(QStringLiteral("  ·  "));
}

QString formatTotalsLines(const QMap<QString, qint64> &minorByCurrency, const QLocale &locale)
{
    return totalsParts(minorByCurrency, locale, true).join(u'\n');
}
