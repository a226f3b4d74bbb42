#pragma once

#include <QMap>
#include <QString>

class QLocale;

// Amounts in several currencies cannot be added up; they are shown side by
// side, each through Money::format, in a stable (currency code) order.
// Empty when there is nothing to show.
QString formatTotals(const QMap<QString, qint64> &minorByCurrency, const QLocale &locale,
                     bool skipZero = true);
// The same amounts one per line: a headline in a large font stays whole in a
// narrow window, where a single line of several currencies would be cut.
QString formatTotalsLines(const QMap<QString, qint64> &minorByCurrency, const QLocale &locale);
