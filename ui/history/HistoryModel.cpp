#include "HistoryModel.h"

#include "common/MoneyText.h"
#include "payouts/EntryStatus.h"

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

void HistoryModel::setGroups(QList<TransferGroup> groups)
{
    beginResetModel();
    m_groups = std::move(groups);
    endResetModel();
}

void HistoryModel::setLocale(const QLocale &locale)
{
    if (locale == m_locale)
        return;
    beginResetModel();
    m_locale = locale;
    endResetModel();
}

QModelIndex HistoryModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kTopLevel);
    if (parent.internalId() != kTopLevel)
        return {}; // entries have no children
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex HistoryModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kTopLevel)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kTopLevel);
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.internalId() != kTopLevel || parent.column() != 0)
        return 0;
    return int(m_groups.at(parent.row()).entries.size());
}

int HistoryModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant HistoryModel::groupData(const TransferGroup &g, int column, int role) const
{
    if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole) {
        switch (column) {
        case Item:
            return g.transferId.isEmpty() ? tr("(no transfer id)") : g.transferId;
        case Source:
            return tr("%n entries", nullptr, int(g.entries.size()));
        case Date:
            return m_locale.toString(g.paidAt.toLocalTime(), QLocale::ShortFormat);
        case Amount:
            return formatTotals(g.minorByCurrency, m_locale, false);
        }
    } else if (role == RawRole) {
        switch (column) {
        case Item:
            return g.transferId;
        case Source:
            return qint64(g.entries.size());
        case Date:
            return g.paidAt.toMSecsSinceEpoch();
        case Amount: {
            qint64 sum = 0; // for ordering only; a transfer has one currency
            for (const qint64 v : g.minorByCurrency)
                sum += v;
            return sum;
        }
        }
    } else if (role == Qt::ToolTipRole && column == Item) {
        return tr("Stripe transfer %1, paid %2")
            .arg(g.transferId, m_locale.toString(g.paidAt.toLocalTime(), QLocale::LongFormat));
    } else if (role == TransferIdRole) {
        return g.transferId;
    } else if (role == Qt::DecorationRole && column == Item) {
        return EntryStatus::icon(DisplayStatus::Paid);
    } else if (role == Qt::TextAlignmentRole && column == Amount) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant HistoryModel::entryData(const Entry &e, int column, int role) const
{
    if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole) {
        switch (column) {
        case Item:
            return shownReference(e);
        case Source:
            return EntryStatus::sourceText(e.kind);
        case Date:
            return m_locale.toString(e.createdAt.toLocalTime(), QLocale::ShortFormat);
        case Amount:
            return e.amount.format(m_locale);
        }
    } else if (role == RawRole) {
        switch (column) {
        case Item:
            return shownReference(e);
        case Source:
            return kindName(e.kind);
        case Date:
            return e.createdAt.toMSecsSinceEpoch();
        case Amount:
            return e.amount.minor;
        }
    } else if (role == Qt::ToolTipRole && column == Item) {
        return tr("Sale %1 of %2")
            .arg(e.reference, m_locale.toString(e.createdAt.toLocalTime(), QLocale::LongFormat));
    } else if (role == EntryIdRole) {
        return e.id;
    } else if (role == TransferIdRole) {
        return e.transferId;
    } else if (role == Qt::TextAlignmentRole && column == Amount) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == kTopLevel)
        return groupData(m_groups.at(index.row()), index.column(), role);
    const TransferGroup &g = m_groups.at(qsizetype(index.internalId() - 1));
    return entryData(g.entries.at(index.row()), index.column(), role);
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    switch (section) {
    case Item:
        return tr("Transfer / reference");
    case Source:
        return tr("Source");
    case Date:
        return tr("Date");
    case Amount:
        return tr("Amount");
    }
    return {};
}
