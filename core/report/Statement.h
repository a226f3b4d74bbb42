#pragma once

#include "ledger/LedgerTypes.h"
#include "util/Error.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

class LedgerReader;
class QJsonObject;
class QLocale;

// An artist's statement for a period (README, "Statements"): per currency,
// the balance at the start, what was earned (per track), reversed or clawed
// back, and paid (per transfer), and the balance at the end.
//
// The balance is the money owed to the artist and not yet paid to them:
// everything earned, less what was reversed, less what was paid. It
// includes money on hold or in flight, and is negative while a refund after
// payout is still to be taken back (a reversal in progress, or a clawback
// not yet recovered from later payouts). For every currency
//     opening + earned - reversed - paid = closing
// holds exactly, and one period's closing is the next one's opening.
//
// When each thing happened, as the ledger knows it:
// - earned: at the sale (the entry's purchase time), for every sale and
//   commission except a duplicate voided by cleanup (never owed);
// - reversed: a sale refunded before it was paid (void) at the refund; a
//   sale refunded after it was paid (reversing, reversed, clawback) at the
//   ledger's last change of the entry; a recovery entry that was voided
//   counts as a negative reversal (the debt was dropped);
// - paid: a transfer at the time the ledger recorded it paid, for the net
//   amount it carried (recovery entries netted in; LedgerReader::
//   paidTransfers); a reversal that took a paid share back counts as a
//   negative payment ("returned") at the ledger's last change of the entry.
struct Statement
{
    struct Earned
    {
        EntryKind kind = EntryKind::Sale;
        QString track;
        QString title;
        qint64 entries = 0;
        qint64 minor = 0;
    };
    struct Reversal
    {
        QDateTime at;
        qint64 entryId = 0;
        QString track;
        QString title;
        QString reference;
        EntryState state = EntryState::Void; // void, reversing, reversed, clawback
        QString reason;
        qint64 minor = 0; // taken off the balance (negative: a recovery dropped)
    };
    struct Payment
    {
        QDateTime at;
        QString transferId;
        qint64 minor = 0;      // negative for money taken back by a reversal
        bool returned = false; // a transfer reversal, not a transfer
    };
    struct Account
    {
        QString currency;
        qint64 openingMinor = 0;
        qint64 earnedMinor = 0;
        qint64 reversedMinor = 0;
        qint64 paidMinor = 0;
        qint64 closingMinor = 0;
        QList<Earned> earned;     // by track label
        QList<Reversal> reversed; // oldest first
        QList<Payment> paid;      // oldest first
    };

    QString artist;
    QDate from;              // first day, local time
    QDate to;                // last day, inclusive
    QList<Account> accounts; // by currency code; only currencies with any money

    // The period as an artist reads it: "November 2026" for a whole month,
    // else "1 Nov 2026 – 15 Nov 2026", in the locale.
    QString periodText(const QLocale &locale) const;
};

namespace Statements {

// The calendar month "YYYY-MM" (from its first to its last day); nothing
// when the text is not one.
std::optional<std::pair<QDate, QDate>> monthRange(const QString &yyyyMm);

// Reads every entry of the artist through the reader (in pages; run it off
// the GUI thread) and computes the statement for [from, to], both local
// dates, inclusive. A reader error is returned as it is.
Result<Statement> compute(LedgerReader &reader, const QString &artist, const QDate &from,
                          const QDate &to);

// RFC 4180 CSV: a section line per part (opening, earned per track,
// reversed per entry, paid per transfer, closing) with the currency and the
// amount as a plain decimal in its digits (never via floating point),
// dates ISO 8601.
QByteArray toCsv(const Statement &s);
// The statement as the command line prints it, in the locale's money.
QString toText(const Statement &s, const QLocale &locale);
QJsonObject toJson(const Statement &s);

} // namespace Statements
