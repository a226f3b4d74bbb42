#include "ArtistTotalsModel.h"

#include "common/RowMerge.h"
#include "ledger/LedgerReader.h"
#include "money/Money.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <tuple>

ArtistTotalsModel::ArtistTotalsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ArtistTotalsModel::setLocale(const QLocale &locale)
{
    if (locale == m_locale)
        return;
    m_locale = locale;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QStringList ArtistTotalsModel::artistIds() const
{
    QStringList ids;
    for (const Row &r : m_rows)
        if (ids.isEmpty() || ids.last() != r.artist)
            ids << r.artist;
    return ids;
}

bool ArtistTotalsModel::reload(LedgerReader &reader)
{
    const Result<QList<Row>> fresh = read(reader);
    if (!fresh) {
        Q_EMIT loadFailed(fresh.error().message);
        return false;
    }
    apply(*fresh);
    return true;
}

namespace {

bool keyLess(const ArtistTotalsModel::Row &a, const ArtistTotalsModel::Row &b)
{
    return std::tie(a.artist, a.currency) < std::tie(b.artist, b.currency);
}

} // namespace

Result<QList<ArtistTotalsModel::Row>> ArtistTotalsModel::read(LedgerReader &reader)
{
    const Result<QList<ArtistBalance>> balances = reader.balances();
    if (!balances)
        return fail(balances.error());
    const Result<QList<::Artist>> artists = reader.artists();
    if (!artists)
        return fail(artists.error());
    QHash<QString, QString> accounts;
    accounts.reserve(artists->size());
    for (const ::Artist &a : *artists)
        accounts.insert(a.id, a.account);

    QList<Row> fresh;
    fresh.reserve(balances->size() + 16);
    QSet<QString> withMoney;
    for (const ArtistBalance &b : *balances) {
        fresh.append(Row{b.artist, accounts.value(b.artist), b.currency, b.pendingMinor,
                         b.sendingMinor, b.heldMinor, b.paidMinor, b.reversingMinor,
                         b.reversedMinor, b.clawbackMinor});
        withMoney.insert(b.artist);
    }
    for (const ::Artist &a : *artists)
        if (!withMoney.contains(a.id))
            fresh.append(Row{a.id, a.account, {}});
    // The merge needs this exact order (a backend's collation may differ
    // from QString's for non-ASCII ids); sorting sorted input is cheap.
    std::sort(fresh.begin(), fresh.end(), keyLess);
    return fresh;
}

void ArtistTotalsModel::apply(const QList<Row> &fresh)
{
    RowMergeOps<Row> ops;
    ops.keyLess = keyLess;
    ops.sameContent = [](const Row &a, const Row &b) {
        return a.account == b.account && a.pendingMinor == b.pendingMinor &&
               a.sendingMinor == b.sendingMinor && a.heldMinor == b.heldMinor &&
               a.paidMinor == b.paidMinor && a.reversingMinor == b.reversingMinor &&
               a.reversedMinor == b.reversedMinor && a.clawbackMinor == b.clawbackMinor;
    };
    ops.beginInsert = [this](int first, int last) { beginInsertRows({}, first, last); };
    ops.endInsert = [this] { endInsertRows(); };
    ops.beginRemove = [this](int first, int last) { beginRemoveRows({}, first, last); };
    ops.endRemove = [this] { endRemoveRows(); };
    ops.changed = [this](int row) {
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    };
    mergeRows(m_rows, fresh, ops);
}

int ArtistTotalsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ArtistTotalsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ArtistTotalsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    const auto money = [&](qint64 minor) -> QVariant {
        if (role == RawRole)
            return minor;
        // Only money is written out: a column of £0.00 hides the amounts
        // that matter. A dash, read out as "none".
        if (minor == 0 || r.currency.isEmpty())
            return role == Qt::AccessibleTextRole ? tr("none") : QStringLiteral("–");
        return Money{minor, r.currency}.format(m_locale);
    };
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
    case RawRole:
        switch (index.column()) {
        case Artist:
            return r.artist;
        case Account:
            if (role == RawRole || !r.account.isEmpty())
                return r.account;
            return tr("not linked");
        case Currency:
            return role == RawRole ? r.currency : r.currency.toUpper();
        case Pending:
            return money(r.pendingMinor);
        case Processing:
            return money(r.sendingMinor);
        case OnHold:
            return money(r.heldMinor);
        case Paid:
            return money(r.paidMinor);
        case Refunded:
            // Each is a sum of entries the ledger added with checked sums,
            // and together at most what was ingested: no overflow.
            return money(r.reversingMinor + r.reversedMinor + r.clawbackMinor);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == Refunded && !r.currency.isEmpty() &&
            r.reversingMinor + r.reversedMinor + r.clawbackMinor > 0) {
            const auto fmt = [&](qint64 m) { return Money{m, r.currency}.format(m_locale); };
            return tr("Refunded after it was paid:\nbeing reversed: %1\ntaken back by a "
                      "reversal: %2\nclawed back from later payouts: %3\n(payoutdesk reversals "
                      "list names each one)")
                .arg(fmt(r.reversingMinor), fmt(r.reversedMinor), fmt(r.clawbackMinor));
        }
        break;
    case ArtistIdRole:
        return r.artist;
    case Qt::TextAlignmentRole:
        if (index.column() >= Pending)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return {};
}

QVariant ArtistTotalsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Artist:
        return tr("Artist");
    case Account:
        return tr("Payout account");
    case Currency:
        return tr("Currency");
    case Pending:
        return tr("Pending");
    case Processing:
        return tr("Processing");
    case OnHold:
        return tr("On hold");
    case Paid:
        return tr("Paid");
    case Refunded:
        return tr("Refunded after payout");
    }
    return {};
}
