#include "Statement.h"

#include "ledger/LedgerReader.h"
#include "report/PaidHistory.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QTextStream>

#include <algorithm>

namespace {

// Every state of an entry that a transfer paid.
bool transferred(EntryState s)
{
    return s == EntryState::Paid || s == EntryState::Reversing || s == EntryState::Reversed ||
           s == EntryState::Clawback;
}

bool refundedAfterPayout(EntryState s)
{
    return s == EntryState::Reversing || s == EntryState::Reversed || s == EntryState::Clawback;
}

Result<QList<Entry>> allEntries(LedgerReader &reader, const QString &artist)
{
    QList<Entry> all;
    constexpr int kPage = 1000;
    LedgerReader::EntryFilter f{artist, {}, kPage, 0};
    for (;;) {
        const Result<QList<Entry>> page = reader.entries(f);
        if (!page)
            return fail(page.error());
        all.append(*page);
        if (page->size() < kPage)
            return all;
        // Keyset paging: a page stays put while later entries change.
        f.afterCreatedMs = all.last().createdAt.toMSecsSinceEpoch();
        f.afterId = all.last().id;
    }
}

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QString decimal(qint64 minor, const QString &currency)
{
    return Money{minor, currency}.toDecimalString();
}

// Folds the artist's entries into accounts per currency, keeping the
// events of [start, end) as lines and everything before start in opening.
class Builder
{
public:
    Builder(const QDateTime &start, const QDateTime &end)
        : m_start(start)
        , m_end(end)
    {}

    void earned(const Entry &e)
    {
        if (before(e.createdAt)) {
            account(e.amount.currency).openingMinor += e.amount.minor;
            return;
        }
        if (!inPeriod(e.createdAt))
            return;
        Statement::Account &a = account(e.amount.currency);
        a.earnedMinor += e.amount.minor;
        const QString key = kindName(e.kind) + u'\x1f' + e.track + u'\x1f' + e.title;
        auto it = m_earnedIndex[e.amount.currency].constFind(key);
        if (it == m_earnedIndex[e.amount.currency].cend()) {
            it = m_earnedIndex[e.amount.currency].insert(key, a.earned.size());
            a.earned.append({e.kind, e.track, e.title, 0, 0});
        }
        a.earned[*it].entries += 1;
        a.earned[*it].minor += e.amount.minor;
    }

    void reversed(const Entry &e)
    {
        if (before(e.updatedAt)) {
            account(e.amount.currency).openingMinor -= e.amount.minor;
            return;
        }
        if (!inPeriod(e.updatedAt))
            return;
        Statement::Account &a = account(e.amount.currency);
        a.reversedMinor += e.amount.minor;
        a.reversed.append(
            {e.updatedAt, e.id, e.track, e.title, e.reference, e.state, e.reason, e.amount.minor});
    }

    void paid(const QDateTime &at, const QString &transferId, const QString &currency, qint64 minor,
              bool returned)
    {
        if (before(at)) {
            account(currency).openingMinor -= minor;
            return;
        }
        if (!inPeriod(at))
            return;
        Statement::Account &a = account(currency);
        a.paidMinor += minor;
        a.paid.append({at, transferId, minor, returned});
    }

    QList<Statement::Account> finish()
    {
        QList<Statement::Account> out;
        for (Statement::Account &a : m_accounts) {
            a.closingMinor = a.openingMinor + a.earnedMinor - a.reversedMinor - a.paidMinor;
            std::stable_sort(a.earned.begin(), a.earned.end(),
                             [](const Statement::Earned &x, const Statement::Earned &y) {
                                 return trackLabel(x.title, x.track)
                                            .localeAwareCompare(trackLabel(y.title, y.track)) < 0;
                             });
            const auto byTime = [](const auto &x, const auto &y) { return x.at < y.at; };
            std::stable_sort(a.reversed.begin(), a.reversed.end(), byTime);
            std::stable_sort(a.paid.begin(), a.paid.end(), byTime);
            out.append(std::move(a));
        }
        return out;
    }

private:
    bool before(const QDateTime &t) const { return t < m_start; }
    bool inPeriod(const QDateTime &t) const { return t >= m_start && t < m_end; }
    Statement::Account &account(const QString &currency)
    {
        Statement::Account &a = m_accounts[currency];
        a.currency = currency;
        return a;
    }

    QDateTime m_start;
    QDateTime m_end;
    QMap<QString, Statement::Account> m_accounts; // by currency code
    QHash<QString, QHash<QString, qsizetype>> m_earnedIndex;
};

QString reversalWords(const Statement::Reversal &r)
{
    switch (r.state) {
    case EntryState::Reversing:
        return QStringLiteral("refunded after payout, being taken back");
    case EntryState::Reversed:
        return QStringLiteral("refunded after payout, taken back");
    case EntryState::Clawback:
        return QStringLiteral("refunded after payout, recovered from later payouts");
    default:
        // Void: refunded before it was paid, or cancelled for a reason.
        return r.reason.isEmpty() || r.reason == Reason::Refunded
                   ? QStringLiteral("refunded before payout")
                   : QString(QStringLiteral("cancelled: ") + r.reason);
    }
}

} // namespace

