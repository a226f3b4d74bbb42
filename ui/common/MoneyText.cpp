#include "MoneyText.h"

#include "money/Money.h"

#include <QLocale>
#include <QStringList>

QString formatTotals(const QMap<QString, qint64> &minorByCurrency, const QLocale &locale,
                     bool skipZero)
{
    QStringList parts;
    for (auto it = minorByCurrency.cbegin(); it != minorByCurrency.cend(); ++it)
        if (!skipZero || it.value() != 0)
            parts << Money{it.value(), it.key()}.format(locale);
    return parts.join(QStringLiteral("  ·  "));
}
