#pragma once

#include <QMap>
#include <QString>

class QLocale;

// Amounts in several currencies cannot be added up; they are shown side by
// side, each through Money::format, in a stable (currency code) order.
// Empty when there is nothing to show.
QString formatTotals(const QMap<QString, qint64> &minorByCurrency, const QLocale &locale,
                     bool skipZero = true);
