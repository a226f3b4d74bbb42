#pragma once

#include "report/PaidHistory.h"

#include <QAbstractItemModel>
#include <QLocale>

// History as a tree: each transfer (top level) with the entries it paid
// (children). Column enum and RawRole as in the other models; the view
// sorts through a QSortFilterProxyModel, which keeps children under their
// transfer. The groups are replaced as a whole (setGroups): history only
// changes when a run pays, and the view restores what was expanded.
class HistoryModel final : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { Item, Source, Date, Amount, ColumnCount };
    Q_ENUM(Column)
    enum Role { RawRole = Qt::UserRole + 1, TransferIdRole, EntryIdRole };

    explicit HistoryModel(QObject *parent = nullptr);

    void setGroups(QList<TransferGroup> groups);
    const QList<TransferGroup> &groups() const { return m_groups; }
    void setLocale(const QLocale &locale);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    // Top-level indexes carry internalId 0; a child carries its group's
    // row + 1, so parent() needs no lookup.
    static constexpr quintptr kTopLevel = 0;

    QVariant groupData(const TransferGroup &g, int column, int role) const;
    QVariant entryData(const Entry &e, int column, int role) const;

    QList<TransferGroup> m_groups;
    QLocale m_locale;
};
