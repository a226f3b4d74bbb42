#include "PaidHistory.h"

#include "ledger/LedgerReader.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>

namespace PaidHistory {

namespace {

// Every state of an entry that a transfer paid: paid, and paid then refunded.
const QList<EntryState> kTransferredStates{EntryState::Paid, EntryState::Reversing,
                                           EntryState::Reversed, EntryState::Clawback};

} // namespace

Result<QList<Entry>> load(LedgerReader &reader, const QString &artist, qsizetype cap,
                          bool *truncated)
{
    QList<Entry> all;
    if (truncated)
        *truncated = false;
    if (artist.isEmpty())
        return all;
    constexpr int kPage = 1000;
    for (;;) {
        const Result<QList<Entry>> page = reader.entries(
            LedgerReader::EntryFilter{artist, kTransferredStates, kPage, qint64(all.size())});
        if (!page)
            return fail(page.error());
        all.append(*page);
        if (page->size() < kPage)
            break;
        if (all.size() >= cap) {
            if (truncated)
                *truncated = true;
            break;
        }
    }
    return all;
}

QList<TransferGroup> groupByTransfer(const QList<Entry> &paid)
{
    QList<TransferGroup> groups;
    QHash<QString, qsizetype> byId;
    for (const Entry &e : paid) {
        auto it = byId.constFind(e.transferId);
        if (it == byId.cend()) {
            it = byId.insert(e.transferId, groups.size());
            groups.append(TransferGroup{e.transferId, {}, {}, {}});
        }
        TransferGroup &g = groups[*it];
        g.entries.append(e);
        g.minorByCurrency[e.amount.currency] += e.amount.minor;
        // A refund after payout updates its entry later: the transfer's
        // time is its paid entries' (or, if all were refunded, their latest).
        if (e.state == EntryState::Paid && (!g.paidAt.isValid() || e.updatedAt > g.paidAt))
            g.paidAt = e.updatedAt;
    }
    for (TransferGroup &g : groups)
        if (!g.paidAt.isValid())
            for (const Entry &e : std::as_const(g.entries))
                if (!g.paidAt.isValid() || e.updatedAt > g.paidAt)
                    g.paidAt = e.updatedAt;
    std::stable_sort(
        groups.begin(), groups.end(),
        [](const TransferGroup &a, const TransferGroup &b) { return a.paidAt > b.paidAt; });
    return groups;
}

QString sourceText(EntryKind kind)
{
    // The window's words, looked up in its translations (context
    // EntryStatus: ui/payouts/EntryStatus.cpp's sourceText, which lupdate
    // scans; core's sources are not scanned), so that the CSV, the
    // statement and the table say the same thing.
    switch (kind) {
    case EntryKind::Sale:
        return QCoreApplication::translate("EntryStatus", "Cart Sale");
    case EntryKind::Commission:
        return QCoreApplication::translate("EntryStatus", "Commission");
    case EntryKind::Clawback:
        return QCoreApplication::translate("EntryStatus", "Clawback");
    }
    return kindName(kind);
}

QDate weekOf(const QDateTime &t)
{
    const QDate d = t.toLocalTime().date();
    return d.addDays(1 - d.dayOfWeek()); // Monday
}

WeeklyTotals weekly(const QList<Entry> &paid, const QDate &lastDay, int count)
{
    WeeklyTotals out;
    const QDate last = lastDay.addDays(1 - lastDay.dayOfWeek());
    for (int i = count - 1; i >= 0; --i)
        out.weeks.append(last.addDays(-7 * i));
    for (const Entry &e : paid) {
        const qint64 index = out.weeks.first().daysTo(weekOf(e.updatedAt)) / 7;
        if (index < 0 || index >= count)
            continue;
        QList<qint64> &values = out.minorByCurrency[e.amount.currency];
        if (values.isEmpty())
            values.resize(count, 0);
        values[index] += e.amount.minor;
    }
    return out;
}

QByteArray csvField(const QString &s)
{
    QByteArray b = s.toUtf8();
    // A cell a spreadsheet would run as a formula is kept as text.
    if (!b.isEmpty() && (b.front() == '=' || b.front() == '+' || b.front() == '@'))
        b.prepend('\'');
    if (b.contains(',') || b.contains('"') || b.contains('\n') || b.contains('\r')) {
        b.replace('"', "\"\"");
        b = '"' + b + '"';
    }
    return b;
}

QByteArray csvLine(const QStringList &fields)
{
    QByteArrayList encoded;
    for (const QString &f : fields)
        encoded << csvField(f);
    return encoded.join(',') + "\r\n";
}

QByteArray toCsv(const QList<TransferGroup> &groups)
{
    QByteArray out(
        "transfer_id,paid_at,entry_id,reference,track,title,source,currency,amount,state\r\n");
    for (const TransferGroup &g : groups) {
        for (const Entry &e : g.entries) {
            const QStringList fields{g.transferId,
                                     g.paidAt.toUTC().toString(Qt::ISODate),
                                     QString::number(e.id),
                                     e.reference,
                                     e.track,
                                     e.title,
                                     sourceText(e.kind),
                                     e.amount.currency.toUpper(),
                                     e.amount.toDecimalString(),
                                     stateName(e.state)};
            out += csvLine(fields);
        }
    }
    return out;
}

} // namespace PaidHistory
