#pragma once

#include "ledger/LedgerTypes.h"

#include <QAbstractTableModel>
#include <QLocale>

class Ledger;

// Events refused by intake and kept whole in quarantine (EVENTS.md,
// "Validation"), with the rule each one broke, for the admin to fix and
// replay. Only open ones are listed; a replayed event leaves the list.
class QuarantineModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Received, Event, Type, Source, Reason, ColumnCount };
    Q_ENUM(Column)
    enum Role { RawRole = Qt::UserRole + 1, QuarantineIdRole };

    explicit QuarantineModel(Ledger &ledger, QObject *parent = nullptr);

    bool reload();
    void setLocale(const QLocale &locale);
    const QuarantinedEvent &eventAt(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void loadFailed(const QString &message);

private:
    Ledger &m_ledger;
    QLocale m_locale;
    QList<QuarantinedEvent> m_rows;
};
