#include "QuarantineModel.h"

#include "common/RowMerge.h"
#include "ledger/LedgerReader.h"

QuarantineModel::QuarantineModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void QuarantineModel::setLocale(const QLocale &locale)
{
    if (locale == m_locale)
        return;
    m_locale = locale;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

bool QuarantineModel::reload(LedgerReader &reader)
{
    const Result<QList<QuarantinedEvent>> open = reader.quarantine();
    if (!open) {
        Q_EMIT loadFailed(open.error().message);
        return false;
    }
    apply(*open);
    return true;
}

void QuarantineModel::apply(const QList<QuarantinedEvent> &open)
{
    RowMergeOps<QuarantinedEvent> ops;
    ops.keyLess = [](const QuarantinedEvent &a, const QuarantinedEvent &b) { return a.id < b.id; };
    ops.sameContent = [](const QuarantinedEvent &a, const QuarantinedEvent &b) {
        return a.status == b.status && a.reason == b.reason;
    };
    ops.beginInsert = [this](int first, int last) { beginInsertRows({}, first, last); };
    ops.endInsert = [this] { endInsertRows(); };
    ops.beginRemove = [this](int first, int last) { beginRemoveRows({}, first, last); };
    ops.endRemove = [this] { endRemoveRows(); };
    ops.changed = [this](int row) {
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    };
    mergeRows(m_rows, open, ops);
}

int QuarantineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int QuarantineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QuarantineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QuarantinedEvent &e = m_rows.at(index.row());
    if (role == QuarantineIdRole)
        return e.id;
    // The whole text of every cell, whatever the column's width.
    if (role == Qt::ToolTipRole)
        return data(index, Qt::DisplayRole);
    if (role != Qt::DisplayRole && role != RawRole && role != Qt::AccessibleTextRole)
        return {};
    switch (index.column()) {
    case Received:
        if (role == RawRole)
            return e.receivedAt.toMSecsSinceEpoch();
        return m_locale.toString(e.receivedAt.toLocalTime(), QLocale::ShortFormat);
    case Event:
        return e.eventId.isEmpty() ? (role == RawRole ? QString() : tr("(no id)")) : e.eventId;
    case Type:
        return e.type;
    case Source:
        return e.source;
    case Reason:
        return e.reason;
    }
    return {};
}

QVariant QuarantineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Received:
        return tr("Received");
    case Event:
        return tr("Event");
    case Type:
        return tr("Type");
    case Source:
        return tr("Came by");
    case Reason:
        return tr("Why it was refused");
    }
    return {};
}
