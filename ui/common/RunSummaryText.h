#pragma once

#include "engine/PayoutRun.h"

#include <QCoreApplication>

class QLocale;

// What a payout run did, in words, for the admin view and the tray
// notification. Amounts go through Money::format.
class RunSummaryText final
{
    Q_DECLARE_TR_FUNCTIONS(RunSummaryText)
public:
    static QString title(const PayoutRunSummary &summary);
    static QString body(const PayoutRunSummary &summary, const QLocale &locale);
};