QString Statement::periodText(const QLocale &locale) const
{
    if (from.day() == 1 && to == from.addMonths(1).addDays(-1))
        return locale.toString(from, QStringLiteral("MMMM yyyy"));
    return QStringLiteral("%1 – %2").arg(locale.toString(from, QLocale::ShortFormat),
                                         locale.toString(to, QLocale::ShortFormat));
}

namespace Statements {

std::optional<std::pair<QDate, QDate>> monthRange(const QString &yyyyMm)
{
    static const QRegularExpression re(QStringLiteral("^(\\d{4})-(\\d{2})$"));
    const QRegularExpressionMatch m = re.match(yyyyMm);
    if (!m.hasMatch())
        return std::nullopt;
    const QDate first(m.captured(1).toInt(), m.captured(2).toInt(), 1);
    if (!first.isValid())
        return std::nullopt;
    return std::pair{first, first.addMonths(1).addDays(-1)};
}

Result<Statement> compute(LedgerReader &reader, const QString &artist, const QDate &from,
                          const QDate &to)
{
    Statement s;
    s.artist = artist;
    s.from = from;
    s.to = to;
    const Result<QList<Entry>> entries = allEntries(reader, artist);
    if (!entries)
        return fail(entries.error());
    Builder b(QDateTime(from, QTime(0, 0)), QDateTime(to.addDays(1), QTime(0, 0)));
    QList<Entry> transfers;
    for (const Entry &e : *entries) {
        if (transferred(e.state))
            transfers.append(e);
        if (e.kind == EntryKind::Clawback) {
            // Its debt was counted when the paid sale was refunded; it only
            // moves the balance when netted into a transfer, or dropped.
            if (e.state == EntryState::Void)
                b.reversed(e);
            continue;
        }
        if (e.state == EntryState::Void && e.reason == Reason::Duplicate)
            continue; // never owed
        b.earned(e);
        if (e.state == EntryState::Void || refundedAfterPayout(e.state))
            b.reversed(e);
        if (e.state == EntryState::Reversed)
            b.paid(e.updatedAt, e.transferId, e.amount.currency, -e.amount.minor, true);
    }
    // Each transfer as the ledger recorded it paid: its time and net amount.
    const Result<QList<PaidTransfer>> paid = reader.paidTransfers(artist);
    if (!paid)
        return fail(paid.error());
    QSet<QString> recorded;
    for (const PaidTransfer &t : *paid) {
        recorded.insert(t.transferId);
        b.paid(t.paidAt, t.transferId, t.amount.currency, t.amount.minor, false);
    }
    // Entries paid with no transfer row (a ledger from before transfers
    // were recorded): dated by their own entries, as the history does.
    transfers.removeIf([&](const Entry &e) { return recorded.contains(e.transferId); });
    for (const TransferGroup &g : PaidHistory::groupByTransfer(transfers))
        for (auto it = g.minorByCurrency.cbegin(); it != g.minorByCurrency.cend(); ++it)
            b.paid(g.paidAt, g.transferId, it.key(), it.value(), false);
    s.accounts = b.finish();
    return s;
}

QByteArray toCsv(const Statement &s)
{
    using PaidHistory::csvLine;
    QByteArray out =
        csvLine({QStringLiteral("section"), QStringLiteral("date"), QStringLiteral("currency"),
                 QStringLiteral("amount"), QStringLiteral("track"), QStringLiteral("title"),
                 QStringLiteral("source"), QStringLiteral("entries"), QStringLiteral("reference"),
                 QStringLiteral("transfer_id"), QStringLiteral("detail")});
    const QString first = s.from.toString(Qt::ISODate);
    const QString last = s.to.toString(Qt::ISODate);
    for (const Statement::Account &a : s.accounts) {
        const QString cur = a.currency.toUpper();
        out += csvLine({QStringLiteral("opening"),
                        first,
                        cur,
                        decimal(a.openingMinor, a.currency),
                        {},
                        {},
                        {},
                        {},
                        {},
                        {},
                        {}});
        for (const Statement::Earned &e : a.earned)
            out += csvLine({QStringLiteral("earned"),
                            {},
                            cur,
                            decimal(e.minor, a.currency),
                            e.track,
                            e.title,
                            PaidHistory::sourceText(e.kind),
                            QString::number(e.entries),
                            {},
                            {},
                            {}});
        for (const Statement::Reversal &r : a.reversed)
            out += csvLine({QStringLiteral("reversed"),
                            iso(r.at),
                            cur,
                            decimal(r.minor, a.currency),
                            r.track,
                            r.title,
                            {},
                            {},
                            r.reference,
                            {},
                            reversalWords(r)});
        for (const Statement::Payment &p : a.paid)
            out += csvLine({p.returned ? QStringLiteral("returned") : QStringLiteral("paid"),
                            iso(p.at),
                            cur,
                            decimal(p.minor, a.currency),
                            {},
                            {},
                            {},
                            {},
                            {},
                            p.transferId,
                            {}});
        out += csvLine({QStringLiteral("closing"),
                        last,
                        cur,
                        decimal(a.closingMinor, a.currency),
                        {},
                        {},
                        {},
                        {},
                        {},
                        {},
                        {}});
    }
    return out;
}

QString toText(const Statement &s, const QLocale &locale)
{
    QString text;
    QTextStream ts(&text);
    const auto money = [&](qint64 minor, const QString &c) {
        return Money{minor, c}.format(locale);
    };
    ts << "Statement for " << s.artist << ", " << s.periodText(locale) << " ("
       << s.from.toString(Qt::ISODate) << " to " << s.to.toString(Qt::ISODate) << ")\n";
    if (s.accounts.isEmpty())
        ts << "No money was earned, reversed or paid up to the end of this period.\n";
    for (const Statement::Account &a : s.accounts) {
        ts << "\n" << a.currency.toUpper() << "\n";
        ts << "  Opening balance   " << money(a.openingMinor, a.currency) << "\n";
        ts << "  Earned            " << money(a.earnedMinor, a.currency) << "\n";
        for (const Statement::Earned &e : a.earned) {
            const QString label = trackLabel(e.title, e.track);
            ts << "    " << (label.isEmpty() ? PaidHistory::sourceText(e.kind) : label) << "  "
               << e.entries << (e.entries == 1 ? " sale" : " sales") << "  "
               << money(e.minor, a.currency) << "\n";
        }
        ts << "  Reversed          " << money(a.reversedMinor, a.currency) << "\n";
        for (const Statement::Reversal &r : a.reversed) {
            const QString label = trackLabel(r.title, r.track);
            ts << "    " << locale.toString(r.at.toLocalTime().date(), QLocale::ShortFormat) << "  "
               << (label.isEmpty() ? r.reference : label) << "  " << reversalWords(r) << "  "
               << money(r.minor, a.currency) << "\n";
        }
        ts << "  Paid              " << money(a.paidMinor, a.currency) << "\n";
        for (const Statement::Payment &p : a.paid)
            ts << "    " << locale.toString(p.at.toLocalTime().date(), QLocale::ShortFormat) << "  "
               << (p.returned ? "returned from " : "") << p.transferId << "  "
               << money(p.minor, a.currency) << "\n";
        ts << "  Closing balance   " << money(a.closingMinor, a.currency) << "\n";
    }
    return text;
}

QJsonObject toJson(const Statement &s)
{
    QJsonArray accounts;
    for (const Statement::Account &a : s.accounts) {
        QJsonArray earned, reversed, paid;
        for (const Statement::Earned &e : a.earned)
            earned.append(QJsonObject{{QStringLiteral("source"), kindName(e.kind)},
                                      {QStringLiteral("track"), e.track},
                                      {QStringLiteral("track_title"), e.title},
                                      {QStringLiteral("entries"), e.entries},
                                      {QStringLiteral("amount_minor"), e.minor}});
        for (const Statement::Reversal &r : a.reversed)
            reversed.append(QJsonObject{{QStringLiteral("at"), iso(r.at)},
                                        {QStringLiteral("entry_id"), r.entryId},
                                        {QStringLiteral("track"), r.track},
                                        {QStringLiteral("track_title"), r.title},
                                        {QStringLiteral("reference"), r.reference},
                                        {QStringLiteral("state"), stateName(r.state)},
                                        {QStringLiteral("reason"), r.reason},
                                        {QStringLiteral("amount_minor"), r.minor}});
        for (const Statement::Payment &p : a.paid)
            paid.append(QJsonObject{{QStringLiteral("at"), iso(p.at)},
                                    {QStringLiteral("transfer_id"), p.transferId},
                                    {QStringLiteral("returned"), p.returned},
                                    {QStringLiteral("amount_minor"), p.minor}});
        accounts.append(QJsonObject{{QStringLiteral("currency"), a.currency},
                                    {QStringLiteral("opening_minor"), a.openingMinor},
                                    {QStringLiteral("earned_minor"), a.earnedMinor},
                                    {QStringLiteral("reversed_minor"), a.reversedMinor},
                                    {QStringLiteral("paid_minor"), a.paidMinor},
                                    {QStringLiteral("closing_minor"), a.closingMinor},
                                    {QStringLiteral("earned"), earned},
                                    {QStringLiteral("reversed"), reversed},
                                    {QStringLiteral("paid"), paid}});
    }
    return {{QStringLiteral("artist"), s.artist},
            {QStringLiteral("from"), s.from.toString(Qt::ISODate)},
            {QStringLiteral("to"), s.to.toString(Qt::ISODate)},
            {QStringLiteral("accounts"), accounts}};
}

} // namespace Statements
