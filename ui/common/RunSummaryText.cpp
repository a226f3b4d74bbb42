#include "RunSummaryText.h"

#include "common/MoneyText.h"

#include <QLocale>
#include <QRegularExpression>
#include <QStringList>

namespace {

// Money that the run left waiting, for whatever reason: a run that paid
// nothing with money waiting did not find "nothing due".
int entriesLeftWaiting(const PayoutRunSummary &s)
{
    return s.entriesRetrying + s.entriesHeld + s.entriesUnknown + s.entriesWaitingForBalance;
}

// The engine's notes are written in English for the log
// (PayoutWorker.cpp); the two it writes with a count are said here in the
// reader's language, and the one the counts above already say is left out.
QString noteText(const QString &note, bool *skip)
{
    *skip = false;
    static const QRegularExpression waitBalance(
        QStringLiteral("^(\\d+) transfers wait for the platform's available balance$"));
    static const QRegularExpression belowMinimum(
        QStringLiteral("^(\\d+) artists' money waits below the minimum payout$"));
    if (waitBalance.match(note).hasMatch()) {
        *skip = true; // "%n entries wait for the platform's available balance." says it
        return {};
    }
    if (const QRegularExpressionMatch m = belowMinimum.match(note); m.hasMatch())
        return RunSummaryText::tr("Money of %n artist(s) waits below the minimum payout.", nullptr,
                                  m.captured(1).toInt());
    return note;
}

} // namespace

QString RunSummaryText::title(const PayoutRunSummary &s)
{
    if (!s.ok())
        return tr("Payout run failed");
    if (s.transfersPaid > 0)
        return tr("Payout run paid %n transfer(s)", nullptr, s.transfersPaid);
    if (entriesLeftWaiting(s) > 0 || s.transfersAttempted > 0)
        return tr("Payout run finished: nothing could be paid yet");
    return tr("Payout run finished: nothing was due");
}

QString RunSummaryText::body(const PayoutRunSummary &s, const QLocale &locale)
{
    QStringList lines;
    if (!s.ok())
        lines << tr("The run stopped: %1").arg(s.fatalError);
    if (s.transfersAttempted > 0)
        lines << tr("%1 of %n transfer(s) paid, %2.", nullptr, s.transfersAttempted)
                     .arg(s.transfersPaid)
                     .arg(tr("%n entries", nullptr, s.entriesPaid));
    const QString paid = formatTotals(s.paidMinorByCurrency, locale);
    if (!paid.isEmpty())
        lines << tr("Paid: %1.").arg(paid);
    if (s.entriesRetrying > 0)
        lines << tr("%n entries will be retried after an error.", nullptr, s.entriesRetrying);
    if (s.entriesHeld > 0)
        lines << tr("%n entries are on hold (see their reasons).", nullptr, s.entriesHeld);
    if (s.entriesUnknown > 0)
        lines << tr("%n entries have an unknown outcome and are resent with the same key in the "
                    "next run.",
                    nullptr, s.entriesUnknown);
    if (s.entriesWaitingForBalance > 0)
        lines << tr("%n entries wait for the platform's available balance.", nullptr,
                    s.entriesWaitingForBalance);
    bool belowMinimum = false;
    for (const QString &note : s.notes)
        belowMinimum |= note.contains(u"below the minimum");
    if (s.transfersAttempted == 0 && s.ok() && entriesLeftWaiting(s) == 0 && !belowMinimum)
        lines << tr("Nothing was due.");
    for (const QString &note : s.notes) {
        bool skip = false;
        const QString text = noteText(note, &skip);
        if (!skip)
            lines << text;
    }
    return lines.join(u'\n');
}
