#pragma once

#include "ledger/LedgerTypes.h"

#include <QAbstractTableModel>
#include <QLocale>

class LedgerReader;

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

    explicit QuarantineModel(QObject *parent = nullptr);

    // Merges the open events in place (selection survives).
    void apply(const QList<QuarantinedEvent> &open);
    // Reads the open events on the caller's thread and applies them; the
    // window reads them on AsyncLedgerReader's thread instead.
    bool reload(LedgerReader &reader);
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
    QLocale m_locale;
    QList<QuarantinedEvent> m_rows;
};
