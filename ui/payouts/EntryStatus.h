#pragma once

#include "ledger/LedgerTypes.h"

#include <QCoreApplication>
#include <QIcon>

class QLocale;

// How an entry's state reads to an artist. The ledger has five states; the
// window tells one more apart: a pending entry that has failed before
// (attempts > 0) is "retrying", with the error and the next attempt.
enum class DisplayStatus { Pending, Processing, Retrying, OnHold, Paid, Void };

// Labels, tooltips and icons for DisplayStatus, shared by the models and
// tests. The icons are SVG (resources/icons), sharp at any device pixel ratio.
class EntryStatus final
{
    Q_DECLARE_TR_FUNCTIONS(EntryStatus)
public:
    static DisplayStatus of(const Entry &entry);
    static QString label(DisplayStatus status);
    // What the status means for this entry: the error and next attempt of a
    // retry, the reason of a hold.
    static QString toolTip(const Entry &entry, const QLocale &locale);
    static QIcon icon(DisplayStatus status);
    static QString iconPath(DisplayStatus status);
    // Reasons are stored in English (LedgerTypes.h, Reason); known ones are
    // translated for display, others shown as written.
    static QString reasonText(const QString &reason);
    // What releases money held for `reason`, in an artist's words; empty
    // when the reason says it already or nobody has to act.
    static QString holdAdvice(const QString &reason);
    static QString sourceText(EntryKind kind);
};
