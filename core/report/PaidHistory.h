#pragma once

#include "ledger/LedgerTypes.h"
#include "util/Error.h"

#include <QDate>
#include <QMap>

class LedgerReader;

// One Stripe transfer and the entries it paid.
struct TransferGroup
{
    QString transferId;
    QDateTime paidAt;                      // when the ledger recorded the payment
    QList<Entry> entries;                  // oldest sale first
    QMap<QString, qint64> minorByCurrency; // one currency in practice: a transfer is per currency
};

// Amounts paid per week, per currency, in minor units. weeks are the
// Mondays (local dates) of consecutive weeks, oldest first.
struct WeeklyTotals
{
    QList<QDate> weeks;
    QMap<QString, QList<qint64>> minorByCurrency; // one value per week
};

// The history's data, apart from any widget, for the window's History and
// the artist API alike: reading the paid entries, grouping them by
// transfer, weekly sums for the chart and the CSV export.
namespace PaidHistory {

// An artist's entries paid by a transfer (paid, or paid and then refunded:
// reversing, reversed, clawback), read in pages. Up to 100,000 rows: run it on
// AsyncLedgerReader's thread, never the GUI thread. At most cap entries are read
// (truncated says whether there were more).
Result<QList<Entry>> load(LedgerReader &reader, const QString &artist, qsizetype cap = 100'000,
                          bool *truncated = nullptr);
// Newest transfer first; entries without a transfer id form one group with
// an empty id.
QList<TransferGroup> groupByTransfer(const QList<Entry> &paid);
// An entry's source as the artist reads it: Cart Sale, Commission or
// Clawback, translated (the window, the CSV and the statement agree).
QString sourceText(EntryKind kind);
QDate weekOf(const QDateTime &t);
// The `count` weeks ending with the week of lastDay, oldest first.
WeeklyTotals weekly(const QList<Entry> &paid, const QDate &lastDay, int count);
// RFC 4180 CSV of the groups in the given order: one line per paid entry
// (its track id and title, its source in the window's words, its state
// last: paid, or what its refund did),
// amounts as plain decimals in the currency's digits (never via floating
// point), times in ISO 8601 UTC.
QByteArray toCsv(const QList<TransferGroup> &groups);
// One RFC 4180 field: quoted when it holds a comma, quote or line break; a
// cell a spreadsheet would run as a formula (=, +, @) is kept as text.
QByteArray csvField(const QString &s);
// A whole line of fields, CRLF-terminated.
QByteArray csvLine(const QStringList &fields);

} // namespace PaidHistory
