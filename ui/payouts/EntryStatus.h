#pragma once

#include "ledger/LedgerTypes.h"

#include <QColor>
#include <QCoreApplication>
#include <QDateTime>
#include <QIcon>

#include <utility>

class QLocale;

// How an entry's state reads to an artist. The ledger has its states (and
// kinds); the window tells more apart: a pending entry that failed before
// is "retrying", one the store's balance could not cover is "waiting for
// balance", one below the store's minimum payout is "below minimum", and a
// clawback (a negative amount owed) is its own chip. Other is a state or
// kind this build does not know yet: shown by its stored name.
enum class DisplayStatus {
    Pending,
    Processing,
    Retrying,
    WaitingForBalance,
    OnHold,
    BelowMinimum,
    Clawback,
    Reversing,
    Reversed,
    Paid,
    Void,
    Other,
};

// The colour family of a chip; the colours themselves come from
// EntryStatus::chipColors for the palette in use (light or dark).
enum class ChipTone { Neutral, Info, Progress, Warning, Danger, Success };

// One entry's status chip: colour AND icon AND words, never colour alone.
struct StatusChip
{
    DisplayStatus status = DisplayStatus::Other;
    QString label;    // the words on the chip
    QString iconPath; // an SVG under :/icons
    ChipTone tone = ChipTone::Neutral;
};

// Labels, chips, tooltips, "why not paid yet, and when" lines and icons for
// entries, shared by the models, the summary and tests. The icons are SVG
// (resources/icons), sharp at any device pixel ratio.
class EntryStatus final
{
    Q_DECLARE_TR_FUNCTIONS(EntryStatus)
public:
    // THE mapping from an entry's state, kind and reason to what the window
    // shows. A new state or kind in core is added here, in this one place;
    // until then it shows as its stored name with a neutral chip.
    static StatusChip chip(const Entry &entry);
    static DisplayStatus of(const Entry &entry) { return chip(entry).status; }
    static QString label(const Entry &entry) { return chip(entry).label; }
    // The label of a status this build knows (not Other).
    static QString label(DisplayStatus status);
    // What the status means for this entry: the error and next attempt of a
    // retry, the reason of a hold.
    static QString toolTip(const Entry &entry, const QLocale &locale);
    // Why this entry is not paid yet and when it will be, or what the
    // artist or store must do. nextRun: the engine's next payout run
    // (invalid: none is scheduled). now: a time on today's date is given
    // without its date.
    static QString whyNotPaid(const Entry &entry, const QLocale &locale, const QDateTime &nextRun,
                              const QDateTime &now = QDateTime::currentDateTime());
    static QIcon icon(DisplayStatus status);
    static QIcon icon(const StatusChip &chip);
    static QString iconPath(DisplayStatus status);
    // Background and text colour of a chip: dark text on a light tint in a
    // light palette, light text on a deep tint in a dark one; both pass
    // WCAG AA contrast (4.5:1).
    static std::pair<QColor, QColor> chipColors(ChipTone tone, bool dark);
    // Reasons are stored in English (LedgerTypes.h, Reason); known ones are
    // translated for display, others shown as written.
    static QString reasonText(const QString &reason);
    // What releases money held for `reason`, in an artist's words; empty
    // when the reason says it already or nobody has to act.
    static QString holdAdvice(const QString &reason);
    static QString sourceText(EntryKind kind);
    // The minimum named by a "below the minimum payout of £10.00" reason;
    // empty when the reason is another.
    static QString belowMinimumAmount(const QString &reason);
};
